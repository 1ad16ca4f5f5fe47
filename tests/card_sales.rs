//! Card sales and staff commission through the real binary: `carddesk op sell_card`
//! with the seed's rules in config.toml, a top-up below the least first top-up refused
//! in words, `carddesk op commission_report`, `carddesk report commission --csv`, a
//! reversal taking the commission back, and `carddesk verify` clean.

mod common;

use common::{text, Site};
use serde_json::json;

const RULES: &str = r#"[terminal]
id = "T01"
outlet = "rooms"

[rules.card_sales]
min_first_top_up = 500
fees = { "普通" = 200, "银卡" = 300, "金卡" = 500, "白金" = 800 }

[rules.commission]
card = { "普通" = 20, "银卡" = 25, "金卡" = 35, "白金" = 50 }
top_up_fixed = 5
top_up_rate = 0.01
"#;

fn site() -> Site {
    let site = Site::new();
    std::fs::write(site.path("config.toml"), RULES).unwrap();
    site.add_staff();
    site
}

fn commission_csv(site: &Site) -> Vec<Vec<String>> {
    let db = site.db();
    let out = site.run(&[
        "--db",
        db.to_str().unwrap(),
        "report",
        "commission",
        "--csv",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let mut r = csv::Reader::from_reader(&out.stdout[..]);
    let mut rows = vec![r.headers().unwrap().iter().map(String::from).collect()];
    for rec in r.records() {
        rows.push(rec.unwrap().iter().map(String::from).collect());
    }
    rows
}

#[test]
fn a_card_sold_and_a_top_up_earn_commission_reported_per_operator_and_a_reversal_takes_it_back() {
    let site = site();
    let boss = |id: &str, mut req: serde_json::Value| {
        req["op_id"] = id.into();
        req["operator"] = "boss".into();
        req["operator_pin"] = "999999".into();
        req
    };
    let (code, reg) = site.op(
        "register_member",
        boss(
            "r1",
            json!({"profile": {"name": "张三", "phone": "13800138000"}}),
        ),
    );
    assert_eq!(code, 0, "{reg}");
    let no = reg["result"]["member"]["member_no"]
        .as_str()
        .unwrap()
        .to_string();

    let (code, sold) = site.op(
        "sell_card",
        boss(
            "c1",
            json!({"member_no": no, "tier": "金卡", "tender": "bank_card"}),
        ),
    );
    assert_eq!(code, 0, "{sold}");
    assert_eq!(sold["result"]["kind"], "card_sold");
    assert_eq!(sold["result"]["detail"]["fee"], "500");
    assert_eq!(sold["result"]["detail"]["commission"], "35");
    assert_eq!(sold["result"]["member"]["tier"], "金卡");

    // Below the least first top-up: refused in words, nothing written.
    let (code, refused) = site.op(
        "top_up",
        boss("t0", json!({"member_no": no, "amount": "200"})),
    );
    assert_ne!(code, 0);
    let message = refused["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("500"), "{refused}");
    let (code, topped) = site.op(
        "top_up",
        boss("t1", json!({"member_no": no, "amount": "1000"})),
    );
    assert_eq!(code, 0, "{topped}");

    let (code, report) = site.op("commission_report", boss("q1", json!({})));
    assert_eq!(code, 0, "{report}");
    assert_eq!(
        report["result"],
        json!([{"operator": "boss", "cards": 1, "top_ups": 1, "amount": "50.00"}])
    );
    let rows = commission_csv(&site);
    assert_eq!(rows[0], ["operator", "cards", "top_ups", "commission"]);
    assert_eq!(rows[1], ["boss", "1", "1", "50.00"]);

    let (code, rev) = site.op(
        "reverse",
        boss(
            "v1",
            json!({"entry_id": sold["result"]["entry_id"], "reason": "退卡"}),
        ),
    );
    assert_eq!(code, 0, "{rev}");
    let rows = commission_csv(&site);
    assert_eq!(
        rows[1],
        ["boss", "0", "1", "15.00"],
        "the sale's 35.00 taken back"
    );
    let (ok, out) = site.verify();
    assert!(ok, "{out}");
}

#[test]
fn a_tier_not_sold_is_refused_in_the_operators_words() {
    let site = site();
    let (_, reg) = site.op(
        "register_member",
        json!({"op_id": "r1", "operator": "boss", "operator_pin": "999999",
               "profile": {"name": "李四", "phone": "13900139000"}}),
    );
    let no = reg["result"]["member"]["member_no"]
        .as_str()
        .unwrap()
        .to_string();
    let (code, out) = site.op(
        "sell_card",
        json!({"op_id": "c1", "operator": "boss", "operator_pin": "999999",
               "member_no": no, "tier": "钻石"}),
    );
    assert_ne!(code, 0, "{out}");
    assert_eq!(out["error"]["code"], "invalid_input");
    let message = out["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("钻石") && message.contains("金卡"),
        "{message}"
    );
}
