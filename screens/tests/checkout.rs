//! The checkout in fewer keys (issue 16, item 12): the member's coupons picked with F7,
//! Enter on a complete form goes to the quote, the member's PIN asked for only when the
//! quote needs it, and the cash received with the change due.

mod common;

use carddesk_model::{Checkout, Lang, Request};
use carddesk_screens::testing::Driver;
use carddesk_screens::{Command, Quote, Reply};
use common::*;
use crossterm::event::KeyCode;
use rust_decimal::Decimal;

/// The checkout request the last quote was asked for.
fn quoted_checkout(cmds: &[Command]) -> Option<(u64, Checkout)> {
    cmds.iter().find_map(|c| match c {
        Command::Quote {
            ticket,
            request: Request::Checkout(r),
            ..
        } => Some((*ticket, r.clone())),
        _ => None,
    })
}

fn answer(d: &mut Driver, ticket: u64, q: Quote) {
    d.reply(Reply::Quoted {
        ticket,
        result: Ok(q),
    });
}

fn field_line(screen: &str, label: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(label))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn enter_on_a_complete_checkout_goes_to_the_quote_from_any_field() {
    let mut d = on_member(Lang::En, false);
    d.key(KeyCode::F(3));
    d.type_text("188");
    // The bill reference is still missing: Enter moves to it.
    let cmds = d.key(KeyCode::Enter);
    assert!(quoted_checkout(&cmds).is_none(), "{cmds:?}");
    d.type_text("A-1");
    let cmds = d.key(KeyCode::Enter);
    let (_, r) = quoted_checkout(&cmds).expect("the complete form is quoted");
    assert_eq!(r.bill, Decimal::from(188));
    assert_eq!(r.bill_ref, "A-1");
}

#[test]
fn f7_picks_the_members_open_coupons_in_turn_and_quotes_a_complete_form() {
    let mut d = on_member(Lang::En, false);
    d.key(KeyCode::F(3));
    let s = d.draw(80, 24);
    assert!(field_line(&s, "Coupons").contains("1 (F7)"), "{s}");
    d.type_text("188");
    d.key(KeyCode::Tab);
    d.type_text("A-1");
    let cmds = d.key(KeyCode::F(7));
    let (_, r) = quoted_checkout(&cmds).expect("quoted with the coupon");
    assert_eq!(r.coupons, ["CPN8K2Q9"]);
    let s = d.draw(80, 24);
    assert!(field_line(&s, "Coupon code").contains("CPN8K2Q9"), "{s}");
    assert!(field_line(&s, "Coupons").contains("1/1"), "{s}");
    // Past the last one: no coupon.
    let cmds = d.key(KeyCode::F(7));
    let (_, r) = quoted_checkout(&cmds).expect("quoted without");
    assert!(r.coupons.is_empty(), "{r:?}");
}

#[test]
fn cash_received_keeps_the_quote_and_shows_the_change() {
    let mut d = on_member(Lang::En, false);
    d.key(KeyCode::F(3));
    d.type_text("188");
    d.key(KeyCode::Tab);
    d.type_text("A-1");
    let cmds = d.key(KeyCode::Enter);
    let (ticket, _) = quoted_checkout(&cmds).expect("quoted");
    let Quote::Checkout(mut q) = checkout_quote() else {
        panic!("not a checkout quote")
    };
    q.lines.principal_paid = Decimal::ZERO;
    q.lines.bonus_paid = Decimal::ZERO;
    q.lines.tender_paid = Decimal::new(14_920, 2);
    answer(&mut d, ticket, Quote::Checkout(q));
    // The quote puts the cursor on the cash received: typed, the quote stays.
    d.type_text("200");
    let s = d.draw(80, 24);
    assert!(field_line(&s, "Cash received").contains("200"), "{s}");
    assert!(field_line(&s, "Change").contains("50.80"), "{s}");
    assert!(s.contains("before → after"), "the quote stays:\n{s}");
    let posted = execute(&d.key(KeyCode::F(12)));
    let Some((_, Request::Checkout(r))) = posted else {
        panic!("F12 posts the quote on screen")
    };
    assert_eq!(r.bill_ref, "A-1");
    // Too little handed over is said as such.
    let mut d = on_member(Lang::Zh, false);
    d.key(KeyCode::F(3));
    d.type_text("188");
    d.key(KeyCode::Tab);
    d.type_text("A-1");
    let (ticket, _) = quoted_checkout(&d.key(KeyCode::Enter)).expect("quoted");
    let Quote::Checkout(mut q) = checkout_quote() else {
        panic!("not a checkout quote")
    };
    q.lines.tender_paid = Decimal::new(14_920, 2);
    answer(&mut d, ticket, Quote::Checkout(q));
    d.type_text("100");
    let s = d.draw(80, 24);
    assert!(field_line(&s, "现金不足").contains("49.20"), "{s}");
}

#[test]
fn the_members_pin_is_asked_for_only_when_the_quote_needs_it() {
    let mut d = on_member(Lang::En, false);
    d.key(KeyCode::F(3));
    d.type_text("5000");
    d.key(KeyCode::Tab);
    d.type_text("A-9");
    let (ticket, r) = quoted_checkout(&d.key(KeyCode::Enter)).expect("quoted");
    assert_eq!(r.pin, None);
    let Quote::Checkout(mut q) = checkout_quote() else {
        panic!("not a checkout quote")
    };
    q.pin_needed = true;
    answer(&mut d, ticket, Quote::Checkout(q));
    let s = d.draw(80, 24);
    assert!(s.contains("PIN"), "said before F12:\n{s}");
    // The cursor is on the PIN: typed, then quoted again with it.
    d.type_text("8642");
    let (_, r) = quoted_checkout(&d.key(KeyCode::Enter)).expect("quoted again");
    assert_eq!(r.pin.as_deref(), Some("8642"));
}

/// Issue 16, item 14: a checkout begun on home (F3) finds its member by a phone or a
/// name typed on the form, not only by a scan.
#[test]
fn a_checkout_begun_with_no_member_finds_one_by_phone_or_name() {
    use carddesk_model::{Found, MemberSummary};
    use carddesk_screens::testing::sample_member;
    use carddesk_screens::FindPurpose;
    let mut d = logged_in(Lang::En, false);
    d.key(KeyCode::F(3));
    let s = d.draw(80, 24);
    assert!(s.contains("Member (Up)"), "{s}");
    // Up from the bill reaches the member line; a name matching several lists them.
    d.key(KeyCode::Up);
    let cmds = d.type_text("Wang");
    assert!(cmds.is_empty(), "typing sent {cmds:?}");
    let cmds = d.key(KeyCode::Enter);
    let find = |cmds: &[Command]| {
        cmds.iter().find_map(|c| match c {
            Command::Find {
                ticket,
                query,
                purpose,
            } => Some((*ticket, query.clone(), *purpose)),
            _ => None,
        })
    };
    let (ticket, query, purpose) = find(&cmds).expect("a lookup");
    assert_eq!((query.as_str(), purpose), ("Wang", FindPurpose::Lookup));
    let summary = |no: &str, name: &str| MemberSummary {
        member_no: no.into(),
        name: name.into(),
        phone: None,
        tier: "silver".into(),
        status: "active".into(),
    };
    d.reply(Reply::Found {
        ticket,
        query,
        purpose,
        result: Ok(Found::Many {
            members: vec![
                summary("10000001", "Wang Fang"),
                summary("10000002", "Wang Lei"),
            ],
        }),
    });
    assert_eq!(d.screen(), "checkout", "a list does not leave the checkout");
    let s = d.draw(80, 24);
    assert!(s.contains("2 members match; type more"), "{s}");
    assert!(s.contains("Wang Lei"), "{s}");
    // A phone: one member, attached; the cursor goes back to the bill.
    for _ in 0..4 {
        d.key(KeyCode::Backspace);
    }
    d.type_text("13800000042");
    let (ticket, query, purpose) = find(&d.key(KeyCode::Enter)).expect("a lookup");
    d.reply(Reply::Found {
        ticket,
        query,
        purpose,
        result: Ok(Found::One {
            member: Box::new(sample_member()),
        }),
    });
    assert_eq!(d.screen(), "checkout");
    let s = d.draw(80, 24);
    assert!(s.contains("Member no. 10000042"), "{s}");
    d.type_text("188");
    d.key(KeyCode::Tab);
    d.type_text("A-1");
    let (_, r) = quoted_checkout(&d.key(KeyCode::Enter)).expect("quoted");
    assert_eq!(r.member_no.as_str(), "10000042");
    assert_eq!(r.bill, Decimal::from(188));
}

/// Issue 16, item 12: how many points and how much stored value to use, all that
/// applies unless a limit is typed; a limit switches its way of paying on, and F5/F6
/// off forgets it.
#[test]
fn points_and_stored_value_are_amounts_to_use_defaulting_to_all() {
    let mut d = on_member(Lang::En, false);
    d.key(KeyCode::F(3));
    let s = d.draw(80, 24);
    assert!(field_line(&s, "Use points").contains("no (F5)"), "{s}");
    assert!(
        field_line(&s, "Use stored value").contains("yes, all (F6)"),
        "{s}"
    );
    d.type_text("188");
    d.key(KeyCode::Tab);
    d.type_text("A-1");
    d.key(KeyCode::Tab);
    d.key(KeyCode::Tab);
    // The points limit: typed, points pay, at most that many.
    d.type_text("300");
    d.key(KeyCode::Tab);
    d.type_text("50.5");
    let s = d.draw(80, 24);
    assert!(field_line(&s, "Use points").contains("max 300 (F5)"), "{s}");
    assert!(
        field_line(&s, "Use stored value").contains("max 50.5 (F6)"),
        "{s}"
    );
    let (_, r) = quoted_checkout(&d.key(KeyCode::Enter)).expect("quoted");
    assert!(r.use_points && r.use_stored_value, "{r:?}");
    assert_eq!(r.max_points, Some(300));
    assert_eq!(r.max_stored_value, Some(Decimal::new(505, 1)));
    // F5 switches points off and forgets the limit; F5 again is all that applies.
    d.key(KeyCode::F(5));
    let s = d.draw(80, 24);
    assert!(field_line(&s, "Use points").contains("no (F5)"), "{s}");
    let (_, r) = quoted_checkout(&d.key(KeyCode::Enter)).expect("quoted");
    assert_eq!((r.use_points, r.max_points), (false, None));
    d.key(KeyCode::F(5));
    let (_, r) = quoted_checkout(&d.key(KeyCode::Enter)).expect("quoted");
    assert_eq!((r.use_points, r.max_points), (true, None));
}

#[test]
fn a_bad_stored_value_limit_is_said_in_words_and_not_quoted() {
    let mut d = on_member(Lang::Zh, false);
    d.key(KeyCode::F(3));
    d.type_text("188");
    d.key(KeyCode::Tab);
    d.type_text("A-1");
    for _ in 0..3 {
        d.key(KeyCode::Tab);
    }
    // A lone point is the one thing the money field lets through that is no amount.
    d.type_text(".");
    let mut said = false;
    for _ in 0..4 {
        let cmds = d.key(KeyCode::Enter);
        assert!(quoted_checkout(&cmds).is_none(), "{cmds:?}");
        said |= d.app.message().is_some_and(|m| m.text.contains("储值上限"));
    }
    assert!(said, "{:?}", d.app.message());
}
