//! The text catalogue (docs/design.md, "Texts and languages"): every operator-facing
//! text lives in `model/src/text/`, one folder per language. These tests fail when a
//! source file outside the catalogue holds CJK text that is not a listed input, when a
//! language has an empty text, or when a message loses one of its values.

use std::collections::HashSet;
use std::mem::discriminant;
use std::path::{Path, PathBuf};

use carddesk_model::error::{
    Balance, CountCardRefusal, CouponRefusal, MemberState, NotReversible, OfflineLimit, RuleItem,
};
use carddesk_model::text::{CliTx, HubMsg, QuoteLabel, ReportTx, Tx, Why};
use carddesk_model::wire::ReplicationError;
use carddesk_model::{EntryKind, Lang, OpError, Role};
use rust_decimal_macros::dec;

#[path = "catalogue/samples.rs"]
mod samples;
use samples::*;

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
        "src/notify_config.rs",
        "the default notice templates per language, which `[notices.templates]` in config.toml replaces: words sent to members, configured like data",
    ),
    (
        "src/hub/bench_authorize.rs",
        "member names of the authorization benchmark's seed book",
    ),
    (
        "src/hub/bench_scope.rs",
        "member names, a tier and notes of the scope benchmark's chain",
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
        "model/src/rules/occasions.rs",
        "the word the birthday occasion is stored as in checkout bodies (journal data, \
         replicated and verified); the counter and receipts show it through the catalogue",
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
        (OpError::NotHeld("Q82".into()), vec!["Q82"]),
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
        (
            OpError::AlreadyInState("M77".into(), MemberState::Frozen),
            vec!["M77"],
        ),
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
        (OpError::NeedsRole(Role::Supervisor), vec![]),
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
            OpError::NotReversible("E88".into(), NotReversible::NoMember),
            vec!["E88"],
        ),
        (
            OpError::UnknownRule {
                what: RuleItem::Gift,
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
    assert_eq!(kinds.len(), 29, "a refusal kind without a sample here");
    for (e, values) in &samples {
        check(e.code(), |l| e.message(l), values);
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
