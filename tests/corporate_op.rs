//! Corporate accounts (协议单位) through the real binary with seed 001's rules in
//! config.toml: a company opened and a member put under it, a stay earning the company
//! 77 points a night, a charge above the credit limit refused in words, a charge and a
//! settlement, `carddesk report company-statement --csv`, and `carddesk verify` clean.

mod common;

use common::{text, Site};
use serde_json::json;

const RULES: &str = r#"[terminal]
id = "T01"
outlet = "rooms"

[rules.corporate]
points_per_night = 77
guest_points = "both"
max_credit_limit = 100000
"#;

#[test]
fn a_company_earns_for_its_members_stays_is_charged_within_its_limit_and_settled() {
    let site = Site::new();
    std::fs::write(site.path("config.toml"), RULES).unwrap();
    site.add_staff();
    let boss = |id: &str, mut req: serde_json::Value| {
        req["op_id"] = id.into();
        req["operator"] = "boss".into();
        req["operator_pin"] = "999999".into();
        req
    };
    let register = |id: &str, name: &str| {
        let (code, reg) = site.op(
            "register_member",
            boss(id, json!({"profile": {"name": name}})),
        );
        assert_eq!(code, 0, "{reg}");
        reg["result"]["member"]["member_no"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let company = register("r1", "七天商旅");
    let guest = register("r2", "差旅员工");
    let (code, out) = site.op(
        "open_company",
        boss("c1", json!({"member_no": company, "credit_limit": "1000"})),
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(out["result"]["kind"], "company_opened");
    let (code, out) = site.op(
        "link_to_company",
        json!({"op_id": "c2", "operator": "pms", "member_no": guest, "company_no": company}),
    );
    assert_eq!(code, 0, "{out}");
    let (code, out) = site.op(
        "post_stay",
        json!({"op_id": "s1", "operator": "pms", "member_no": guest, "nights": 2,
               "room_revenue": "600", "folio_ref": "F-1"}),
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out["result"]["follow_ups"].as_array().map(Vec::len),
        Some(1)
    );
    let (_, acct) = site.op("account", json!({"member_no": company}));
    assert_eq!(acct["result"]["points"], 154);

    let (code, out) = site.op(
        "charge_company",
        json!({"op_id": "h1", "operator": "pms", "member_no": guest,
               "amount": "1000.01", "bill_ref": "B-1"}),
    );
    assert_eq!(code, 2, "{out}");
    assert!(
        out["error"]["message_en"]
            .as_str()
            .unwrap_or_default()
            .contains("above its credit limit of 1000"),
        "{out}"
    );
    let (code, out) = site.op(
        "charge_company",
        json!({"op_id": "h2", "operator": "pms", "member_no": guest,
               "amount": "880", "bill_ref": "B-2"}),
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(out["result"]["member"]["member_no"], company.as_str());
    let (code, out) = site.op(
        "settle_company",
        boss(
            "p1",
            json!({"member_no": company, "amount": "500", "tender": "bank_card"}),
        ),
    );
    assert_eq!(code, 0, "{out}");
    let (_, standing) = site.op("company_standing", json!({"member_no": company}));
    assert_eq!(standing["result"]["owed"], "380.00");

    let db = site.db();
    let out = site.run(&[
        "--db",
        db.to_str().unwrap(),
        "report",
        "company-statement",
        "--member",
        &company,
        "--csv",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let csv = String::from_utf8_lossy(&out.stdout).to_string();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "entry,time,kind,bill_ref,member_no,charged,paid,owed"
    );
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[1].contains("company_charged,B-2,") && lines[1].ends_with(",880.00,0.00,880.00"));
    assert!(lines[2].contains("company_settled") && lines[2].ends_with(",0.00,500.00,380.00"));
    // Without --member the report says what it needs, in words.
    let out = site.run(&["--db", db.to_str().unwrap(), "report", "company-statement"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let (ok, out) = site.verify();
    assert!(ok, "{out}");
}
