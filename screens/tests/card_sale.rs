//! Selling the membership card on the counter (Alt-M on the member screen): F2 picks
//! the tier among the cards the rules sell, F3 the tender, the preview shows the card
//! and its fee, and F12 posts exactly the previewed `sell_card`.

mod common;

use carddesk_model::account::Account;
use carddesk_model::ops::Request;
use carddesk_model::{EntryBody, Lang, Preview, Tender};
use carddesk_screens::testing::{clock, sample_account, sample_view, Driver};
use carddesk_screens::CatalogItem;
use carddesk_screens::{App, Command, Options, Quote, Reply};
use common::{money, quote_ticket};
use crossterm::event::{KeyCode, KeyModifiers};

fn selling(lang: Lang) -> Driver {
    let mut opts = Options::new(lang, false, true);
    opts.catalog.cards = ["普通 200.00", "金卡 500.00"]
        .iter()
        .map(|s| {
            let (tier, _) = s.split_once(' ').unwrap_or_default();
            CatalogItem {
                id: tier.into(),
                name: s.to_string(),
            }
        })
        .collect();
    let mut d = Driver::new(App::new(opts, clock()));
    d.log_in();
    d.open_member(sample_view());
    d
}

fn gold_preview() -> Quote {
    let before: Account = sample_account();
    Quote::Preview(Box::new(Preview {
        before: before.clone(),
        after: before,
        detail: EntryBody::CardSold {
            tier: "金卡".into(),
            fee: money(50_000),
            tender: Tender::BankCard,
            commission: money(3_500),
            effects: vec![],
        },
    }))
}

fn executes(d: &Driver) -> Vec<Request> {
    d.sent
        .iter()
        .filter_map(|c| match c {
            Command::Execute { request, .. } => Some(request.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn alt_m_sells_the_tier_chosen_for_the_tender_chosen_exactly_as_previewed() {
    let mut d = selling(Lang::Zh);
    d.key_mod(KeyCode::Char('m'), KeyModifiers::ALT);
    assert_eq!(d.screen(), "sell_card");
    let form = d.draw(80, 24);
    assert!(
        form.contains("售会员卡") && form.contains("普通 200.00"),
        "{form}"
    );
    d.key(KeyCode::F(2)); // 金卡
    d.key(KeyCode::F(3)); // bank card
    let cmds = d.key(KeyCode::F(12));
    assert!(
        executes(&d).is_empty(),
        "F12 without a preview only asks for one"
    );
    let ticket = quote_ticket(&cmds).expect("a preview is asked");
    d.reply(Reply::Quoted {
        ticket,
        result: Ok(gold_preview()),
    });
    let shown = d.draw(80, 24);
    assert!(
        shown.contains("金卡") && shown.contains("500.00"),
        "{shown}"
    );
    d.key(KeyCode::F(12));
    let posted = executes(&d);
    assert_eq!(posted.len(), 1, "{posted:?}");
    match &posted[0] {
        Request::SellCard(s) => {
            assert_eq!(s.tier, "金卡");
            assert_eq!(s.tender, Tender::BankCard);
            assert_eq!(s.member_no.to_string(), sample_view().member.member_no);
        }
        other => panic!("not a card sale: {other:?}"),
    }
}

#[test]
fn with_no_cards_sold_the_form_says_so_and_posts_nothing() {
    let mut d = common::on_member(Lang::En, false);
    d.key_mod(KeyCode::Char('m'), KeyModifiers::ALT);
    assert_eq!(d.screen(), "sell_card");
    d.key(KeyCode::F(12));
    d.key(KeyCode::F(12));
    assert!(executes(&d).is_empty());
}

#[test]
fn the_replace_form_shows_the_fee_and_posts_its_tender() {
    let mut opts = Options::new(Lang::Zh, false, true);
    opts.catalog.replacement_fee = money(2_000);
    let mut d = Driver::new(App::new(opts, clock()));
    d.log_in();
    d.open_member(sample_view());
    d.key(KeyCode::F(7));
    d.key(KeyCode::Char('r'));
    let form = d.draw(80, 24);
    assert!(
        form.contains("补卡费 20.00") && form.contains("现金"),
        "{form}"
    );
    d.type_text("C0FFEE01");
    d.key(KeyCode::F(4));
    assert!(d.draw(80, 24).contains("银行卡"));
    d.key(KeyCode::F(12));
    match executes(&d).as_slice() {
        [Request::ReplaceCredential(r)] => {
            assert_eq!(r.tender, Some(Tender::BankCard));
            assert_eq!(r.new.value, "C0FFEE01");
        }
        other => panic!("not one replacement: {other:?}"),
    }
}
