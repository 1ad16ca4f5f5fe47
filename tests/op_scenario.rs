//! The JSON surface end to end: a member goes register → top-up 500 → checkout 388 with
//! a coupon and points → stay posting 2 nights → count card sell and use → reversal,
//! all through `carddesk op`, with every balance checked in the JSON results.

mod common;

use common::Site;
use serde_json::{json, Value};

fn ok(site: &Site, kind: &str, req: Value) -> Value {
    let (code, out) = site.op(kind, req);
    assert_eq!(code, 0, "{kind}: {out}");
    out["result"].clone()
}

fn balances(r: &Value) -> (String, String, i64) {
    let a = &r["account"];
    (
        a["principal"].as_str().unwrap_or_default().to_string(),
        a["bonus"].as_str().unwrap_or_default().to_string(),
        a["points"].as_i64().unwrap_or(i64::MIN),
    )
}

fn s(v: &str) -> String {
    v.to_string()
}

#[test]
fn a_member_from_registration_to_reversal_through_carddesk_op() {
    let site = Site::new();
    ok(
        &site,
        "add_operator",
        json!({"op_id": "s1", "operator": "setup", "operator_id": "boss", "name": "店长", "role": "admin", "pin": "999999"}),
    );
    ok(
        &site,
        "add_operator",
        json!({"op_id": "s2", "operator": "boss", "operator_pin": "999999", "operator_id": "sup", "name": "主管", "role": "supervisor", "pin": "246813"}),
    );
    let sup = json!({"id": "sup", "pin": "246813"});

    let reg = ok(
        &site,
        "register_member",
        json!({"op_id": "m1", "profile": {"name": "林小姐", "phone": "13900001234"}}),
    );
    let no = reg["member"]["member_no"].as_str().unwrap().to_string();

    let top = ok(
        &site,
        "top_up",
        json!({"op_id": "m2", "member_no": no, "amount": "500", "tender": "cash"}),
    );
    assert_eq!(balances(&top), (s("500.00"), s("100.00"), 0));

    let adj = ok(
        &site,
        "adjust_points",
        json!({"op_id": "m3", "member_no": no, "points": 1000, "reason": "开业赠送", "supervisor": sup}),
    );
    assert_eq!(balances(&adj).2, 1000);
    let issued = ok(
        &site,
        "issue_coupon",
        json!({"op_id": "m4", "member_no": no, "template": "cash20", "reason": "welcome", "supervisor": sup}),
    );
    let code = issued["account"]["coupons"][0]["code"]
        .as_str()
        .unwrap()
        .to_string();

    let checkout = json!({"member_no": no, "bill": "388", "bill_ref": "RM-2088", "coupons": [code],
                          "use_points": true, "use_stored_value": true, "tender": "cash"});
    let quote = ok(&site, "quote_checkout", checkout.clone());
    let mut commit_req = checkout.clone();
    commit_req["op_id"] = json!("m5");
    let done = ok(&site, "checkout", commit_req.clone());
    let lines = &done["detail"]["lines"];
    assert_eq!(lines, &quote["lines"], "the quote equals the commit");
    assert_eq!(lines["coupon_off"], "20.00");
    assert_eq!(
        (lines["points_used"].as_i64(), lines["points_off"].as_str()),
        (Some(1000), Some("100.00"))
    );
    assert_eq!(
        (
            lines["bonus_paid"].as_str(),
            lines["principal_paid"].as_str()
        ),
        (Some("100.00"), Some("168.00"))
    );
    assert_eq!(lines["tender_paid"], "0.00");
    assert_eq!(lines["points_earned"], 168);
    assert_eq!(balances(&done), (s("332.00"), s("0.00"), 168));
    // A retry of the same request posts once.
    let again = ok(&site, "checkout", commit_req);
    assert_eq!(again["replayed"], true);
    assert_eq!(again["entry_id"], done["entry_id"]);

    let stay = ok(
        &site,
        "post_stay",
        json!({"op_id": "m6", "member_no": no, "nights": 2, "room_revenue": "456.78", "folio_ref": "F-7781"}),
    );
    assert_eq!(balances(&stay), (s("332.00"), s("0.00"), 168 + 200 + 456));

    let sold = ok(
        &site,
        "sell_count_card",
        json!({"op_id": "m7", "member_no": no, "package": "ktv10", "tender": "bank_card"}),
    );
    let card = sold["account"]["count_cards"][0]["card"]
        .as_str()
        .unwrap()
        .to_string();
    let used = ok(
        &site,
        "use_count_card",
        json!({"op_id": "m8", "card": card, "uses": 1}),
    );
    assert_eq!(used["account"]["count_cards"][0]["remaining"], 9);

    let (code_refused, refused) = site.op(
        "reverse",
        json!({"op_id": "m9", "entry_id": done["entry_id"], "reason": "wrong room"}),
    );
    assert_eq!(code_refused, 2);
    assert_eq!(refused["error"]["code"], "needs_supervisor");
    let rev = ok(
        &site,
        "reverse",
        json!({"op_id": "m10", "entry_id": done["entry_id"], "reason": "wrong room", "supervisor": sup}),
    );
    assert_eq!(balances(&rev), (s("500.00"), s("100.00"), 1000 + 200 + 456));
    let coupons: Vec<&str> = rev["account"]["coupons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        coupons,
        vec![code.as_str()],
        "the coupon used is back; the one issued is void"
    );

    let (code_again, second) = site.op(
        "reverse",
        json!({"op_id": "m11", "entry_id": done["entry_id"], "reason": "again", "supervisor": sup}),
    );
    assert_eq!(
        (code_again, second["error"]["code"].as_str()),
        (2, Some("already_reversed"))
    );

    let acct = ok(&site, "account", json!({"member_no": no}));
    assert_eq!(
        (
            acct["principal"].as_str(),
            acct["bonus"].as_str(),
            acct["points"].as_i64()
        ),
        (Some("500.00"), Some("100.00"), Some(1656))
    );
    let (clean, report) = site.verify();
    assert!(clean, "{report}");
}

#[test]
fn a_shift_opens_takes_money_and_closes_with_its_report_through_carddesk_op() {
    let site = Site::new();
    let reg = ok(
        &site,
        "register_member",
        json!({"op_id": "r1", "profile": {"name": "交班"}}),
    );
    let no = reg["member"]["member_no"].as_str().unwrap().to_string();
    ok(&site, "open_shift", json!({"op_id": "s1", "float": "300"}));
    ok(
        &site,
        "top_up",
        json!({"op_id": "t1", "member_no": no, "amount": "200", "tender": "cash"}),
    );
    ok(
        &site,
        "checkout",
        json!({"op_id": "c1", "member_no": no, "bill": "45.50", "bill_ref": "B1", "tender": "bank_card"}),
    );
    let x = ok(&site, "shift_report", json!({}));
    assert_eq!(x["expected_cash"], "500.00");
    let closed = ok(
        &site,
        "close_shift",
        json!({"op_id": "s2", "counted_cash": "510"}),
    );
    let report = &closed["detail"]["report"];
    assert_eq!(report["over_short"], "10.00");
    assert_eq!(report["totals"]["tenders"]["bank_card"]["taken"], "45.50");
    let day = ok(&site, "day_report", json!({}));
    assert_eq!(day["totals"]["tenders"]["cash"]["taken"], "200.00");
    assert!(ok(&site, "shift_report", json!({})).is_null());
}
