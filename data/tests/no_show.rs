//! No-shows (未入住扣分, seed 001): a booking the member never came to takes back
//! `rules.stay.no_show_points_per_night` per night, as far as the member's points go;
//! once per booking; reversible; and off unless configured.

mod common;

use carddesk_data::ops::{NoShowPosting, Reverse, StayPosting};
use carddesk_data::rules::Rules;
use carddesk_data::{EntryBody, Request};
use common::TestBook;
use rust_decimal_macros::dec;

/// The shipped rules (seed 001's hotel: 300 points a night).
fn hotel() -> TestBook {
    TestBook::new()
}

fn stay(no: &str, nights: u32, folio: &str) -> Request {
    Request::PostStay(StayPosting {
        member_no: no.to_string().into(),
        nights,
        room_revenue: dec!(0),
        folio_ref: folio.into(),
        booker: None,
    })
}

fn no_show(no: &str, nights: u32, booking: &str) -> Request {
    Request::PostNoShow(NoShowPosting {
        member_no: no.to_string().into(),
        nights,
        folio_ref: booking.into(),
    })
}

#[test]
fn a_two_night_no_show_deducts_300_per_night_and_is_previewed_exactly() {
    let mut t = hotel();
    let no = t.register("郑七", "13800000071", "AB71");
    t.run(stay(&no, 10, "F-1")).unwrap(); // 1000 points
    let req = no_show(&no, 2, "B-9");
    let p = t.book.preview(&common::actor(), &req).unwrap();
    assert_eq!((p.before.points, p.after.points), (1000, 400));
    let out = t.run(req).unwrap();
    assert_eq!(out.account.unwrap().points, 400);
    match out.detail.clone().unwrap() {
        EntryBody::NoShowPosted { points, nights, .. } => assert_eq!((points, nights), (600, 2)),
        other => panic!("not a no-show: {other:?}"),
    }
    assert_eq!(out.detail, Some(p.detail));
    t.assert_verified();
}

#[test]
fn a_no_show_takes_no_more_than_the_member_has() {
    let mut t = hotel();
    let no = t.register("王八", "13800000072", "AB72");
    t.run(stay(&no, 2, "F-2")).unwrap(); // 200 points
    let out = t.run(no_show(&no, 1, "B-1")).unwrap();
    assert_eq!(out.account.unwrap().points, 0);
    assert!(matches!(
        out.detail.clone().unwrap(),
        EntryBody::NoShowPosted { points: 200, .. }
    ));
    // With nothing left the no-show is still recorded, taking nothing.
    let out = t.run(no_show(&no, 1, "B-2")).unwrap();
    assert_eq!(out.kind.to_string(), "no_show_posted");
    assert_eq!(t.account(&no).points, 0);
    t.assert_verified();
}

#[test]
fn a_booking_is_a_no_show_once_and_its_reversal_gives_the_points_back() {
    let mut t = hotel();
    let no = t.register("冯九", "13800000073", "AB73");
    t.run(stay(&no, 5, "F-3")).unwrap(); // 500 points
    let first = t.run(no_show(&no, 1, "B-7")).unwrap();
    let err = t.run(no_show(&no, 1, "B-7")).unwrap_err();
    assert_eq!(err.code(), "duplicate_folio");
    assert_eq!(t.account(&no).points, 200);
    let approved = t.approved();
    t.run_as(
        &approved,
        Request::Reverse(Reverse {
            entry_id: first.entry_id.clone(),
            reason: "guest arrived late".into(),
        }),
    )
    .unwrap();
    assert_eq!(t.account(&no).points, 500);
    // Once reversed, the booking may be posted as a no-show again.
    t.run(no_show(&no, 1, "B-7")).unwrap();
    assert_eq!(t.account(&no).points, 200);
    t.assert_verified();
}

#[test]
fn no_shows_are_refused_unless_configured_and_a_refusal_writes_nothing() {
    let mut rules = Rules::default();
    rules.stay.no_show_points_per_night = 0;
    let mut t = TestBook::with_rules(rules);
    let no = t.register("陈十", "13800000074", "AB74");
    t.run(stay(&no, 3, "F-4")).unwrap();
    let entries = t.book.recent_entries(&no, 100).unwrap().len();
    let err = t.run(no_show(&no, 1, "B-1")).unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    let mut h = hotel();
    let no2 = h.register("褚一", "13800000075", "AB75");
    assert_eq!(
        h.run(no_show(&no2, 0, "B-1")).unwrap_err().code(),
        "invalid_input"
    );
    assert_eq!(
        h.run(no_show(&no2, 1, "  ")).unwrap_err().code(),
        "invalid_input"
    );
    assert_eq!(t.book.recent_entries(&no, 100).unwrap().len(), entries);
    assert_eq!(t.account(&no).points, 300);
}
