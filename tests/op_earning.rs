//! Points spent through the real binary (issue 19, item 5), with the shipped config's
//! commented examples switched on: `convert_points` into `count_card` (兑换项目卡) and
//! `buy_tier` (积分提升等级). Each posts, shows in the member's journal, reverses, and
//! leaves a book `verify` passes; a refusal names what was wrong in words.

mod common;

use common::Site;
use serde_json::{json, Value};

/// The shipped config.toml with the KTV card for 3000 points and 银卡 for 2000.
fn write_config(site: &Site) {
    let example = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.toml"))
        .expect("config.toml");
    let config = example
        .replacen(
            "valid_days = 365\n",
            "valid_days = 365\npoints_price = 3000\n",
            1,
        )
        .replacen(
            "benefits = \"延迟退房至13:00\"\n",
            "benefits = \"延迟退房至13:00\"\ntier_price = 2000\n",
            1,
        );
    assert_ne!(config, example);
    std::fs::write(site.path("config.toml"), config).expect("write config");
}

fn ok(site: &Site, kind: &str, req: Value) -> Value {
    let (code, out) = site.op(kind, req);
    assert_eq!(code, 0, "{kind}: {out}");
    out["result"].clone()
}

fn refused(site: &Site, kind: &str, req: Value) -> Value {
    let (code, out) = site.op(kind, req);
    assert_eq!(code, 2, "{kind}: {out}");
    out["error"].clone()
}

/// A member with 5500 points; returns the member no.
fn member(site: &Site) -> String {
    site.add_staff();
    let reg = ok(
        site,
        "register_member",
        json!({"op_id": "e1", "profile": {"name": "钱七", "phone": "13700000077"}}),
    );
    let no = reg["member"]["member_no"]
        .as_str()
        .expect("member no")
        .to_string();
    ok(
        site,
        "adjust_points",
        json!({"op_id": "e2", "member_no": no, "points": 5500, "reason": "开卡礼",
               "supervisor": {"id": "sup", "pin": "246813"}}),
    );
    no
}

#[test]
fn a_count_card_and_a_tier_bought_with_points_post_reverse_and_verify() {
    let site = Site::new();
    write_config(&site);
    let no = member(&site);
    let card = ok(
        &site,
        "convert_points",
        json!({"op_id": "e3", "member_no": no, "into": "count_card", "package": "ktv10"}),
    );
    assert_eq!(card["kind"], "points_converted", "{card}");
    assert_eq!(card["detail"]["points"], 3000);
    assert_eq!(card["detail"]["into"], "ktv10");
    assert_eq!(card["account"]["points"], 2500);
    assert_eq!(card["account"]["count_cards"][0]["card"], card["entry_id"]);
    // The same op id again is answered from the first result, not sold twice.
    let again = ok(
        &site,
        "convert_points",
        json!({"op_id": "e3", "member_no": no, "into": "count_card", "package": "ktv10"}),
    );
    assert_eq!(again["entry_id"], card["entry_id"]);

    let raised = ok(
        &site,
        "buy_tier",
        json!({"op_id": "e4", "member_no": no, "tier": "银卡"}),
    );
    assert_eq!(raised["kind"], "tier_changed", "{raised}");
    let d = &raised["detail"];
    assert_eq!(
        (&d["from"], &d["to"], &d["reason"], &d["points"]),
        (
            &json!("普通"),
            &json!("银卡"),
            &json!("points"),
            &json!(2000)
        )
    );
    assert_eq!(raised["member"]["tier"], "银卡");
    assert_eq!(raised["account"]["points"], 500);

    let journal = ok(&site, "member_journal", json!({"member_no": no}));
    let kinds: Vec<&str> = journal
        .as_array()
        .map(|es| es.iter().filter_map(|e| e["kind"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        kinds.contains(&"points_converted") && kinds.contains(&"tier_changed"),
        "{kinds:?}"
    );

    let sup = json!({"id": "sup", "pin": "246813"});
    let back = ok(
        &site,
        "reverse",
        json!({"op_id": "e5", "entry_id": raised["entry_id"], "reason": "会员反悔", "supervisor": sup}),
    );
    assert_eq!(back["account"]["points"], 2500);
    ok(
        &site,
        "reverse",
        json!({"op_id": "e6", "entry_id": card["entry_id"], "reason": "选错", "supervisor": sup}),
    );
    let m = ok(&site, "show_member", json!({"member_no": no}));
    assert_eq!(m["tier"], "普通");
    let a = ok(&site, "account", json!({"member_no": no}));
    assert_eq!(a["points"], 5500);
    let (clean, report) = site.verify();
    assert!(clean, "{report}");
}

#[test]
fn refusals_name_what_was_wrong_in_words_and_write_nothing() {
    let site = Site::new();
    write_config(&site);
    let no = member(&site);
    let before = ok(&site, "member_journal", json!({"member_no": no}));
    let e = refused(
        &site,
        "buy_tier",
        json!({"op_id": "r1", "member_no": no, "tier": "金卡"}),
    );
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("invalid_input"), Some("tier")),
        "{e}"
    );
    assert!(
        e["message_en"]
            .as_str()
            .is_some_and(|m| m.contains("one tier only: to 银卡")),
        "{e}"
    );
    ok(
        &site,
        "buy_tier",
        json!({"op_id": "r2", "member_no": no, "tier": "银卡"}),
    );
    // 金卡 has no tier_price in this config.
    let e = refused(
        &site,
        "buy_tier",
        json!({"op_id": "r3", "member_no": no, "tier": "金卡"}),
    );
    assert!(
        e["message_en"]
            .as_str()
            .is_some_and(|m| m.contains("金卡 cannot be bought with points")),
        "{e}"
    );
    // 3500 points left: the card's 3000, then not enough for a second.
    ok(
        &site,
        "convert_points",
        json!({"op_id": "r4", "member_no": no, "into": "count_card", "package": "ktv10"}),
    );
    let e = refused(
        &site,
        "convert_points",
        json!({"op_id": "r5", "member_no": no, "into": "count_card", "package": "ktv10"}),
    );
    assert_eq!(e["code"], "insufficient_balance", "{e}");
    let after = ok(&site, "member_journal", json!({"member_no": no}));
    let len = |v: &Value| v.as_array().map(Vec::len).unwrap_or(0);
    assert_eq!(len(&after), len(&before) + 2, "only the two that posted");
    let (clean, report) = site.verify();
    assert!(clean, "{report}");
}
