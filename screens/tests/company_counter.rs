//! The rest of corporate accounts on the counter (协议单位): Alt-Y settles a company's
//! account (supervisor), Alt-W puts a member under a company, Alt-B takes them out and
//! Alt-D opens a company (supervisor). Each goes through the preview, and F12 posts
//! exactly the request that was quoted.

mod common;

use carddesk_model::inquiry::CompanyStanding;
use carddesk_model::ops::Request;
use carddesk_model::receipt::Tender;
use carddesk_model::{EntryBody, Lang, OpError, Preview, Role};
use carddesk_screens::testing::{sample_account, sample_view, Driver};
use carddesk_screens::{Command, Quote, Reply};
use common::{cashier_on_member, money, on_member};
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

/// The ticket and request of the preview asked for in `cmds`.
fn quoted(cmds: &[Command]) -> Option<(u64, Request)> {
    cmds.iter().find_map(|c| match c {
        Command::Quote {
            ticket, request, ..
        } => Some((*ticket, request.clone())),
        _ => None,
    })
}

fn alt(d: &mut Driver, c: char) {
    d.key_mod(KeyCode::Char(c), KeyModifiers::ALT);
}

fn preview(d: &mut Driver, ticket: u64, owed: (i64, i64), detail: EntryBody) {
    let mut before = sample_account();
    before.owed = money(owed.0);
    let mut after = before.clone();
    after.owed = money(owed.1);
    d.reply(Reply::Quoted {
        ticket,
        result: Ok(Quote::Preview(Box::new(Preview {
            before,
            after,
            detail,
        }))),
    });
}

/// A company on the counter: the sample member opened as one, owing 880.00.
fn company(d: &mut Driver) {
    let mut view = sample_view();
    view.company = CompanyStanding {
        member_no: view.member.member_no.clone(),
        credit_limit: Some(money(500_000)),
        owed: money(88_000),
        company: None,
    };
    d.open_member(view);
}

#[test]
fn alt_y_settles_the_company_account_with_a_supervisor_exactly_as_previewed() {
    let mut d = cashier_on_member(Lang::Zh, false);
    company(&mut d);
    alt(&mut d, 'y');
    assert_eq!(d.screen(), "settle_company");
    assert!(d.draw(80, 24).contains("结算挂账"));
    // Nothing typed: the amount is not assumed, the form says so and asks nothing.
    let cmds = d.key(KeyCode::F(12));
    assert!(quoted(&cmds).is_none(), "{cmds:?}");
    assert!(d.draw(80, 24).contains("金额"), "{}", d.draw(80, 24));

    d.type_text("500");
    d.key(KeyCode::Tab);
    d.type_text("TT-0611");
    d.key(KeyCode::F(3));
    // A cashier: the supervisor prompt first, then the preview carries the approval.
    let cmds = d.key(KeyCode::Enter);
    assert!(quoted(&cmds).is_none(), "asked the book first: {cmds:?}");
    assert!(d.draw(80, 24).contains("主管"), "{}", d.draw(80, 24));
    d.type_text("sup1");
    d.key(KeyCode::Tab);
    d.type_text("2468");
    let cmds = d.key(KeyCode::Enter);
    let (ticket, asked) = quoted(&cmds).expect("a preview is asked");
    let approval = cmds.iter().find_map(|c| match c {
        Command::Quote { approval, .. } => approval.clone(),
        _ => None,
    });
    assert_eq!(approval.map(|a| a.operator_id), Some("sup1".to_string()));
    match &asked {
        Request::SettleCompany(s) => {
            assert_eq!(s.amount, money(50_000));
            assert_eq!(s.tender, Tender::BankCard);
            assert_eq!(s.note, "TT-0611");
            assert_eq!(s.member_no.to_string(), sample_view().member.member_no);
        }
        other => panic!("not a settlement: {other:?}"),
    }
    preview(
        &mut d,
        ticket,
        (88_000, 38_000),
        EntryBody::CompanySettled {
            amount: money(50_000),
            tender: Tender::BankCard,
            note: "TT-0611".into(),
            approved_by: "sup1".into(),
            effects: vec![],
        },
    );
    let shown = d.draw(80, 24);
    assert!(
        shown.contains("挂账欠款")
            && shown.contains("880.00")
            && shown.contains("380.00")
            && shown.contains("备注")
            && shown.contains("TT-0611"),
        "{shown}"
    );
    d.key(KeyCode::F(12));
    assert_eq!(executes(&d), vec![asked]);
}

#[test]
fn a_refused_approval_for_a_settlement_asks_again_and_posts_nothing() {
    let mut d = cashier_on_member(Lang::En, false);
    company(&mut d);
    alt(&mut d, 'y');
    d.type_text("100");
    d.key(KeyCode::Tab);
    d.key(KeyCode::Enter);
    d.type_text("sup1");
    d.key(KeyCode::Tab);
    d.type_text("0000");
    let cmds = d.key(KeyCode::Enter);
    let (ticket, _) = quoted(&cmds).expect("a preview is asked");
    d.reply(Reply::Quoted {
        ticket,
        result: Err(OpError::NeedsRole(Role::Supervisor)),
    });
    assert!(d.draw(80, 24).contains("Supervisor approval"));
    d.key(KeyCode::F(12));
    assert!(executes(&d).is_empty());
}

#[test]
fn alt_w_puts_the_member_under_the_company_typed_exactly_as_previewed() {
    let mut d = on_member(Lang::En, false);
    alt(&mut d, 'w');
    assert_eq!(d.screen(), "link_to_company");
    // No company typed: said in words, nothing asked of the book.
    let cmds = d.key(KeyCode::Enter);
    assert!(quoted(&cmds).is_none(), "{cmds:?}");
    let shown = d.draw(80, 24);
    assert!(shown.contains("Enter the company's member no."), "{shown}");

    d.type_text("10000077");
    let cmds = d.key(KeyCode::Enter);
    let (ticket, asked) = quoted(&cmds).expect("a preview is asked");
    match &asked {
        Request::LinkToCompany(l) => {
            assert_eq!(l.company_no.to_string(), "10000077");
            assert_eq!(l.member_no.to_string(), sample_view().member.member_no);
        }
        other => panic!("not a link: {other:?}"),
    }
    preview(
        &mut d,
        ticket,
        (0, 0),
        EntryBody::CompanyLinked {
            company: "10000077".into(),
        },
    );
    let shown = d.draw(80, 24);
    assert!(
        shown.contains("Company") && shown.contains("10000077"),
        "{shown}"
    );
    d.key(KeyCode::F(12));
    assert_eq!(executes(&d), vec![asked]);
}

#[test]
fn alt_b_takes_the_member_from_under_their_company_exactly_as_previewed() {
    let mut d = on_member(Lang::Zh, false);
    let mut view = sample_view();
    view.company.company = Some("10000077".into());
    d.open_member(view);
    alt(&mut d, 'b');
    assert_eq!(d.screen(), "unlink_from_company");
    assert!(d.draw(80, 24).contains("解除挂靠"));
    let cmds = d.key(KeyCode::Enter);
    let (ticket, asked) = quoted(&cmds).expect("a preview is asked");
    assert!(
        matches!(&asked, Request::UnlinkFromCompany(u)
            if u.member_no == sample_view().member.member_no),
        "{asked:?}"
    );
    preview(
        &mut d,
        ticket,
        (0, 0),
        EntryBody::CompanyUnlinked {
            company: "10000077".into(),
        },
    );
    let shown = d.draw(80, 24);
    assert!(
        shown.contains("协议单位") && shown.contains("10000077"),
        "{shown}"
    );
    d.key(KeyCode::F(12));
    assert_eq!(executes(&d), vec![asked]);
}

#[test]
fn alt_d_sets_a_companys_credit_limit_from_the_one_it_has() {
    let mut d = on_member(Lang::En, false);
    company(&mut d);
    alt(&mut d, 'd');
    assert_eq!(d.screen(), "open_company");
    assert!(d.draw(80, 24).contains("5000.00"), "{}", d.draw(80, 24));
    // The limit shown is changed: cleared, then typed anew.
    for _ in 0.."5000.00".len() {
        d.key(KeyCode::Backspace);
    }
    d.type_text("8000");
    let cmds = d.key(KeyCode::Enter);
    let (ticket, asked) = quoted(&cmds).expect("a preview is asked");
    match &asked {
        Request::OpenCompany(o) => assert_eq!(o.credit_limit, money(800_000)),
        other => panic!("not an opening: {other:?}"),
    }
    preview(
        &mut d,
        ticket,
        (88_000, 88_000),
        EntryBody::CompanyOpened {
            credit_limit: money(800_000),
            approved_by: "admin".into(),
        },
    );
    let shown = d.draw(80, 24);
    assert!(
        shown.contains("Credit limit") && shown.contains("8000.00"),
        "{shown}"
    );
    d.key(KeyCode::F(12));
    assert_eq!(executes(&d), vec![asked]);
}
