//! A request whose idempotency key was already seen returns the first result and writes
//! nothing; the same key with a different request is refused.

mod common;

use carddesk_data::ops::RegisterMember;
use carddesk_data::{Profile, Request};
use common::{actor, TestBook};

fn register(name: &str) -> Request {
    Request::RegisterMember(RegisterMember {
        profile: Profile {
            name: name.into(),
            ..Default::default()
        },
        tier: None,
        credentials: vec![],
    })
}

#[test]
fn the_same_request_key_twice_writes_one_entry_and_answers_the_same() {
    let mut t = TestBook::new();
    let first = t
        .book
        .execute(&actor(), "pms-42", &register("张三"))
        .unwrap();
    let again = t
        .book
        .execute(&actor(), "pms-42", &register("张三"))
        .unwrap();
    assert!(!first.replayed);
    assert!(again.replayed);
    assert_eq!(first.entry_id, again.entry_id);
    assert_eq!(first.member, again.member);
    assert_eq!(
        t.book.verify().unwrap().entries,
        3 + 1,
        "the staff entries and one more"
    );
}

#[test]
fn the_same_key_for_a_different_request_is_refused() {
    let mut t = TestBook::new();
    t.book
        .execute(&actor(), "pms-42", &register("张三"))
        .unwrap();
    let err = t
        .book
        .execute(&actor(), "pms-42", &register("李四"))
        .unwrap_err();
    assert_eq!(err.code(), "op_id_reused");
    assert_eq!(
        t.book.verify().unwrap().entries,
        3 + 1,
        "the staff entries and one more"
    );
}
