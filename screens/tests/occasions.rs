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
        let top = d.draw(80, 24).lines().nth(1).unwrap_or_default().to_string();
        assert!(top.contains(word), "{top}");
        let mut d = logged_in(lang, false);
        d.open_member(sample_view());
        let top = d.draw(80, 24).lines().nth(1).unwrap_or_default().to_string();
        assert!(!top.contains(word), "no flag outside the window: {top}");
    }
}

#[test]
fn the_status_bar_names_the_member_day_while_it_is_open() {
    // The test clock is Friday 2025-03-14 09:30; the member day is every Friday.
    let mut d = on_member_day(Lang::Zh, false);
    let bar = d.draw(100, 24).lines().next().unwrap_or_default().to_string();
    assert!(bar.contains("周五会员日"), "{bar}");
    // Saturday, by the rules' clock: the status bar says nothing of it.
    let saturday = clock() + chrono::Duration::days(1);
    let now = d.now + std::time::Duration::from_secs(1);
    d.input(Input::Tick(now, saturday));
    let bar = d.draw(100, 24).lines().next().unwrap_or_default().to_string();
    assert!(!bar.contains("会员日"), "{bar}");
}
