//! Shifts and day close: the report totals every tender and operation kind from the
//! journal, over/short against the counted cash; and PIN lockouts are journaled.

mod common;

use carddesk_data::entry::EntryBody;
use carddesk_data::ops::{CloseShift, OpenShift, RefundStoredValue, Reverse, SellCountCard, TopUp};
use carddesk_data::{Checkout, OpError, Request, Tender};
use common::TestBook;
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn checkout(no: &str, bill: Decimal, stored: bool, tender: Tender) -> Request {
    Request::Checkout(Checkout {
        member_no: no.into(),
        bill,
        bill_ref: "B".into(),
        coupons: vec![],
        use_points: false,
        use_stored_value: stored,
        max_points: None,
        max_stored_value: None,
        tender,
        pin: None,
    })
}

fn top_up(no: &str, amount: Decimal, tender: Tender) -> Request {
    Request::TopUp(TopUp {
        member_no: no.into(),
        amount,
        tender,
    })
}

fn report_of(out: &carddesk_data::Outcome) -> carddesk_data::reports::ShiftReport {
    match &out.detail {
        Some(EntryBody::ShiftClosed { report, .. }) => (**report).clone(),
        other => panic!("not a shift close: {other:?}"),
    }
}

#[test]
fn a_shift_report_totals_tenders_and_kinds_and_shows_over_short() {
    let mut t = TestBook::new();
    let no = t.register("班次", "13600000001", "DD01");
    t.run(Request::OpenShift(OpenShift { float: dec!(500) }))
        .unwrap();
    assert_eq!(
        t.run(Request::OpenShift(OpenShift { float: dec!(500) }))
            .unwrap_err()
            .code(),
        "invalid_input",
        "one open shift per terminal"
    );
    t.run(top_up(&no, dec!(1000), Tender::Cash)).unwrap();
    t.run(top_up(&no, dec!(200), Tender::BankCard)).unwrap();
    t.run(checkout(&no, dec!(88.50), false, Tender::Cash))
        .unwrap();
    let paid = t.run(checkout(&no, dec!(300), true, Tender::Cash)).unwrap();
    t.run(Request::SellCountCard(SellCountCard {
        member_no: no.clone().into(),
        package: "ktv10".into(),
        tender: Tender::BankCard,
    }))
    .unwrap();
    let sup = t.approved();
    t.run_as(
        &sup,
        Request::RefundStoredValue(RefundStoredValue {
            member_no: no.clone().into(),
            amount: dec!(50),
            tender: Tender::Cash,
            reason: "r".into(),
        }),
    )
    .unwrap();
    let cash_bill = t.run(checkout(&no, dec!(20), false, Tender::Cash)).unwrap();
    t.run_as(
        &sup,
        Request::Reverse(Reverse {
            entry_id: cash_bill.entry_id,
            reason: "wrong".into(),
        }),
    )
    .unwrap();
    let x = t.book.current_shift().unwrap().expect("an open shift");
    let out = t
        .run(Request::CloseShift(CloseShift {
            counted_cash: dec!(1535),
        }))
        .unwrap();
    let z = report_of(&out);
    assert_eq!(
        x.totals, z.totals,
        "the X report before closing equals the Z report"
    );
    let cash = &z.totals.tenders["cash"];
    assert_eq!((cash.taken, cash.paid_out), (dec!(1088.50), dec!(50)));
    let card = &z.totals.tenders["bank_card"];
    assert_eq!((card.taken, card.paid_out), (dec!(1080), dec!(0)));
    // 500 float + 1088.50 in - 50 out; counted 1535 is 3.50 short.
    assert_eq!(z.expected_cash, dec!(1538.50));
    assert_eq!(z.over_short, Some(dec!(-3.50)));
    // The reversed checkout no longer counts as a checkout: its line is net of it.
    assert_eq!(z.totals.kinds["checked_out"].count, 2);
    assert_eq!(z.totals.kinds["checked_out"].amount, dec!(388.50));
    assert_eq!(z.totals.kinds["reversed"].count, 1);
    // The reversal line shows the reversed bill, negated.
    assert_eq!(z.totals.kinds["reversed"].amount, dec!(-20.00));
    assert_eq!(z.totals.stored_value_spent, dec!(300));
    assert!(paid.account.is_some());
    assert!(t.book.current_shift().unwrap().is_none());
    assert_eq!(
        t.run(Request::CloseShift(CloseShift {
            counted_cash: dec!(0)
        }))
        .unwrap_err()
        .code(),
        "invalid_input",
        "no shift is open"
    );
    // The day close of the outlet sees the same money.
    let day = carddesk_data::Rules::default().local(t.book.now()).date();
    let d = t.book.day_report("rooms", day).unwrap();
    assert_eq!(d.totals.tenders["cash"], z.totals.tenders["cash"]);
    t.assert_verified();
}

#[test]
fn where_the_rules_say_so_money_is_refused_in_words_with_no_shift_open() {
    let mut rules = carddesk_data::Rules::default();
    rules.staff.money_needs_shift = true;
    let mut t = TestBook::with_rules(rules);
    let no = t.register("班次", "13600000002", "DD02");
    let refused = t.run(top_up(&no, dec!(500), Tender::Cash)).unwrap_err();
    assert_eq!(refused.code(), "invalid_input");
    let words = refused.message(carddesk_data::Lang::Zh);
    assert!(words.contains("未开班"), "{words}");
    assert!(!words.contains("shift"), "no field name: {words}");
    let refused = t
        .run(checkout(&no, dec!(50), false, Tender::Cash))
        .unwrap_err();
    assert_eq!(refused.code(), "invalid_input");
    assert_eq!(t.account(&no).principal, dec!(0), "nothing written");
    // Opened, the same money posts; closed again, it is refused again.
    t.run(Request::OpenShift(OpenShift { float: dec!(0) }))
        .unwrap();
    t.run(top_up(&no, dec!(500), Tender::Cash)).unwrap();
    t.run(Request::CloseShift(CloseShift {
        counted_cash: dec!(500),
    }))
    .unwrap();
    assert!(t.run(top_up(&no, dec!(10), Tender::Cash)).is_err());
    assert_eq!(t.account(&no).principal, dec!(500));
    t.assert_verified();
}

#[test]
fn wrong_pins_lock_for_the_configured_minutes_and_the_lockout_is_journaled() {
    let mut rules = carddesk_data::Rules::default();
    rules.staff.pin_max_failures = 3;
    rules.staff.pin_lockout_minutes = 2;
    let t = TestBook::with_rules(rules);
    for left in [2, 1] {
        assert_eq!(
            t.book.login("op1", "0000").unwrap_err(),
            OpError::WrongPin {
                subject: "operator:op1".into(),
                attempts_left: left
            }
        );
    }
    assert_eq!(
        t.book.login("op1", "0000").unwrap_err().code(),
        "locked_out"
    );
    assert_eq!(
        t.book.login("op1", "1111").unwrap_err().code(),
        "locked_out"
    );
    let locks: Vec<_> = t
        .book
        .journal_page(None, 10)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "pin_locked")
        .collect();
    assert_eq!(locks.len(), 1);
    assert!(locks[0].body.contains("operator:op1"));
    t.clock.advance(chrono::Duration::minutes(2));
    assert!(t.book.login("op1", "1111").is_ok());
    t.assert_verified();
}

#[derive(Debug, Clone)]
enum Step {
    TopUp(u32, bool),
    Checkout(u32, bool, bool),
    Refund(u32),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (1u32..2000, any::<bool>()).prop_map(|(a, c)| Step::TopUp(a, c)),
        (1u32..50_000, any::<bool>(), any::<bool>())
            .prop_map(|(c, s, cash)| Step::Checkout(c, s, cash)),
        (1u32..300).prop_map(Step::Refund),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// An independent model: what each accepted request said it took in or paid out.
    #[test]
    fn shift_totals_equal_the_sum_of_the_entries_in_the_shift(float in 0u32..1000, steps in prop::collection::vec(step(), 1..25)) {
        let mut t = TestBook::new();
        let sup = t.approved();
        let no = t.register("模型", "13600000002", "DD02");
        t.run(top_up(&no, dec!(100), Tender::Cash)).unwrap(); // before the shift: not counted
        t.run(Request::OpenShift(OpenShift { float: Decimal::from(float) })).unwrap();
        let (mut cash_in, mut cash_out, mut card_in) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        for s in steps {
            match s {
                Step::TopUp(a, cash) => {
                    let tender = if cash { Tender::Cash } else { Tender::BankCard };
                    if t.run(top_up(&no, Decimal::from(a), tender)).is_ok() {
                        if cash { cash_in += Decimal::from(a) } else { card_in += Decimal::from(a) }
                    }
                }
                Step::Checkout(c, stored, cash) => {
                    let tender = if cash { Tender::Cash } else { Tender::BankCard };
                    if let Ok(out) = t.run(checkout(&no, Decimal::new(i64::from(c), 2), stored, tender)) {
                        let Some(EntryBody::CheckedOut { lines, .. }) = out.detail else { panic!() };
                        if cash { cash_in += lines.tender_paid } else { card_in += lines.tender_paid }
                    }
                }
                Step::Refund(a) => {
                    if t.run_as(&sup, Request::RefundStoredValue(RefundStoredValue { member_no: no.clone().into(), amount: Decimal::from(a), tender: Tender::Cash, reason: "r".into() })).is_ok() {
                        cash_out += Decimal::from(a);
                    }
                }
            }
        }
        let z = report_of(&t.run(Request::CloseShift(CloseShift { counted_cash: Decimal::ZERO })).unwrap());
        let cash = z.totals.tenders.get("cash").cloned().unwrap_or_default();
        let card = z.totals.tenders.get("bank_card").cloned().unwrap_or_default();
        prop_assert_eq!((cash.taken, cash.paid_out, card.taken), (cash_in, cash_out, card_in));
        prop_assert_eq!(z.expected_cash, Decimal::from(float) + cash_in - cash_out);
        prop_assert_eq!(z.over_short, Some(-(Decimal::from(float) + cash_in - cash_out)));
    }
}
