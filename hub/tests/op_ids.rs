//! An op id is one operation chain-wide: a second terminal's entry reusing one the hub
//! holds is refused whole, naming the entry that holds it, on SQLite and on PostgreSQL
//! (`CARDDESK_TEST_PG_URL`).

use carddesk_data::journal::Entry;
use carddesk_data::ops::RegisterMember;
use carddesk_data::replication::ReplicationError;
use carddesk_data::{Actor, Book, Profile, Request, Rules, SystemClock, Terminal};
use carddesk_hub::{HubError, HubStore};
use common::PgDb;

mod common;

/// `id`'s book with one registration under op id `op`: its entries.
fn registered(dir: &tempfile::TempDir, id: &str, prefix: &str, op: &str) -> Vec<Entry> {
    let mut book = Book::create(
        &dir.path().join(format!("{id}.db")),
        Terminal {
            id: id.into(),
            outlet: "rooms".into(),
            member_prefix: prefix.into(),
            rules: Rules::default(),
        },
        Box::new(SystemClock),
    )
    .expect("book");
    book.execute(
        &Actor::new("api", "rooms"),
        op,
        &Request::RegisterMember(RegisterMember {
            profile: Profile {
                name: format!("{id} 的会员"),
                ..Default::default()
            },
            tier: None,
            credentials: vec![],
        }),
    )
    .expect("register");
    book.own_entries_after(0, 100).expect("entries")
}

fn a_reused_op_id_is_refused_whole(spec: &str) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("tmp");
    let hub = rt.block_on(HubStore::open(spec)).expect("the store opens");
    for t in ["T01", "T02"] {
        rt.block_on(hub.enroll(t)).expect("enroll");
    }
    let first = registered(&dir, "T01", "1", "same-op");
    let second = registered(&dir, "T02", "2", "same-op");
    let holder = first
        .iter()
        .find(|e| e.op_id == "same-op")
        .map(Entry::id)
        .expect("T01's registration");
    rt.block_on(hub.push("T01", first)).expect("T01's entries");

    let refused = rt.block_on(hub.push("T02", second.clone()));
    match refused {
        Err(HubError::Refused(ReplicationError::OpIdReused { op_id, other, .. })) => {
            assert_eq!(
                (op_id.as_str(), other.as_str()),
                ("same-op", holder.as_str())
            );
        }
        other => panic!("expected the op id refused, got {other:?}"),
    }
    let tips = rt.block_on(hub.tips()).expect("tips");
    assert_eq!(
        tips.get("T02").map(|t| t.seq),
        Some(0),
        "nothing of T02 kept"
    );
}

#[test]
fn on_sqlite_a_reused_op_id_is_refused_whole() {
    let dir = tempfile::tempdir().expect("tmp");
    a_reused_op_id_is_refused_whole(&format!("sqlite:{}", dir.path().join("hub.db").display()));
}

#[test]
fn on_postgresql_a_reused_op_id_is_refused_whole() {
    let db = PgDb::create("op_ids");
    a_reused_op_id_is_refused_whole(&db.url);
}
