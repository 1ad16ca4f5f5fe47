//! Every request kind of `carddesk op`, written as documented, goes through the real
//! binary and is read: the write kinds post, the reads answer.

mod common;

use common::Site;
use serde_json::{json, Value};

fn ok(site: &Site, kind: &str, req: Value) -> Value {
    let (code, out) = site.op(kind, req);
    assert_eq!(code, 0, "{kind}: {out}");
    out["result"].clone()
}

fn issued_code(r: &Value) -> String {
    r["detail"]["effects"]
        .as_array()
        .and_then(|es| es.iter().find_map(|e| e["code"].as_str()))
        .expect("a coupon code in the effects")
        .to_string()
}

#[test]
fn every_kind_round_trips_through_the_binary() {
    let site = Site::new();
    site.add_staff();
    let sup = json!({"id": "sup", "pin": "246813"});
    let boss = |mut v: Value| {
        v["operator"] = "boss".into();
        v["operator_pin"] = "999999".into();
        v
    };
    ok(
        &site,
        "add_operator",
        boss(
            json!({"op_id": "k1", "operator_id": "c1", "name": "收银", "role": "cashier", "pin": "1357"}),
        ),
    );
    ok(
        &site,
        "set_operator_active",
        boss(json!({"op_id": "k2", "operator_id": "c1", "active": false})),
    );
    ok(
        &site,
        "change_operator_pin",
        boss(json!({"op_id": "k3", "operator_id": "sup", "pin": "246813"})),
    );
    ok(
        &site,
        "open_shift",
        json!({"op_id": "k4", "float": "500.00"}),
    );

    let reg = ok(
        &site,
        "register_member",
        json!({"op_id": "k5", "profile": {"name": "赵六", "phone": "13700000006"},
        "credentials": [{"kind": "card", "value": "04A1B2C3"}]}),
    );
    let no = reg["member"]["member_no"].as_str().expect("no").to_string();
    ok(
        &site,
        "edit_member",
        json!({"op_id": "k6", "member_no": no, "changes": {"notes": "VIP"}}),
    );
    ok(
        &site,
        "bind_credential",
        json!({"op_id": "k7", "member_no": no, "credential": {"kind": "code", "value": "CD123456789012"}}),
    );
    ok(
        &site,
        "report_lost",
        json!({"op_id": "k8", "credential": {"kind": "card", "value": "04A1B2C3"}}),
    );
    ok(
        &site,
        "replace_credential",
        json!({"op_id": "k9", "old": {"kind": "card", "value": "04A1B2C3"}, "new": {"kind": "card", "value": "04FFEE01"}}),
    );
    ok(
        &site,
        "freeze_member",
        json!({"op_id": "k10", "member_no": no, "reason": "核实", "supervisor": sup}),
    );
    ok(
        &site,
        "unfreeze_member",
        json!({"op_id": "k11", "member_no": no, "reason": "已核实", "supervisor": sup}),
    );
    ok(
        &site,
        "set_payment_pin",
        json!({"op_id": "k12", "member_no": no, "pin": "8642"}),
    );
    ok(
        &site,
        "top_up",
        json!({"op_id": "k13", "member_no": no, "amount": "1000", "tender": "bank_card"}),
    );
    ok(
        &site,
        "refund_stored_value",
        json!({"op_id": "k14", "member_no": no, "amount": "10", "reason": "多充", "supervisor": sup}),
    );
    ok(
        &site,
        "checkout",
        json!({"op_id": "k15", "member_no": no, "bill": "120", "bill_ref": "B-15", "use_stored_value": true}),
    );
    ok(
        &site,
        "post_stay",
        json!({"op_id": "k16", "member_no": no, "nights": 2, "room_revenue": "600", "folio_ref": "F-16"}),
    );
    ok(
        &site,
        "adjust_points",
        json!({"op_id": "k17", "member_no": no, "points": 1500, "reason": "补录", "supervisor": sup}),
    );
    ok(
        &site,
        "redeem_gift",
        json!({"op_id": "k18", "member_no": no, "gift": "umbrella"}),
    );
    ok(
        &site,
        "post_no_show",
        json!({"op_id": "k18n", "member_no": no, "nights": 1, "folio_ref": "B-18"}),
    );
    let sv = ok(
        &site,
        "convert_points",
        json!({"op_id": "k19", "member_no": no, "into": "stored_value", "points": 100}),
    );
    assert_eq!(sv["detail"]["into"], "stored_value", "{sv}");
    let bought = ok(
        &site,
        "convert_points",
        json!({"op_id": "k20", "member_no": no, "into": "coupon", "template": "free_fruit"}),
    );
    ok(
        &site,
        "redeem_coupon",
        json!({"op_id": "k21", "code": issued_code(&bought)}),
    );
    let issued = ok(
        &site,
        "issue_coupon",
        json!({"op_id": "k22", "member_no": no, "template": "cash20", "reason": "致歉", "supervisor": sup}),
    );
    ok(
        &site,
        "void_coupon",
        json!({"op_id": "k23", "code": issued_code(&issued), "reason": "发错", "supervisor": sup}),
    );
    let sold = ok(
        &site,
        "sell_count_card",
        json!({"op_id": "k24", "member_no": no, "package": "ktv10", "tender": "cash"}),
    );
    ok(
        &site,
        "use_count_card",
        json!({"op_id": "k25", "card": sold["entry_id"], "uses": 1}),
    );
    let top = ok(
        &site,
        "top_up",
        json!({"op_id": "k26", "member_no": no, "amount": 50}),
    );
    ok(
        &site,
        "reverse",
        json!({"op_id": "k27", "entry_id": top["entry_id"], "reason": "录错", "supervisor": sup}),
    );

    // Reads.
    let m = ok(&site, "show_member", json!({"member_no": no}));
    assert_eq!(m["notes"], "VIP");
    ok(&site, "find_member", json!({"query": "04FFEE01"}));
    let journal = ok(&site, "member_journal", json!({"member_no": no}));
    assert!(
        journal.as_array().map(Vec::len).unwrap_or(0) >= 20,
        "{journal}"
    );
    ok(&site, "account", json!({"member_no": no}));
    ok(
        &site,
        "quote_checkout",
        json!({"member_no": no, "bill": "50", "bill_ref": "Q-1", "use_points": true}),
    );
    ok(&site, "shift_report", json!({}));
    ok(&site, "day_report", json!({}));
    ok(
        &site,
        "close_shift",
        json!({"op_id": "k28", "counted_cash": "1000.00"}),
    );

    // Kinds that need a state this book lacks are read, then refused on that state.
    let (code, out) = site.op(
        "expire_points",
        json!({"op_id": "k29", "member_no": no, "day": "2026-11-30"}),
    );
    assert_eq!(
        (code, out["error"]["field"].as_str()),
        (2, Some("member_no")),
        "{out}"
    );
    let (code, out) = site.op("settle_conflict", json!({"op_id": "k30", "conflict_id": "C-1", "resolution": "collected", "note": "现金补缴", "supervisor": sup}));
    assert_eq!(
        (code, out["error"]["code"].as_str()),
        (2, Some("unknown_conflict")),
        "{out}"
    );
    // The shipped rules sell no tier and no count card for points (off by default).
    let (code, out) = site.op(
        "buy_tier",
        json!({"op_id": "k31", "member_no": no, "tier": "银卡"}),
    );
    assert_eq!(
        (code, out["error"]["field"].as_str()),
        (2, Some("tier")),
        "{out}"
    );
    let (code, out) = site.op(
        "convert_points",
        json!({"op_id": "k32", "member_no": no, "into": "count_card", "package": "ktv10"}),
    );
    assert_eq!(
        (code, out["error"]["field"].as_str()),
        (2, Some("package")),
        "{out}"
    );
    let (ok_, report) = site.verify();
    assert!(ok_, "{report}");
}
