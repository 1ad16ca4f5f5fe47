//! The settlement fold on hand-made journals (every rule of the module doc, including
//! hub entries and member debt), and once end to end on a real book.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::ledger::{Ledger, Posting, RawEffect};
use super::*;

const LO: i64 = 1_000;
const HI: i64 = 2_000;

fn post(id: &str, hlc: i64, outlet: &str, kind: &str, effects: Vec<RawEffect>) -> Posting {
    Posting {
        id: id.into(),
        member_no: "10000001".into(),
        hlc,
        hub: outlet == HUB_OUTLET,
        outlet: outlet.into(),
        kind: kind.into(),
        effects,
        ..Posting::default()
    }
}

fn reversal(id: &str, hlc: i64, outlet: &str, of: &str, effects: Vec<RawEffect>) -> Posting {
    Posting {
        reversal_of: Some(of.into()),
        ..post(id, hlc, outlet, "reversed", effects)
    }
}

fn run(posts: &[Posting]) -> BTreeMap<(String, String), Flows> {
    let mut l = Ledger::new(LO, HI);
    for p in posts {
        l.post(p);
    }
    l.flows.retain(|_, f| !f.is_zero());
    l.flows
}

fn get(f: &BTreeMap<(String, String), Flows>, a: &str, b: &str) -> Flows {
    f.get(&(a.to_string(), b.to_string()))
        .cloned()
        .unwrap_or_default()
}

fn principal(p: Decimal) -> Flows {
    Flows {
        principal: p,
        ..Flows::default()
    }
}

use RawEffect::{Bonus, Debt, Principal};

#[test]
fn settlement_spends_are_attributed_fifo_across_top_up_outlets() {
    let f = run(&[
        post("T1-1", 100, "a", "topped_up", vec![Principal(dec!(100))]),
        post("T2-1", 200, "c", "topped_up", vec![Principal(dec!(50))]),
        post(
            "T3-1",
            1100,
            "b",
            "checked_out",
            vec![Principal(dec!(-120))],
        ),
        post("T3-2", 1200, "b", "checked_out", vec![Principal(dec!(-10))]),
    ]);
    assert_eq!(get(&f, "a", "b"), principal(dec!(100)));
    assert_eq!(get(&f, "c", "b"), principal(dec!(30)));
    assert_eq!(f.len(), 2, "{f:?}");
}

#[test]
fn settlement_books_only_the_window_but_builds_fifo_from_all_history() {
    let f = run(&[
        post("T1-1", 100, "a", "topped_up", vec![Principal(dec!(100))]),
        post("T2-1", 200, "c", "topped_up", vec![Principal(dec!(100))]),
        // Before the window: uses up a's layer, books nothing.
        post("T3-1", 300, "b", "checked_out", vec![Principal(dec!(-100))]),
        post("T3-2", 1500, "b", "checked_out", vec![Principal(dec!(-40))]),
        // After the window: ignored.
        post("T3-3", 2500, "b", "checked_out", vec![Principal(dec!(-60))]),
    ]);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(get(&f, "c", "b"), principal(dec!(40)));
}

#[test]
fn settlement_keeps_principal_and_bonus_apart_and_refunds_in_their_column() {
    let f = run(&[
        post(
            "T1-1",
            100,
            "a",
            "topped_up",
            vec![Principal(dec!(500)), Bonus(dec!(100))],
        ),
        post("T2-1", 200, "c", "topped_up", vec![Bonus(dec!(20))]),
        post(
            "T3-1",
            1100,
            "b",
            "checked_out",
            vec![Bonus(dec!(-110)), Principal(dec!(-200))],
        ),
        post(
            "T3-2",
            1200,
            "b",
            "stored_value_refunded",
            vec![Principal(dec!(-50))],
        ),
        post(
            "T1-2",
            1300,
            "a",
            "stored_value_refunded",
            vec![Principal(dec!(-50))],
        ),
    ]);
    let ab = get(&f, "a", "b");
    assert_eq!(
        (ab.principal, ab.bonus, ab.refunded),
        (dec!(200), dec!(100), dec!(50))
    );
    assert_eq!(get(&f, "c", "b").bonus, dec!(10));
    assert_eq!(get(&f, "a", "a").refunded, dec!(50));
}

#[test]
fn settlement_overspend_is_debt_and_the_next_top_up_repays_it() {
    let f = run(&[
        post("T1-1", 1100, "a", "topped_up", vec![Principal(dec!(30))]),
        post("T2-1", 1200, "b", "checked_out", vec![Principal(dec!(-50))]),
        post("T3-1", 1300, "c", "topped_up", vec![Principal(dec!(100))]),
        post("T2-2", 1400, "b", "checked_out", vec![Principal(dec!(-80))]),
    ]);
    assert_eq!(get(&f, "a", "b"), principal(dec!(30)));
    assert_eq!(get(&f, DEBT, "b"), principal(dec!(20)));
    assert_eq!(get(&f, "c", DEBT), principal(dec!(20)));
    assert_eq!(get(&f, "c", "b"), principal(dec!(80)));
}

#[test]
fn settlement_hub_entries_are_adjustments_never_an_outlet() {
    let unknown = post("HUB-9", 1250, HUB_OUTLET, "something_new", vec![]);
    let f = run(&[
        post("T1-1", 1100, "a", "topped_up", vec![Principal(dec!(30))]),
        post("T2-1", 1200, "b", "checked_out", vec![Principal(dec!(-50))]),
        // The hub zeroes the overdraft and books it as debt.
        post(
            "HUB-1",
            1210,
            HUB_OUTLET,
            "conflict_raised",
            vec![Principal(dec!(20)), Debt(dec!(20))],
        ),
        unknown,
        post("T3-1", 1300, "c", "topped_up", vec![Principal(dec!(100))]),
        // ... and later repays the debt out of c's top-up.
        post(
            "HUB-2",
            1310,
            HUB_OUTLET,
            "debt_repaid",
            vec![Principal(dec!(-20)), Debt(dec!(-20))],
        ),
        post("T2-2", 1400, "b", "checked_out", vec![Principal(dec!(-80))]),
    ]);
    assert_eq!(get(&f, DEBT, "b"), principal(dec!(20)));
    assert_eq!(get(&f, "c", DEBT), principal(dec!(20)));
    assert_eq!(get(&f, "c", "b"), principal(dec!(80)));
    assert!(
        f.keys().all(|(a, b)| a != HUB_OUTLET && b != HUB_OUTLET),
        "{f:?}"
    );
    assert_eq!(f.len(), 4, "{f:?}");
}

#[test]
fn settlement_debt_effects_of_an_outlet_book_repayment_but_not_a_write_off() {
    let settled = |id: &str, hlc, resolution: &str| Posting {
        resolution: Some(resolution.into()),
        ..post(id, hlc, "d", "conflict_settled", vec![Debt(dec!(-15))])
    };
    let f = run(&[
        post(
            "T3-1",
            1300,
            "c",
            "topped_up",
            vec![Principal(dec!(80)), Debt(dec!(-20))],
        ),
        settled("T4-1", 1400, "collected"),
        settled("T4-2", 1500, "written_off"),
    ]);
    assert_eq!(get(&f, "c", DEBT), principal(dec!(20)));
    assert_eq!(get(&f, "d", DEBT), principal(dec!(15)));
    assert_eq!(f.len(), 2, "{f:?}");
}

#[test]
fn settlement_reversal_of_a_spend_gives_back_to_the_same_sources() {
    let f = run(&[
        post("T1-1", 100, "a", "topped_up", vec![Principal(dec!(100))]),
        post("T2-1", 200, "c", "topped_up", vec![Principal(dec!(100))]),
        post(
            "T3-1",
            1100,
            "b",
            "checked_out",
            vec![Principal(dec!(-150))],
        ),
        // Reversed at another outlet: still undoes the spend at b.
        reversal("T1-2", 1200, "a", "T3-1", vec![Principal(dec!(150))]),
        post(
            "T4-1",
            1300,
            "d",
            "checked_out",
            vec![Principal(dec!(-120))],
        ),
    ]);
    assert_eq!(get(&f, "a", "b"), Flows::default());
    assert_eq!(get(&f, "c", "b"), Flows::default());
    // The given-back value is spent first again, oldest first.
    assert_eq!(get(&f, "a", "d"), principal(dec!(100)));
    assert_eq!(get(&f, "c", "d"), principal(dec!(20)));
}

#[test]
fn settlement_reversal_in_the_window_of_an_earlier_spend_books_it_negated() {
    let f = run(&[
        post("T1-1", 100, "a", "topped_up", vec![Principal(dec!(100))]),
        post("T3-1", 200, "b", "checked_out", vec![Principal(dec!(-60))]),
        reversal("T3-2", 1200, "b", "T3-1", vec![Principal(dec!(60))]),
    ]);
    assert_eq!(get(&f, "a", "b"), principal(dec!(-60)));
}

#[test]
fn settlement_reversal_of_a_top_up_takes_back_its_own_layer() {
    let f = run(&[
        post("T1-1", 100, "a", "topped_up", vec![Principal(dec!(100))]),
        post("T2-1", 200, "c", "topped_up", vec![Principal(dec!(100))]),
        reversal("T2-2", 1100, "c", "T2-1", vec![Principal(dec!(-100))]),
        post(
            "T3-1",
            1200,
            "b",
            "checked_out",
            vec![Principal(dec!(-130))],
        ),
    ]);
    assert_eq!(get(&f, "a", "b"), principal(dec!(100)));
    assert_eq!(get(&f, DEBT, "b"), principal(dec!(30)));
    assert_eq!(f.len(), 2, "{f:?}");
}

#[test]
fn settlement_points_go_from_the_lots_outlet_to_the_redeeming_one() {
    let earned = |id: &str, hlc, outlet: &str| {
        post(
            id,
            hlc,
            outlet,
            "checked_out",
            vec![RawEffect::LotEarned { lot: id.into() }],
        )
    };
    let drawn = |lot: &str, points| RawEffect::LotDrawn {
        lot: lot.into(),
        points,
    };
    let f = run(&[
        earned("T1-1", 100, "a"),
        earned("T2-1", 200, "c"),
        post(
            "T3-1",
            1100,
            "b",
            "checked_out",
            vec![drawn("T1-1", 300), drawn("T2-1", 50)],
        ),
        post("T3-2", 1150, "b", "points_expired", vec![drawn("T2-1", 40)]),
        post("T3-3", 1160, "b", "points_adjusted", vec![drawn("T2-1", 5)]),
        post("T4-1", 1200, "d", "gift_redeemed", vec![drawn("T2-1", 20)]),
        reversal("T4-2", 1300, "a", "T4-1", vec![drawn("T2-1", -20)]),
        // Taking back earned points is not a redemption.
        reversal("T1-9", 1400, "a", "T1-1", vec![drawn("T1-1", 100)]),
    ]);
    assert_eq!(get(&f, "a", "b").points, 300);
    assert_eq!(get(&f, "c", "b").points, 50);
    assert_eq!(get(&f, "c", "d").points, 0);
    assert_eq!(f.len(), 2, "{f:?}");
}

#[test]
fn settlement_net_lines_and_the_outlet_filter() {
    let mut flows = BTreeMap::new();
    let mut put = |a: &str, b: &str, p: Decimal, points| {
        flows.insert(
            (a.to_string(), b.to_string()),
            Flows {
                principal: p,
                points,
                ..Flows::default()
            },
        );
    };
    put("a", "b", dec!(100), 10);
    put("b", "a", dec!(130), 0);
    put("a", "a", dec!(5), 0);
    put("c", "b", dec!(7), 0);
    let day = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    let r = report(day, day, None, flows.clone());
    assert_eq!(r.pairs.len(), 3);
    assert_eq!(r.same_outlet.len(), 1);
    assert_eq!(r.net.len(), 2, "{:?}", r.net);
    // b owes a 30.00, and a owes b 10 points: one line, oriented by money.
    let ba = &r.net[0];
    assert_eq!((ba.from_outlet.as_str(), ba.to_outlet.as_str()), ("b", "a"));
    assert_eq!((ba.flows.principal, ba.flows.points), (dec!(30.00), -10));
    assert_eq!(ba.flows.total().to_string(), "30.00");
    let c = report(day, day, Some("c"), flows);
    assert_eq!(c.pairs.len(), 1);
    assert_eq!(c.net[0].from_outlet, "c");
}

#[test]
fn settlement_reads_unknown_kinds_and_effects() {
    let body = r#"{"kind":"conflict_raised","conflict":"overdraw","amount":"5","effects":[
        {"effect":"principal","delta":"5"},{"effect":"debt","delta":5},
        {"effect":"coupon_restored","code":"X"},{"effect":"quantum","spin":1}]}"#;
    let parsed = parse_body("HUB-1", body).unwrap().unwrap();
    assert_eq!(parsed.effects, [Principal(dec!(5)), Debt(dec!(5))]);
    assert!(parse_body("T1-1", r#"{"kind":"member_registered"}"#)
        .unwrap()
        .is_none());
    assert!(parse_body("T1-1", "not json").is_err());
}

mod book {
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;

    use crate::ops::{AddOperator, Checkout, RegisterMember, Reverse, TopUp};
    use crate::{Actor, Book, ManualClock, Profile, Request, Role, Rules, Terminal};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 9, d).unwrap()
    }

    /// End to end on a real book: top-ups at rooms and ktv, points earned at rooms and
    /// redeemed at ktv on day 21; spends at the restaurant on day 22, one reversed.
    #[test]
    fn settlement_on_a_real_book() {
        let dir = tempfile::tempdir().unwrap();
        // 2026-09-21 22:13 +08:00.
        let clock = ManualClock::new(chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap());
        let terminal = Terminal {
            id: "T01".into(),
            outlet: "rooms".into(),
            member_prefix: "1".into(),
            rules: Rules::default(),
        };
        let mut book =
            Book::create(&dir.path().join("b.db"), terminal, Box::new(clock.clone())).unwrap();
        let mut n = 0;
        let mut run = |book: &mut Book, who: &str, outlet: &str, req: Request| {
            n += 1;
            clock.advance(chrono::Duration::minutes(1));
            book.execute(&Actor::new(who, outlet), &format!("t{n}"), &req)
                .unwrap()
        };
        for (by, id, role) in [
            ("setup", "boss", Role::Admin),
            ("boss", "sup", Role::Supervisor),
        ] {
            let req = Request::AddOperator(AddOperator {
                operator_id: id.into(),
                name: id.into(),
                role,
                pin: "246813".into(),
            });
            run(&mut book, by, "rooms", req);
        }
        let register = Request::RegisterMember(RegisterMember {
            profile: Profile {
                name: "张三".into(),
                ..Default::default()
            },
            tier: None,
            credentials: vec![],
        });
        let m = run(&mut book, "op", "rooms", register)
            .member
            .unwrap()
            .member_no;
        let top_up = |amount| {
            Request::TopUp(TopUp {
                member_no: m.clone().into(),
                amount,
                tender: Default::default(),
            })
        };
        let pay = |bill, points: bool| {
            Request::Checkout(Checkout {
                member_no: m.clone().into(),
                bill,
                bill_ref: "R".into(),
                coupons: vec![],
                use_points: points,
                use_stored_value: !points,
                max_points: None,
                max_stored_value: None,
                tender: Default::default(),
                pin: None,
            })
        };
        run(&mut book, "op", "rooms", top_up(dec!(100)));
        run(&mut book, "op", "ktv", top_up(dec!(150)));
        // 90.00 in cash at rooms earns 90 points; at ktv they pay 9.00 of a 20.00 bill.
        run(&mut book, "op", "rooms", pay(dec!(90), true));
        run(&mut book, "op", "ktv", pay(dec!(20), true));
        // Day 22.
        clock.advance(chrono::Duration::hours(3));
        run(&mut book, "op", "restaurant", pay(dec!(120), false));
        let wrong = run(&mut book, "op", "restaurant", pay(dec!(50), false)).entry_id;
        let reverse = Request::Reverse(Reverse {
            entry_id: wrong,
            reason: "wrong bill".into(),
        });
        run(&mut book, "sup", "rooms", reverse);
        run(&mut book, "op", "restaurant", pay(dec!(30), false));

        let flows = |r: &super::SettlementReport| -> Vec<(String, String, String, i64)> {
            r.pairs
                .iter()
                .map(|l| {
                    let f = &l.flows;
                    (
                        l.from_outlet.clone(),
                        l.to_outlet.clone(),
                        f.principal.to_string(),
                        f.points,
                    )
                })
                .collect()
        };
        let s = |a: &str, b: &str, p: &str, pts| (a.to_string(), b.to_string(), p.to_string(), pts);
        let d21 = book.settlement(day(21), day(21), None).unwrap();
        assert_eq!(flows(&d21), [s("rooms", "ktv", "0.00", 90)]);
        let d22 = book.settlement(day(22), day(22), None).unwrap();
        assert_eq!(
            flows(&d22),
            [
                s("ktv", "restaurant", "50.00", 0),
                s("rooms", "restaurant", "100.00", 0)
            ]
        );
        assert_eq!(d22.net.len(), 2);
        let both = book.settlement(day(21), day(22), Some("ktv")).unwrap();
        assert_eq!(
            flows(&both),
            [
                s("ktv", "restaurant", "50.00", 0),
                s("rooms", "ktv", "0.00", 90)
            ]
        );
        assert!(book
            .settlement(day(23), day(23), None)
            .unwrap()
            .pairs
            .is_empty());
    }
}
