//! Tampering is detected by `carddesk verify`, which names what is wrong: a changed
//! entry, a deleted entry, a reordered sequence, an edited table row, a removed tail.

mod common;

use common::Site;
use serde_json::json;

/// A book with a few members and edits, written through `carddesk op`.
fn book() -> Site {
    let site = Site::new();
    for (i, name) in ["张三", "李四", "王五"].iter().enumerate() {
        let (code, _) = site.op(
            "register_member",
            json!({"op_id": format!("r{i}"), "profile": {"name": name, "phone": format!("1380000000{i}")}}),
        );
        assert_eq!(code, 0);
    }
    let (code, _) = site.op(
        "edit_member",
        json!({"op_id": "e1", "member_no": "10000002", "changes": {"notes": "VIP"}}),
    );
    assert_eq!(code, 0);
    let (ok, out) = site.verify();
    assert!(ok, "clean before tampering: {out}");
    site
}

fn tamper(site: &Site, sql: &str) {
    let conn = rusqlite::Connection::open(site.db()).unwrap();
    conn.execute_batch(sql).unwrap();
}

fn detected(site: &Site, expect: &[&str]) {
    let (ok, out) = site.verify();
    assert!(!ok, "verify must fail: {out}");
    for e in expect {
        assert!(out.contains(e), "report should contain {e:?}:\n{out}");
    }
}

#[test]
fn a_changed_entry_is_detected() {
    let site = book();
    tamper(
        &site,
        "UPDATE journal SET body = replace(body, '李四', '李肆') WHERE seq = 2",
    );
    detected(&site, &["entry T01-2: content does not match its hash"]);
}

#[test]
fn a_deleted_entry_is_detected() {
    let site = book();
    tamper(&site, "DELETE FROM journal WHERE seq = 2");
    detected(&site, &["terminal T01: sequence jumps from 2 to 3"]);
}

#[test]
fn a_reordered_sequence_is_detected() {
    let site = book();
    tamper(&site, "UPDATE journal SET seq = -1 WHERE seq = 2; UPDATE journal SET seq = 2 WHERE seq = 3; UPDATE journal SET seq = 3 WHERE seq = -1;");
    detected(&site, &["content does not match its hash"]);
}

#[test]
fn an_edited_table_row_is_named_with_expected_and_found() {
    let site = book();
    tamper(
        &site,
        "UPDATE members SET tier = '白金' WHERE member_no = '10000002'",
    );
    detected(
        &site,
        &["members [\"10000002\"] tier: journal says \"普通\", table has \"白金\""],
    );
}

#[test]
fn a_row_no_entry_explains_is_detected() {
    let site = book();
    tamper(
        &site,
        "INSERT INTO credentials (kind, value, member_no, status, last4, changed_hlc)
             VALUES ('card', 'FFFF', '10000001', 'active', NULL, 1)",
    );
    detected(
        &site,
        &["credentials [\"card\", \"FFFF\"]: no journal entry explains this row"],
    );
}

#[test]
fn a_removed_last_entry_is_detected() {
    let site = book();
    // The tail entry and its effect are both removed: no gap, no table mismatch.
    tamper(&site, "DELETE FROM journal WHERE seq = 4; UPDATE members SET notes = '', field_clock = '{}' WHERE member_no = '10000002'");
    detected(
        &site,
        &["request e1 was answered with entry T01-4, which is not in the journal"],
    );
}
