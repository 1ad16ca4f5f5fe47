//! Money paths of the operations that must stay exact under unusual balances.

mod common;

use carddesk_data::entry::EntryBody;
use carddesk_data::ops::{Reverse, TopUp};
use carddesk_data::{Checkout, Request, Tender};
use common::TestBook;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn checkout(no: &str, bill: Decimal, bill_ref: &str) -> Request {
    Request::Checkout(Checkout {
        member_no: no.into(),
        bill,
        bill_ref: bill_ref.into(),
        coupons: vec![],
        use_points: false,
        use_stored_value: true,
        max_points: None,
        max_stored_value: None,
        tender: Tender::Cash,
        pin: None,
    })
}

/// A member whose top-up was reversed after it was spent: principal −200.00, bonus −20.00.
fn member_in_debt(t: &mut TestBook) -> String {
    let no = t.register("欠款", "13800000077", "AA77");
    let top = t
        .run(Request::TopUp(TopUp {
            member_no: no.clone().into(),
            amount: dec!(200),
            tender: Tender::Cash,
        }))
        .expect("top-up");
    t.run(checkout(&no, dec!(220), "R-1"))
        .expect("spend it all");
    let approved = t.approved();
    t.run_as(
        &approved,
        Request::Reverse(Reverse {
            entry_id: top.entry_id,
            reason: "刷错卡".into(),
        }),
    )
    .expect("reverse the top-up");
    let a = t.account(&no);
    assert_eq!((a.principal, a.bonus), (dec!(-200), dec!(-20)));
    no
}

#[test]
fn a_negative_balance_pays_nothing_and_only_money_paid_earns() {
    let mut t = TestBook::new();
    let no = member_in_debt(&mut t);
    let points_before = t.account(&no).points;
    let out = t.run(checkout(&no, dec!(90), "R-2")).expect("checkout");
    let Some(EntryBody::CheckedOut { lines, effects, .. }) = &out.detail else {
        panic!("not a checkout: {:?}", out.detail);
    };
    assert_eq!(lines.bonus_paid, dec!(0));
    assert_eq!(lines.principal_paid, dec!(0));
    assert_eq!(lines.tender_paid, dec!(90));
    // 90.00 paid in cash at 1 point per 1.00: no more, and no "spend ≥ 100" coupon.
    assert_eq!(lines.points_earned, 90);
    assert!(
        lines.coupons_issued.is_empty(),
        "{:?}",
        lines.coupons_issued
    );
    let spend: Vec<Decimal> = effects
        .iter()
        .filter_map(|e| match e {
            carddesk_data::effects::Effect::Activity { spend, .. } => Some(*spend),
            _ => None,
        })
        .collect();
    assert_eq!(spend, [dec!(90)]);
    let a = t.account(&no);
    assert_eq!((a.principal, a.bonus), (dec!(-200), dec!(-20)));
    assert_eq!(a.points, points_before + 90);
    t.assert_verified();
}

#[test]
fn the_bill_reference_is_required_unless_the_rules_say_otherwise() {
    let mut t = TestBook::new();
    let no = t.register("无单号", "13800000078", "AA78");
    let refused = t.run(checkout(&no, dec!(50), "  ")).unwrap_err();
    assert_eq!(refused.code(), "invalid_input", "{refused:?}");
    assert_eq!(t.account(&no).points, 0, "a refusal writes nothing");

    let mut rules = carddesk_data::rules::Rules::default();
    rules.checkout.bill_ref_required = false;
    let mut t = TestBook::with_rules(rules);
    let no = t.register("无单号", "13800000078", "AA78");
    let out = t
        .run(checkout(&no, dec!(50), ""))
        .expect("no POS: no bill number");
    let Some(EntryBody::CheckedOut { lines, .. }) = &out.detail else {
        panic!("not a checkout: {:?}", out.detail);
    };
    assert_eq!(lines.bill_ref, "");
    // Still a typo guard on length.
    let long = "R".repeat(41);
    assert!(t.run(checkout(&no, dec!(50), &long)).is_err());
    t.assert_verified();
}
