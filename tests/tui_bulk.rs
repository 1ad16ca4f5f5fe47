//! Bulk coupons on the counter through its own path: keys into the app, the real worker
//! on a real book. A supervisor counts a tier, F12 issues one coupon entry per member
//! approved by them, F12 again posts nothing; a cashier is refused by the worker too.

#[path = "common/counter.rs"]
mod counter;

use carddesk_data::ops::{Audience, IssueCouponsBulk};
use carddesk_data::{Actor, Book, EntryBody, EntryKind, SystemClock};
use carddesk_screens::{Command, Options, Reply};
use counter::{add_staff, must, request, terminal, Counter};
use crossterm::event::KeyCode;
use serde_json::json;

/// A book with the staff and two members of the entry tier.
fn counter() -> (Counter, Vec<String>) {
    let dir = must(tempfile::tempdir(), "temp dir");
    let mut book = must(
        Book::create(
            &dir.path().join("book.db"),
            terminal(),
            Box::new(SystemClock),
        ),
        "open the book",
    );
    add_staff(&mut book, ["Admin", "Sup", "Cash"]);
    let cashier = Actor::new("cashier1", "rooms");
    let mut members = Vec::new();
    for (i, name) in ["张三", "李四"].iter().enumerate() {
        let reg = request(json!({"op": "register_member", "profile": {"name": name}}));
        let out = must(
            book.execute(&cashier, &format!("reg-{i}"), &reg),
            "register",
        );
        members.push(out.member.map(|m| m.member_no).unwrap_or_default());
    }
    let c = Counter::new(
        book,
        dir,
        Options::new(carddesk_data::Lang::En, false, false),
    );
    (c, members)
}

fn coupon_entries(c: &Counter, no: &str) -> Vec<EntryBody> {
    must(c.w.book().recent_entries(no, 50), "entries")
        .into_iter()
        .filter(|e| e.kind == EntryKind::CouponIssued)
        .map(|e| must(e.parsed_body(), "body"))
        .collect()
}

#[test]
fn a_supervisor_counts_a_tier_and_f12_issues_one_coupon_each_once() {
    let (mut c, members) = counter();
    c.log_in("sup1", "246813");
    c.key(KeyCode::F(9));
    c.typed("b");
    assert_eq!(c.d.screen(), "bulk_coupons");
    // F2: a tier (the first, 普通, filled in); the reason; Enter counts.
    c.key(KeyCode::F(2));
    c.key(KeyCode::Tab);
    c.typed("opening week");
    let entries_before = must(c.w.book().journal_page(None, 1000), "journal").len();
    c.key(KeyCode::Enter);
    assert!(c.screen().contains("2 members get"), "{}", c.screen());
    assert_eq!(
        must(c.w.book().journal_page(None, 1000), "journal").len(),
        entries_before,
        "a count writes nothing"
    );
    c.key(KeyCode::F(12));
    assert!(c.screen().contains("2 "), "{}", c.screen());
    for no in &members {
        let issued = coupon_entries(&c, no);
        assert_eq!(issued.len(), 1, "{no}");
        match &issued[0] {
            EntryBody::CouponIssued {
                approved_by,
                reason,
                ..
            } => {
                assert_eq!(approved_by, "sup1");
                assert_eq!(reason, "opening week");
            }
            other => panic!("{other:?}"),
        }
    }
    let after = must(c.w.book().journal_page(None, 1000), "journal").len();
    c.key(KeyCode::F(12));
    assert_eq!(
        must(c.w.book().journal_page(None, 1000), "journal").len(),
        after,
        "F12 again posts nothing"
    );
    assert!(must(c.w.book().verify(), "verify").is_clean());
}

#[test]
fn a_cashier_is_refused_by_the_worker_too() {
    let (mut c, members) = counter();
    c.log_in("cashier1", "1357");
    let request = IssueCouponsBulk {
        template: "cash20".into(),
        audience: Audience::Tier {
            tier: "普通".into(),
        },
        reason: "r".into(),
    };
    for cmd in [
        Command::PreviewBulk {
            ticket: 1,
            request: request.clone(),
        },
        Command::IssueBulk {
            ticket: 2,
            op_id: "x".into(),
            request: request.clone(),
        },
    ] {
        match c.w.handle(cmd) {
            Some(Reply::Bulk { result: Err(e), .. }) => assert_eq!(e.code(), "needs_supervisor"),
            other => panic!("bulk for a cashier: {other:?}"),
        }
    }
    assert!(members.iter().all(|no| coupon_entries(&c, no).is_empty()));
}
