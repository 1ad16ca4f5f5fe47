//! Points spent on the counter (issue 19, item 5): a count card taken for points from
//! the conversion form (Alt-O, F2 to the package), and one tier bought with points
//! (Alt-L). Each shows its preview first and posts exactly the previewed request.

use carddesk_model::ops::{ConvertInto, Preview};
use carddesk_model::{EntryBody, Lang, Request, Rules};
use carddesk_screens::testing::{clock, sample_account, sample_view, Driver};
use carddesk_screens::{App, Catalog, Command, Options, Quote, Reply};
use crossterm::event::{KeyCode, KeyModifiers};

/// The example rules with the KTV card for 3000 points and 白金 for 9000.
fn on_member(lang: Lang) -> Driver {
    let mut rules = Rules::default();
    rules.count_packages[0].points_price = Some(3000);
    rules.tiers[3].tier_price = Some(9000);
    let mut opts = Options::new(lang, false, true);
    opts.catalog = Catalog::from_rules(&rules);
    let mut d = Driver::new(App::new(opts, clock()));
    d.log_in();
    d.open_member(sample_view());
    d
}

fn quote_ticket(cmds: &[Command]) -> Option<u64> {
    cmds.iter().find_map(|c| match c {
        Command::Quote { ticket, .. } => Some(*ticket),
        _ => None,
    })
}

/// Enter asks for the preview; the worker answers with `detail`; F12 posts. Returns
/// what was previewed and what was posted.
fn preview_then_post(d: &mut Driver, detail: EntryBody) -> (Request, Request) {
    let cmds = d.key(KeyCode::Enter);
    let asked = cmds
        .iter()
        .find_map(|c| match c {
            Command::Quote { request, .. } => Some(request.clone()),
            _ => None,
        })
        .expect("a preview asked for");
    let ticket = quote_ticket(&cmds).expect("a ticket");
    let before = sample_account();
    let mut after = before.clone();
    after.points -= 3000;
    d.reply(Reply::Quoted {
        ticket,
        result: Ok(Quote::Preview(Box::new(Preview {
            before,
            after,
            detail,
        }))),
    });
    let cmds = d.key(KeyCode::F(12));
    let posted = cmds
        .iter()
        .find_map(|c| match c {
            Command::Execute { request, .. } => Some(request.clone()),
            _ => None,
        })
        .expect("posted on F12");
    (asked, posted)
}

#[test]
fn f2_in_the_conversion_form_reaches_the_count_card_and_it_posts_as_previewed() {
    let mut d = on_member(Lang::Zh);
    d.key_mod(KeyCode::Char('o'), KeyModifiers::ALT);
    assert_eq!(d.screen(), "convert_points");
    // Stored value, then the two coupons sold for points, then the card.
    for _ in 0..3 {
        d.key(KeyCode::F(2));
    }
    let screen = d.draw(80, 24);
    assert!(screen.contains("KTV 10次卡 10x 3000"), "{screen}");
    let detail = EntryBody::PointsConverted {
        points: 3000,
        into: "ktv10".into(),
        effects: vec![],
    };
    let (asked, posted) = preview_then_post(&mut d, detail);
    assert_eq!(asked, posted, "posts exactly the previewed request");
    match posted {
        Request::ConvertPoints(c) => assert_eq!(
            c.into,
            ConvertInto::CountCard {
                package: "ktv10".into()
            }
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn alt_l_previews_the_rise_to_the_next_tier_and_posts_it() {
    for (lang, used) in [(Lang::Zh, "使用积分"), (Lang::En, "Points used")] {
        let mut d = on_member(lang);
        d.key_mod(KeyCode::Char('l'), KeyModifiers::ALT);
        assert_eq!(d.screen(), "buy_tier");
        let detail = EntryBody::TierChanged {
            from: "金卡".into(),
            to: "白金".into(),
            reason: "points".into(),
            points: 9000,
            effects: vec![],
        };
        let cmds = d.key(KeyCode::Enter);
        let ticket = quote_ticket(&cmds).expect("a preview asked for");
        d.reply(Reply::Quoted {
            ticket,
            result: Ok(Quote::Preview(Box::new(Preview {
                before: sample_account(),
                after: sample_account(),
                detail: detail.clone(),
            }))),
        });
        let screen = d.draw(80, 24);
        assert!(screen.contains("金卡 → 白金"), "{screen}");
        assert!(screen.contains(used) && screen.contains("9000"), "{screen}");
        let (asked, posted) = preview_then_post(&mut d, detail);
        assert_eq!(asked, posted);
        match posted {
            Request::BuyTier(b) => {
                assert_eq!(
                    (b.member_no.as_str(), b.tier.as_str()),
                    ("10000042", "白金")
                )
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn the_member_screens_help_lists_the_rise_a_tier_key() {
    let mut d = on_member(Lang::Zh);
    d.key(KeyCode::F(1));
    let help = d.draw(80, 30);
    assert!(
        help.contains("Alt-L") && help.contains("积分升级"),
        "{help}"
    );
}
