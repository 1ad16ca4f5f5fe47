//! Demo books carry op ids of their own, so two of them can sync through one hub.

mod common;

use std::collections::HashSet;

use carddesk_data::{Book, ManualClock, Rules};

fn demo_op_ids(terminal: &str) -> HashSet<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("demo.db");
    let clock = ManualClock::new(chrono::DateTime::from_timestamp(common::START, 0).expect("time"));
    let mut book =
        Book::create(&path, common::terminal(terminal), Box::new(clock)).expect("create book");
    carddesk_data::demo::add_members(&mut book, 1, 15, |_| {}).expect("demo members");
    drop(book);
    let conn = rusqlite::Connection::open(&path).expect("reopen");
    let mut stmt = conn.prepare("SELECT op_id FROM journal").expect("query");
    let ids = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .expect("rows")
        .collect::<Result<HashSet<_>, _>>()
        .expect("ids");
    ids
}

#[test]
fn two_demo_books_share_no_op_id() {
    let a = demo_op_ids("T01");
    let b = demo_op_ids("T01");
    let c = demo_op_ids("T02");
    assert!(a.len() >= 15, "{a:?}");
    assert!(
        a.is_disjoint(&b),
        "{:?}",
        a.intersection(&b).collect::<Vec<_>>()
    );
    assert!(a.is_disjoint(&c));
}

/// The demo book is consistent: its members above the entry tier have the history that
/// tier needs, so the first daily run after a tier period end demotes no one.
#[test]
fn the_first_daily_run_after_a_period_end_keeps_every_demo_tier() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("demo.db");
    // START is in September 2026; the period ends on 12-31.
    let clock = ManualClock::new(chrono::DateTime::from_timestamp(common::START, 0).expect("time"));
    let mut book =
        Book::create(&path, common::terminal("T01"), Box::new(clock.clone())).expect("create book");
    carddesk_data::demo::add_members(&mut book, 1, 300, |_| {}).expect("demo members");
    let tiers = |_: &Book| -> Vec<(String, i64)> {
        let conn = rusqlite::Connection::open(&path).expect("read the book");
        let mut stmt = conn
            .prepare("SELECT tier, count(*) FROM members GROUP BY tier ORDER BY tier")
            .expect("query");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("tiers")
    };
    let before = tiers(&book);
    let above_entry: i64 = before
        .iter()
        .filter(|(t, _)| *t != Rules::default().tiers[0].name)
        .map(|(_, n)| n)
        .sum();
    assert!(
        above_entry > 30,
        "the demo has members above the entry tier: {before:?}"
    );
    clock.set(chrono::DateTime::from_timestamp(common::START + 120 * 86_400, 0).expect("time"));
    let report = book.run_daily().expect("daily run");
    assert_eq!(report.tier_changes, 0, "{report:?}");
    assert_eq!(tiers(&book), before);
    assert!(book.verify().expect("verify").is_clean());
}
