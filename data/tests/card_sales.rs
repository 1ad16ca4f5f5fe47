//! Selling the card itself and staff commission (issue 19, items 3 and 4): the card fee
//! by tier, the tier raised, no points, the least first top-up, the commission in the
//! entry, its reversal taking it back, the reports, a replica and verify agreeing, and a
//! forged commission refused.

mod common;

use std::collections::BTreeMap;

use carddesk_data::analytics::Window;
use carddesk_data::effects::Effect;
use carddesk_data::ops::{Reverse, SellCard, TopUp};
use carddesk_data::{Actor, EntryBody, Lang, Outcome, Request, Rules, Tender};
use common::TestBook;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// The seed's figures (seed 003): cards 200 (普通) up to 800 (白金), commission 20–50,
/// a first top-up of at least 500, and top-ups paying 5.00 + 1%.
fn rules() -> Rules {
    let mut r = Rules::default();
    r.card_sales.fees = BTreeMap::from([
        ("普通".to_string(), dec!(200)),
        ("银卡".to_string(), dec!(300)),
        ("金卡".to_string(), dec!(500)),
        ("白金".to_string(), dec!(800)),
    ]);
    r.card_sales.min_first_top_up = dec!(500);
    r.commission.card = BTreeMap::from([
        ("普通".to_string(), dec!(20)),
        ("银卡".to_string(), dec!(25)),
        ("金卡".to_string(), dec!(35)),
        ("白金".to_string(), dec!(50)),
    ]);
    r.commission.top_up_fixed = dec!(5);
    r.commission.top_up_rate = dec!(0.01);
    r.validate().expect("the seed's rules are valid");
    r
}

fn sell(tier: &str, no: &str, tender: Tender) -> Request {
    Request::SellCard(SellCard {
        member_no: no.into(),
        tier: tier.into(),
        tender,
    })
}

fn top_up(no: &str, amount: Decimal) -> Request {
    Request::TopUp(TopUp {
        member_no: no.into(),
        amount,
        tender: Tender::Cash,
    })
}

fn commissions(o: &Outcome) -> Vec<(String, Decimal)> {
    o.detail
        .as_ref()
        .expect("detail")
        .effects()
        .iter()
        .filter_map(|e| match e {
            Effect::Commission { operator, amount } => Some((operator.clone(), *amount)),
            _ => None,
        })
        .collect()
}

fn today(t: &TestBook) -> Window {
    let day = t.book.terminal().rules.business_day(t.book.now());
    Window {
        from: day,
        to: day,
        outlet: None,
    }
}

#[test]
fn a_gold_card_is_sold_for_its_fee_raises_the_tier_and_earns_no_points() {
    let mut t = TestBook::with_rules(rules());
    let no = t.register("买卡", "13800000301", "C501");
    let before = t.account(&no);
    let preview = t
        .book
        .preview(&common::actor(), &sell("金卡", &no, Tender::BankCard))
        .expect("preview");
    let out = t.run(sell("金卡", &no, Tender::BankCard)).expect("sold");
    assert_eq!(
        Some(&preview.detail),
        out.detail.as_ref(),
        "posts the preview"
    );
    match out.detail.as_ref().expect("detail") {
        EntryBody::CardSold {
            tier,
            fee,
            tender,
            commission,
            ..
        } => {
            assert_eq!(
                (tier.as_str(), *fee, *tender),
                ("金卡", dec!(500), Tender::BankCard)
            );
            assert_eq!(*commission, dec!(35));
        }
        other => panic!("not a card sale: {other:?}"),
    }
    assert_eq!(out.kind.as_str(), "card_sold");
    let m = t.book.member(&no).unwrap().unwrap();
    assert_eq!(m.tier, "金卡", "the tier sold is set");
    let after = t.account(&no);
    assert_eq!(after.points, before.points, "a card fee earns no points");
    assert_eq!(after.stored_value(), before.stored_value());
    assert_eq!(commissions(&out), vec![("op1".to_string(), dec!(35))]);
    t.assert_verified();
}

#[test]
fn a_lower_card_leaves_the_tier_and_an_unsold_tier_is_refused_in_words() {
    let mut r = rules();
    r.card_sales.fees.remove("银卡");
    r.commission.card.remove("银卡");
    let mut t = TestBook::with_rules(r);
    let no = t.register("降级", "13800000302", "C502");
    t.run(sell("白金", &no, Tender::Cash)).expect("platinum");
    let out = t
        .run(sell("普通", &no, Tender::Cash))
        .expect("a plain card");
    assert!(
        !out.detail
            .as_ref()
            .unwrap()
            .effects()
            .iter()
            .any(|e| matches!(e, Effect::TierSet { .. })),
        "a lower card never lowers the tier"
    );
    assert_eq!(t.book.member(&no).unwrap().unwrap().tier, "白金");
    let n = t.book.journal_page(None, 1000).unwrap().len();
    let err = t.run(sell("银卡", &no, Tender::Cash)).unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    let zh = err.message(Lang::Zh);
    assert!(zh.contains("银卡") && zh.contains("在售"), "{zh}");
    assert!(!zh.contains("tier"), "no field name: {zh}");
    assert!(err.message(Lang::En).contains("no 银卡 card is sold here"));
    assert_eq!(
        t.book.journal_page(None, 1000).unwrap().len(),
        n,
        "writes nothing"
    );
}

#[test]
fn with_no_card_sales_configured_a_sale_is_refused() {
    let mut t = TestBook::new();
    let no = t.register("无卡", "13800000303", "C503");
    let err = t.run(sell("金卡", &no, Tender::Cash)).unwrap_err();
    assert!(
        err.message(Lang::Zh).contains("不售会员卡"),
        "{}",
        err.message(Lang::Zh)
    );
}

#[test]
fn a_first_top_up_below_the_minimum_is_refused_and_later_ones_are_not() {
    let mut t = TestBook::with_rules(rules());
    let no = t.register("首充", "13800000304", "C504");
    let err = t.run(top_up(&no, dec!(200))).unwrap_err();
    assert!(
        err.message(Lang::Zh).contains("首次充值最低 500"),
        "{}",
        err.message(Lang::Zh)
    );
    assert_eq!(t.account(&no).principal, Decimal::ZERO, "writes nothing");
    // The preview refuses it the same way.
    assert!(t
        .book
        .preview(&common::actor(), &top_up(&no, dec!(200)))
        .is_err());
    let first = t.run(top_up(&no, dec!(500))).expect("500 is enough");
    t.run(top_up(&no, dec!(100)))
        .expect("a later top-up may be small");
    // A reversed first top-up does not count: the next is a first one again.
    let other = t.register("冲正", "13800000305", "C505");
    let f = t.run(top_up(&other, dec!(600))).unwrap();
    t.run_as(
        &t.approved(),
        Request::Reverse(Reverse {
            entry_id: f.entry_id.clone(),
            reason: "输错".into(),
        }),
    )
    .expect("reversed");
    assert!(t.run(top_up(&other, dec!(100))).is_err());
    assert!(!first.replayed);
    t.assert_verified();
}

#[test]
fn a_top_up_pays_the_fixed_part_plus_the_rate_to_the_operator_who_took_it() {
    let mut t = TestBook::with_rules(rules());
    let no = t.register("充值", "13800000306", "C506");
    let out = t.run(top_up(&no, dec!(555))).unwrap();
    // 5.00 + 1% of 555.00 = 10.55.
    assert_eq!(commissions(&out), vec![("op1".to_string(), dec!(10.55))]);
    // The member's balances are the top-up's alone: the commission is no member money.
    let a = t.account(&no);
    assert_eq!((a.principal, a.bonus), (dec!(555), dec!(100)));
    t.assert_verified();
}

#[test]
fn the_commission_report_sums_per_operator_and_a_reversal_takes_it_back() {
    let mut t = TestBook::with_rules(rules());
    let a = t.register("甲", "13800000307", "C507");
    let b = t.register("乙", "13800000308", "C508");
    let sold = t.run(sell("金卡", &a, Tender::Cash)).unwrap();
    t.run(sell("普通", &b, Tender::Cash)).unwrap();
    t.run_as(&Actor::new("sup", "rooms"), top_up(&a, dec!(1000)))
        .unwrap();
    let lines = t.book.commission_report(&today(&t), None).unwrap();
    let op1 = lines.iter().find(|l| l.operator == "op1").unwrap();
    assert_eq!((op1.cards, op1.top_ups, op1.amount), (2, 0, dec!(55.00)));
    let sup = lines.iter().find(|l| l.operator == "sup").unwrap();
    assert_eq!((sup.cards, sup.top_ups, sup.amount), (0, 1, dec!(15.00)));

    let rev = t
        .run_as(
            &t.approved(),
            Request::Reverse(Reverse {
                entry_id: sold.entry_id.clone(),
                reason: "退卡".into(),
            }),
        )
        .expect("reversed");
    // The reversal carries the seller's commission negated, whoever posts it.
    assert_eq!(commissions(&rev), vec![("op1".to_string(), dec!(-35))]);
    assert_eq!(
        t.book.member(&a).unwrap().unwrap().tier,
        "普通",
        "the tier goes back"
    );
    let lines = t.book.commission_report(&today(&t), Some("op1")).unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!((lines[0].cards, lines[0].amount), (1, dec!(20.00)));

    // The day report: the card fees net of the reversal, the commission too.
    let day = t
        .book
        .day_report("rooms", t.book.terminal().rules.business_day(t.book.now()))
        .unwrap();
    assert_eq!(day.totals.card_fees, dec!(200.00));
    assert_eq!(day.totals.commission, dec!(35.00));
    assert_eq!(day.totals.kinds["card_sold"].count, 1);
    t.assert_verified();
}

#[test]
fn a_replica_takes_the_sales_and_their_reversal_and_agrees() {
    let mut t = TestBook::with_rules(rules());
    let no = t.register("复制", "13800000309", "C509");
    let sold = t.run(sell("银卡", &no, Tender::Cash)).unwrap();
    t.run(top_up(&no, dec!(500))).unwrap();
    t.run_as(
        &t.approved(),
        Request::Reverse(Reverse {
            entry_id: sold.entry_id.clone(),
            reason: "退卡".into(),
        }),
    )
    .unwrap();
    let mut terminal = common::terminal("T02");
    // The replica's own rules differ: the entries carry what was decided.
    terminal.rules = Rules::default();
    let mut replica = carddesk_data::Book::create(
        &t.dir.path().join("t02.db"),
        terminal,
        Box::new(t.clock.clone()),
    )
    .expect("T02");
    replica
        .ingest_remote(t.book.own_entries_after(0, 1000).unwrap())
        .expect("the replica takes every entry");
    assert_eq!(replica.account(&no).unwrap(), t.account(&no));
    assert_eq!(replica.member(&no).unwrap().unwrap().tier, "普通");
    let w = today(&t);
    assert_eq!(
        replica.commission_report(&w, None).unwrap(),
        t.book.commission_report(&w, None).unwrap()
    );
    assert!(replica.verify().unwrap().is_clean());
}

#[test]
fn a_forged_commission_is_refused_by_the_integrity_check() {
    let mut t = TestBook::with_rules(rules());
    let no = t.register("伪造", "13800000310", "C510");
    t.run(sell("金卡", &no, Tender::Cash)).unwrap();
    t.run(top_up(&no, dec!(500))).unwrap();
    let entries = t.book.own_entries_after(0, 1000).unwrap();
    let check = carddesk_data::integrity::check_entry;
    let (sale, topup) = (&entries[entries.len() - 2], &entries[entries.len() - 1]);
    assert!(check(sale, None).is_ok() && check(topup, None).is_ok());
    let forge = |e: &carddesk_data::journal::Entry, from: &str, to: &str| {
        assert!(e.body.contains(from), "{} has no {from}", e.body);
        let mut f = e.clone();
        f.body = e.body.replace(from, to);
        f
    };
    // Raised beyond what the body records.
    let raised = forge(sale, "\"amount\":\"35\"", "\"amount\":\"350\"");
    assert!(check(&raised, None).is_err());
    // Paid to someone else than the operator who posted it.
    let other = forge(sale, "\"operator\":\"op1\"", "\"operator\":\"sup\"");
    assert!(check(&other, None).unwrap_err().contains("commission"));
    // On a top-up, more than the money taken.
    let greedy = forge(topup, "\"amount\":\"10.00\"", "\"amount\":\"900.00\"");
    assert!(check(&greedy, None).is_err());
}

#[test]
fn a_replacement_fee_needs_a_tender_and_is_revenue_in_the_day_report() {
    use carddesk_data::ops::ReplaceCredential;
    use carddesk_data::{Credential, CredentialKind};
    let mut r = rules();
    r.card_sales.replacement_fee = dec!(20);
    let mut t = TestBook::with_rules(r);
    let no = t.register("补卡", "13800000311", "C511");
    let replace = |tender| {
        Request::ReplaceCredential(ReplaceCredential {
            old: Credential::new(CredentialKind::Card, "C511"),
            new: Credential::new(CredentialKind::Card, "C512"),
            tender,
        })
    };
    let err = t.run(replace(None)).unwrap_err();
    assert!(
        err.message(Lang::Zh).contains("补卡费 20"),
        "{}",
        err.message(Lang::Zh)
    );
    let out = t.run(replace(Some(Tender::Cash))).expect("replaced");
    match out.detail.as_ref().expect("detail") {
        EntryBody::CredentialReplaced { fee, tender, .. } => {
            assert_eq!((*fee, *tender), (dec!(20), Some(Tender::Cash)))
        }
        other => panic!("not a replacement: {other:?}"),
    }
    assert!(
        matches!(t.book.find("C512").unwrap(), carddesk_data::Found::One { ref member } if member.member_no == no),
        "the member holds the new card"
    );
    let day = t
        .book
        .day_report("rooms", t.book.terminal().rules.business_day(t.book.now()))
        .unwrap();
    assert_eq!(day.totals.card_fees, dec!(20.00));
    assert_eq!(day.totals.tenders["cash"].taken, dec!(20.00));
    // A fee taken by no tender is refused by the integrity check.
    let entries = t.book.own_entries_after(0, 1000).unwrap();
    let last = entries.last().unwrap();
    let mut forged = last.clone();
    forged.body = last.body.replace(",\"tender\":\"cash\"", "");
    assert_ne!(forged.body, last.body);
    assert!(carddesk_data::integrity::check_entry(&forged, None).is_err());
    t.assert_verified();
}

#[test]
fn a_gold_member_tops_up_by_the_gold_bonus_table_and_others_by_the_common_one() {
    use carddesk_data::rules::{BonusStep, TierBonus};
    let mut r = rules();
    r.stored_value.tier_bonus = vec![TierBonus {
        tier: "金卡".into(),
        bonus: vec![BonusStep {
            threshold: dec!(500),
            bonus: dec!(150),
        }],
    }];
    r.validate().unwrap();
    let mut t = TestBook::with_rules(r);
    let plain = t.register("普通会员", "13800000312", "C513");
    let gold = t.register("金卡会员", "13800000313", "C514");
    t.run(sell("金卡", &gold, Tender::Cash)).unwrap();
    let preview = t
        .book
        .preview(&common::actor(), &top_up(&gold, dec!(500)))
        .unwrap();
    let out = t.run(top_up(&gold, dec!(500))).unwrap();
    assert_eq!(
        Some(&preview.detail),
        out.detail.as_ref(),
        "posts the preview"
    );
    assert_eq!(t.account(&gold).bonus, dec!(150), "the gold table");
    t.run(top_up(&plain, dec!(500))).unwrap();
    assert_eq!(t.account(&plain).bonus, dec!(100), "the common table");
    t.assert_verified();
}
