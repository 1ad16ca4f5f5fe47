//! Earn rates by spend bracket (消费多级积分, issue 19 item 5) on a real book: own money
//! cut at each bracket's `from`, each part at its multiplier, then × outlet rate × tier ×
//! promotions; the quote posts what it showed, the entry carries what recomputes its
//! points, verify passes, a reversal takes the points back. No brackets: as before.

mod common;

use carddesk_data::ops::Reverse;
use carddesk_data::receipt::{BracketLine, CheckoutLines};
use carddesk_data::rules::{EarnBracket, Promotion, Rules, Window};
use carddesk_data::{Checkout, EntryBody, Outcome, Request, Tender};
use common::TestBook;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// The example rules with the first 500 at ×1 and the rest at ×1.5.
fn rules() -> Rules {
    Rules {
        earn_brackets: vec![
            EarnBracket {
                from: dec!(0),
                multiplier: dec!(1),
            },
            EarnBracket {
                from: dec!(500),
                multiplier: dec!(1.5),
            },
        ],
        ..Rules::default()
    }
}

fn checkout(no: &str, bill: Decimal) -> Checkout {
    Checkout {
        member_no: no.into(),
        bill,
        bill_ref: format!("B-{bill}"),
        coupons: vec![],
        use_points: false,
        max_points: None,
        use_stored_value: false,
        max_stored_value: None,
        tender: Tender::Cash,
        pin: None,
    }
}

fn lines(o: &Outcome) -> CheckoutLines {
    match &o.detail {
        Some(EntryBody::CheckedOut { lines, .. }) => lines.clone(),
        other => panic!("not a checkout: {other:?}"),
    }
}

/// Quotes, then posts, the checkout: the posting's lines, equal to the quote's.
fn quoted_checkout(t: &mut TestBook, no: &str, bill: Decimal) -> (CheckoutLines, Outcome) {
    let quote = t
        .book
        .quote_checkout(&common::actor(), &checkout(no, bill))
        .expect("quote");
    let out = t
        .run(Request::Checkout(checkout(no, bill)))
        .expect("checkout");
    let l = lines(&out);
    assert_eq!(quote.lines, l, "the preview posts exactly what it showed");
    assert_eq!(quote.after.points, t.account(no).points);
    (l, out)
}

/// The parts of the own money the checkout weighed by bracket.
fn parts(l: &CheckoutLines) -> Vec<BracketLine> {
    l.earn_brackets
        .as_ref()
        .map(|b| b.parts.clone())
        .unwrap_or_default()
}

fn bracket(from: Decimal, multiplier: Decimal, amount: Decimal) -> BracketLine {
    BracketLine {
        from,
        multiplier,
        amount,
    }
}

#[test]
fn a_bill_spanning_brackets_earns_each_part_at_its_rate() {
    let mut t = TestBook::with_rules(rules());
    let no = t.register("分段", "13800000081", "AB81");
    let (l, _) = quoted_checkout(&mut t, &no, dec!(800));
    assert_eq!(
        parts(&l),
        [
            bracket(dec!(0), dec!(1), dec!(500.00)),
            bracket(dec!(500), dec!(1.5), dec!(300.00)),
        ]
    );
    let rate = l.earn_brackets.as_ref().map(|b| b.earn_per_unit);
    assert_eq!(rate, Some(dec!(1)), "rooms earn 1 a 1.00");
    assert_eq!(l.points_earned, 950, "500 × 1 + 300 × 1.5");
    assert_eq!(t.account(&no).points, 950);
    t.assert_verified();
}

#[test]
fn a_bill_within_the_first_bracket_earns_as_without_brackets() {
    let mut t = TestBook::with_rules(rules());
    let no = t.register("首段", "13800000082", "AB82");
    let (l, _) = quoted_checkout(&mut t, &no, dec!(300.50));
    assert_eq!(parts(&l), [bracket(dec!(0), dec!(1), dec!(300.50))]);
    assert_eq!(l.points_earned, 300);
    t.assert_verified();
}

#[test]
fn brackets_multiply_with_the_tier_and_promotions() {
    let mut r = rules();
    // Every day at the rooms: ×2.
    r.promotions = vec![Promotion {
        name: "客房双倍积分".into(),
        multiplier: dec!(2),
        window: Window {
            outlets: vec!["rooms".into()],
            ..Window::default()
        },
    }];
    let mut t = TestBook::with_rules(r);
    let no = t.register("促销", "13800000083", "AB83");
    let (l, _) = quoted_checkout(&mut t, &no, dec!(800));
    assert_eq!(l.promotions, ["客房双倍积分"]);
    assert_eq!(l.earn_multiplier, dec!(2));
    assert_eq!(l.points_earned, 1900, "(500 × 1 + 300 × 1.5) × rate 1 × 2");
    t.assert_verified();
}

#[test]
fn without_brackets_nothing_changes() {
    let mut t = TestBook::new();
    let no = t.register("照旧", "13800000084", "AB84");
    let (l, _) = quoted_checkout(&mut t, &no, dec!(800));
    assert_eq!(l.earn_brackets, None);
    assert_eq!(l.points_earned, 800);
    let entries = t.book.own_entries_after(0, 1000).expect("entries");
    let body = &entries.last().expect("an entry").body;
    assert!(!body.contains("earn_brackets"), "{body}");
    t.assert_verified();
}

#[test]
fn a_reversal_takes_the_bracketed_points_back() {
    let mut t = TestBook::with_rules(rules());
    let no = t.register("冲正", "13800000085", "AB85");
    let (_, out) = quoted_checkout(&mut t, &no, dec!(800));
    assert_eq!(t.account(&no).points, 950);
    let sup = t.approved();
    t.run_as(
        &sup,
        Request::Reverse(Reverse {
            entry_id: out.entry_id,
            reason: "结错账".into(),
        }),
    )
    .expect("reversed");
    assert_eq!(t.account(&no).points, 0);
    t.assert_verified();
}

#[test]
fn a_forged_bracket_is_refused_on_ingest() {
    let mut t = TestBook::with_rules(rules());
    let no = t.register("伪造", "13800000086", "AB86");
    quoted_checkout(&mut t, &no, dec!(800));
    let mut entries = t.book.own_entries_after(0, 1000).expect("entries");
    let last = entries.last_mut().expect("an entry");
    assert!(carddesk_data::integrity::check_entry(last, None).is_ok());
    let sound = last.body.clone();
    // A richer rate for the top bracket: the recorded points no longer follow.
    last.body = sound.replace("\"multiplier\":\"1.5\"", "\"multiplier\":\"2\"");
    assert_ne!(last.body, sound);
    let err = carddesk_data::integrity::check_entry(last, None).expect_err("refused");
    assert!(err.contains("spend brackets"), "{err}");
    // Parts that no longer add up to the own money paid.
    last.body = sound.replace("\"amount\":\"300.00\"", "\"amount\":\"200.00\"");
    assert_ne!(last.body, sound);
    assert!(carddesk_data::integrity::check_entry(last, None).is_err());
}
