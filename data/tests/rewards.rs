//! New members and referrals (新会员注册优惠, 推荐奖励) on a real book: the welcome reward
//! in the registration's transaction, the referrer's reward once at the referred
//! member's first top-up or checkout, taken back with that top-up's reversal, and the
//! referral ranking.

mod common;

use carddesk_data::analytics::Window;
use carddesk_data::entry::{EntryBody, RewardOccasion};
use carddesk_data::ops::{RegisterMember, Reverse, TopUp};
use carddesk_data::{
    Checkout, Credential, CredentialKind, EntryKind, Outcome, Profile, Request, Rules, Tender,
};
use common::TestBook;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn rules() -> Rules {
    let mut r = Rules::default();
    r.welcome.points = 100;
    r.welcome.coupon = Some("cash20".into());
    r.referral.points = 500;
    r.referral.min_amount = dec!(200);
    r
}

fn register(t: &mut TestBook, name: &str, phone: &str, referrer: Option<&str>) -> Outcome {
    t.run(Request::RegisterMember(RegisterMember {
        profile: Profile {
            name: name.into(),
            phone: Some(phone.into()),
            referrer: referrer.map(str::to_string),
            ..Default::default()
        },
        tier: None,
        credentials: vec![Credential::new(
            CredentialKind::Code,
            format!("CODE-{phone}"),
        )],
    }))
    .expect("register")
}

fn no(o: &Outcome) -> String {
    o.member.as_ref().expect("member").member_no.clone()
}

fn top_up(t: &mut TestBook, no: &str, amount: Decimal) -> Outcome {
    t.run(Request::TopUp(TopUp {
        member_no: no.into(),
        amount,
        tender: Tender::Cash,
    }))
    .expect("top-up")
}

fn points(t: &TestBook, no: &str) -> i64 {
    t.account(no).points
}

#[test]
fn a_new_member_gets_the_welcome_points_and_coupon_in_the_registration_transaction() {
    let mut t = TestBook::with_rules(rules());
    let out = register(&mut t, "新人", "13800000001", None);
    let member = no(&out);
    assert_eq!(out.follow_ups.len(), 1, "{out:?}");
    let a = t.account(&member);
    assert_eq!(a.points, 100);
    assert_eq!(a.coupons.len(), 1);
    assert_eq!(a.coupons[0].template, "cash20");
    let reward = t
        .book
        .entry(out.follow_ups[0].as_str())
        .expect("read")
        .expect("the reward entry");
    assert_eq!(reward.kind, EntryKind::RewardGiven);
    assert!(matches!(
        reward.parsed_body().unwrap(),
        EntryBody::RewardGiven {
            occasion: RewardOccasion::Welcome,
            points: 100,
            ..
        }
    ));
    t.assert_verified();
}

#[test]
fn a_retried_registration_replays_its_reward_and_writes_nothing() {
    let mut t = TestBook::with_rules(rules());
    let req = Request::RegisterMember(RegisterMember {
        profile: Profile {
            name: "重试".into(),
            ..Default::default()
        },
        tier: None,
        credentials: vec![],
    });
    let actor = common::actor();
    let first = t.book.execute(&actor, "reg-retry", &req).expect("first");
    let again = t.book.execute(&actor, "reg-retry", &req).expect("again");
    assert!(again.replayed);
    assert_eq!(first.follow_ups, again.follow_ups);
    assert_eq!(points(&t, &no(&first)), 100);
    t.assert_verified();
}

#[test]
fn without_a_welcome_rule_registration_writes_one_entry() {
    let mut t = TestBook::new();
    let out = register(&mut t, "普通", "13800000002", None);
    assert!(out.follow_ups.is_empty());
    assert_eq!(points(&t, &no(&out)), 0);
}

#[test]
fn the_referrer_is_rewarded_once_at_the_first_top_up_of_at_least_the_minimum() {
    let mut t = TestBook::with_rules(rules());
    let referrer = no(&register(&mut t, "老会员", "13800000010", None));
    // The referrer given by phone is stored as the member no.
    let out = register(&mut t, "新朋友", "13800000011", Some("13800000010"));
    let friend = no(&out);
    assert_eq!(
        out.member.unwrap().referrer.as_deref(),
        Some(referrer.as_str())
    );
    let before = points(&t, &referrer);
    // Below the minimum: no reward yet.
    let small = top_up(&mut t, &friend, dec!(100));
    assert!(small.follow_ups.is_empty());
    let first = top_up(&mut t, &friend, dec!(500));
    assert_eq!(first.follow_ups.len(), 1);
    assert_eq!(points(&t, &referrer), before + 500);
    // Once only: a later top-up and a checkout give nothing more.
    top_up(&mut t, &friend, dec!(500));
    t.run(Request::Checkout(Checkout {
        member_no: friend.clone().into(),
        bill: dec!(300),
        bill_ref: "R-9".into(),
        coupons: vec![],
        use_points: false,
        max_points: None,
        use_stored_value: false,
        max_stored_value: None,
        tender: Tender::Cash,
        pin: None,
    }))
    .expect("checkout");
    assert_eq!(points(&t, &referrer), before + 500);
    t.assert_verified();
}

#[test]
fn a_first_checkout_rewards_the_referrer_and_its_reversal_takes_the_reward_back() {
    let mut t = TestBook::with_rules(rules());
    let referrer = no(&register(&mut t, "老会员", "13800000020", None));
    let friend = no(&register(&mut t, "新朋友", "13800000021", Some(&referrer)));
    let before = points(&t, &referrer);
    let c = t
        .run(Request::Checkout(Checkout {
            member_no: friend.clone().into(),
            bill: dec!(250),
            bill_ref: "R-1".into(),
            coupons: vec![],
            use_points: false,
            max_points: None,
            use_stored_value: false,
            max_stored_value: None,
            tender: Tender::Cash,
            pin: None,
        }))
        .expect("checkout");
    assert_eq!(points(&t, &referrer), before + 500);
    let sup = t.approved();
    let rev = t
        .run_as(
            &sup,
            Request::Reverse(Reverse {
                entry_id: c.entry_id.clone(),
                reason: "输错金额".into(),
            }),
        )
        .expect("reverse");
    assert_eq!(rev.follow_ups.len(), 1, "the reward is reversed with it");
    assert_eq!(points(&t, &referrer), before);
    // The next qualifying top-up is the first that stands: it rewards again, once.
    let again = top_up(&mut t, &friend, dec!(200));
    assert_eq!(again.follow_ups.len(), 1);
    assert_eq!(points(&t, &referrer), before + 500);
    t.assert_verified();
}

#[test]
fn a_reward_whose_coupon_was_used_stands_when_the_first_top_up_is_reversed() {
    let mut r = rules();
    r.referral.points = 0;
    r.referral.coupon = Some("free_fruit".into());
    let mut t = TestBook::with_rules(r);
    let referrer = no(&register(&mut t, "老会员", "13800000030", None));
    let friend = no(&register(&mut t, "新朋友", "13800000031", Some(&referrer)));
    let first = top_up(&mut t, &friend, dec!(300));
    let code = t
        .account(&referrer)
        .coupons
        .iter()
        .find(|c| c.template == "free_fruit")
        .expect("the reward coupon")
        .code
        .clone();
    t.run(Request::RedeemCoupon(carddesk_data::ops::RedeemCoupon {
        code: code.clone(),
    }))
    .expect("redeem");
    let sup = t.approved();
    let rev = t
        .run_as(
            &sup,
            Request::Reverse(Reverse {
                entry_id: first.entry_id.clone(),
                reason: "退款".into(),
            }),
        )
        .expect("the top-up is reversed");
    assert!(rev.follow_ups.is_empty());
    // The reward stands, so the next top-up gives no second one.
    assert!(top_up(&mut t, &friend, dec!(300)).follow_ups.is_empty());
    t.assert_verified();
}

#[test]
fn the_referral_ranking_orders_referrers_by_members_brought_then_rewards() {
    let mut t = TestBook::with_rules(rules());
    let a = no(&register(&mut t, "甲", "13800000040", None));
    let b = no(&register(&mut t, "乙", "13800000041", None));
    for (i, r) in [&a, &b, &b].iter().enumerate() {
        let f = no(&register(
            &mut t,
            "朋友",
            &format!("1390000000{i}"),
            Some(r),
        ));
        if i == 0 {
            top_up(&mut t, &f, dec!(500));
        }
    }
    let today = t.book.terminal().rules.business_day(t.book.now());
    let ranking = t
        .book
        .referral_ranking(
            &Window {
                from: today,
                to: today,
                outlet: None,
            },
            20,
        )
        .expect("ranking");
    let rows: Vec<_> = ranking
        .iter()
        .map(|l| {
            (
                l.rank,
                l.member_no.as_str(),
                l.referred,
                l.rewarded,
                l.points,
            )
        })
        .collect();
    assert_eq!(rows, [(1, b.as_str(), 2, 0, 0), (2, a.as_str(), 1, 1, 500)]);
    assert_eq!(ranking[0].name, "乙");
}

#[test]
fn a_referrer_that_is_no_member_is_refused_in_words() {
    let mut t = TestBook::with_rules(rules());
    let err = t
        .run(Request::RegisterMember(RegisterMember {
            profile: Profile {
                name: "无名".into(),
                referrer: Some("99999999".into()),
                ..Default::default()
            },
            tier: None,
            credentials: vec![],
        }))
        .unwrap_err();
    assert_eq!(err.code(), "unknown_member");
}

#[test]
fn another_terminal_takes_the_rewards_and_their_reversal_and_agrees_on_every_balance() {
    let mut t = TestBook::with_rules(rules());
    let referrer = no(&register(&mut t, "老会员", "13800000050", None));
    let friend = no(&register(&mut t, "新朋友", "13800000051", Some(&referrer)));
    let first = top_up(&mut t, &friend, dec!(300));
    let sup = t.approved();
    t.run_as(
        &sup,
        Request::Reverse(Reverse {
            entry_id: first.entry_id.clone(),
            reason: "退款".into(),
        }),
    )
    .expect("reverse");
    top_up(&mut t, &friend, dec!(300));
    let mut terminal = common::terminal("T02");
    terminal.rules = rules();
    let mut replica = carddesk_data::Book::create(
        &t.dir.path().join("t02.db"),
        terminal,
        Box::new(t.clock.clone()),
    )
    .expect("T02");
    replica
        .ingest_remote(t.book.own_entries_after(0, 1000).unwrap())
        .expect("the replica takes every entry");
    for member in [&referrer, &friend] {
        assert_eq!(replica.account(member).unwrap(), t.account(member));
    }
    assert_eq!(points(&t, &referrer), 100 + 500);
    assert!(replica.verify().unwrap().is_clean());
    t.assert_verified();
}
