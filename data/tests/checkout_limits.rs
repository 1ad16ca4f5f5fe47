//! A checkout says how many points and how much stored value to use: at most the
//! limit given, all that applies without one, and the quote posts exactly that.

mod common;

use carddesk_data::ops::{StayPosting, TopUp};
use carddesk_data::{Checkout, OpError, Request, Tender};
use common::TestBook;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn checkout(no: &str, bill: Decimal) -> Checkout {
    Checkout {
        member_no: no.into(),
        bill,
        bill_ref: "L-1".into(),
        coupons: vec![],
        use_points: false,
        use_stored_value: false,
        max_points: None,
        max_stored_value: None,
        tender: Tender::Cash,
        pin: None,
    }
}

/// A member with 200.00 principal + 20.00 bonus and 400 points (4 nights).
fn member_with_money(t: &mut TestBook) -> String {
    let no = t.register("限额", "13800000077", "AB77");
    t.run(Request::TopUp(TopUp {
        member_no: no.clone().into(),
        amount: dec!(200),
        tender: Tender::Cash,
    }))
    .unwrap();
    t.run(Request::PostStay(StayPosting {
        member_no: no.clone().into(),
        nights: 4,
        room_revenue: dec!(0),
        folio_ref: "F-L".into(),
        booker: None,
    }))
    .unwrap();
    no
}

#[test]
fn at_most_the_points_asked_are_used_and_the_tender_pays_the_rest() {
    let mut t = TestBook::new();
    let no = member_with_money(&mut t);
    let mut c = checkout(&no, dec!(100));
    c.max_points = Some(150); // 10 points = 1.00: 15.00 off, not the 40.00 all would give
    let q = t.book.quote_checkout(&common::actor(), &c).unwrap();
    assert_eq!((q.lines.points_used, q.lines.points_off), (150, dec!(15)));
    assert_eq!(q.lines.tender_paid, dec!(85));
    let out = t.run(Request::Checkout(c)).unwrap();
    let a = out.account.unwrap();
    assert_eq!(a.points, q.after.points, "the posting is the quote");
    assert_eq!(a.points, 400 - 150 + 85, "85.00 own money earns 85 points");
    t.assert_verified();
}

#[test]
fn a_points_limit_above_what_applies_uses_what_applies() {
    let mut t = TestBook::new();
    let no = member_with_money(&mut t);
    let mut c = checkout(&no, dec!(60));
    c.max_points = Some(100_000);
    let q = t.book.quote_checkout(&common::actor(), &c).unwrap();
    // Half of the 60.00 bill at most, whatever was asked.
    assert_eq!((q.lines.points_used, q.lines.points_off), (300, dec!(30)));
}

#[test]
fn at_most_the_stored_value_asked_is_paid_in_the_configured_order() {
    let mut t = TestBook::new();
    let no = member_with_money(&mut t);
    let mut c = checkout(&no, dec!(150));
    c.max_stored_value = Some(dec!(50.50));
    c.tender = Tender::BankCard;
    let q = t.book.quote_checkout(&common::actor(), &c).unwrap();
    // Bonus first (the example rules): 20.00 bonus, 30.50 principal, the card the rest.
    assert_eq!(
        (
            q.lines.bonus_paid,
            q.lines.principal_paid,
            q.lines.tender_paid
        ),
        (dec!(20), dec!(30.50), dec!(99.50))
    );
    let out = t.run(Request::Checkout(c)).unwrap();
    let a = out.account.unwrap();
    assert_eq!((a.principal, a.bonus), (q.after.principal, q.after.bonus));
    assert_eq!((a.principal, a.bonus), (dec!(169.50), dec!(0)));
    t.assert_verified();
}

#[test]
fn a_zero_limit_uses_none_and_the_switches_alone_use_all() {
    let mut t = TestBook::new();
    let no = member_with_money(&mut t);
    let mut c = checkout(&no, dec!(100));
    c.use_points = true;
    c.use_stored_value = true;
    c.max_points = Some(0);
    c.max_stored_value = Some(dec!(0));
    let q = t.book.quote_checkout(&common::actor(), &c).unwrap();
    assert_eq!(q.lines.points_used, 0);
    assert_eq!(q.lines.bonus_paid + q.lines.principal_paid, dec!(0));
    assert_eq!(q.lines.tender_paid, dec!(100));

    c.max_points = None;
    c.max_stored_value = None;
    let q = t.book.quote_checkout(&common::actor(), &c).unwrap();
    // All that applies: 40.00 of points (half the bill allows 50.00), then 60.00 stored.
    assert_eq!(q.lines.points_off, dec!(40));
    assert_eq!(q.lines.bonus_paid + q.lines.principal_paid, dec!(60));
}

#[test]
fn a_bad_stored_value_limit_is_refused_in_words_and_writes_nothing() {
    let mut t = TestBook::new();
    let no = member_with_money(&mut t);
    let newest = |t: &TestBook| t.book.journal_page(None, 1).unwrap()[0].seq;
    let before = (newest(&t), t.account(&no));
    for bad in [dec!(-5), dec!(1.234)] {
        let mut c = checkout(&no, dec!(100));
        c.max_stored_value = Some(bad);
        let e = t.run(Request::Checkout(c)).unwrap_err();
        assert!(matches!(e, OpError::Invalid { .. }), "{bad}: {e:?}");
        let zh = e.message(carddesk_data::Lang::Zh);
        assert!(zh.contains("储值上限"), "{zh}");
        assert!(!zh.contains("max_stored_value"), "{zh}");
    }
    assert_eq!((newest(&t), t.account(&no)), before);
}
