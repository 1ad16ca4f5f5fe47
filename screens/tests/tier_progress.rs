//! Issue 19 item 5 on the counter: the member screen's progress toward the next tier
//! names visits (消费次数 7/12) when that tier counts them, and a checkout quote with
//! spend brackets (消费多级积分) shows how the points were weighed.

mod common;

use carddesk_model::receipt::{BracketLine, EarnBrackets};
use carddesk_model::Lang;
use carddesk_screens::Quote;
use common::{checkout_quote, logged_in, on_member, on_member_progress, quoted};
use crossterm::event::KeyCode;
use rust_decimal::Decimal;

fn line_with<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    text.lines().find(|l| l.contains(word))
}

#[test]
fn the_member_screen_shows_visits_toward_the_next_tier() {
    for (lang, next, visits) in [
        (Lang::Zh, "下一等级", "消费次数"),
        (Lang::En, "Next tier", "Visits"),
    ] {
        let text = on_member_progress(lang, false).draw(80, 24);
        let l = line_with(&text, next).unwrap_or_else(|| panic!("{next}:\n{text}"));
        assert!(l.contains("白金"), "{l}");
        let l = line_with(&text, visits).unwrap_or_else(|| panic!("{visits}:\n{text}"));
        assert!(l.contains("7/12"), "{l}");
        // No progress (as at the top tier): no such lines.
        let text = on_member(lang, false).draw(80, 24);
        assert!(line_with(&text, next).is_none(), "{text}");
        assert!(line_with(&text, visits).is_none(), "{text}");
    }
}

#[test]
fn a_quote_with_spend_brackets_shows_each_part_and_its_rate() {
    let Quote::Checkout(mut q) = checkout_quote() else {
        panic!("a checkout quote");
    };
    let parts = vec![
        BracketLine {
            from: Decimal::ZERO,
            multiplier: Decimal::ONE,
            amount: Decimal::new(10_000, 2),
        },
        BracketLine {
            from: Decimal::from(100),
            multiplier: Decimal::new(15, 1),
            amount: Decimal::new(3_200, 2),
        },
    ];
    q.lines.earn_brackets = Some(Box::new(EarnBrackets {
        earn_per_unit: Decimal::ONE,
        parts,
    }));
    q.lines.points_earned = 148;
    let mut d = logged_in(Lang::Zh, false);
    d.open_member(carddesk_screens::testing::sample_view());
    d.key(KeyCode::F(3));
    quoted(&mut d, &["188", "A-1024"], Quote::Checkout(q));
    let text = d.draw(100, 30);
    let l = line_with(&text, "148").unwrap_or_else(|| panic!("points:\n{text}"));
    assert!(l.contains("(100.00x1 + 32.00x1.5)"), "{l}");
}
