//! Corporate accounts on the counter (协议单位): a company's screen shows its credit
//! limit and what it owes, a member's the company they are under, and Alt-H charges a
//! bill to the company's account through the preview, posting exactly what it showed.

mod common;

use carddesk_model::inquiry::CompanyStanding;
use carddesk_model::ops::Request;
use carddesk_model::{EntryBody, Lang, Preview};
use carddesk_screens::testing::{sample_account, sample_view, Driver};
use carddesk_screens::{Command, Quote, Reply};
use common::{money, quote_ticket};
use crossterm::event::{KeyCode, KeyModifiers};

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
fn a_companys_screen_shows_its_limit_and_owed_and_a_members_its_company() {
    let mut d = common::logged_in(Lang::Zh, false);
    let mut company = sample_view();
    company.company = CompanyStanding {
        member_no: company.member.member_no.clone(),
        credit_limit: Some(money(500_000)),
        owed: money(88_000),
        company: None,
    };
    d.open_member(company);
    let shown = d.draw(100, 30);
    assert!(
        shown.contains("挂账额度") && shown.contains("5000.00"),
        "{shown}"
    );
    assert!(
        shown.contains("挂账欠款") && shown.contains("880.00"),
        "{shown}"
    );

    let mut d = common::logged_in(Lang::En, false);
    let mut guest = sample_view();
    guest.company.company = Some("10000077".into());
    d.open_member(guest);
    let shown = d.draw(100, 30);
    assert!(
        shown.contains("Company") && shown.contains("10000077"),
        "{shown}"
    );
    assert!(!shown.contains("Credit limit"), "{shown}");
}

#[test]
fn alt_h_charges_the_amount_and_bill_to_the_company_exactly_as_previewed() {
    let mut d = common::on_member(Lang::Zh, false);
    d.key_mod(KeyCode::Char('h'), KeyModifiers::ALT);
    assert_eq!(d.screen(), "charge_company");
    assert!(d.draw(80, 24).contains("协议挂账"));
    d.type_text("880");
    d.key(KeyCode::Tab);
    d.type_text("F-2088");
    let cmds = d.key(KeyCode::F(12));
    assert!(
        executes(&d).is_empty(),
        "F12 without a preview only asks for one"
    );
    let ticket = quote_ticket(&cmds).expect("a preview is asked");
    let before = sample_account();
    let mut after = before.clone();
    after.owed = money(88_000);
    d.reply(Reply::Quoted {
        ticket,
        result: Ok(Quote::Preview(Box::new(Preview {
            before,
            after,
            detail: EntryBody::CompanyCharged {
                amount: money(88_000),
                bill_ref: "F-2088".into(),
                member: Some(sample_view().member.member_no),
                effects: vec![],
            },
        }))),
    });
    let shown = d.draw(80, 24);
    assert!(
        shown.contains("账单号") && shown.contains("F-2088") && shown.contains("挂账欠款"),
        "{shown}"
    );
    d.key(KeyCode::F(12));
    match executes(&d).as_slice() {
        [Request::ChargeCompany(c)] => {
            assert_eq!(c.amount, money(88_000));
            assert_eq!(c.bill_ref, "F-2088");
            assert_eq!(c.member_no.to_string(), sample_view().member.member_no);
        }
        other => panic!("not one charge: {other:?}"),
    }
}
