//! Bookings for others (代订, seed 001): a stay may name the member who booked it for
//! the guest; the booker earns `rules.stay.booker_share` of the guest's stay points,
//! rounded down, as their own entry in the stay's transaction. The stay's body names
//! the booker, the share and the points, so the preview shows them and verify checks
//! them; reversing the stay takes the booker's points back too.

mod common;

use carddesk_data::ops::{FreezeMember, Reverse, StayPosting};
use carddesk_data::rules::Rules;
use carddesk_data::{EntryBody, Lang, Request};
use common::TestBook;
use rust_decimal_macros::dec;

/// The shipped rules, seed 001's hotel: 100 points a night + 1 per 1.00, half to the
/// booker.
fn hotel() -> TestBook {
    assert_eq!(Rules::default().stay.booker_share, dec!(0.5));
    TestBook::new()
}

fn stay(no: &str, nights: u32, revenue: i64, folio: &str, booker: Option<&str>) -> Request {
    Request::PostStay(StayPosting {
        member_no: no.to_string().into(),
        nights,
        room_revenue: rust_decimal::Decimal::from(revenue),
        folio_ref: folio.into(),
        booker: booker.map(Into::into),
    })
}

/// Guest and booker, registered.
fn two(t: &mut TestBook) -> (String, String) {
    let guest = t.register("卫一", "13800000081", "AB81");
    let booker = t.register("蒋二", "13800000082", "AB82");
    (guest, booker)
}

#[test]
fn the_booker_earns_half_rounded_down_as_previewed() {
    let mut t = hotel();
    let (guest, booker) = two(&mut t);
    // 1 night (100) + 1.00 of revenue (1): 101 points, half of which is 50.5 -> 50.
    let req = stay(&guest, 1, 1, "F-1", Some(&booker));
    let p = t.book.preview(&common::actor(), &req).unwrap();
    match &p.detail {
        EntryBody::StayPosted {
            points,
            booker: b,
            booker_share,
            booker_points,
            ..
        } => {
            assert_eq!(*points, 101);
            assert_eq!(b.as_deref(), Some(booker.as_str()));
            assert_eq!((*booker_share, *booker_points), (dec!(0.5), 50));
        }
        other => panic!("not a stay: {other:?}"),
    }
    let out = t.run(req).unwrap();
    assert_eq!(out.detail, Some(p.detail));
    assert_eq!(out.follow_ups.len(), 1);
    assert_eq!(t.account(&guest).points, 101);
    assert_eq!(t.account(&booker).points, 50);
    let reward = t.book.entry(out.follow_ups[0].as_str()).unwrap().unwrap();
    assert_eq!(reward.header.member_no.as_deref(), Some(booker.as_str()));
    match reward.parsed_body().unwrap() {
        EntryBody::RewardGiven { points, .. } => assert_eq!(points, 50),
        other => panic!("not a reward: {other:?}"),
    }
    t.assert_verified();
}

#[test]
fn a_stay_without_a_booker_gives_nobody_a_share() {
    let mut t = hotel();
    let (guest, booker) = two(&mut t);
    let out = t.run(stay(&guest, 2, 0, "F-2", None)).unwrap();
    assert!(out.follow_ups.is_empty());
    assert_eq!(t.account(&booker).points, 0);
    // A blank booker is none.
    let out = t.run(stay(&guest, 2, 0, "F-3", Some("  "))).unwrap();
    assert!(out.follow_ups.is_empty());
    assert_eq!(t.account(&guest).points, 400);
    t.assert_verified();
}

#[test]
fn reversing_the_stay_takes_the_bookers_points_back_too() {
    let mut t = hotel();
    let (guest, booker) = two(&mut t);
    let out = t.run(stay(&guest, 3, 0, "F-4", Some(&booker))).unwrap();
    assert_eq!(t.account(&booker).points, 150);
    let approved = t.approved();
    let rev = t
        .run_as(
            &approved,
            Request::Reverse(Reverse {
                entry_id: out.entry_id.clone(),
                reason: "wrong folio".into(),
            }),
        )
        .unwrap();
    assert_eq!(rev.follow_ups.len(), 1);
    assert_eq!(t.account(&guest).points, 0);
    assert_eq!(t.account(&booker).points, 0);
    // The folio stands no more: posted again, the booker earns again, once.
    t.run(stay(&guest, 3, 0, "F-4", Some(&booker))).unwrap();
    assert_eq!(t.account(&booker).points, 150);
    t.assert_verified();
}

#[test]
fn a_booker_who_is_the_guest_unknown_or_frozen_is_refused_in_words_and_nothing_is_written() {
    let mut t = hotel();
    let (guest, booker) = two(&mut t);
    t.run_as(
        &t.approved(),
        Request::FreezeMember(FreezeMember {
            member_no: booker.clone().into(),
            reason: "挂失".into(),
        }),
    )
    .unwrap();
    let entries = t.book.journal_page(None, 1000).unwrap().len();
    let cases = [
        (
            guest.clone(),
            "代订人：入住会员不能是自己的代订人",
            "booker: the guest cannot be",
        ),
        (
            "99999999".to_string(),
            "代订人：会员号 99999999 不存在",
            "booker: no member 99999999",
        ),
        (booker.clone(), "已冻结", "is frozen"),
    ];
    for (named, zh, en) in cases {
        let err = t.run(stay(&guest, 1, 0, "F-5", Some(&named))).unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert!(
            err.message(Lang::Zh).contains(zh),
            "{}",
            err.message(Lang::Zh)
        );
        assert!(
            err.message(Lang::En).contains(en),
            "{}",
            err.message(Lang::En)
        );
    }
    assert_eq!(t.book.journal_page(None, 1000).unwrap().len(), entries);
    assert_eq!(t.account(&guest).points, 0);
}

#[test]
fn naming_a_booker_where_bookers_earn_nothing_is_refused() {
    let mut rules = Rules::default();
    rules.stay.booker_share = dec!(0);
    let mut t = TestBook::with_rules(rules);
    let (guest, booker) = two(&mut t);
    let err = t.run(stay(&guest, 1, 0, "F-6", Some(&booker))).unwrap_err();
    assert!(err.message(Lang::En).contains("bookers earn no share"));
    assert_eq!(t.account(&guest).points, 0);
}

#[test]
fn the_share_is_a_fraction_from_0_to_1() {
    let mut rules = Rules::default();
    rules.stay.booker_share = dec!(1.5);
    assert!(rules.validate().unwrap_err().contains("booker_share"));
    rules.stay.booker_share = dec!(-0.1);
    assert!(rules.validate().is_err());
    rules.stay.booker_share = dec!(1);
    assert!(rules.validate().is_ok());
}

#[test]
fn a_stay_whose_bookers_points_do_not_follow_from_its_body_is_unsound() {
    let mut t = hotel();
    let (guest, booker) = two(&mut t);
    let out = t.run(stay(&guest, 1, 1, "F-7", Some(&booker))).unwrap();
    let entry = t.book.entry(out.entry_id.as_str()).unwrap().unwrap();
    assert_eq!(carddesk_data::integrity::check_entry(&entry, None), Ok(()));
    let mut minted = entry.clone();
    minted.body = entry
        .body
        .replace("\"booker_points\":50", "\"booker_points\":5000");
    assert_ne!(minted.body, entry.body);
    let err = carddesk_data::integrity::check_entry(&minted, None).unwrap_err();
    assert!(err.contains("rounded down"), "{err}");
    let mut own = entry.clone();
    own.body = entry.body.replace(
        &format!("\"booker\":\"{booker}\""),
        &format!("\"booker\":\"{guest}\""),
    );
    assert!(carddesk_data::integrity::check_entry(&own, None).is_err());
}
