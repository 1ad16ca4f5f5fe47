//! The hotel's counter steps of seed 001: a no-show (未入住, Alt-N on the member screen)
//! and a stay booked by another member (the stay form's booker). Each shows its quote
//! first and F12 posts exactly the request quoted.

mod common;

use carddesk_model::ops::{NoShowPosting, StayPosting};
use carddesk_model::{Lang, Request};
use carddesk_screens::testing::Driver;
use carddesk_screens::{Command, Quote, Reply};
use common::{booked_stay_quote, no_show_quote, on_member, quote_ticket};
use crossterm::event::{KeyCode, KeyModifiers};

/// Types the fields in order, Enter until the quote is asked for, answers it with
/// `quote`; returns the request quoted and the screen then.
fn quoted(d: &mut Driver, fields: &[&str], quote: Quote) -> (Request, String) {
    for (i, t) in fields.iter().enumerate() {
        if i > 0 {
            d.key(KeyCode::Tab);
        }
        d.type_text(t);
    }
    let mut cmds = d.key(KeyCode::Enter);
    for _ in 0..4 {
        if quote_ticket(&cmds).is_some() {
            break;
        }
        cmds = d.key(KeyCode::Enter);
    }
    let asked = cmds
        .iter()
        .find_map(|c| match c {
            Command::Quote { request, .. } => Some(request.clone()),
            _ => None,
        })
        .expect("a quote asked for");
    let ticket = quote_ticket(&cmds).expect("a ticket");
    d.reply(Reply::Quoted {
        ticket,
        result: Ok(quote),
    });
    (asked, d.draw(80, 24))
}

fn posted_on_f12(d: &mut Driver) -> Request {
    d.key(KeyCode::F(12))
        .iter()
        .find_map(|c| match c {
            Command::Execute { request, .. } => Some(request.clone()),
            _ => None,
        })
        .expect("posted on F12")
}

#[test]
fn alt_n_quotes_the_no_show_points_and_f12_posts_exactly_that() {
    for (lang, title, taken) in [
        (Lang::Zh, "未入住扣分", "未入住扣分"),
        (Lang::En, "No-show", "No-show points"),
    ] {
        let mut d = on_member(lang, false);
        d.key_mod(KeyCode::Char('n'), KeyModifiers::ALT);
        assert_eq!(d.screen(), "no_show");
        let (asked, screen) = quoted(&mut d, &["2", "B-4471"], no_show_quote());
        assert!(screen.contains(title), "{screen}");
        assert!(screen.contains(taken) && screen.contains("600"), "{screen}");
        // The points before → after: 12840 → 12240.
        assert!(
            screen.contains("12840") && screen.contains("12240"),
            "{screen}"
        );
        assert_eq!(
            asked,
            Request::PostNoShow(NoShowPosting {
                member_no: "10000042".into(),
                nights: 2,
                folio_ref: "B-4471".into(),
            })
        );
        assert_eq!(posted_on_f12(&mut d), asked, "posts the quoted request");
    }
}

#[test]
fn a_no_show_form_without_nights_asks_for_them_and_quotes_nothing() {
    let mut d = on_member(Lang::En, false);
    d.key_mod(KeyCode::Char('n'), KeyModifiers::ALT);
    d.key(KeyCode::Tab);
    d.type_text("B-1");
    let mut asked = false;
    for _ in 0..3 {
        asked |= quote_ticket(&d.key(KeyCode::Enter)).is_some();
    }
    assert!(!asked, "quoted a no-show with no nights");
    assert!(d.draw(80, 24).contains("Nights are 1 to 365"));
}

#[test]
fn the_stay_form_names_the_booker_and_the_quote_shows_their_share() {
    for (lang, booker, points) in [
        (Lang::Zh, "代订人", "代订人积分"),
        (Lang::En, "Booked by", "Booker's points"),
    ] {
        let mut d = on_member(lang, false);
        d.key(KeyCode::F(5));
        let (asked, screen) = quoted(
            &mut d,
            &["2", "736", "F-8812", "10000077"],
            booked_stay_quote(),
        );
        assert!(
            screen.contains(booker) && screen.contains("10000077"),
            "{screen}"
        );
        assert!(
            screen.contains(points) && screen.contains("468"),
            "{screen}"
        );
        match &asked {
            Request::PostStay(StayPosting { booker, nights, .. }) => {
                assert_eq!(
                    (booker.as_ref().map(|b| b.as_str()), *nights),
                    (Some("10000077"), 2)
                )
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(posted_on_f12(&mut d), asked);
    }
}

#[test]
fn a_stay_with_the_booker_left_blank_names_none() {
    let mut d = on_member(Lang::En, false);
    d.key(KeyCode::F(5));
    let (asked, _) = quoted(&mut d, &["1", "300", "F-1"], booked_stay_quote());
    match asked {
        Request::PostStay(s) => assert_eq!(s.booker, None),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_member_screens_help_lists_the_no_show_key() {
    for (lang, words) in [(Lang::Zh, "未入住"), (Lang::En, "no-show")] {
        let mut d = on_member(lang, false);
        d.key(KeyCode::F(1));
        let help = d.draw(80, 30);
        assert!(help.contains("Alt-N") && help.contains(words), "{help}");
    }
}
