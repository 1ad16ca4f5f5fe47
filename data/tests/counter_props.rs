//! Properties of the counter operations over random operation sequences: stored value
//! never below zero on the paying terminal, the points balance equals its open lots,
//! reversing restores every balance exactly, and `verify` stays clean.

mod common;

use carddesk_data::ops::{RedeemGift, Reverse, StayPosting, TopUp};
use carddesk_data::{Checkout, Request, Tender};
use common::TestBook;
use proptest::prelude::*;
use rust_decimal::Decimal;

#[derive(Debug, Clone)]
enum Step {
    TopUp(u32),
    Checkout {
        cents: u32,
        points: bool,
        stored: bool,
    },
    Stay {
        nights: u32,
        revenue: u32,
    },
    Gift,
    /// Reverse the n-th earlier entry (modulo how many there are).
    Reverse(usize),
    Days(u32),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (1u32..1500).prop_map(Step::TopUp),
        (1u32..80_000, any::<bool>(), any::<bool>()).prop_map(|(cents, points, stored)| {
            Step::Checkout {
                cents,
                points,
                stored,
            }
        }),
        (1u32..6, 0u32..900).prop_map(|(nights, revenue)| Step::Stay { nights, revenue }),
        Just(Step::Gift),
        any::<usize>().prop_map(Step::Reverse),
        (1u32..400).prop_map(Step::Days),
    ]
}

fn lots_sum(t: &TestBook, no: &str) -> i64 {
    let db = rusqlite::Connection::open(t.dir.path().join("book.db")).unwrap();
    db.query_row(
        "SELECT coalesce(sum(remaining), 0) FROM points_lots WHERE member_no = ?1",
        [no],
        |r| r.get(0),
    )
    .unwrap()
}

/// A new folio reference for each stay: a folio is posted once per member.
fn next_folio() -> String {
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    format!("F{}", N.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_sequence_keeps_balances_whole_and_verify_clean(steps in prop::collection::vec(step(), 1..30)) {
        let mut t = TestBook::new();
        t.add_staff();
        let no = t.register("属性", "13900000000", "AB01");
        let mut money_entries: Vec<String> = Vec::new();
        let mut flagged = false;
        for s in steps {
            let before = t.account(&no);
            let result = match s {
                Step::TopUp(v) => t.run(Request::TopUp(TopUp { member_no: no.clone().into(), amount: Decimal::from(v), tender: Tender::Cash })),
                Step::Checkout { cents, points, stored } => t.run(Request::Checkout(Checkout {
                    member_no: no.clone().into(),
                    bill: Decimal::new(i64::from(cents), 2),
                    bill_ref: "B".into(),
                    coupons: vec![],
                    use_points: points,
                    use_stored_value: stored,
                    max_points: None,
                    max_stored_value: None,
                    tender: Tender::Cash,
                    pin: None,
                })),
                Step::Stay { nights, revenue } => t.run(Request::PostStay(StayPosting {
                    member_no: no.clone().into(), nights, room_revenue: Decimal::from(revenue), folio_ref: next_folio(),
                    booker: None,
                })),
                Step::Gift => t.run(Request::RedeemGift(RedeemGift { member_no: no.clone().into(), gift: "umbrella".into() })),
                Step::Reverse(n) if !money_entries.is_empty() => {
                    let id = money_entries.remove(n % money_entries.len());
                    let approved = t.approved();
                    t.run_as(&approved, Request::Reverse(Reverse { entry_id: id.into(), reason: "test".into() }))
                }
                Step::Reverse(_) => continue,
                Step::Days(d) => {
                    t.clock.advance(chrono::Duration::days(i64::from(d)));
                    t.book.run_daily().map(|_| ()).expect("daily job");
                    continue;
                }
            };
            match result {
                Ok(out) => {
                    if let Some(carddesk_data::entry::EntryBody::Reversed { negative_balance, .. }) = &out.detail {
                        flagged |= *negative_balance;
                    } else {
                        money_entries.push(out.entry_id.to_string());
                    }
                }
                // A refusal writes nothing.
                Err(_) => prop_assert_eq!(t.account(&no), before),
            }
            let a = t.account(&no);
            if !flagged {
                prop_assert!(a.principal >= Decimal::ZERO && a.bonus >= Decimal::ZERO, "{a:?}");
                prop_assert!(a.points >= 0);
            }
            prop_assert_eq!(a.points, lots_sum(&t, &no));
        }
        t.assert_verified();
    }

    #[test]
    fn reversing_any_operation_restores_every_balance(
        setup in prop::collection::vec(step(), 0..8),
        last in step(),
    ) {
        let mut t = TestBook::new();
        t.add_staff();
        let no = t.register("冲正", "13900000001", "AB02");
        for s in setup.into_iter().chain([Step::TopUp(300)]) {
            match s {
                Step::TopUp(v) => { let _ = t.run(Request::TopUp(TopUp { member_no: no.clone().into(), amount: Decimal::from(v), tender: Tender::Cash })); }
                Step::Stay { nights, revenue } => { let _ = t.run(Request::PostStay(StayPosting { member_no: no.clone().into(), nights, room_revenue: Decimal::from(revenue), folio_ref: next_folio(), booker: None })); }
                _ => {}
            }
        }
        let before = t.account(&no);
        let req = match last {
            Step::TopUp(v) => Request::TopUp(TopUp { member_no: no.clone().into(), amount: Decimal::from(v), tender: Tender::Cash }),
            Step::Stay { nights, revenue } => Request::PostStay(StayPosting { member_no: no.clone().into(), nights, room_revenue: Decimal::from(revenue), folio_ref: next_folio(), booker: None }),
            Step::Checkout { cents, points, stored } => Request::Checkout(Checkout {
                member_no: no.clone().into(), bill: Decimal::new(i64::from(cents), 2), bill_ref: "B".into(), coupons: vec![],
                use_points: points, use_stored_value: stored, tender: Tender::Cash, pin: None,
                max_points: None, max_stored_value: None,
            }),
            _ => Request::RedeemGift(RedeemGift { member_no: no.clone().into(), gift: "umbrella".into() }),
        };
        let Ok(out) = t.run(req) else { return Ok(()); };
        let approved = t.approved();
        t.run_as(&approved, Request::Reverse(Reverse { entry_id: out.entry_id, reason: "undo".into() })).unwrap();
        let after = t.account(&no);
        prop_assert_eq!((after.principal, after.bonus, after.points), (before.principal, before.bonus, before.points));
        prop_assert_eq!(after.coupons, before.coupons);
        t.assert_verified();
    }
}
