//! The text catalogue (docs/design.md, "Texts and languages"): every operator-facing
//! text lives in `model/src/text/`, one folder per language. These tests fail when a
//! source file outside the catalogue holds CJK text that is not a listed input, when a
//! language has an empty text, or when a message loses one of its values.

use std::collections::HashSet;
use std::mem::discriminant;
use std::path::{Path, PathBuf};
use std::time::Duration;

use carddesk_model::error::{Balance, CountCardRefusal, CouponRefusal, OfflineLimit};
use carddesk_model::text::{CliMsg, CliTx, FileMsg, HubMsg, Msg, QuoteLabel, ReportTx, Tx, Why};
use carddesk_model::wire::ReplicationError;
use carddesk_model::{EntryKind, Lang, OpError};
use rust_decimal_macros::dec;

/// Source files whose CJK text is input, not output: what carddesk reads or makes up as
/// data, never a text it says. Each with its reason.
const INPUTS: &[(&str, &str)] = &[
    (
        "data/src/demo.rs",
        "family and given names the demo book's members are made of",
    ),
    (
        "data/src/bench.rs",
        "member names the benchmark book is filled with",
    ),
    (
        "src/hub/bench.rs",
        "member names and a tier of the hub benchmark's entries",
    ),
    (
        "src/main.rs",
        "member names of the stress-test book (`carddesk stress`)",
    ),
    (
        "data/src/import.rs",
        "the Chinese column headers an import file may use (ALIASES)",
    ),
    (
        "data/src/import/parse.rs",
        "the Chinese gender words an import file may use",
    ),
    (
        "model/src/rules/example.rs",
        "the example rules' tier, outlet, coupon and gift names: data the operator configures",
    ),
    (
        "screens/src/testing.rs",
        "the screen tests' fixture members and rules",
    ),
    (
        "src/cli.rs",
        "the program's Chinese name beside its English one in clap's `about` (one static string)",
    ),
];

/// The source folders of every crate.
const SOURCES: &[&str] = &[
    "src",
    "model/src",
    "screens/src",
    "data/src",
    "hub/src",
    "devices/src",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}' // CJK punctuation (、。「」)
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{FF00}'..='\u{FFEF}' // full-width forms (，：（）)
    )
}

/// The lines of `text` with CJK in code: comments and the `#[cfg(test)]` part are
/// developers' text, not the operator's.
fn cjk_lines(text: &str) -> Vec<(usize, String)> {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    code.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .filter(|(_, l)| l.chars().any(is_cjk))
        .map(|(i, l)| (i + 1, l.trim().to_string()))
        .collect()
}

#[test]
fn no_source_outside_the_catalogue_holds_a_text_in_a_language() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in SOURCES {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 100, "found only {} source files", files.len());
    let mut found = Vec::new();
    let mut inputs_seen = HashSet::new();
    for f in &files {
        let rel = f
            .strip_prefix(root)
            .unwrap_or(f)
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("model/src/text/") || rel.ends_with("/tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap_or_default();
        let lines = cjk_lines(&text);
        if lines.is_empty() {
            continue;
        }
        if INPUTS.iter().any(|(p, _)| *p == rel) {
            inputs_seen.insert(rel.clone());
            continue;
        }
        for (n, l) in lines {
            found.push(format!("{rel}:{n}: {l}"));
        }
    }
    assert!(
        found.is_empty(),
        "texts outside model/src/text/ (move them into the catalogue, or list an input in INPUTS with its reason):\n{}",
        found.join("\n")
    );
    for (p, _) in INPUTS {
        assert!(
            inputs_seen.contains(*p),
            "{p} is listed as an input but holds no CJK text: take it off INPUTS"
        );
    }
}

#[test]
fn the_check_sees_text_in_code_and_not_in_comments() {
    assert_eq!(cjk_lines("let s = \"会员\";").len(), 1);
    assert_eq!(
        cjk_lines("let s = \"a\"; // 会员").len(),
        1,
        "a trailing comment counts: keep it English"
    );
    assert!(cjk_lines("/// 会员号\nfn f() {}").is_empty());
    assert!(cjk_lines("fn f() {}\n#[cfg(test)]\nmod t { const S: &str = \"会员\"; }").is_empty());
}

#[test]
fn every_fixed_text_is_there_in_every_language() {
    for &lang in Lang::ALL {
        for t in Tx::ALL {
            assert!(
                !t.get(lang).trim().is_empty() || matches!(t, Tx::ListSep),
                "{lang:?} {t:?} is empty"
            );
        }
        for t in ReportTx::ALL {
            assert!(!t.get(lang).trim().is_empty(), "{lang:?} {t:?} is empty");
        }
        for t in CliTx::ALL {
            assert!(!t.get(lang).trim().is_empty(), "{lang:?} {t:?} is empty");
        }
        for l in QuoteLabel::ALL {
            assert!(!l.get(lang).trim().is_empty(), "{lang:?} {l:?} is empty");
        }
        for k in EntryKind::ALL {
            let name = k.label(lang);
            assert!(!name.trim().is_empty(), "{lang:?} {k} has no name");
            if lang == Lang::Zh {
                assert_ne!(name, k.as_str(), "{k} has no Chinese name");
            }
        }
    }
    // The Chinese texts are Chinese: a key whose zh-CN text is its English one was missed.
    let same: Vec<_> = Tx::ALL
        .iter()
        .filter(|t| {
            t.get(Lang::Zh) == t.get(Lang::En)
                && t.get(Lang::En).chars().any(|c| c.is_ascii_alphabetic())
        })
        .collect();
    assert!(same.is_empty(), "not translated: {same:?}");
}

/// Checks one message in every language: not empty, and showing each of its values.
fn check(what: &str, shown: impl Fn(Lang) -> String, values: &[&str]) {
    for &lang in Lang::ALL {
        let s = shown(lang);
        assert!(!s.trim().is_empty(), "{what} is empty in {lang:?}");
        for v in values {
            assert!(
                s.contains(v),
                "{what} in {lang:?} lost its value {v:?}: {s}"
            );
        }
    }
}

#[test]
fn every_message_keeps_its_values_in_every_language() {
    let samples = msg_samples();
    samples.iter().for_each(|(m, _)| msg_listed(m));
    assert_eq!(
        samples
            .iter()
            .map(|(m, _)| discriminant(m))
            .collect::<HashSet<_>>()
            .len(),
        samples.len()
    );
    for (m, values) in &samples {
        check(&format!("{m:?}"), |l| m.get(l), values);
    }
    let samples = climsg_samples();
    samples.iter().for_each(|(m, _)| climsg_listed(m));
    assert_eq!(
        samples
            .iter()
            .map(|(m, _)| discriminant(m))
            .collect::<HashSet<_>>()
            .len(),
        samples.len()
    );
    for (m, values) in &samples {
        check(&format!("{m:?}"), |l| m.get(l), values);
    }
    let samples = hubmsg_samples();
    samples.iter().for_each(|(m, _)| hubmsg_listed(m));
    assert_eq!(
        samples
            .iter()
            .map(|(m, _)| discriminant(m))
            .collect::<HashSet<_>>()
            .len(),
        samples.len()
    );
    for (m, values) in &samples {
        check(&format!("{m:?}"), |l| m.get(l), values);
    }
    let samples = filemsg_samples();
    samples.iter().for_each(|(m, _)| filemsg_listed(m));
    assert_eq!(
        samples
            .iter()
            .map(|(m, _)| discriminant(m))
            .collect::<HashSet<_>>()
            .len(),
        samples.len()
    );
    for (m, values) in &samples {
        check(&format!("{m:?}"), |l| m.get(l), values);
    }
    let samples = why_samples();
    samples.iter().for_each(|(m, _)| why_listed(m));
    assert_eq!(
        samples
            .iter()
            .map(|(m, _)| discriminant(m))
            .collect::<HashSet<_>>()
            .len(),
        samples.len()
    );
    for (w, values) in &samples {
        check(&format!("{w:?}"), |l| w.get(l), values);
        // As a refusal, the field is named in words, never by its JSON name.
        let e = OpError::invalid("bill_ref", w.clone());
        check(&format!("{e:?}"), |l| e.message(l), values);
        assert!(
            !e.message(Lang::En).contains("bill_ref"),
            "{}",
            e.message(Lang::En)
        );
    }
}

/// Every refusal, in every language: not empty, showing its values.
#[test]
fn every_refusal_keeps_its_values_in_every_language() {
    let d = || chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
    let samples: Vec<(OpError, Vec<&str>)> = vec![
        (OpError::UnknownMember("M71".into()), vec!["M71"]),
        (OpError::NotFound("Q72".into()), vec!["Q72"]),
        (
            OpError::CredentialLost {
                kind: "card".into(),
                value: "V73".into(),
                member_no: "M73".into(),
            },
            vec!["M73"],
        ),
        (
            OpError::CredentialTaken {
                kind: "card".into(),
                value: "V74".into(),
                member_no: "M74".into(),
            },
            vec!["M74"],
        ),
        (
            OpError::UnknownCredential {
                kind: "code".into(),
                value: "V75".into(),
            },
            vec!["V75"],
        ),
        (OpError::MemberFrozen("M76".into()), vec!["M76"]),
        (OpError::AlreadyInState("M77".into(), "frozen"), vec!["M77"]),
        (OpError::invalid("pin", Why::PinLength), vec![]),
        (OpError::OpIdReused("O78".into()), vec!["O78"]),
        (OpError::Storage("disk".into()), vec![]),
        (OpError::UnknownOperator("P79".into()), vec!["P79"]),
        (
            OpError::WrongPin {
                subject: "operator:P80".into(),
                attempts_left: 3,
            },
            vec!["P80", "3"],
        ),
        (
            OpError::LockedOut {
                subject: "member:M81".into(),
                minutes: 81,
            },
            vec!["M81", "81"],
        ),
        (OpError::NeedsRole("supervisor"), vec![]),
        (OpError::PinRequired(dec!(82.50)), vec!["82.50"]),
        (
            OpError::InsufficientBalance {
                what: Balance::Principal,
                needed: dec!(83.10),
                available: dec!(8.30),
            },
            vec!["83.10", "8.30"],
        ),
        (
            OpError::CouponRefused {
                code: "C84".into(),
                reason: CouponRefusal::MinimumSpend(dec!(84.00)),
            },
            vec!["C84", "84.00"],
        ),
        (
            OpError::CouponRefused {
                code: "C85".into(),
                reason: CouponRefusal::Expired(d()),
            },
            vec!["C85", "2026-11-23"],
        ),
        (
            OpError::CountCardRefused {
                card: "K86".into(),
                reason: CountCardRefusal::NotEnoughUses(86),
            },
            vec!["K86", "86"],
        ),
        (OpError::AlreadyReversed("E87".into()), vec!["E87"]),
        (
            OpError::NotReversible("E88".into(), "no member"),
            vec!["E88"],
        ),
        (
            OpError::UnknownRule {
                what: "gift",
                id: "G89".into(),
            },
            vec!["G89"],
        ),
        (
            OpError::HubRefused {
                message: "拒绝90".into(),
                message_en: "refused90".into(),
            },
            vec!["90"],
        ),
        (
            OpError::OfflineLimit {
                what: OfflineLimit::MemberPoints,
                limit: dec!(91),
                used: dec!(9.1),
                asked: dec!(0.91),
            },
            vec!["91", "9.1", "0.91"],
        ),
        (
            OpError::OfflineBlocked {
                member_no: "M92".into(),
                debt: dec!(9.20),
                open_conflicts: 92,
            },
            vec!["M92", "9.20", "92"],
        ),
        (OpError::NeedsHub, vec![]),
        (
            OpError::DuplicateFolio {
                folio_ref: "F93".into(),
                entry_id: "E93".into(),
            },
            vec!["F93", "E93"],
        ),
        (OpError::UnknownConflict("X94".into()), vec!["X94"]),
        (OpError::ConflictSettled("X95".into()), vec!["X95"]),
    ];
    let kinds: HashSet<_> = samples.iter().map(|(e, _)| discriminant(e)).collect();
    assert_eq!(kinds.len(), 28, "a refusal kind without a sample here");
    for (e, values) in &samples {
        check(&e.code().to_string(), |l| e.message(l), values);
    }
    let r = ReplicationError::Gap {
        terminal: "T96".into(),
        expected: 96,
        found: 97,
    };
    check("gap", |l| r.message(l), &["T96", "96", "97"]);
}

/// Issue 16: a phone already registered is refused as a phone, not as "this card"; no
/// refusal shows a raw credential kind.
#[test]
fn a_registered_phone_is_refused_as_a_phone_and_kinds_are_words() {
    let taken = |kind: &str| OpError::CredentialTaken {
        kind: kind.into(),
        value: "13800138000".into(),
        member_no: "10000001".into(),
    };
    let zh = taken("phone").message(Lang::Zh);
    assert!(
        zh.contains("手机号 13800138000") && !zh.contains('卡'),
        "{zh}"
    );
    let en = taken("phone").message(Lang::En);
    assert!(en.contains("phone number 13800138000"), "{en}");
    assert!(!en.contains("card"), "{en}");
    assert_eq!(
        taken("card").message(Lang::En),
        "This card is already bound to member 10000001"
    );
    for kind in ["code", "id_doc", "phone"] {
        let unknown = OpError::UnknownCredential {
            kind: kind.into(),
            value: "X1".into(),
        };
        let lost = OpError::CredentialLost {
            kind: kind.into(),
            value: "X1".into(),
            member_no: "10000001".into(),
        };
        for &lang in Lang::ALL {
            for m in [
                unknown.message(lang),
                lost.message(lang),
                taken(kind).message(lang),
            ] {
                assert!(!m.contains(&format!("{kind}:")), "{m}");
                assert!(!m.contains("id_doc"), "{m}");
            }
        }
    }
}

/// Money is shown exact, two places, in every language; never through a float.
#[test]
fn money_is_exact() {
    assert_eq!(carddesk_model::text::money(dec!(0.1) + dec!(0.2)), "0.30");
    assert_eq!(
        carddesk_model::text::money(dec!(12345678901234.005)),
        "12345678901234.00"
    );
    let m = HubMsg::MemberOwes { debt: dec!(0.30) };
    check("debt", |l| m.get(l), &["0.30"]);
}

/// Every Msg, each with distinct values, and the values every language must show.
fn msg_samples() -> Vec<(Msg<'static>, Vec<&'static str>)> {
    vec![
        (Msg::OpenConflicts(7101), vec!["7101"]),
        (Msg::ConflictsTitle(7102), vec!["7102"]),
        (Msg::FoundMany(7103), vec!["7103"]),
        (Msg::Scanned("S104"), vec!["S104"]),
        (Msg::UnknownCard("S105"), vec!["S105"]),
        (
            Msg::OtherMemberAsk {
                other: "S106",
                kept: "S107",
            },
            vec!["S106", "S107"],
        ),
        (Msg::MemberFrozen("S108"), vec!["S108"]),
        (Msg::CardFilledIn("S109"), vec!["S109"]),
        (
            Msg::BindCardAsk {
                uid: "S110",
                member: "S111",
            },
            vec!["S110", "S111"],
        ),
        (Msg::Welcome("S112"), vec!["S112"]),
        (Msg::CouponAttached("S113"), vec!["S113"]),
        (
            Msg::MemberAttached {
                no: "S114",
                name: "S115",
            },
            vec!["S114", "S115"],
        ),
        (Msg::Printed("S116"), vec!["S116"]),
        (Msg::ApprovedBy("S117"), vec!["S117"]),
        (Msg::PrintFailed("S118"), vec!["S118"]),
        (Msg::VerifyUnlisted(7119), vec!["7119"]),
        (Msg::Age(Duration::from_secs(65)), vec![]),
        (
            Msg::SyncState {
                online: true,
                last_ok: Some(Duration::from_secs(65)),
                short: true,
                ascii: true,
            },
            vec![],
        ),
        (
            Msg::ZoneDiffers {
                pc: 7125,
                rules: 7126,
            },
            vec![],
        ),
        (Msg::SeveralMembers(7127), vec!["7127"]),
        (Msg::MoreLines(7128), vec!["7128"]),
        (Msg::Discount(dec!(129.25)), vec![]),
    ]
}

/// Fails to compile when Msg gains a variant: add its sample above.
fn msg_listed(m: &Msg) {
    match m {
        Msg::OpenConflicts(..) => {}
        Msg::ConflictsTitle(..) => {}
        Msg::FoundMany(..) => {}
        Msg::Scanned(..) => {}
        Msg::UnknownCard(..) => {}
        Msg::OtherMemberAsk { .. } => {}
        Msg::MemberFrozen(..) => {}
        Msg::CardFilledIn(..) => {}
        Msg::BindCardAsk { .. } => {}
        Msg::Welcome(..) => {}
        Msg::CouponAttached(..) => {}
        Msg::MemberAttached { .. } => {}
        Msg::Printed(..) => {}
        Msg::ApprovedBy(..) => {}
        Msg::PrintFailed(..) => {}
        Msg::VerifyUnlisted(..) => {}
        Msg::Age(..) => {}
        Msg::SyncState { .. } => {}
        Msg::ZoneDiffers { .. } => {}
        Msg::SeveralMembers(..) => {}
        Msg::MoreLines(..) => {}
        Msg::Discount(..) => {}
    }
}

/// Every CliMsg, each with distinct values, and the values every language must show.
fn climsg_samples() -> Vec<(CliMsg, Vec<&'static str>)> {
    vec![
        (
            CliMsg::BackupWritten {
                dest: "S130".to_string(),
                bytes: 7131,
                took: Duration::from_secs(65),
            },
            vec!["S130", "7131"],
        ),
        (
            CliMsg::Restored {
                from: "S133".to_string(),
                entries: 7134,
                members: 7135,
            },
            vec!["S133", "7134", "7135"],
        ),
        (
            CliMsg::ImportDryRun {
                rows: 7136,
                took: Duration::from_secs(65),
            },
            vec!["7136"],
        ),
        (
            CliMsg::Imported {
                members: 7138,
                openings: 7139,
                took: Duration::from_secs(65),
            },
            vec!["7138", "7139"],
        ),
        (
            CliMsg::ImportProblem {
                line: 7141,
                column: "S142".to_string(),
                reason: "S143".to_string(),
            },
            vec!["7141", "S142", "S143"],
        ),
        (CliMsg::ImportBadRows(7144), vec!["7144"]),
        (
            CliMsg::DemoExists {
                path: "S145".to_string(),
            },
            vec!["S145"],
        ),
        (
            CliMsg::SecretIsBook {
                path: "S146".to_string(),
            },
            vec!["S146"],
        ),
        (
            CliMsg::TokenRevoked {
                terminal: "S147".to_string(),
            },
            vec!["S147"],
        ),
        (
            CliMsg::EnrollCode {
                terminal: "S148".to_string(),
                hours: 7149,
            },
            vec!["S148", "7149"],
        ),
        (
            CliMsg::NotEnrolled {
                terminal: "S150".to_string(),
            },
            vec!["S150"],
        ),
        (
            CliMsg::Enrolled {
                terminal: "S151".to_string(),
                path: "S152".to_string(),
            },
            vec!["S151", "S152"],
        ),
        (
            CliMsg::TokenReplaced {
                terminal: "S153".to_string(),
            },
            vec!["S153"],
        ),
        (CliMsg::SyncNotConfigured, vec![]),
        (
            CliMsg::SyncUnreachable {
                url: "S154".to_string(),
                detail: "S155".to_string(),
            },
            vec!["S154", "S155"],
        ),
        (
            CliMsg::SyncRefused {
                status: 7156,
                code: "S157".to_string(),
                message: "S158".to_string(),
                message_en: "S159".to_string(),
            },
            vec![],
        ),
        (CliMsg::SyncProtocol("S160".to_string()), vec!["S160"]),
        (
            CliMsg::BookBehindHub {
                hub: 7161,
                book: 7162,
            },
            vec!["7161", "7162"],
        ),
        (
            CliMsg::Diverged {
                entry_id: "S163".to_string(),
            },
            vec!["S163"],
        ),
        (CliMsg::BookRefusedPull("S164".to_string()), vec!["S164"]),
        (CliMsg::PlainHttp, vec![]),
        (
            CliMsg::NotHttps {
                url: "S165".to_string(),
            },
            vec!["S165"],
        ),
        (CliMsg::BadEnrollCode, vec![]),
        (CliMsg::NoFingerprint, vec![]),
        (
            CliMsg::TokenFile {
                detail: "S166".to_string(),
            },
            vec!["S166"],
        ),
        (
            CliMsg::TlsSetup {
                detail: "S167".to_string(),
            },
            vec!["S167"],
        ),
    ]
}

/// Fails to compile when CliMsg gains a variant: add its sample above.
fn climsg_listed(m: &CliMsg) {
    match m {
        CliMsg::BackupWritten { .. } => {}
        CliMsg::Restored { .. } => {}
        CliMsg::ImportDryRun { .. } => {}
        CliMsg::Imported { .. } => {}
        CliMsg::ImportProblem { .. } => {}
        CliMsg::ImportBadRows(..) => {}
        CliMsg::DemoExists { .. } => {}
        CliMsg::SecretIsBook { .. } => {}
        CliMsg::TokenRevoked { .. } => {}
        CliMsg::EnrollCode { .. } => {}
        CliMsg::NotEnrolled { .. } => {}
        CliMsg::Enrolled { .. } => {}
        CliMsg::TokenReplaced { .. } => {}
        CliMsg::SyncNotConfigured => {}
        CliMsg::SyncUnreachable { .. } => {}
        CliMsg::SyncRefused { .. } => {}
        CliMsg::SyncProtocol(..) => {}
        CliMsg::BookBehindHub { .. } => {}
        CliMsg::Diverged { .. } => {}
        CliMsg::BookRefusedPull(..) => {}
        CliMsg::PlainHttp => {}
        CliMsg::NotHttps { .. } => {}
        CliMsg::BadEnrollCode => {}
        CliMsg::NoFingerprint => {}
        CliMsg::TokenFile { .. } => {}
        CliMsg::TlsSetup { .. } => {}
    }
}

/// Every HubMsg, each with distinct values, and the values every language must show.
fn hubmsg_samples() -> Vec<(HubMsg, Vec<&'static str>)> {
    vec![
        (
            HubMsg::Forbidden {
                token_terminal: "S168".to_string(),
                entry_terminal: "S169".to_string(),
            },
            vec!["S168", "S169"],
        ),
        (
            HubMsg::Refused(ReplicationError::HashMismatch {
                entry_id: "T01-170".into(),
            }),
            vec!["T01-170"],
        ),
        (HubMsg::NotEnrolled("S171".to_string()), vec!["S171"]),
        (HubMsg::Storage("S172".to_string()), vec!["S172"]),
        (HubMsg::BadSpec("S173".to_string()), vec!["S173"]),
        (
            HubMsg::EnrollRefused {
                terminal: "S174".to_string(),
            },
            vec!["S174"],
        ),
        (HubMsg::BadCursor, vec![]),
        (HubMsg::Unauthorized, vec![]),
        (HubMsg::BadBody("S175".to_string()), vec!["S175"]),
        (
            HubMsg::HoldOpIdReused {
                op_id: "S176".to_string(),
            },
            vec!["S176"],
        ),
        (HubMsg::MemberOwes { debt: dec!(177.25) }, vec!["177.25"]),
        (
            HubMsg::ChainStoredValue {
                available: dec!(178.25),
            },
            vec!["178.25"],
        ),
        (HubMsg::ChainPoints { available: 7179 }, vec!["7179"]),
        (
            HubMsg::ChainUses {
                card: "S180".to_string(),
                left: 7181,
            },
            vec!["S180", "7181"],
        ),
        (
            HubMsg::CouponTaken {
                code: "S182".to_string(),
            },
            vec!["S182"],
        ),
        (
            HubMsg::NoConflict {
                conflict_id: "S183".to_string(),
            },
            vec!["S183"],
        ),
        (
            HubMsg::ConflictSettledElsewhere {
                conflict_id: "S184".to_string(),
            },
            vec!["S184"],
        ),
        (
            HubMsg::ConflictBeingSettled {
                conflict_id: "S185".to_string(),
            },
            vec!["S185"],
        ),
        (
            HubMsg::ReversedElsewhere {
                entry_id: "S186".to_string(),
            },
            vec!["S186"],
        ),
        (
            HubMsg::CannotListen {
                listen: "S187".to_string(),
                detail: "S188".to_string(),
            },
            vec!["S187", "S188"],
        ),
        (
            HubMsg::NoCertificate {
                path: "S189".to_string(),
            },
            vec!["S189"],
        ),
    ]
}

/// Fails to compile when HubMsg gains a variant: add its sample above.
fn hubmsg_listed(m: &HubMsg) {
    match m {
        HubMsg::Forbidden { .. } => {}
        HubMsg::Refused(..) => {}
        HubMsg::NotEnrolled(..) => {}
        HubMsg::Storage(..) => {}
        HubMsg::BadSpec(..) => {}
        HubMsg::EnrollRefused { .. } => {}
        HubMsg::BadCursor => {}
        HubMsg::Unauthorized => {}
        HubMsg::BadBody(..) => {}
        HubMsg::HoldOpIdReused { .. } => {}
        HubMsg::MemberOwes { .. } => {}
        HubMsg::ChainStoredValue { .. } => {}
        HubMsg::ChainPoints { .. } => {}
        HubMsg::ChainUses { .. } => {}
        HubMsg::CouponTaken { .. } => {}
        HubMsg::NoConflict { .. } => {}
        HubMsg::ConflictSettledElsewhere { .. } => {}
        HubMsg::ConflictBeingSettled { .. } => {}
        HubMsg::ReversedElsewhere { .. } => {}
        HubMsg::CannotListen { .. } => {}
        HubMsg::NoCertificate { .. } => {}
    }
}

/// Every FileMsg, each with distinct values, and the values every language must show.
fn filemsg_samples() -> Vec<(FileMsg, Vec<&'static str>)> {
    vec![
        (
            FileMsg::OutputIsBook {
                path: "S190".to_string(),
            },
            vec!["S190"],
        ),
        (
            FileMsg::OutputIsHubStore {
                path: "S191".to_string(),
            },
            vec!["S191"],
        ),
        (
            FileMsg::OutputExists {
                path: "S192".to_string(),
            },
            vec!["S192"],
        ),
        (
            FileMsg::OutputNotAFile {
                path: "S193".to_string(),
            },
            vec!["S193"],
        ),
        (
            FileMsg::OutputFailed {
                path: "S194".to_string(),
                detail: "S195".to_string(),
            },
            vec!["S194", "S195"],
        ),
        (
            FileMsg::BookMissing {
                shown: "S196".to_string(),
            },
            vec!["S196"],
        ),
        (
            FileMsg::BookExists {
                path: "S197".to_string(),
                shown: "S198".to_string(),
            },
            vec![],
        ),
        (
            FileMsg::BookEmpty {
                path: "S199".to_string(),
                shown: "S200".to_string(),
            },
            vec![],
        ),
        (
            FileMsg::BookNotADatabase {
                path: "S201".to_string(),
                shown: "S202".to_string(),
            },
            vec![],
        ),
        (
            FileMsg::BookForeign {
                path: "S203".to_string(),
                shown: "S204".to_string(),
                found: 7205,
            },
            vec![],
        ),
        (
            FileMsg::BookTooNew {
                path: "S206".to_string(),
                shown: "S207".to_string(),
                found: 7208,
                supported: 7209,
            },
            vec!["7208", "7209"],
        ),
        (
            FileMsg::BookIo {
                path: "S210".to_string(),
                shown: "S211".to_string(),
                detail: "S212".to_string(),
            },
            vec!["S212"],
        ),
        (
            FileMsg::BookSqlite {
                path: "S213".to_string(),
                shown: "S214".to_string(),
                detail: "S215".to_string(),
            },
            vec!["S215"],
        ),
        (
            FileMsg::BookMigration {
                path: "S216".to_string(),
                shown: "S217".to_string(),
                detail: "S218".to_string(),
            },
            vec!["S218"],
        ),
        (
            FileMsg::LooseMode {
                path: "S219".to_string(),
                mode: 7220,
                fix: "700",
            },
            vec!["S219", "700"],
        ),
    ]
}

/// Fails to compile when FileMsg gains a variant: add its sample above.
fn filemsg_listed(m: &FileMsg) {
    match m {
        FileMsg::OutputIsBook { .. } => {}
        FileMsg::OutputIsHubStore { .. } => {}
        FileMsg::OutputExists { .. } => {}
        FileMsg::OutputNotAFile { .. } => {}
        FileMsg::OutputFailed { .. } => {}
        FileMsg::BookMissing { .. } => {}
        FileMsg::BookExists { .. } => {}
        FileMsg::BookEmpty { .. } => {}
        FileMsg::BookNotADatabase { .. } => {}
        FileMsg::BookForeign { .. } => {}
        FileMsg::BookTooNew { .. } => {}
        FileMsg::BookIo { .. } => {}
        FileMsg::BookSqlite { .. } => {}
        FileMsg::BookMigration { .. } => {}
        FileMsg::LooseMode { .. } => {}
    }
}

/// Every Why, each with distinct values, and the values every language must show.
fn why_samples() -> Vec<(Why, Vec<&'static str>)> {
    vec![
        (Why::OpIdLength, vec![]),
        (Why::NameRequired, vec![]),
        (Why::GenderWords, vec![]),
        (Why::BirthdayForm, vec![]),
        (
            Why::NoSuchTierOf {
                tier: "S222".to_string(),
                tiers: vec!["S223a".to_string(), "S223b".to_string()],
            },
            vec!["S222", "S223a", "S223b"],
        ),
        (Why::AmountNotNegative, vec![]),
        (Why::PointsWhole, vec![]),
        (Why::ToBeforeFrom, vec![]),
        (Why::QueryEmpty, vec![]),
        (Why::BillRefRequired, vec![]),
        (Why::OnlyAccept, vec![]),
        (Why::NothingOwed, vec![]),
        (Why::UsesRange, vec![]),
        (Why::CouponInCheckout, vec![]),
        (Why::SameCredential, vec![]),
        (Why::ReasonRequired, vec![]),
        (Why::NameLength, vec![]),
        (Why::NotesLength, vec![]),
        (Why::BirthdayImplausible, vec![]),
        (
            Why::NoSuchTier {
                tier: "S224".to_string(),
            },
            vec!["S224"],
        ),
        (Why::CredentialTwice, vec![]),
        (Why::SelfReferral, vec![]),
        (Why::NothingToChange, vec![]),
        (Why::NoShiftForMoney, vec![]),
        (Why::OpeningAmount { max: 7225 }, vec!["7225"]),
        (Why::OpeningPoints { max: 7226 }, vec!["7226"]),
        (Why::OpeningSource, vec![]),
        (
            Why::OpeningTwice {
                member_no: "S227".to_string(),
            },
            vec!["S227"],
        ),
        (Why::OpeningAllZero, vec![]),
        (Why::NightsRange { max: 7228 }, vec!["7228"]),
        (Why::FolioRequired, vec![]),
        (Why::PointsAdjustment, vec![]),
        (Why::NoConversion, vec![]),
        (Why::PointsMultiple { per_unit: 7229 }, vec!["7229"]),
        (Why::NotForPoints, vec![]),
        (Why::NoPointsExpiring, vec![]),
        (Why::CashAmount, vec![]),
        (
            Why::ShiftStillOpen {
                shift_id: "S230".to_string(),
            },
            vec!["S230"],
        ),
        (Why::NoShiftOpen, vec![]),
        (Why::FirstIsAdmin, vec![]),
        (Why::OperatorIdForm, vec![]),
        (Why::OperatorNameRequired, vec![]),
        (Why::OperatorAlready, vec![]),
        (Why::NotYourself, vec![]),
        (Why::SupervisorPinLength, vec![]),
        (Why::PinLength, vec![]),
        (Why::PinPepper, vec![]),
        (Why::CardUid, vec![]),
        (Why::CodeForm, vec![]),
        (Why::IdDocForm, vec![]),
        (Why::PhoneForm, vec![]),
        (Why::AmountPositive, vec![]),
        (Why::AmountCents, vec![]),
        (Why::AmountAbove { max: dec!(231.25) }, vec!["231.25"]),
        (Why::OpMissing, vec![]),
        (
            Why::NoSuchOp {
                kind: "S232".to_string(),
            },
            vec!["S232"],
        ),
        (Why::PinAsString, vec![]),
        (Why::SupervisorIdMissing, vec![]),
        (Why::SupervisorPinMissing, vec![]),
        (Why::NotInApproval, vec![]),
        (Why::ApprovalForm, vec![]),
        (
            Why::OperatorPinMissing {
                operator: "S233".to_string(),
            },
            vec!["S233"],
        ),
        (Why::NotUtf8, vec![]),
        (Why::GivenTwice, vec![]),
        (
            Why::NotJson {
                line: 7234,
                column: 7235,
            },
            vec!["7234", "7235"],
        ),
        (Why::NoExponent, vec![]),
        (Why::NotAnObject, vec![]),
        (Why::Required, vec![]),
        (Why::NotInOp, vec![]),
        (Why::AmountForm, vec![]),
        (Why::DayForm, vec![]),
        (Why::NotAChoice, vec![]),
        (Why::WrongForm, vec![]),
        (Why::NotText, vec![]),
        (Why::BillAndFolio, vec![]),
        (Why::BillOrFolio, vec![]),
        (
            Why::HeaderUnreadable {
                detail: "S236".to_string(),
            },
            vec!["S236"],
        ),
        (Why::ColumnTwice, vec![]),
        (
            Why::UnknownColumn {
                columns: "S237".to_string(),
            },
            vec!["S237"],
        ),
        (Why::NameColumnMissing, vec![]),
        (
            Why::RowUnreadable {
                detail: "S238".to_string(),
            },
            vec!["S238"],
        ),
        (
            Why::FieldCount {
                fields: 7239,
                header: 7240,
            },
            vec!["7239", "7240"],
        ),
        (Why::ColumnCount, vec![]),
        (
            Why::AlreadyImported {
                entry_id: "S241".to_string(),
            },
            vec!["S241"],
        ),
        (
            Why::DuplicateInFile {
                value: "S242".to_string(),
                first: 7243,
            },
            vec!["S242", "7243"],
        ),
    ]
}

/// Fails to compile when Why gains a variant: add its sample above.
fn why_listed(m: &Why) {
    match m {
        Why::OpIdLength => {}
        Why::NameRequired => {}
        Why::GenderWords => {}
        Why::BirthdayForm => {}
        Why::NoSuchTierOf { .. } => {}
        Why::AmountNotNegative => {}
        Why::PointsWhole => {}
        Why::ToBeforeFrom => {}
        Why::QueryEmpty => {}
        Why::BillRefRequired => {}
        Why::OnlyAccept => {}
        Why::NothingOwed => {}
        Why::UsesRange => {}
        Why::CouponInCheckout => {}
        Why::SameCredential => {}
        Why::ReasonRequired => {}
        Why::NameLength => {}
        Why::NotesLength => {}
        Why::BirthdayImplausible => {}
        Why::NoSuchTier { .. } => {}
        Why::CredentialTwice => {}
        Why::SelfReferral => {}
        Why::NothingToChange => {}
        Why::NoShiftForMoney => {}
        Why::OpeningAmount { .. } => {}
        Why::OpeningPoints { .. } => {}
        Why::OpeningSource => {}
        Why::OpeningTwice { .. } => {}
        Why::OpeningAllZero => {}
        Why::NightsRange { .. } => {}
        Why::FolioRequired => {}
        Why::PointsAdjustment => {}
        Why::NoConversion => {}
        Why::PointsMultiple { .. } => {}
        Why::NotForPoints => {}
        Why::NoPointsExpiring => {}
        Why::CashAmount => {}
        Why::ShiftStillOpen { .. } => {}
        Why::NoShiftOpen => {}
        Why::FirstIsAdmin => {}
        Why::OperatorIdForm => {}
        Why::OperatorNameRequired => {}
        Why::OperatorAlready => {}
        Why::NotYourself => {}
        Why::SupervisorPinLength => {}
        Why::PinLength => {}
        Why::PinPepper => {}
        Why::CardUid => {}
        Why::CodeForm => {}
        Why::IdDocForm => {}
        Why::PhoneForm => {}
        Why::AmountPositive => {}
        Why::AmountCents => {}
        Why::AmountAbove { .. } => {}
        Why::OpMissing => {}
        Why::NoSuchOp { .. } => {}
        Why::PinAsString => {}
        Why::SupervisorIdMissing => {}
        Why::SupervisorPinMissing => {}
        Why::NotInApproval => {}
        Why::ApprovalForm => {}
        Why::OperatorPinMissing { .. } => {}
        Why::NotUtf8 => {}
        Why::GivenTwice => {}
        Why::NotJson { .. } => {}
        Why::NoExponent => {}
        Why::NotAnObject => {}
        Why::Required => {}
        Why::NotInOp => {}
        Why::AmountForm => {}
        Why::DayForm => {}
        Why::NotAChoice => {}
        Why::WrongForm => {}
        Why::NotText => {}
        Why::BillAndFolio => {}
        Why::BillOrFolio => {}
        Why::HeaderUnreadable { .. } => {}
        Why::ColumnTwice => {}
        Why::UnknownColumn { .. } => {}
        Why::NameColumnMissing => {}
        Why::RowUnreadable { .. } => {}
        Why::FieldCount { .. } => {}
        Why::ColumnCount => {}
        Why::AlreadyImported { .. } => {}
        Why::DuplicateInFile { .. } => {}
    }
}
