//! Property: whatever JSON a PMS, a POS or a script sends in any field of any kind,
//! `carddesk op` never panics, answers with a documented code, and a refusal writes
//! nothing (the journal keeps its length and `verify` stays clean). In-process through
//! the same `op_cmd::run` the binary calls, so many cases run quickly;
//! `PROPTEST_CASES=5000 cargo test --test op_props` runs a longer campaign.

use std::cell::RefCell;

use carddesk::op_cmd::{self, CODES};
use carddesk_data::{Book, Lang, Rules, SystemClock, Terminal};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Map, Value};

/// The fields of every kind, envelope included, so most requests reach the decision.
const KINDS: &[(&str, &[&str])] = &[
    ("register_member", &["profile", "tier", "credentials"]),
    ("edit_member", &["member_no", "changes"]),
    ("freeze_member", &["member_no", "reason"]),
    ("unfreeze_member", &["member_no", "reason"]),
    ("bind_credential", &["member_no", "credential"]),
    ("report_lost", &["credential"]),
    ("replace_credential", &["old", "new"]),
    ("add_operator", &["operator_id", "name", "role", "pin"]),
    ("set_operator_active", &["operator_id", "active"]),
    ("change_operator_pin", &["operator_id", "pin"]),
    ("set_payment_pin", &["member_no", "pin", "old_pin"]),
    ("top_up", &["member_no", "amount", "tender"]),
    (
        "refund_stored_value",
        &["member_no", "amount", "tender", "reason"],
    ),
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
    (
        "convert_points",
        &["member_no", "into", "points", "template", "package"],
    ),
    ("buy_tier", &["member_no", "tier"]),
    ("expire_points", &["member_no", "day"]),
    ("sell_count_card", &["member_no", "package", "tender"]),
    ("use_count_card", &["card", "uses", "member_no"]),
    ("issue_coupon", &["member_no", "template", "reason"]),
    ("redeem_coupon", &["code"]),
    ("void_coupon", &["code", "reason"]),
    ("reverse", &["entry_id", "reason"]),
    ("open_shift", &["float"]),
    ("close_shift", &["counted_cash"]),
    (
        "settle_conflict",
        &["conflict_id", "resolution", "amount", "tender", "note"],
    ),
    ("find_member", &["query"]),
    ("show_member", &["member_no"]),
    ("member_journal", &["member_no"]),
    ("account", &["member_no"]),
    (
        "quote_checkout",
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
    ("shift_report", &[]),
    ("day_report", &["outlet", "day"]),
];

const ENVELOPE: &[&str] = &["op_id", "operator", "operator_pin", "supervisor"];

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Any JSON value, nested a little, with the spellings integrations get wrong.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
        prop_oneof![
            Just("1e3"),
            Just("12.345"),
            Just("-0.00"),
            Just("１００"),
            Just("246813")
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A plausible value for `field` on the test book, so that some requests pass.
fn plausible(field: &str, member_no: &str) -> Value {
    match field {
        "member_no" => json!(member_no),
        "amount" | "bill" | "room_revenue" | "float" | "counted_cash" => json!("100.00"),
        "tender" => json!("cash"),
        "nights" | "uses" | "points" => json!(1),
        "use_points" | "use_stored_value" | "active" => json!(true),
        "pin" | "old_pin" | "operator_pin" => json!("246813"),
        "supervisor" => json!({"id": "sup", "pin": "246813"}),
        "operator" => json!("sup"),
        "into" => json!("stored_value"),
        "template" => json!("cash20"),
        "gift" => json!("umbrella"),
        "package" => json!("ktv10"),
        "role" => json!("cashier"),
        "credential" | "old" | "new" => json!({"kind": "card", "value": "04A1B2C3"}),
        "profile" => json!({"name": "测试"}),
        "day" => json!("2026-11-30"),
        _ => json!("x"),
    }
}

fn request(member_no: String) -> impl Strategy<Value = (String, Map<String, Value>)> {
    (0..KINDS.len()).prop_flat_map(move |k| {
        let (kind, fields) = KINDS[k];
        let member_no = member_no.clone();
        let names: Vec<&'static str> = fields.iter().chain(ENVELOPE).copied().collect();
        let values: Vec<_> = names
            .iter()
            .map(|&f| {
                let good = plausible(f, &member_no);
                prop_oneof![
                    2 => Just(None),
                    3 => Just(Some(good)),
                    4 => any_json().prop_map(Some),
                ]
            })
            .collect();
        (Just(kind.to_string()), values).prop_map(move |(kind, vs)| {
            let fields = names
                .iter()
                .zip(vs)
                .filter_map(|(n, v)| v.map(|v| (n.to_string(), v)))
                .collect();
            (kind, fields)
        })
    })
}

fn journal_len(path: &std::path::Path) -> i64 {
    let conn = rusqlite::Connection::open(path).expect("open book");
    conn.query_row("SELECT count(*) FROM journal", [], |r| r.get(0))
        .expect("count")
}

fn answer(book: &mut Book, kind: &str, req: Value) -> Value {
    op_cmd::run(book, Lang::Zh, kind, req.to_string().as_bytes()).json
}

#[test]
fn any_json_in_any_field_is_answered_with_a_documented_code_and_refusals_write_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("book.db");
    let terminal = Terminal {
        id: "T01".into(),
        outlet: "rooms".into(),
        member_prefix: "1".into(),
        rules: Rules::default(),
    };
    let mut book = Book::create(&path, terminal, Box::new(SystemClock)).expect("book");
    for (kind, req) in [
        (
            "add_operator",
            json!({"op_id": "s1", "operator_id": "boss", "name": "店长", "role": "admin", "pin": "999999"}),
        ),
        (
            "add_operator",
            json!({"op_id": "s2", "operator": "boss", "operator_pin": "999999", "operator_id": "sup", "name": "主管", "role": "supervisor", "pin": "246813"}),
        ),
        (
            "register_member",
            json!({"op_id": "s3", "profile": {"name": "属性"}, "credentials": [{"kind": "card", "value": "04A1B2C3"}]}),
        ),
    ] {
        assert_eq!(
            answer(&mut book, kind, req.clone())["ok"],
            true,
            "{kind} {req}"
        );
    }
    let member_no = answer(&mut book, "find_member", json!({"query": "04A1B2C3"}))["result"]
        ["member"]["member_no"]
        .as_str()
        .expect("member no")
        .to_string();
    let book = RefCell::new(book);
    let mut runner = TestRunner::new(Config {
        cases: cases(96),
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&request(member_no), |(kind, fields)| {
            let mut book = book.borrow_mut();
            let before = journal_len(&path);
            let out = op_cmd::run(
                &mut book,
                Lang::Zh,
                &kind,
                Value::Object(fields.clone()).to_string().as_bytes(),
            );
            let json = out.json;
            match out.exit_code {
                0 => prop_assert_eq!(&json["ok"], &Value::Bool(true)),
                2 => {
                    let e = &json["error"];
                    let code = e["code"].as_str().unwrap_or_default();
                    prop_assert!(
                        CODES.contains(&code),
                        "undocumented code {}: {}",
                        code,
                        json
                    );
                    prop_assert!(
                        e["message"].as_str().is_some_and(|m| !m.is_empty()),
                        "{}",
                        json
                    );
                    prop_assert!(
                        e["message_en"].as_str().is_some_and(|m| !m.is_empty()),
                        "{}",
                        json
                    );
                    if code == "invalid_input" {
                        prop_assert!(e["field"].is_string(), "no field: {}", json);
                    }
                    // A wrong PIN that locks its subject journals the lockout, by design.
                    if !matches!(code, "wrong_pin" | "locked_out") {
                        prop_assert_eq!(
                            journal_len(&path),
                            before,
                            "a refusal wrote: {} {:?}",
                            kind,
                            fields
                        );
                    }
                }
                other => prop_assert!(false, "exit {}: {}", other, json),
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let report = book.borrow().verify().expect("verify runs");
    assert!(report.is_clean(), "{report:?}");
}
