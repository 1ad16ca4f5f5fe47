//! Counter operations, one worked example per rule, on a real SQLite file with the
//! shipped example rules (see Rules::default and config.toml).

mod common;

use carddesk_data::error::{Balance, CountCardRefusal, CouponRefusal};
use carddesk_data::ops::{
    AdjustPoints, ConvertInto, ConvertPoints, IssueCoupon, RedeemGift, RefundStoredValue, Reverse,
    SellCountCard, SetPaymentPin, StayPosting, TopUp, UseCountCard, VoidCoupon,
};
use carddesk_data::{Actor, Checkout, OpError, Request, Role, Rules, Tender};
use common::TestBook;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn top_up(t: &mut TestBook, no: &str, amount: Decimal) -> carddesk_data::Outcome {
    t.run(Request::TopUp(TopUp {
        member_no: no.into(),
        amount,
        tender: Tender::Cash,
    }))
    .expect("top-up")
}

fn checkout(no: &str, bill: Decimal) -> Checkout {
    Checkout {
        member_no: no.into(),
        bill,
        bill_ref: "R-1001".into(),
        coupons: vec![],
        use_points: false,
        use_stored_value: false,
        max_points: None,
        max_stored_value: None,
        tender: Tender::Cash,
        pin: None,
    }
}

fn lines(o: &carddesk_data::Outcome) -> carddesk_data::receipt::CheckoutLines {
    match &o.detail {
        Some(carddesk_data::entry::EntryBody::CheckedOut { lines, .. }) => lines.clone(),
        other => panic!("not a checkout: {other:?}"),
    }
}

fn issued_codes(o: &carddesk_data::Outcome) -> Vec<String> {
    o.detail
        .as_ref()
        .map(|d| {
            d.effects()
                .iter()
                .filter_map(|e| match e {
                    carddesk_data::effects::Effect::CouponIssued { code, .. } => Some(code.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

fn issue_coupon(t: &mut TestBook, no: &str, template: &str) -> String {
    let sup = t.approved();
    let out = t
        .run_as(
            &sup,
            Request::IssueCoupon(IssueCoupon {
                member_no: no.into(),
                template: template.into(),
                reason: "welcome".into(),
            }),
        )
        .expect("issue");
    issued_codes(&out).remove(0)
}

fn ktv() -> Actor {
    Actor::new("op1", "ktv")
}

#[test]
fn topup_500_gets_100_bonus() {
    let mut t = TestBook::new();
    let no = t.register("李雷", "13800000001", "AA01");
    let out = top_up(&mut t, &no, dec!(500));
    let a = out.account.expect("balances in the outcome");
    assert_eq!((a.principal, a.bonus), (dec!(500), dec!(100)));
    // The highest threshold reached applies; below the first there is none.
    top_up(&mut t, &no, dec!(1200));
    top_up(&mut t, &no, dec!(199.99));
    let a = t.account(&no);
    assert_eq!(a.principal, dec!(1899.99));
    assert_eq!(a.bonus, dec!(400));
    t.assert_verified();
}

#[test]
fn a_top_up_of_nothing_or_fractions_of_a_cent_is_refused_and_writes_nothing() {
    let mut t = TestBook::new();
    let no = t.register("李雷", "13800000001", "AA01");
    for amount in [dec!(0), dec!(-10), dec!(10.001), dec!(9999999)] {
        let err = t
            .run(Request::TopUp(TopUp {
                member_no: no.clone().into(),
                amount,
                tender: Tender::Cash,
            }))
            .unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{amount}");
    }
    assert_eq!(t.account(&no).principal, dec!(0));
    assert_eq!(t.book.recent_entries(&no, 10).unwrap().len(), 1);
}

#[test]
fn quote_equals_commit_to_the_cent() {
    let mut t = TestBook::new();
    let no = t.register("韩梅梅", "13800000002", "AA02");
    top_up(&mut t, &no, dec!(500));
    t.run(Request::PostStay(StayPosting {
        member_no: no.clone().into(),
        nights: 1,
        room_revenue: dec!(333.33),
        folio_ref: "F-1".into(),
        booker: None,
    }))
    .unwrap();
    let code = issue_coupon(&mut t, &no, "cash20");
    let mut c = checkout(&no, dec!(388.10));
    c.coupons = vec![code];
    c.use_points = true;
    c.use_stored_value = true;
    let q = t.book.quote_checkout(&common::actor(), &c).unwrap();
    let out = t.run(Request::Checkout(c)).unwrap();
    assert_eq!(lines(&out), q.lines);
    let a = out.account.unwrap();
    assert_eq!(
        (a.principal, a.bonus, a.points),
        (q.after.principal, q.after.bonus, q.after.points)
    );
    // The bill is fully accounted for, to the cent.
    let l = q.lines;
    assert_eq!(
        l.tier_discount
            + l.coupon_off
            + l.points_off
            + l.bonus_paid
            + l.principal_paid
            + l.tender_paid,
        l.bill
    );
    t.assert_verified();
}

#[test]
fn points_offset_capped_at_bill_share() {
    let mut t = TestBook::new();
    let no = t.register("王五", "13800000003", "AA03");
    t.run(Request::PostStay(StayPosting {
        member_no: no.clone().into(),
        nights: 4,
        room_revenue: dec!(0),
        folio_ref: "F-2".into(),
        booker: None,
    }))
    .unwrap();
    // 400 points at 10 points = 1.00 could pay 40.00; the cap is half of a 60.00 bill.
    let mut c = checkout(&no, dec!(60));
    c.use_points = true;
    let q = t.book.quote_checkout(&common::actor(), &c).unwrap();
    assert_eq!(q.lines.points_used, 300);
    assert_eq!(q.lines.points_off, dec!(30));
    assert_eq!(q.lines.tender_paid, dec!(30));
    assert_eq!(q.after.points, 100 + 30);
}

#[test]
fn points_are_earned_on_own_money_only_at_the_outlet_rate() {
    let mut t = TestBook::new();
    let no = t.register("赵六", "13800000004", "AA04");
    top_up(&mut t, &no, dec!(200)); // +20 bonus, bonus paid first
    let mut c = checkout(&no, dec!(300));
    c.use_stored_value = true;
    let l = lines(&t.run_as(&ktv(), Request::Checkout(c)).unwrap());
    assert_eq!(
        (l.bonus_paid, l.principal_paid, l.tender_paid),
        (dec!(20), dec!(200), dec!(80))
    );
    // KTV earns 2 points per 1.00 on 280.00 of own money (not on the 20.00 bonus).
    assert_eq!(l.points_earned, 560);
}

#[test]
fn the_stored_value_order_is_configurable() {
    for (order, bonus, principal) in [
        (
            carddesk_data::rules::PaymentOrder::PrincipalFirst,
            dec!(0),
            dec!(150),
        ),
        // 150 × 20/220 of bonus, to the cent.
        (
            carddesk_data::rules::PaymentOrder::Proportional,
            dec!(13.64),
            dec!(136.36),
        ),
    ] {
        let mut rules = carddesk_data::Rules::default();
        rules.stored_value.payment_order = order;
        let mut t = TestBook::with_rules(rules);
        let no = t.register("钱七", "13800000005", "AA05");
        top_up(&mut t, &no, dec!(200));
        let mut c = checkout(&no, dec!(150));
        c.use_stored_value = true;
        let l = lines(&t.run(Request::Checkout(c)).unwrap());
        assert_eq!(
            (l.bonus_paid, l.principal_paid),
            (bonus, principal),
            "{order:?}"
        );
    }
}

#[test]
fn stored_value_never_goes_below_zero_the_tender_pays_the_rest() {
    let mut t = TestBook::new();
    let no = t.register("孙八", "13800000006", "AA06");
    top_up(&mut t, &no, dec!(100));
    let mut c = checkout(&no, dec!(250));
    c.use_stored_value = true;
    c.tender = Tender::BankCard;
    let out = t.run(Request::Checkout(c)).unwrap();
    let l = lines(&out);
    assert_eq!(
        (l.principal_paid, l.tender_paid, l.tender),
        (dec!(100), dec!(150), Tender::BankCard)
    );
    let a = out.account.unwrap();
    assert_eq!((a.principal, a.bonus), (dec!(0), dec!(0)));
}

#[test]
fn gold_members_get_their_discount_and_multiplier_and_weekend_promotions_stack() {
    let mut t = TestBook::new();
    let no = t.register("周九", "13800000007", "AA07");
    t.run(Request::EditMember(carddesk_data::ops::EditMember {
        member_no: no.clone().into(),
        changes: Default::default(),
    }))
    .ok();
    // 20 nights qualify for 金卡 (the upgrade is its own entry, after the posting).
    let out = t
        .run(Request::PostStay(StayPosting {
            member_no: no.clone().into(),
            nights: 20,
            room_revenue: dec!(0),
            folio_ref: "F-3".into(),
            booker: None,
        }))
        .unwrap();
    assert_eq!(out.follow_ups.len(), 1, "{out:?}");
    assert_eq!(t.book.member(&no).unwrap().unwrap().tier, "金卡");
    // Saturday 2026-09-26 12:00 local at the restaurant: double points.
    t.clock.set(
        chrono::DateTime::parse_from_rfc3339("2026-09-26T04:00:00Z")
            .unwrap()
            .into(),
    );
    let l = lines(
        &t.run_as(
            &Actor::new("op1", "restaurant"),
            Request::Checkout(checkout(&no, dec!(200))),
        )
        .unwrap(),
    );
    assert_eq!(l.tier_discount, dec!(20)); // 10% off
    assert_eq!(l.tender_paid, dec!(180));
    assert_eq!(l.earn_multiplier, dec!(3.0)); // 1.5 × 2
    assert_eq!(l.points_earned, 540);
    assert_eq!(l.promotions, vec!["周末双倍积分".to_string()]);
    t.assert_verified();
}

#[test]
fn coupon_refused_outside_its_hours_says_why() {
    let mut t = TestBook::new();
    let no = t.register("吴十", "13800000008", "AA08");
    let code = issue_coupon(&mut t, &no, "ktv_happy_hour");
    // 16:00 local is inside 14:00-20:00; at 21:00 it is refused, naming the hours.
    t.clock.set(
        chrono::DateTime::parse_from_rfc3339("2026-09-22T08:00:00Z")
            .unwrap()
            .into(),
    );
    let mut c = checkout(&no, dec!(300));
    c.coupons = vec![code.clone()];
    let q = t.book.quote_checkout(&ktv(), &c);
    assert!(q.is_ok(), "{q:?}");
    t.clock.advance(chrono::Duration::hours(5));
    let err = t.book.quote_checkout(&ktv(), &c).unwrap_err();
    assert_eq!(
        err,
        OpError::CouponRefused {
            code: code.clone(),
            reason: CouponRefusal::OutsideHours("14:00-20:00".into())
        }
    );
    assert!(err
        .message(carddesk_data::Lang::Zh)
        .contains("仅限 14:00-20:00"));
    // And at the wrong outlet.
    let err = t.book.quote_checkout(&common::actor(), &c).unwrap_err();
    assert!(matches!(
        err,
        OpError::CouponRefused {
            reason: CouponRefusal::WrongOutlet,
            ..
        }
    ));
}

#[test]
fn a_mistyped_coupon_is_told_from_an_unknown_one_and_a_used_one() {
    let mut t = TestBook::new();
    let no = t.register("郑一", "13800000009", "AA09");
    let code = issue_coupon(&mut t, &no, "cash20");
    let mut typo = code.clone().into_bytes();
    typo[3] = if typo[3] == b'7' { b'8' } else { b'7' };
    let typo = String::from_utf8(typo).unwrap();
    let refusal = |t: &TestBook, code: &str| {
        let mut c = checkout(&no, dec!(150));
        c.coupons = vec![code.to_string()];
        match t.book.quote_checkout(&common::actor(), &c) {
            Err(OpError::CouponRefused { reason, .. }) => reason,
            other => panic!("expected a refusal, got {other:?}"),
        }
    };
    assert_eq!(refusal(&t, &typo), CouponRefusal::Mistyped);
    let unknown = carddesk_data::ops::coupons::new_code();
    assert_eq!(refusal(&t, &unknown), CouponRefusal::Unknown);
    assert_eq!(refusal(&t, "ABC"), CouponRefusal::Mistyped);
    let mut c = checkout(&no, dec!(99));
    c.coupons = vec![code.clone()];
    assert_eq!(
        t.run(Request::Checkout(c)).unwrap_err(),
        OpError::CouponRefused {
            code: code.clone(),
            reason: CouponRefusal::MinimumSpend(dec!(100))
        }
    );
    let mut c = checkout(&no, dec!(150));
    c.coupons = vec![code.to_lowercase()];
    let l = lines(&t.run(Request::Checkout(c)).unwrap());
    assert_eq!(l.coupon_off, dec!(20));
    assert_eq!(refusal(&t, &code), CouponRefusal::AlreadyRedeemed);
}

#[test]
fn spending_100_issues_a_20_off_coupon_for_the_next_visit() {
    let mut t = TestBook::new();
    let no = t.register("冯二", "13800000010", "AA10");
    let out = t.run(Request::Checkout(checkout(&no, dec!(100)))).unwrap();
    assert_eq!(lines(&out).coupons_issued, vec!["cash20".to_string()]);
    let codes = issued_codes(&out);
    assert_eq!(codes.len(), 1);
    let held = t.account(&no).coupons;
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].code, codes[0]);
    assert_eq!(held[0].template, "cash20");
    // 99.99 issues none.
    let out = t
        .run(Request::Checkout(checkout(&no, dec!(99.99))))
        .unwrap();
    assert!(lines(&out).coupons_issued.is_empty());
}

#[test]
fn only_one_coupon_per_checkout_unless_configured() {
    let mut t = TestBook::new();
    let no = t.register("陈三", "13800000011", "AA11");
    let a = issue_coupon(&mut t, &no, "cash20");
    let b = issue_coupon(&mut t, &no, "cash20");
    let mut c = checkout(&no, dec!(300));
    c.coupons = vec![a, b.clone()];
    assert_eq!(
        t.book.quote_checkout(&common::actor(), &c).unwrap_err(),
        OpError::CouponRefused {
            code: b,
            reason: CouponRefusal::OnePerCheckout
        }
    );
}

#[test]
fn a_voided_coupon_cannot_be_redeemed() {
    let mut t = TestBook::new();
    let no = t.register("褚四", "13800000012", "AA12");
    let code = issue_coupon(&mut t, &no, "free_fruit");
    let sup = t.approved();
    t.run_as(
        &sup,
        Request::VoidCoupon(VoidCoupon {
            code: code.clone(),
            reason: "printed twice".into(),
        }),
    )
    .unwrap();
    let err = t
        .run(Request::RedeemCoupon(carddesk_data::ops::RedeemCoupon {
            code: code.clone(),
        }))
        .unwrap_err();
    assert!(matches!(
        err,
        OpError::CouponRefused {
            reason: CouponRefusal::Voided,
            ..
        }
    ));
}

#[test]
fn a_stay_of_2_nights_earns_per_night_and_per_amount() {
    let mut t = TestBook::new();
    let no = t.register("卫五", "13800000013", "AA13");
    let out = t
        .run(Request::PostStay(StayPosting {
            member_no: no.clone().into(),
            nights: 2,
            room_revenue: dec!(598.50),
            folio_ref: "F-88".into(),
            booker: None,
        }))
        .unwrap();
    // 2 × 100 per night + 598 for the revenue (1 point per 1.00, whole points).
    assert_eq!(out.account.unwrap().points, 798);
    let err = t
        .run(Request::PostStay(StayPosting {
            member_no: no.into(),
            nights: 0,
            room_revenue: dec!(100),
            folio_ref: "F-89".into(),
            booker: None,
        }))
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
}

#[test]
fn points_lots_are_spent_oldest_first_and_expire_by_the_daily_job() {
    let mut t = TestBook::new();
    let no = t.register("蒋六", "13800000014", "AA14");
    let stay = |nights, folio: &str| {
        Request::PostStay(StayPosting {
            member_no: no.clone().into(),
            nights,
            room_revenue: dec!(0),
            folio_ref: folio.into(),
            booker: None,
        })
    };
    t.run(stay(3, "F-1")).unwrap(); // 300, expires 24 months on
    t.clock.advance(chrono::Duration::days(400));
    t.run(stay(2, "F-2")).unwrap(); // 200, a year later
    t.run(Request::RedeemGift(RedeemGift {
        member_no: no.clone().into(),
        gift: "umbrella".into(),
    }))
    .unwrap_err(); // 1500 needed
    t.run(Request::ConvertPoints(ConvertPoints {
        member_no: no.clone().into(),
        into: ConvertInto::Coupon {
            template: "free_fruit".into(),
        },
    }))
    .unwrap(); // 300 points: the whole first lot
               // 400 more days: the first lot (now empty) is past its date, the second is not.
    t.clock.advance(chrono::Duration::days(400));
    let report = t.book.run_daily().unwrap();
    assert_eq!(report.points_expired, 0);
    assert_eq!(t.account(&no).points, 200);
    t.clock.advance(chrono::Duration::days(400));
    let report = t.book.run_daily().unwrap();
    assert_eq!(
        (report.points_expired_entries, report.points_expired),
        (1, 200)
    );
    assert_eq!(t.account(&no).points, 0);
    // Twice on one day writes nothing twice.
    assert!(t.book.run_daily().unwrap().already_ran);
    t.assert_verified();
}

#[test]
fn in_a_chain_only_the_named_terminal_runs_the_daily_job() {
    // Expiry op ids name the member and the day: a second terminal running the job
    // would write the same op again. `rules.daily_terminal` names the one that runs it.
    let rules = Rules {
        daily_terminal: Some("T02".into()),
        ..Rules::default()
    };
    let mut t = TestBook::with_rules(rules);
    let no = t.register("蒋七", "13800000015", "AA15");
    t.run(Request::PostStay(StayPosting {
        member_no: no.clone().into(),
        nights: 3,
        room_revenue: dec!(0),
        folio_ref: "F-1".into(),
        booker: None,
    }))
    .unwrap();
    t.clock.advance(chrono::Duration::days(800));
    let report = t.book.run_daily().unwrap();
    assert_eq!(report.runs_on.as_ref().map(|t| t.as_str()), Some("T02"));
    assert_eq!(report.points_expired_entries, 0);
    assert!(!report.already_ran, "nothing is marked as run here");
    assert_eq!(t.account(&no).points, 300, "T01 expires nothing");

    // Named here, it runs.
    let rules = Rules {
        daily_terminal: Some("T01".into()),
        ..Rules::default()
    };
    let mut t = TestBook::with_rules(rules);
    let no = t.register("蒋八", "13800000016", "AA16");
    t.run(Request::PostStay(StayPosting {
        member_no: no.clone().into(),
        nights: 3,
        room_revenue: dec!(0),
        folio_ref: "F-1".into(),
        booker: None,
    }))
    .unwrap();
    t.clock.advance(chrono::Duration::days(800));
    let report = t.book.run_daily().unwrap();
    assert_eq!(report.runs_on, None);
    assert_eq!(
        (report.points_expired_entries, report.points_expired),
        (1, 300)
    );
    assert_eq!(t.account(&no).points, 0);
    t.assert_verified();
}

#[test]
fn a_daily_terminal_that_is_no_terminal_id_is_refused_at_start() {
    let rules = Rules {
        daily_terminal: Some("T 01".into()),
        ..Rules::default()
    };
    let err = rules.validate().unwrap_err();
    assert!(err.contains("rules.daily_terminal"), "{err}");
}

#[test]
fn points_convert_to_stored_value_as_bonus() {
    let mut t = TestBook::new();
    let no = t.register("沈七", "13800000015", "AA15");
    t.run(Request::PostStay(StayPosting {
        member_no: no.clone().into(),
        nights: 5,
        room_revenue: dec!(0),
        folio_ref: "F".into(),
        booker: None,
    }))
    .unwrap();
    let out = t
        .run(Request::ConvertPoints(ConvertPoints {
            member_no: no.clone().into(),
            into: ConvertInto::StoredValue { points: 300 },
        }))
        .unwrap();
    let a = out.account.unwrap();
    assert_eq!((a.points, a.bonus, a.principal), (200, dec!(3), dec!(0)));
}

#[test]
fn refunds_return_principal_only_and_need_a_supervisor() {
    let mut t = TestBook::new();
    t.add_staff();
    let no = t.register("韩八", "13800000016", "AA16");
    top_up(&mut t, &no, dec!(500));
    let refund = |amount| {
        Request::RefundStoredValue(RefundStoredValue {
            member_no: no.clone().into(),
            amount,
            tender: Tender::Cash,
            reason: "moving away".into(),
        })
    };
    assert_eq!(
        t.run(refund(dec!(100))).unwrap_err(),
        OpError::NeedsRole(Role::Supervisor)
    );
    let approved = t.approved();
    let err = t.run_as(&approved, refund(dec!(600))).unwrap_err();
    assert!(matches!(
        err,
        OpError::InsufficientBalance {
            what: Balance::Principal,
            ..
        }
    ));
    let a = t
        .run_as(&approved, refund(dec!(500)))
        .unwrap()
        .account
        .unwrap();
    assert_eq!((a.principal, a.bonus), (dec!(0), dec!(100)));
    // A cashier cannot approve.
    assert!(t
        .book
        .approve("boss", "1111", carddesk_data::Role::Supervisor)
        .is_err());
}

#[test]
fn a_payment_pin_guards_large_stored_value_payments_with_lockout() {
    let mut t = TestBook::new();
    let no = t.register("杨九", "13800000017", "AA17");
    top_up(&mut t, &no, dec!(1000));
    t.run(Request::SetPaymentPin(SetPaymentPin {
        member_no: no.clone().into(),
        pin: "135790".into(),
        old_pin: None,
    }))
    .unwrap();
    let mut c = checkout(&no, dec!(600));
    c.use_stored_value = true;
    assert!(
        t.book
            .quote_checkout(&common::actor(), &c)
            .unwrap()
            .pin_needed
    );
    assert_eq!(
        t.run(Request::Checkout(c.clone())).unwrap_err().code(),
        "pin_required"
    );
    c.pin = Some("000000".into());
    for left in (1..5).rev() {
        match t.run(Request::Checkout(c.clone())).unwrap_err() {
            OpError::WrongPin { attempts_left, .. } => assert_eq!(attempts_left, left),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        t.run(Request::Checkout(c.clone())).unwrap_err().code(),
        "locked_out"
    );
    c.pin = Some("135790".into());
    assert_eq!(
        t.run(Request::Checkout(c.clone())).unwrap_err().code(),
        "locked_out"
    );
    t.clock.advance(chrono::Duration::minutes(16));
    assert!(t.run(Request::Checkout(c)).is_ok());
    // Below the threshold no PIN is asked.
    let mut small = checkout(&no, dec!(50));
    small.use_stored_value = true;
    assert!(t.run(Request::Checkout(small)).is_ok());
}

#[test]
fn count_cards_are_sold_used_and_refused_when_used_up_or_expired() {
    let mut t = TestBook::new();
    let no = t.register("朱十", "13800000018", "AA18");
    let out = t
        .run(Request::SellCountCard(SellCountCard {
            member_no: no.clone().into(),
            package: "ktv10".into(),
            tender: Tender::BankCard,
        }))
        .unwrap();
    let card = out.account.unwrap().count_cards[0].card.clone();
    let use_k = |k| {
        Request::UseCountCard(UseCountCard {
            card: card.clone(),
            uses: k,
            member_no: None,
        })
    };
    t.run(use_k(3)).unwrap();
    let a = t.run(use_k(6)).unwrap().account.unwrap();
    assert_eq!(a.count_cards[0].remaining, 1);
    assert_eq!(
        t.run(use_k(2)).unwrap_err(),
        OpError::CountCardRefused {
            card: card.clone(),
            reason: CountCardRefusal::NotEnoughUses(1)
        }
    );
    t.clock.advance(chrono::Duration::days(366));
    assert!(matches!(
        t.run(use_k(1)).unwrap_err(),
        OpError::CountCardRefused {
            reason: CountCardRefusal::Expired(_),
            ..
        }
    ));
    t.assert_verified();
}

#[test]
fn reversing_a_checkout_gives_back_coupon_points_and_stored_value_and_takes_back_points_earned() {
    let mut t = TestBook::new();
    t.add_staff();
    let no = t.register("秦一", "13800000019", "AA19");
    top_up(&mut t, &no, dec!(500));
    t.run(Request::PostStay(StayPosting {
        member_no: no.clone().into(),
        nights: 3,
        room_revenue: dec!(0),
        folio_ref: "F".into(),
        booker: None,
    }))
    .unwrap();
    let code = issue_coupon(&mut t, &no, "cash20");
    let before = t.account(&no);
    let mut c = checkout(&no, dec!(388));
    c.coupons = vec![code.clone()];
    c.use_points = true;
    c.use_stored_value = true;
    let out = t.run(Request::Checkout(c)).unwrap();
    let reverse = Request::Reverse(Reverse {
        entry_id: out.entry_id.clone(),
        reason: "wrong bill".into(),
    });
    assert_eq!(
        t.run(reverse.clone()).unwrap_err(),
        OpError::NeedsRole(Role::Supervisor)
    );
    let approved = t.approved();
    t.run_as(&approved, reverse.clone()).unwrap();
    let after = t.account(&no);
    assert_eq!(
        (after.principal, after.bonus, after.points),
        (before.principal, before.bonus, before.points)
    );
    // The coupon used is usable again; the coupon the checkout issued is void.
    assert_eq!(
        after
            .coupons
            .iter()
            .map(|c| c.code.clone())
            .collect::<Vec<_>>(),
        vec![code]
    );
    assert_eq!(
        t.run_as(&approved, reverse).unwrap_err().code(),
        "already_reversed"
    );
    t.assert_verified();
}

#[test]
fn reversing_points_already_spent_goes_negative_and_is_flagged_not_clipped() {
    let mut t = TestBook::new();
    t.add_staff();
    let no = t.register("尤二", "13800000020", "AA20");
    let stay = t
        .run(Request::PostStay(StayPosting {
            member_no: no.clone().into(),
            nights: 15,
            room_revenue: dec!(0),
            folio_ref: "F".into(),
            booker: None,
        }))
        .unwrap();
    t.run(Request::RedeemGift(RedeemGift {
        member_no: no.clone().into(),
        gift: "umbrella".into(),
    }))
    .unwrap();
    let approved = t.approved();
    let out = t
        .run_as(
            &approved,
            Request::Reverse(Reverse {
                entry_id: stay.entry_id,
                reason: "posted to the wrong guest".into(),
            }),
        )
        .unwrap();
    match out.detail {
        Some(carddesk_data::entry::EntryBody::Reversed {
            negative_balance, ..
        }) => assert!(negative_balance),
        other => panic!("{other:?}"),
    }
    assert_eq!(t.account(&no).points, -1500);
    t.assert_verified();
}

#[test]
fn manual_points_adjustment_needs_a_supervisor_and_a_reason() {
    let mut t = TestBook::new();
    t.add_staff();
    let no = t.register("许三", "13800000021", "AA21");
    let adjust = |points, reason: &str| {
        Request::AdjustPoints(AdjustPoints {
            member_no: no.clone().into(),
            points,
            reason: reason.into(),
        })
    };
    assert_eq!(
        t.run(adjust(100, "goodwill")).unwrap_err(),
        OpError::NeedsRole(Role::Supervisor)
    );
    let approved = t.approved();
    assert_eq!(
        t.run_as(&approved, adjust(100, " ")).unwrap_err().code(),
        "invalid_input"
    );
    assert_eq!(
        t.run_as(&approved, adjust(100, "goodwill"))
            .unwrap()
            .account
            .unwrap()
            .points,
        100
    );
    let err = t.run_as(&approved, adjust(-101, "correction")).unwrap_err();
    assert!(matches!(
        err,
        OpError::InsufficientBalance {
            what: Balance::Points,
            ..
        }
    ));
}

#[test]
fn operators_log_in_and_five_wrong_pins_lock_the_id() {
    let mut t = TestBook::new();
    assert!(t.book.has_operators().unwrap());
    assert_eq!(
        t.book.login("sup", "246813").unwrap().role,
        carddesk_data::Role::Supervisor
    );
    assert_eq!(
        t.book.login("nobody", "246813").unwrap_err().code(),
        "unknown_operator"
    );
    for _ in 0..4 {
        assert_eq!(t.book.login("sup", "1111").unwrap_err().code(), "wrong_pin");
    }
    assert_eq!(
        t.book.login("sup", "1111").unwrap_err().code(),
        "locked_out"
    );
    assert_eq!(
        t.book.login("sup", "246813").unwrap_err().code(),
        "locked_out"
    );
    t.clock.advance(chrono::Duration::minutes(16));
    assert!(t.book.login("sup", "246813").is_ok());
    // Only an admin adds operators.
    let err = t
        .run_as(
            &Actor::new("sup", "rooms"),
            Request::AddOperator(carddesk_data::ops::AddOperator {
                operator_id: "c1".into(),
                name: "收银一".into(),
                role: carddesk_data::Role::Cashier,
                pin: "1234".into(),
            }),
        )
        .unwrap_err();
    assert_eq!(err, OpError::NeedsRole(Role::Admin));
}

#[test]
fn a_retried_checkout_posts_once() {
    let mut t = TestBook::new();
    let no = t.register("何四", "13800000022", "AA22");
    top_up(&mut t, &no, dec!(200));
    let mut c = checkout(&no, dec!(50));
    c.use_stored_value = true;
    let req = Request::Checkout(c);
    let first = t.book.execute(&common::actor(), "pos-77", &req).unwrap();
    let again = t.book.execute(&common::actor(), "pos-77", &req).unwrap();
    assert!(again.replayed);
    assert_eq!(first.entry_id, again.entry_id);
    assert_eq!(t.account(&no).stored_value(), dec!(170));
}

#[test]
fn a_preview_shows_before_and_after_and_writes_nothing() {
    let mut t = TestBook::new();
    let no = t.register("预览", "13800000023", "AA23");
    let stay = Request::PostStay(StayPosting {
        member_no: no.clone().into(),
        nights: 2,
        room_revenue: dec!(300),
        folio_ref: "F-1".into(),
        booker: None,
    });
    let entries = t.book.recent_entries(&no, 100).unwrap().len();
    let p = t.book.preview(&common::actor(), &stay).unwrap();
    assert_eq!((p.before.points, p.after.points), (0, 500));
    assert_eq!(t.account(&no).points, 0);
    assert_eq!(t.book.recent_entries(&no, 100).unwrap().len(), entries);
    // The real posting then does what the preview said.
    assert_eq!(t.run(stay).unwrap().account.unwrap().points, 500);
    // A refused request previews as the same refusal.
    let err = t
        .book
        .preview(
            &common::actor(),
            &Request::RedeemGift(RedeemGift {
                member_no: no.into(),
                gift: "umbrella".into(),
            }),
        )
        .unwrap_err();
    assert_eq!(err.code(), "insufficient_balance");
    t.assert_verified();
}
