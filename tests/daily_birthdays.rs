//! `carddesk daily` with the birthday month turned on in config.toml: run twice, it
//! issues a member's birthday coupon once, and says how many it issued.

mod common;

use chrono::Datelike;
use common::{text, Site};
use serde_json::json;

#[test]
fn carddesk_daily_run_twice_issues_the_birthday_coupon_once() {
    let site = Site::new();
    std::fs::write(
        site.path("config.toml"),
        "[terminal]\nid = \"T01\"\n\n[database]\npath = \"book.db\"\n\n\
         [rules.birthday]\nwindow = \"month\"\ncoupon = \"free_fruit\"\n",
    )
    .expect("config");
    // This month in the rules' zone (UTC+8, the shipped offset).
    let month = (chrono::Utc::now() + chrono::Duration::hours(8)).month();
    let (code, out) = site.op(
        "register_member",
        json!({"op_id": "reg-1", "operator": "api",
               "profile": {"name": "寿星", "birthday": format!("1990-{month:02}-01")}}),
    );
    assert_eq!(code, 0, "{out}");
    let member = out["result"]["member"]["member_no"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let first = site.run(&["daily"]);
    assert!(first.status.success(), "{}", text(&first));
    assert!(
        text(&first).contains("\"birthday_coupons\":1"),
        "{}",
        text(&first)
    );
    let second = site.run(&["daily"]);
    assert!(second.status.success(), "{}", text(&second));
    let (_, account) = site.op("account", json!({"member_no": member}));
    let coupons = account["result"]["coupons"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(coupons.len(), 1, "{account}");
    assert_eq!(coupons[0]["template"], "free_fruit");
    let (ok, report) = site.verify();
    assert!(ok, "{report}");
}
