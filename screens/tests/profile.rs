//! The profile form's consent to notices (F4): what the cashier sets is what is posted,
//! on a new member and on an edit, and an edit that only changes consent still posts.

mod common;

use carddesk_model::{Lang, Request};
use common::*;
use crossterm::event::KeyCode;

#[test]
fn f4_sets_consent_and_an_edit_posts_only_that() {
    let mut d = on_member(Lang::Zh, false);
    d.key(KeyCode::F(6));
    assert!(d.draw(80, 24).contains("未询问"), "{}", d.draw(80, 24));
    d.key(KeyCode::F(4));
    assert!(d.draw(80, 24).contains("同意  (F4)"), "{}", d.draw(80, 24));
    let (_, request) = execute(&d.key(KeyCode::F(12))).expect("posted");
    let Request::EditMember(edit) = request else {
        panic!("not an edit: {request:?}");
    };
    assert_eq!(edit.changes.notices, Some(true));
    assert_eq!(edit.changes.name, None, "nothing else changed");
}

#[test]
fn consent_cycles_agreed_declined_and_a_new_member_carries_it() {
    let mut d = logged_in(Lang::En, false);
    d.key(KeyCode::F(2));
    d.type_text("Lin");
    d.key(KeyCode::F(4));
    d.key(KeyCode::F(4));
    assert!(
        d.draw(80, 24).contains("declined  (F4)"),
        "{}",
        d.draw(80, 24)
    );
    let (_, request) = execute(&d.key(KeyCode::F(12))).expect("posted");
    let Request::RegisterMember(reg) = request else {
        panic!("not a registration: {request:?}");
    };
    assert_eq!(reg.profile.notices, Some(false));
    assert_eq!(reg.profile.name, "Lin");
}
