//! Fuzzing with proptest (cargo-fuzz needs a nightly toolchain, which this project's
//! machines cannot fetch): inputs from scanners, keyboards and integrations never panic,
//! and a refused request writes nothing. `PROPTEST_CASES=100000 cargo test --test
//! fuzz_inputs` runs a longer campaign; failures are saved in fuzz_inputs.proptest-regressions.

mod common;

use carddesk_data::ops::coupons;
use carddesk_data::{Credential, CredentialKind, Request};
use common::TestBook;
use proptest::prelude::*;

/// Cases per property: the number given, or `PROPTEST_CASES` for a longer campaign.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The fields each operation takes, so that most generated requests decode and reach
/// the decision code.
const FIELDS: &[(&str, &[&str])] = &[
    ("top_up", &["member_no", "amount", "tender"]),
    (
        "checkout",
        &[
            "member_no",
            "bill",
            "bill_ref",
            "coupons",
            "use_points",
            "use_stored_value",
            "tender",
            "pin",
        ],
    ),
    (
        "post_stay",
        &["member_no", "nights", "room_revenue", "folio_ref", "booker"],
    ),
    ("post_no_show", &["member_no", "nights", "folio_ref"]),
    ("adjust_points", &["member_no", "points", "reason"]),
    ("redeem_gift", &["member_no", "gift"]),
    ("sell_count_card", &["member_no", "package", "tender"]),
    ("use_count_card", &["card", "uses"]),
    ("issue_coupon", &["member_no", "template", "reason"]),
    ("redeem_coupon", &["code"]),
    ("void_coupon", &["code", "reason"]),
    ("reverse", &["entry_id", "reason"]),
    (
        "refund_stored_value",
        &["member_no", "amount", "tender", "reason"],
    ),
    ("open_shift", &["float"]),
    ("close_shift", &["counted_cash"]),
    ("set_payment_pin", &["member_no", "pin"]),
];

/// A value for `field`: mostly the right type with hostile content.
fn value_for(field: &'static str, member_no: String) -> BoxedStrategy<serde_json::Value> {
    use serde_json::Value;
    let money = prop_oneof![
        Just("0".to_string()),
        Just("-1".to_string()),
        Just("0.001".to_string()),
        Just("1e9".to_string()),
        Just("99999999999999999999".to_string()),
        "-?[0-9]{1,6}(\\.[0-9]{1,3})?",
    ]
    .prop_map(Value::from);
    let text = prop_oneof![Just(String::new()), Just("   ".to_string()), "\\PC{0,12}"]
        .prop_map(Value::from);
    match field {
        "member_no" => prop_oneof![
            Just(Value::from(member_no)),
            Just(Value::from("1")),
            "[0-9]{1,9}".prop_map(Value::from)
        ]
        .boxed(),
        "amount" | "bill" | "room_revenue" | "float" | "counted_cash" => money.boxed(),
        "nights" | "uses" => prop_oneof![
            Just(Value::from(0)),
            Just(Value::from(-1)),
            (0i64..100_000).prop_map(Value::from)
        ]
        .boxed(),
        "points" => any::<i64>().prop_map(Value::from).boxed(),
        "use_points" | "use_stored_value" => any::<bool>().prop_map(Value::from).boxed(),
        "tender" => prop_oneof![Just("cash"), Just("bank_card"), Just("other"), Just("gold")]
            .prop_map(Value::from)
            .boxed(),
        "coupons" => prop::collection::vec(
            prop_oneof![Just(coupons::new_code()), "[0-9A-Z]{0,16}"],
            0..3,
        )
        .prop_map(Value::from)
        .boxed(),
        "entry_id" => prop_oneof![
            Just("T01-4".to_string()),
            Just("T01-0".to_string()),
            "[A-Z0-9-]{0,8}"
        ]
        .prop_map(Value::from)
        .boxed(),
        "gift" | "package" | "template" => prop_oneof![
            Just("umbrella"),
            Just("ktv10"),
            Just("cash20"),
            Just("nope")
        ]
        .prop_map(Value::from)
        .boxed(),
        "pin" => prop_oneof![Just("1234".to_string()), "[0-9a]{0,14}"]
            .prop_map(Value::from)
            .boxed(),
        _ => text.boxed(),
    }
}

fn request_json(member_no: String) -> impl Strategy<Value = serde_json::Value> {
    (0..FIELDS.len()).prop_flat_map(move |i| {
        let (op, fields) = FIELDS[i];
        let values: Vec<_> = fields
            .iter()
            .map(|f| value_for(f, member_no.clone()))
            .collect();
        (
            values,
            prop::collection::vec(prop::bool::weighted(0.93), fields.len()),
        )
            .prop_map(move |(vals, keep)| {
                let mut m = serde_json::Map::new();
                m.insert("op".into(), op.into());
                for ((f, v), k) in fields.iter().zip(vals).zip(keep) {
                    // Mostly every field; sometimes one is left out.
                    if k || fields.len() < 3 {
                        m.insert((*f).into(), v);
                    }
                }
                serde_json::Value::Object(m)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), ..ProptestConfig::default() })]

    #[test]
    fn any_json_request_is_decided_or_refused_and_a_refusal_writes_nothing(
        requests in prop::collection::vec(request_json("10000004".into()), 1..8),
    ) {
        let mut t = TestBook::new();
        let no = t.register("模糊", "13500000000", "EE01");
        prop_assume!(no == "10000004");
        t.run(Request::TopUp(carddesk_data::ops::TopUp { member_no: no.clone().into(), amount: 500.into(), tender: carddesk_data::Tender::Cash })).unwrap();
        let sup = t.approved();
        for fields in requests {
            let Ok(req) = serde_json::from_value::<Request>(fields) else { continue };
            if std::env::var_os("FUZZ_TRACE").is_some() { eprintln!("decoded {req:?}"); }
            let before = t.book.verify().unwrap().entries;
            let account = t.account(&no);
            if t.run_as(&sup, req).is_err() {
                prop_assert_eq!(t.book.verify().unwrap().entries, before);
                prop_assert_eq!(t.account(&no), account);
            }
        }
        t.assert_verified();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(2048), ..ProptestConfig::default() })]

    #[test]
    fn any_text_is_a_coupon_code_or_a_refusal_never_a_panic(s in "\\PC{0,30}") {
        if let Ok(code) = coupons::normalize(&s) {
            prop_assert_eq!(code.len(), coupons::CODE_LEN);
            prop_assert_eq!(coupons::normalize(&code), Ok(code.clone()));
        }
    }

    #[test]
    fn any_scanned_text_normalizes_or_is_refused(s in "\\PC{0,40}", kind in 0usize..4) {
        let kind = [CredentialKind::Card, CredentialKind::Code, CredentialKind::Phone, CredentialKind::IdDoc][kind];
        let _ = Credential::new(kind, s).normalized();
    }
}

/// A CSV line: mostly plausible cells, some hostile.
fn csv_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[\\u{4e00}-\\u{4e20}]{1,4}",
        "1[3-9][0-9]{9}",
        "-?[0-9]{1,7}(\\.[0-9]{1,3})?",
        Just("female".to_string()),
        Just("金卡".to_string()),
        Just("1990-02-30".to_string()),
        "[A-F0-9]{6,10}",
        "\\PC{0,8}",
        Just("\"quoted, with comma\"".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), ..ProptestConfig::default() })]

    /// An import of any CSV is all or nothing: it writes every row or none, a dry run
    /// writes nothing, and the book stays verified.
    #[test]
    fn any_csv_imports_whole_or_not_at_all(
        rows in prop::collection::vec(prop::collection::vec(csv_cell(), 6), 0..12),
        dry in any::<bool>(),
    ) {
        let mut t = TestBook::new();
        let mut csv = String::from("name,phone,gender,principal,tier,card\n");
        for r in &rows {
            csv.push_str(&r.join(","));
            csv.push('\n');
        }
        let before = t.book.verify().unwrap().entries;
        let members_before = t.book.count_members().unwrap();
        let result = carddesk_data::import::import_members(&mut t.book, csv.as_bytes(), "fuzz.csv", "boss", dry);
        let after = t.book.count_members().unwrap();
        match result {
            Ok(summary) if !dry => prop_assert_eq!(after - members_before, summary.members),
            _ => {
                prop_assert_eq!(after, members_before);
                prop_assert_eq!(t.book.verify().unwrap().entries, before);
            }
        }
        t.assert_verified();
    }
}
