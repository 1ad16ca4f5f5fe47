//! `carddesk report KIND --csv` on a small worked scenario, each figure asserted.
//! Scenario (one day, outlet "rooms"): shift opened with 100.00 float; A tops up 500
//! (bonus 100) and checks out 388 from stored value (bonus first: 100 bonus + 288
//! principal, 288 points earned, a cash20 coupon issued); B tops up 200 (bonus 20);
//! C registers as 金卡; the shift closes with 800.00 counted.

mod common;

use common::{text, Site};
use serde_json::json;

fn csv_report(site: &Site, args: &[&str]) -> Vec<Vec<String>> {
    let db = site.db();
    let mut all = vec!["--db", db.to_str().unwrap(), "report"];
    all.extend(args);
    all.push("--csv");
    let out = site.run(&all);
    assert!(out.status.success(), "{args:?}: {}", text(&out));
    let mut r = csv::Reader::from_reader(&out.stdout[..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let mut rows = vec![header];
    for rec in r.records() {
        rows.push(rec.unwrap().iter().map(String::from).collect());
    }
    rows
}

fn cell<'a>(rows: &'a [Vec<String>], row: usize, key: &str) -> &'a str {
    let col = rows[0]
        .iter()
        .position(|h| h == key)
        .unwrap_or_else(|| panic!("no column {key}: {:?}", rows[0]));
    &rows[row][col]
}

fn scenario() -> (Site, [String; 3]) {
    let site = Site::new();
    site.add_staff();
    let ok = |kind: &str, req: serde_json::Value| -> serde_json::Value {
        let (code, out) = site.op(kind, req);
        assert_eq!(code, 0, "{kind}: {out}");
        out["result"].clone()
    };
    ok(
        "open_shift",
        json!({"op_id": "s1", "operator": "boss", "operator_pin": "999999", "float": "100"}),
    );
    let reg = |id: &str, name: &str, phone: &str, tier: Option<&str>| -> String {
        let mut req = json!({"op_id": id, "operator": "boss", "operator_pin": "999999", "profile": {"name": name, "phone": phone}});
        if let Some(t) = tier {
            req["tier"] = t.into();
        }
        ok("register_member", req)["member"]["member_no"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let a = reg("ra", "张三", "13800138000", None);
    let b = reg("rb", "李四", "13900139000", None);
    let c = reg("rc", "王五", "13700137000", Some("金卡"));
    ok(
        "top_up",
        json!({"op_id": "ta", "operator": "boss", "operator_pin": "999999", "member_no": a, "amount": "500"}),
    );
    ok(
        "checkout",
        json!({"op_id": "ca", "operator": "boss", "operator_pin": "999999", "member_no": a, "bill": "388", "bill_ref": "RM-1", "use_stored_value": true}),
    );
    ok(
        "top_up",
        json!({"op_id": "tb", "operator": "boss", "operator_pin": "999999", "member_no": b, "amount": "200"}),
    );
    ok(
        "close_shift",
        json!({"op_id": "s2", "operator": "boss", "operator_pin": "999999", "counted_cash": "800"}),
    );
    (site, [a, b, c])
}

#[test]
fn every_report_kind_on_a_small_scenario() {
    let (site, [a, _b, c]) = scenario();

    let s = csv_report(&site, &["stored-value"]);
    assert_eq!(s[1], ["2", "412.00", "20.00", "432.00"], "{s:?}");

    let p = csv_report(&site, &["points"]);
    assert_eq!(cell(&p, 1, "members"), "1");
    assert_eq!(cell(&p, 1, "points"), "288");
    assert_eq!(cell(&p, 1, "value"), "28.80"); // 10 points = 1.00

    let cp = csv_report(&site, &["coupons"]);
    assert_eq!(cp.len(), 2, "{cp:?}");
    assert_eq!(cp[1], ["cash20", "1", "0", "0", "0"]);

    let t = csv_report(&site, &["tiers"]);
    assert_eq!(t[1], ["普通", "2", "0", "2"]);
    assert_eq!(t[3], ["金卡", "1", "0", "1"]);

    let n = csv_report(&site, &["new-members"]);
    assert_eq!(n.len(), 4, "{n:?}");
    assert_eq!(cell(&n, 1, "name"), "张三");
    assert_eq!(cell(&n, 3, "member_no"), c);

    // Everyone came in today: none is dormant for a day; all are for "0 days".
    assert_eq!(csv_report(&site, &["dormant", "--days", "1"]).len(), 1);
    assert_eq!(csv_report(&site, &["dormant", "--days", "0"]).len(), 4);

    // Own money only: A's 288 principal; top-ups are not spend.
    let top = csv_report(&site, &["top-spenders"]);
    assert_eq!(top.len(), 2, "{top:?}");
    assert_eq!(cell(&top, 1, "member_no"), a);
    assert_eq!(cell(&top, 1, "spend"), "288.00");

    let d = csv_report(&site, &["day"]);
    assert_eq!(cell(&d, 1, "outlet"), "rooms");
    assert_eq!(cell(&d, 1, "cash_taken"), "700.00");
    assert_eq!(cell(&d, 1, "stored_value_in"), "700.00");
    assert_eq!(cell(&d, 1, "bonus_granted"), "120.00");
    assert_eq!(cell(&d, 1, "stored_value_spent"), "388.00");
    assert_eq!(cell(&d, 1, "points_earned"), "288");

    let sh = csv_report(&site, &["shift"]);
    assert_eq!(sh.len(), 2, "{sh:?}");
    assert_eq!(cell(&sh, 1, "float"), "100.00");
    assert_eq!(cell(&sh, 1, "cash_taken"), "700.00");
    assert_eq!(cell(&sh, 1, "expected_cash"), "800.00");
    assert_eq!(cell(&sh, 1, "over_short"), "0.00");

    // Another outlet saw none of it.
    let other = csv_report(&site, &["stored-value", "--outlet", "ktv"]);
    assert_eq!(other[1], ["0", "0.00", "0.00", "0.00"]);
    assert_eq!(
        csv_report(&site, &["new-members", "--outlet", "ktv"]).len(),
        1
    );
}

#[test]
fn report_window_and_kind_errors_are_clear() {
    let site = Site::new();
    site.init();
    let db = site.db();
    let db = db.to_str().unwrap();
    let out = site.run(&["--db", db, "report", "nonsense"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("stored-value"), "{}", text(&out));
    let out = site.run(&["--db", db, "report", "day", "--from", "2026-13-01"]);
    assert!(text(&out).contains("日期格式应为"), "{}", text(&out));
    let out = site.run(&[
        "--db",
        db,
        "report",
        "day",
        "--from",
        "2026-02-01",
        "--to",
        "2026-01-01",
    ]);
    assert!(!out.status.success());
    // A past window is empty but still a table.
    let out = site.run(&[
        "--db",
        db,
        "report",
        "new-members",
        "--from",
        "2020-01-01",
        "--to",
        "2020-01-31",
    ]);
    assert!(out.status.success());
    assert!(text(&out).contains("（无记录）"), "{}", text(&out));
}

#[test]
fn the_referral_ranking_counts_the_members_each_referrer_brought() {
    let (site, [a, b, _c]) = scenario();
    for (id, name, referrer) in [
        ("rd", "赵六", "13800138000"),
        ("re", "钱七", a.as_str()),
        ("rf", "孙八", b.as_str()),
    ] {
        let (code, out) = site.op(
            "register_member",
            json!({"op_id": id, "operator": "boss", "operator_pin": "999999",
                   "profile": {"name": name, "referrer": referrer}}),
        );
        assert_eq!(code, 0, "{out}");
    }
    let r = csv_report(&site, &["referrals"]);
    assert_eq!(r.len(), 3, "{r:?}");
    assert_eq!(
        r[0],
        [
            "rank",
            "member_no",
            "name",
            "tier",
            "referred",
            "rewarded",
            "points"
        ]
    );
    assert_eq!(r[1], ["1", a.as_str(), "张三", "普通", "2", "0", "0"]);
    assert_eq!(r[2], ["2", b.as_str(), "李四", "普通", "1", "0", "0"]);
    assert_eq!(csv_report(&site, &["referrals", "--limit", "1"]).len(), 2);
}
