//! Birthdays and member days on the counter: the member screen's 生日 flag during the
//! birthday window, and the member day named in the status bar while it is open (in
//! the rules' zone: the status bar's clock).

mod common;

use carddesk_model::Lang;
use carddesk_screens::testing::{clock, sample_view};
use carddesk_screens::Input;
use common::{logged_in, on_member_day};

#[test]
fn the_member_screen_flags_a_birthday_only_in_the_window() {
    for (lang, word) in [(Lang::Zh, "生日"), (Lang::En, "birthday")] {
        let mut d = logged_in(lang, false);
        let mut view = sample_view();
        view.birthday = true;
        d.open_member(view);
        let top = d
            .draw(80, 24)
            .lines()
            .nth(1)
            .unwrap_or_default()
            .to_string();
        assert!(top.contains(word), "{top}");
        let mut d = logged_in(lang, false);
        d.open_member(sample_view());
        let top = d
            .draw(80, 24)
            .lines()
            .nth(1)
            .unwrap_or_default()
            .to_string();
        assert!(!top.contains(word), "no flag outside the window: {top}");
    }
}

#[test]
fn the_status_bar_names_the_member_day_while_it_is_open() {
    // The test clock is Friday 2025-03-14 09:30; the member day is every Friday.
    let mut d = on_member_day(Lang::Zh, false);
    let bar = d
        .draw(100, 24)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(bar.contains("周五会员日"), "{bar}");
    // Saturday, by the rules' clock: the status bar says nothing of it.
    let saturday = clock() + chrono::Duration::days(1);
    let now = d.now + std::time::Duration::from_secs(1);
    d.input(Input::Tick(now, saturday));
    let bar = d
        .draw(100, 24)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(!bar.contains("会员日"), "{bar}");
}

#[test]
fn a_checkout_quote_names_each_occasion_with_its_discount_and_multiplier() {
    use carddesk_model::receipt::OccasionLine;
    use carddesk_screens::Quote;
    use rust_decimal::Decimal;
    let mut q = common::checkout_quote();
    if let Quote::Checkout(c) = &mut q {
        c.lines.occasions = vec![
            OccasionLine {
                name: "生日".into(),
                discount: Decimal::new(1_000, 2),
                earn_multiplier: Decimal::TWO,
            },
            OccasionLine {
                name: "周五会员日".into(),
                discount: Decimal::ZERO,
                earn_multiplier: Decimal::new(15, 1),
            },
        ];
    }
    for (lang, birthday, points) in [
        (Lang::Zh, "生日 -10.00 积分×2", "周五会员日 积分×1.5"),
        (
            Lang::En,
            "birthday -10.00 points ×2",
            "周五会员日 points ×1.5",
        ),
    ] {
        let mut d = common::on_member(lang, false);
        d.key(crossterm::event::KeyCode::F(3));
        common::quoted(&mut d, &["188", "A-1"], q.clone());
        let s = d.draw(100, 40);
        assert!(s.contains(birthday), "{s}");
        assert!(s.contains(points), "{s}");
    }
}
