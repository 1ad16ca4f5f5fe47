//! More ways to spend points (issue 19, item 5): a count card taken for points
//! (兑换项目卡) and one tier bought with points (积分提升等级). Each is one entry with
//! the points drawn and what they bought, posts what its preview showed, reverses, and
//! verifies; each refusal names what was wrong in words and writes nothing.

mod common;

use carddesk_data::ops::{AdjustPoints, BuyTier, ConvertInto, ConvertPoints, Reverse};
use carddesk_data::{EntryBody, Lang, OpError, Request};
use common::TestBook;

/// The example rules with the KTV card for 3000 points and 银卡 for 2000, 金卡 for 5000.
fn rules() -> carddesk_data::rules::Rules {
    let mut r = carddesk_data::rules::Rules::default();
    r.count_packages[0].points_price = Some(3000);
    r.tiers[1].tier_price = Some(2000);
    r.tiers[2].tier_price = Some(5000);
    r
}

/// A member with `points` points (a supervisor's adjustment; it counts toward no tier).
fn member(t: &mut TestBook, points: i64) -> String {
    let no = t.register("积分", "13800000091", "AB91");
    let sup = t.approved();
    t.run_as(
        &sup,
        Request::AdjustPoints(AdjustPoints {
            member_no: no.clone().into(),
            points,
            reason: "开卡礼".into(),
        }),
    )
    .expect("points");
    no
}

fn card(no: &str, package: &str) -> Request {
    Request::ConvertPoints(ConvertPoints {
        member_no: no.into(),
        into: ConvertInto::CountCard {
            package: package.into(),
        },
    })
}

fn buy(no: &str, to: &str) -> Request {
    Request::BuyTier(BuyTier {
        member_no: no.into(),
        tier: to.into(),
    })
}

fn tier(t: &TestBook, no: &str) -> String {
    t.book.member(no).expect("member").expect("a member").tier
}

fn newest(t: &TestBook) -> i64 {
    t.book.journal_page(None, 1).expect("journal")[0].seq
}

/// A refusal in words: Chinese, naming no field.
fn refused_in_words(e: &OpError, words: &str, field: &str) {
    let zh = e.message(Lang::Zh);
    assert!(zh.contains(words), "{zh}");
    assert!(!zh.contains(field), "{zh}");
}

#[test]
fn a_count_card_for_points_draws_them_sells_the_card_and_posts_its_preview() {
    let mut t = TestBook::with_rules(rules());
    let no = member(&mut t, 3500);
    let shown = t
        .book
        .preview(&common::actor(), &card(&no, "ktv10"))
        .expect("preview");
    assert_eq!(shown.after.points, 500);
    let out = t.run(card(&no, "ktv10")).expect("posted");
    let a = out.account.expect("account");
    assert_eq!(a.points, shown.after.points, "the posting is the preview");
    assert_eq!(a.count_cards.len(), 1);
    let c = &a.count_cards[0];
    assert_eq!(c.card, out.entry_id.to_string(), "named after the entry");
    assert_eq!((c.package.as_str(), c.uses, c.remaining), ("ktv10", 10, 10));
    match out.detail.expect("detail") {
        EntryBody::PointsConverted { points, into, .. } => {
            assert_eq!((points, into.as_str()), (3000, "ktv10"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(shown.after.count_cards, a.count_cards);
    t.assert_verified();
}

#[test]
fn a_count_card_for_points_is_reversed_whole_points_back_card_void() {
    let mut t = TestBook::with_rules(rules());
    let no = member(&mut t, 3000);
    let out = t.run(card(&no, "ktv10")).expect("posted");
    let sup = t.approved();
    t.run_as(
        &sup,
        Request::Reverse(Reverse {
            entry_id: out.entry_id.clone(),
            reason: "选错卡".into(),
        }),
    )
    .expect("reversed");
    let a = t.account(&no);
    assert_eq!(a.points, 3000);
    assert!(a.count_cards.iter().all(|c| c.status != "active"), "{a:?}");
    t.assert_verified();
}

#[test]
fn a_count_card_for_points_is_refused_in_words_when_it_cannot_be() {
    let mut t = TestBook::with_rules(rules());
    let no = member(&mut t, 2999);
    let before = (newest(&t), t.account(&no));
    let e = t.run(card(&no, "ktv10")).unwrap_err();
    assert!(matches!(e, OpError::InsufficientBalance { .. }), "{e:?}");
    refused_in_words(&e, "积分", "points");
    // The example rules sell the card for money only.
    let mut money_only = TestBook::new();
    let other = member(&mut money_only, 5000);
    let e = money_only.run(card(&other, "ktv10")).unwrap_err();
    refused_in_words(&e, "此计次卡不能用积分兑换", "package");
    let e = t.run(card(&no, "spa5")).unwrap_err();
    assert!(matches!(e, OpError::UnknownRule { .. }), "{e:?}");
    assert_eq!((newest(&t), t.account(&no)), before, "nothing written");
}

#[test]
fn points_raise_a_member_one_tier_journaled_with_the_points() {
    let mut t = TestBook::with_rules(rules());
    let no = member(&mut t, 2500);
    assert_eq!(tier(&t, &no), "普通");
    let shown = t
        .book
        .preview(&common::actor(), &buy(&no, "银卡"))
        .expect("preview");
    let out = t.run(buy(&no, "银卡")).expect("posted");
    assert_eq!(out.kind.to_string(), "tier_changed");
    assert_eq!(
        out.detail.as_ref(),
        Some(&shown.detail),
        "posts its preview"
    );
    match out.detail.expect("detail") {
        EntryBody::TierChanged {
            from,
            to,
            reason,
            points,
            ..
        } => assert_eq!(
            (from.as_str(), to.as_str(), reason.as_str(), points),
            ("普通", "银卡", "points", 2000)
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(tier(&t, &no), "银卡");
    assert_eq!(t.account(&no).points, 500);
    t.assert_verified();
}

#[test]
fn a_bought_tier_is_reversed_points_back_tier_back() {
    let mut t = TestBook::with_rules(rules());
    let no = member(&mut t, 2000);
    let out = t.run(buy(&no, "银卡")).expect("posted");
    let sup = t.approved();
    t.run_as(
        &sup,
        Request::Reverse(Reverse {
            entry_id: out.entry_id.clone(),
            reason: "会员反悔".into(),
        }),
    )
    .expect("reversed");
    assert_eq!(tier(&t, &no), "普通");
    assert_eq!(t.account(&no).points, 2000);
    t.assert_verified();
}

#[test]
fn rising_a_tier_is_refused_in_words_and_writes_nothing() {
    let mut t = TestBook::with_rules(rules());
    let no = member(&mut t, 1999);
    let before = (newest(&t), t.account(&no));
    let e = t.run(buy(&no, "银卡")).unwrap_err();
    assert!(matches!(e, OpError::InsufficientBalance { .. }), "{e:?}");
    // One tier at a time, and the one named must be the next.
    let e = t.run(buy(&no, "金卡")).unwrap_err();
    refused_in_words(&e, "积分只能提升一级：到“银卡”", "tier_price");
    assert_eq!((newest(&t), t.account(&no)), before, "nothing written");

    // 白金 has no tier_price; from the top there is nowhere to go.
    let mut r = rules();
    r.tiers[3].tier_price = None;
    let mut top = TestBook::with_rules(r);
    let m = member(&mut top, 50_000);
    top.run(buy(&m, "银卡")).expect("银卡");
    top.run(buy(&m, "金卡")).expect("金卡");
    let e = top.run(buy(&m, "白金")).unwrap_err();
    refused_in_words(&e, "“白金”不能用积分提升", "tier_price");
    let mut r = rules();
    r.tiers[3].tier_price = Some(100);
    let mut top = TestBook::with_rules(r);
    let m = member(&mut top, 50_000);
    for to in ["银卡", "金卡", "白金"] {
        top.run(buy(&m, to)).expect(to);
    }
    let e = top.run(buy(&m, "白金")).unwrap_err();
    refused_in_words(&e, "会员已是最高等级“白金”", "tier");
    assert_eq!(top.account(&m).points, 50_000 - 2000 - 5000 - 100);
    top.assert_verified();
}

/// The entry `out` posted, as it would be sent to another terminal.
fn sent(t: &TestBook, out: &carddesk_data::Outcome) -> carddesk_data::journal::Entry {
    t.book
        .own_entries_after(0, 1000)
        .expect("entries")
        .into_iter()
        .find(|e| e.id() == out.entry_id)
        .expect("the entry")
}

#[test]
fn a_receiver_refuses_a_bought_tier_or_card_whose_effects_do_not_follow() {
    let mut t = TestBook::with_rules(rules());
    let no = member(&mut t, 10_000);
    let raised = t.run(buy(&no, "银卡")).expect("posted");
    let e = sent(&t, &raised);
    assert_eq!(carddesk_data::integrity::check_entry(&e, None), Ok(()));
    // Fewer points said than drawn; a raise said to be automatic yet spending points.
    for (from, to) in [
        ("\"points\":2000,", "\"points\":200,"),
        ("\"reason\":\"points\"", "\"reason\":\"upgrade\""),
    ] {
        let mut forged = e.clone();
        assert!(forged.body.contains(from), "{}", forged.body);
        forged.body = forged.body.replace(from, to);
        assert!(
            carddesk_data::integrity::check_entry(&forged, None).is_err(),
            "{to}"
        );
    }
    let taken = t.run(card(&no, "ktv10")).expect("posted");
    let e = sent(&t, &taken);
    assert_eq!(carddesk_data::integrity::check_entry(&e, None), Ok(()));
    // The card said to be another package than the one the entry names.
    let mut forged = e.clone();
    forged.body = forged
        .body
        .replacen("\"into\":\"ktv10\"", "\"into\":\"spa5\"", 1);
    assert_ne!(forged.body, e.body);
    assert!(carddesk_data::integrity::check_entry(&forged, None).is_err());
    t.assert_verified();
}

#[test]
fn the_day_report_counts_the_points_both_spend_and_a_reversal_takes_them_out() {
    let mut t = TestBook::with_rules(rules());
    let no = member(&mut t, 6000);
    let spent = |t: &TestBook| {
        let day = t.book.terminal().rules.local(t.book.now()).date();
        t.book
            .day_report("rooms", day)
            .expect("day report")
            .totals
            .points_spent
    };
    t.run(card(&no, "ktv10")).expect("card");
    let raised = t.run(buy(&no, "银卡")).expect("tier");
    assert_eq!(spent(&t), 3000 + 2000);
    let sup = t.approved();
    t.run_as(
        &sup,
        Request::Reverse(Reverse {
            entry_id: raised.entry_id.clone(),
            reason: "会员反悔".into(),
        }),
    )
    .expect("reversed");
    assert_eq!(spent(&t), 3000);
}

/// Points spent on a tier or a card are spends the hub authorizes and the offline caps
/// count; an automatic tier change spends nothing.
#[test]
fn a_bought_tier_and_a_card_for_points_are_spends_of_points() {
    use carddesk_data::authorize::{spends_of, Spend};
    let mut t = TestBook::with_rules(rules());
    let no = member(&mut t, 6000);
    let card = t.run(card(&no, "ktv10")).expect("card");
    let raised = t.run(buy(&no, "银卡")).expect("tier");
    for (out, points) in [(card, 3000), (raised, 2000)] {
        let body = out.detail.expect("detail");
        assert_eq!(spends_of(&body), vec![Spend::Points { points }], "{body:?}");
    }
    let automatic = EntryBody::TierChanged {
        from: "普通".into(),
        to: "银卡".into(),
        reason: "upgrade".into(),
        points: 0,
        effects: vec![],
    };
    assert!(spends_of(&automatic).is_empty());
}
