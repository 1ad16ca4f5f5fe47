//! Birthdays and referrals through the counter's own path: the real worker decides the
//! member screen's 生日 flag from the book's rules and clock, and the registration form's
//! Referrer field names the member who brought the new one.

#[path = "common/counter.rs"]
mod counter;

use carddesk_data::rules::BirthdayWindow;
use carddesk_data::{Actor, Book, Lang, SystemClock};
use carddesk_screens::Options;
use chrono::Datelike;
use counter::{add_staff, must, request, terminal, Counter};
use crossterm::event::KeyCode;
use serde_json::json;

/// A counter whose rules turn on the birthday month and referral points, with a member
/// born in this month (by the rules' clock) and one born in another.
fn counter() -> (Counter, String, String) {
    let dir = must(tempfile::tempdir(), "temp dir");
    let mut t = terminal();
    t.rules.birthday.window = BirthdayWindow::Month;
    t.rules.referral.points = 300;
    let today = t.rules.business_day(chrono::Utc::now());
    let mut book = must(
        Book::create(&dir.path().join("book.db"), t, Box::new(SystemClock)),
        "open the book",
    );
    add_staff(&mut book, ["Admin", "Sup", "Cash"]);
    let cashier = Actor::new("cashier1", "rooms");
    let born = |month: u32| format!("1990-{month:02}-01");
    let mut nos = Vec::new();
    for (n, month) in [today.month(), today.month() % 12 + 1]
        .into_iter()
        .enumerate()
    {
        let reg = request(json!({"op": "register_member",
            "profile": {"name": format!("会员{n}"), "birthday": born(month)}}));
        let out = must(
            book.execute(&cashier, &format!("reg-{n}"), &reg),
            "register",
        );
        nos.push(out.member.map(|m| m.member_no).unwrap_or_default());
    }
    let c = Counter::new(book, dir, Options::new(Lang::Zh, false, false));
    (c, nos[0].clone(), nos[1].clone())
}

fn title_row(c: &Counter) -> String {
    c.screen().lines().nth(1).unwrap_or_default().to_string()
}

#[test]
fn the_member_screen_says_birthday_in_the_birthday_month_only() {
    let (mut c, birthday, other) = counter();
    c.log_in("cashier1", "1357");
    c.typed(&birthday);
    c.key(KeyCode::Enter);
    assert_eq!(c.d.screen(), "member", "{}", c.screen());
    assert!(title_row(&c).contains("生日"), "{}", c.screen());
    c.key(KeyCode::Esc);
    c.typed(&other);
    c.key(KeyCode::Enter);
    assert_eq!(c.d.screen(), "member", "{}", c.screen());
    assert!(!title_row(&c).contains("生日"), "{}", c.screen());
}

#[test]
fn the_registration_form_takes_the_referrer_by_member_no() {
    let (mut c, referrer, _) = counter();
    c.log_in("cashier1", "1357");
    c.key(KeyCode::F(2));
    assert_eq!(c.d.screen(), "register", "{}", c.screen());
    c.typed("新朋友");
    // Name, phone, birthday, ID document, notes, then the referrer.
    for _ in 0..5 {
        c.key(KeyCode::Tab);
    }
    c.typed(&referrer);
    c.key(KeyCode::F(12));
    let e = c.newest();
    assert_eq!(e.kind, "member_registered", "{}", c.screen());
    let new_member = e.header.member_no.clone().unwrap_or_default();
    let m = must(c.w.book().member(&new_member), "member").expect("registered");
    assert_eq!(m.referrer.as_deref(), Some(referrer.as_str()));
}
