//! Demo books carry op ids of their own, so two of them can sync through one hub.

mod common;

use std::collections::HashSet;

use carddesk_data::{Book, ManualClock};

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
