//! Tiers by visit count (消费次数, issue 19 item 5): a tier's `min_visits` counts the
//! member's checkouts and stay postings that stand within the tier window; reaching it
//! upgrades right after the visit, and the period-end review takes back a tier whose
//! visits a reversal undid.

mod common;

use carddesk_data::ops::{Reverse, StayPosting};
use carddesk_data::{Checkout, Outcome, Request, Tender};
use common::TestBook;
use rust_decimal_macros::dec;

/// The example rules with 银卡 reached by 3 visits too.
fn rules() -> carddesk_data::rules::Rules {
    let mut r = carddesk_data::rules::Rules::default();
    r.tiers[1].min_visits = Some(3);
    r
}

fn checkout(t: &mut TestBook, no: &str, n: u32) -> Outcome {
    t.run(Request::Checkout(Checkout {
        member_no: no.into(),
        bill: dec!(10),
        bill_ref: format!("V-{no}-{n}"),
        coupons: vec![],
        use_points: false,
        use_stored_value: false,
        max_points: None,
        max_stored_value: None,
        tender: Tender::Cash,
        pin: None,
    }))
    .expect("checkout")
}

fn tier(t: &TestBook, no: &str) -> String {
    t.book.member(no).expect("member").expect("a member").tier
}

#[test]
fn the_third_visit_upgrades_and_a_stay_is_a_visit() {
    let mut t = TestBook::with_rules(rules());
    let no = t.register("常客", "13800000093", "AB93");
    assert!(checkout(&mut t, &no, 1).follow_ups.is_empty());
    let stay = t
        .run(Request::PostStay(StayPosting {
            member_no: no.clone().into(),
            nights: 1,
            room_revenue: dec!(0),
            folio_ref: "F-V1".into(),
            booker: None,
        }))
        .expect("stay");
    assert!(stay.follow_ups.is_empty(), "two visits, 银卡 needs three");
    assert_eq!(tier(&t, &no), "普通");
    let third = checkout(&mut t, &no, 2);
    assert_eq!(
        third.follow_ups.len(),
        1,
        "the tier change follows the visit"
    );
    assert_eq!(tier(&t, &no), "银卡");
    t.assert_verified();
}

#[test]
fn without_min_visits_visits_alone_never_upgrade() {
    let mut t = TestBook::new();
    let no = t.register("常客", "13800000094", "AB94");
    for n in 0..5 {
        checkout(&mut t, &no, n);
    }
    assert_eq!(tier(&t, &no), "普通");
}

#[test]
fn the_period_end_review_counts_only_visits_that_stand() {
    let mut t = TestBook::with_rules(rules());
    let kept = t.register("留级", "13800000095", "AB95");
    let undone = t.register("退回", "13800000096", "AB96");
    for n in 0..3 {
        checkout(&mut t, &kept, n);
    }
    let mut last = None;
    for n in 0..3 {
        last = Some(checkout(&mut t, &undone, n));
    }
    assert_eq!(
        (tier(&t, &kept), tier(&t, &undone)),
        ("银卡".into(), "银卡".into())
    );
    let sup = t.approved();
    t.run_as(
        &sup,
        Request::Reverse(Reverse {
            entry_id: last.expect("a checkout").entry_id,
            reason: "重复结账".into(),
        }),
    )
    .expect("reversed");
    // The first daily run after 12-31 (START is in September 2026).
    t.clock
        .set(chrono::DateTime::from_timestamp(common::START + 120 * 86_400, 0).expect("time"));
    let report = t.book.run_daily().expect("daily run");
    assert_eq!(report.tier_changes, 1, "{report:?}");
    assert_eq!(tier(&t, &kept), "银卡", "three visits stand");
    assert_eq!(tier(&t, &undone), "普通", "two visits stand");
    t.assert_verified();
}

#[test]
fn the_member_screen_progress_counts_visits_toward_the_next_tier() {
    let mut t = TestBook::with_rules(rules());
    let no = t.register("进度", "13800000094", "AB94");
    checkout(&mut t, &no, 1);
    checkout(&mut t, &no, 2);
    let m = t.book.member(&no).expect("member").expect("a member");
    let p = t
        .book
        .tier_progress(&m)
        .expect("progress")
        .expect("a next tier");
    assert_eq!(p.next, "银卡");
    let visits = p.visits.expect("银卡 counts visits");
    assert_eq!((visits.have, visits.need), (2, 3));
    let points = p.points.expect("银卡 counts points");
    assert_eq!((points.have, points.need), (20, 2000));
    let spend = p.spend.expect("银卡 counts spend");
    assert_eq!((spend.have, spend.need), (dec!(20.00), dec!(2000)));
    // Without min_visits the progress says nothing of visits.
    let plain = TestBook::new();
    let m = carddesk_data::lookup::Member {
        tier: "普通".into(),
        ..m
    };
    let p = plain
        .book
        .tier_progress(&m)
        .expect("progress")
        .expect("a next tier");
    assert_eq!(p.visits, None);
    // The top tier has no next.
    let top = carddesk_data::lookup::Member {
        tier: "白金".into(),
        ..m
    };
    assert_eq!(t.book.tier_progress(&top).expect("progress"), None);
}
