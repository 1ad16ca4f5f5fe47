//! `carddesk op issue_coupons_bulk` and `preview_coupons_bulk` through the real binary
//! on a real book: the preview's count is what the issue posts, one `coupon_issued`
//! entry per member; a retry under the op id posts nothing; a cashier alone and a bad
//! audience are refused in words; `carddesk verify` is clean afterwards.

mod common;

use common::Site;
use serde_json::{json, Value};

const SUP: &str = "supervisor";

fn sup() -> Value {
    json!({"id": "sup", "pin": "246813"})
}

fn register(site: &Site, n: u32, born: &str) -> String {
    let (code, out) = site.op(
        "register_member",
        json!({"op_id": format!("reg-{n}"),
               "profile": {"name": format!("会员{n}"), "phone": format!("1390000{n:04}"),
                           "birthday": born}}),
    );
    assert_eq!(code, 0, "{out}");
    out["result"]["member"]["member_no"]
        .as_str()
        .expect("member no")
        .to_string()
}

fn coupons(site: &Site, no: &str) -> usize {
    let (_, out) = site.op("account", json!({"member_no": no}));
    out["result"]["coupons"].as_array().map_or(0, Vec::len)
}

#[test]
fn the_bulk_issue_posts_what_its_preview_counted_once() {
    let site = Site::new();
    site.ensure_book();
    site.add_staff();
    let may = [
        register(&site, 1, "1990-05-01"),
        register(&site, 2, "1991-05-20"),
    ];
    let june = register(&site, 3, "1992-06-02");
    let frozen = register(&site, 4, "1993-05-09");
    let (code, out) = site.op(
        "freeze_member",
        json!({"op_id": "fz", "member_no": frozen, "reason": "挂失", SUP: sup()}),
    );
    assert_eq!(code, 0, "{out}");
    let req = json!({"template": "cash20", "reason": "五月寿星",
                     "audience": {"kind": "birthday_month", "month": 5}, SUP: sup()});

    let (code, preview) = site.op("preview_coupons_bulk", req.clone());
    assert_eq!(code, 0, "{preview}");
    assert_eq!(preview["result"]["members"], 2, "{preview}");
    assert_eq!(preview["result"]["skipped_frozen"], 1, "{preview}");
    assert!(
        may.iter().all(|no| coupons(&site, no) == 0),
        "a preview writes nothing"
    );

    let mut issue = req.clone();
    issue["op_id"] = "may-2026".into();
    let (code, first) = site.op("issue_coupons_bulk", issue.clone());
    assert_eq!(code, 0, "{first}");
    assert_eq!(first["result"]["members"], preview["result"]["members"]);
    assert_eq!(first["result"]["replayed"], false);
    for no in &may {
        assert_eq!(coupons(&site, no), 1, "{no}");
        let (_, j) = site.op("member_journal", json!({"member_no": no}));
        assert_eq!(j["result"][0]["kind"], "coupon_issued", "{j}");
        assert_eq!(j["result"][0]["body"]["approved_by"], "sup", "{j}");
    }
    assert_eq!(coupons(&site, &june), 0);
    assert_eq!(coupons(&site, &frozen), 0);

    let (code, again) = site.op("issue_coupons_bulk", issue);
    assert_eq!(code, 0, "{again}");
    assert_eq!(again["result"]["replayed"], true);
    assert_eq!(
        again["result"]["first_entry"],
        first["result"]["first_entry"]
    );
    assert_eq!(again["result"]["last_entry"], first["result"]["last_entry"]);
    assert!(may.iter().all(|no| coupons(&site, no) == 1), "posted once");

    let (ok, report) = site.verify();
    assert!(ok, "{report}");
}

#[test]
fn refusals_name_what_was_wrong_and_write_nothing() {
    let site = Site::new();
    site.ensure_book();
    site.add_staff();
    let no = register(&site, 1, "1990-05-01");
    let (code, out) = site.op(
        "issue_coupons_bulk",
        json!({"op_id": "b1", "template": "cash20", "reason": "r",
               "audience": {"kind": "birthday_month", "month": 5}}),
    );
    assert_eq!(code, 2, "{out}");
    assert_eq!(out["error"]["code"], "needs_supervisor", "{out}");
    let (code, out) = site.op(
        "issue_coupons_bulk",
        json!({"op_id": "b1", "template": "cash20", "reason": "r", SUP: sup(),
               "audience": {"kind": "dormant", "days": 0}}),
    );
    assert_eq!(code, 2, "{out}");
    assert_eq!(out["error"]["code"], "invalid_input", "{out}");
    let words = out["error"]["message"].as_str().unwrap_or_default();
    assert!(words.contains("未到店天数"), "{words}");
    let (code, out) = site.op(
        "issue_coupons_bulk",
        json!({"op_id": "b1", "template": "cash20", "reason": "r", SUP: sup(),
               "audience": {"kind": "weekday"}}),
    );
    assert_eq!(code, 2, "{out}");
    assert_eq!(coupons(&site, &no), 0);
}
