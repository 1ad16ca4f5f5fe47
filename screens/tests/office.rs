//! The back office: operators (switch off/on, PINs), the book's verification, reports,
//! and locking the screen now. What each role may open, what each key sends.

mod common;

use carddesk_model::ops::{ChangeOperatorPin, SetOperatorActive};
use carddesk_model::{Lang, Request};
use carddesk_screens::testing::Driver;
use carddesk_screens::{Command, Reply, ReportKind};
use chrono::NaiveDate;
use common::*;
use crossterm::event::{KeyCode, KeyModifiers};

fn executes(d: &Driver) -> usize {
    d.sent
        .iter()
        .filter(|c| matches!(c, Command::Execute { .. }))
        .count()
}

fn quoted_op(cmds: &[Command]) -> Option<(u64, Request)> {
    cmds.iter().find_map(|c| match c {
        Command::Quote {
            ticket, request, ..
        } => Some((*ticket, request.clone())),
        _ => None,
    })
}

fn message(d: &Driver) -> String {
    d.app.message().map(|m| m.text.clone()).unwrap_or_default()
}

fn date(s: &str) -> NaiveDate {
    match s.parse() {
        Ok(d) => d,
        Err(e) => panic!("{s}: {e}"),
    }
}

#[test]
fn an_admin_switches_an_operator_off_posting_only_the_preview_once() {
    let mut d = operators(Lang::En, false);
    d.key(KeyCode::Down);
    d.key(KeyCode::Down);
    d.type_text("z");
    assert_eq!(d.screen(), "operator_off");
    // F12 with no preview on screen asks for one; it never posts.
    let cmds = d.key(KeyCode::F(12));
    let Some((ticket, op)) = quoted_op(&cmds) else {
        panic!("no preview asked: {cmds:?}");
    };
    assert_eq!(
        op,
        Request::SetOperatorActive(SetOperatorActive {
            operator_id: "cashier1".into(),
            active: false,
        })
    );
    assert_eq!(executes(&d), 0);
    d.reply(Reply::Quoted {
        ticket,
        result: Ok(operator_state_quote()),
    });
    let first = d.key(KeyCode::F(12));
    let Some((op_id, posted)) = execute(&first) else {
        panic!("F12 did not post: {first:?}");
    };
    assert_eq!(posted, op);
    // A second F12 while the first is on its way posts nothing more.
    d.key(KeyCode::F(12));
    assert_eq!(executes(&d), 1);
    d.reply(Reply::Executed {
        op_id,
        result: Ok(common::posted("T01-90", false, None)),
    });
    let back = d.key(KeyCode::Enter);
    assert_eq!(d.screen(), "operators");
    assert!(operators_ticket(&back).is_some(), "the list reloads");
}

#[test]
fn esc_on_an_operator_preview_posts_nothing() {
    let mut d = operators(Lang::Zh, false);
    d.key(KeyCode::Down);
    d.type_text("z");
    enter_quote(&mut d, operator_state_quote());
    d.key(KeyCode::Esc);
    d.key(KeyCode::Esc);
    assert_eq!(executes(&d), 0);
    assert_eq!(d.screen(), "operators");
}

#[test]
fn an_admin_cannot_switch_themself_off() {
    let mut d = operators(Lang::En, false);
    // The first row is `admin`, the operator logged in.
    d.type_text("z");
    assert_eq!(d.screen(), "operators");
    assert!(message(&d).contains("yourself"), "{}", message(&d));
}

#[test]
fn a_new_pin_is_typed_twice_and_posts_for_the_operator_chosen() {
    let mut d = cashier_in(Lang::En, false);
    d.key(KeyCode::F(9));
    d.type_text("p");
    assert_eq!(d.screen(), "my_pin");
    d.type_text("1357");
    d.key(KeyCode::Tab);
    d.type_text("2468");
    let cmds = d.key(KeyCode::Enter);
    assert!(quoted_op(&cmds).is_none());
    assert!(message(&d).contains("differ"), "{}", message(&d));
    for _ in 0..4 {
        d.key(KeyCode::Backspace);
    }
    d.type_text("1357");
    let cmds = d.key(KeyCode::Enter);
    let Some((_, op)) = quoted_op(&cmds) else {
        panic!("no preview: {cmds:?}");
    };
    assert_eq!(
        op,
        Request::ChangeOperatorPin(ChangeOperatorPin {
            operator_id: "cashier1".into(),
            pin: "1357".into(),
        })
    );
    // The PIN is never on screen.
    assert!(!d.draw(80, 24).contains("1357"));

    // An admin changes someone else's from the list.
    let mut d = operators(Lang::En, false);
    d.key(KeyCode::Down);
    d.type_text("n");
    assert_eq!(d.screen(), "operator_pin");
    d.type_text("8642");
    d.key(KeyCode::Tab);
    d.type_text("8642");
    let cmds = d.key(KeyCode::Enter);
    assert!(matches!(
        quoted_op(&cmds),
        Some((_, Request::ChangeOperatorPin(ChangeOperatorPin { ref operator_id, .. })))
            if operator_id == "sup1"
    ));
}

#[test]
fn a_cashier_sees_neither_verify_nor_the_operators() {
    let mut d = cashier_in(Lang::En, false);
    let cmds = d.key(KeyCode::F(8));
    assert!(operators_ticket(&cmds).is_none());
    assert_eq!(d.screen(), "home");
    d.key(KeyCode::F(9));
    assert_eq!(d.screen(), "office");
    let text = d.draw(80, 24);
    assert!(
        !text.contains("Verify") && !text.contains("Operators"),
        "{text}"
    );
    let cmds = d.type_text("v");
    assert!(verify_ticket(&cmds).is_none());
    assert!(message(&d).contains("Supervisors"), "{}", message(&d));
    let cmds = d.type_text("o");
    assert!(operators_ticket(&cmds).is_none());
    assert_eq!(d.screen(), "office");
    // A supervisor verifies but does not manage operators.
    let mut d = driver(Lang::En, false);
    d.log_in_as(carddesk_model::Operator {
        operator_id: "sup1".into(),
        name: "Sup".into(),
        role: carddesk_model::Role::Supervisor,
    });
    d.key(KeyCode::F(9));
    assert!(d
        .type_text("o")
        .iter()
        .all(|c| !matches!(c, Command::LoadOperators { .. })));
    assert!(verify_ticket(&d.type_text("v")).is_some());
    assert_eq!(d.screen(), "verify");
}

#[test]
fn verify_keeps_the_counter_responsive_and_drops_a_late_answer() {
    let mut d = logged_in(Lang::En, false);
    d.key(KeyCode::F(9));
    let cmds = d.type_text("v");
    let Some(ticket) = verify_ticket(&cmds) else {
        panic!("no verify: {cmds:?}");
    };
    assert!(d.draw(80, 24).contains("checking"));
    // Keys work while the worker checks; R does not start a second check.
    assert!(verify_ticket(&d.type_text("r")).is_none());
    d.key(KeyCode::F(1));
    assert!(d.app.help_open());
    d.key(KeyCode::Esc);
    d.key(KeyCode::Esc);
    assert_eq!(d.screen(), "office");
    d.reply(Reply::Verified {
        ticket,
        result: Ok(Box::default()),
    });
    assert_eq!(d.screen(), "office");
    // Clean and not clean.
    let d = verify(Lang::En, false, false);
    assert!(d.draw(80, 24).contains("all chains and tables verified"));
    let d = verify(Lang::Zh, false, true);
    assert!(d.draw(80, 24).contains("发现问题 (2)"));
}

#[test]
fn a_report_runs_for_a_range_and_p_writes_kind_from_to() {
    let mut d = logged_in(Lang::En, false);
    d.key(KeyCode::F(9));
    d.type_text("r");
    assert_eq!(d.screen(), "reports");
    // Nothing to print before a report ran.
    let cmds = d.type_text("p");
    assert!(!cmds.iter().any(|c| matches!(c, Command::Print { .. })));
    for _ in 0..3 {
        d.key(KeyCode::F(2));
    }
    d.type_text("2025-03-14");
    d.key(KeyCode::Tab);
    d.type_text("2025-03-01");
    let cmds = d.key(KeyCode::Enter);
    assert!(
        report_ticket(&cmds).is_none(),
        "a backwards range is refused"
    );
    for _ in 0..10 {
        d.key(KeyCode::Backspace);
    }
    d.key(KeyCode::BackTab);
    for _ in 0..10 {
        d.key(KeyCode::Backspace);
    }
    d.type_text("2025-03-01");
    let cmds = d.key(KeyCode::Enter);
    let Some((ticket, kind, from, to)) = cmds.iter().find_map(|c| match c {
        Command::LoadReport {
            ticket,
            kind,
            from,
            to,
        } => Some((*ticket, *kind, *from, *to)),
        _ => None,
    }) else {
        panic!("no report asked: {cmds:?}");
    };
    assert_eq!(kind, ReportKind::Points);
    // An empty last day is the first day.
    assert_eq!(
        (from, to),
        (Some(date("2025-03-01")), Some(date("2025-03-01")))
    );
    let mut view = sample_report(ReportKind::Points);
    view.from = date("2025-03-01");
    view.to = date("2025-03-01");
    d.reply(Reply::Report {
        ticket,
        result: Ok(Box::new(view)),
    });
    assert!(d.draw(80, 24).contains("23184.00"));
    let cmds = d.type_text("p");
    let name = cmds.iter().find_map(|c| match c {
        Command::Print { name, lines, .. } => Some((name.clone(), lines.len())),
        _ => None,
    });
    assert_eq!(
        name.map(|(n, _)| n),
        Some("points-2025-03-01-2025-03-01".to_string())
    );
    d.reply(Reply::Printed {
        ticket: 0,
        result: Ok("reports/points-2025-03-01-2025-03-01.txt".into()),
    });
    assert!(message(&d).contains("points-2025-03-01"), "{}", message(&d));
}

#[test]
fn a_cashiers_reports_are_the_shift_and_the_day() {
    let mut d = cashier_in(Lang::En, false);
    d.key(KeyCode::F(9));
    d.type_text("r");
    let mut kinds = Vec::new();
    for _ in 0..3 {
        let cmds = d.key(KeyCode::Enter);
        kinds.extend(cmds.iter().filter_map(|c| match c {
            Command::LoadReport { kind, .. } => Some(*kind),
            _ => None,
        }));
        d.key(KeyCode::F(2));
    }
    assert_eq!(
        kinds,
        vec![ReportKind::Shift, ReportKind::Day, ReportKind::Shift]
    );
}

#[test]
fn ctrl_l_and_f11_lock_the_screen_now_and_the_pin_unlocks_it() {
    let mut d = driver(Lang::En, false);
    d.reply(Reply::Setup {
        has_operators: true,
    });
    // Nobody logged in: nothing to lock.
    d.key(KeyCode::F(11));
    assert!(!d.app.locked());
    let mut d = on_member(Lang::En, false);
    d.key_mod(KeyCode::Char('l'), KeyModifiers::CONTROL);
    assert!(d.app.locked());
    // Keys go to the PIN, not to the member screen.
    let cmds = d.type_text("t");
    assert!(cmds.is_empty());
    assert_eq!(d.screen(), "member");
    d.type_text("9999");
    let cmds = d.key(KeyCode::Enter);
    assert!(cmds.iter().any(|c| matches!(c, Command::Unlock { .. })));
    d.reply(Reply::Unlocked(Ok(carddesk_screens::testing::operator())));
    assert!(!d.app.locked());
    d.key(KeyCode::F(11));
    assert!(d.app.locked());
    // And from the back office.
    let mut d = logged_in(Lang::Zh, false);
    d.key(KeyCode::F(9));
    d.type_text("l");
    assert!(d.app.locked());
}

fn settle_op(cmds: &[Command]) -> Option<(u64, carddesk_model::ops::SettleConflict)> {
    quoted_op(cmds).and_then(|(ticket, op)| match op {
        Request::SettleConflict(s) => Some((ticket, s)),
        _ => None,
    })
}

fn approval_of(cmds: &[Command]) -> Option<String> {
    cmds.iter().find_map(|c| match c {
        Command::Quote { approval, .. } => approval.as_ref().map(|a| a.operator_id.clone()),
        _ => None,
    })
}

#[test]
fn a_supervisor_collects_a_conflicts_debt_posting_exactly_the_preview() {
    use carddesk_model::conflict::Resolution;
    let mut d = conflicts(logged_in(Lang::En, false));
    assert_eq!(d.screen(), "conflicts");
    d.type_text("s");
    assert_eq!(d.screen(), "settle_conflict");
    // F2: collected; F3: bank card; the amount starts as the booked debt, 25 is typed.
    d.key(KeyCode::F(2));
    d.key(KeyCode::F(3));
    for _ in 0..5 {
        d.key(KeyCode::Backspace);
    }
    d.type_text("25");
    d.key(KeyCode::Tab);
    d.type_text("paid part at the desk");
    let cmds = d.key(KeyCode::Enter);
    let (ticket, s) = settle_op(&cmds).expect("a quote of the settlement");
    assert_eq!(s.conflict_id, "HUB-3");
    assert_eq!(s.resolution, Resolution::Collected);
    assert_eq!(s.amount, Some(rust_decimal::Decimal::new(25, 0)));
    assert_eq!(s.tender, carddesk_model::Tender::BankCard);
    assert_eq!(s.note, "paid part at the desk");
    assert_eq!(approval_of(&cmds), None, "a supervisor needs no prompt");
    d.reply(Reply::Quoted {
        ticket,
        result: Ok(settle_quote()),
    });
    let cmds = d.key(KeyCode::F(12));
    let (op_id, op) = execute(&cmds).expect("F12 posts");
    assert_eq!(op, Request::SettleConflict(s));
    // A second F12 while it posts sends nothing more.
    d.key(KeyCode::F(12));
    assert_eq!(executes(&d), 1);
    d.reply(Reply::Executed {
        op_id,
        result: Ok(posted("T01-70", true, None)),
    });
    assert!(message(&d).contains("T01-70"), "{}", message(&d));
    // Back to the list, which loads again (the settled one moves down).
    let cmds = d.key(KeyCode::Enter);
    assert_eq!(d.screen(), "conflicts");
    assert!(conflicts_ticket(&cmds).is_some(), "{cmds:?}");
}

#[test]
fn accepting_a_conflict_sends_no_amount_and_a_note_is_required() {
    use carddesk_model::conflict::Resolution;
    let mut d = conflicts(logged_in(Lang::En, false));
    d.type_text("s");
    d.key(KeyCode::Tab);
    let cmds = d.key(KeyCode::Enter);
    assert!(settle_op(&cmds).is_none());
    assert_eq!(message(&d), "A note is required");
    d.type_text("goodwill");
    let cmds = d.key(KeyCode::Enter);
    let (_, s) = settle_op(&cmds).expect("a quote");
    assert_eq!(s.resolution, Resolution::Accepted);
    assert_eq!(s.amount, None);
    assert_eq!(s.note, "goodwill");
}

#[test]
fn a_cashier_settles_only_with_a_supervisor_typed_on_the_spot() {
    let mut d = conflicts(cashier_in(Lang::En, false));
    d.type_text("s");
    d.key(KeyCode::Tab);
    d.type_text("goodwill");
    let cmds = d.key(KeyCode::Enter);
    assert!(
        settle_op(&cmds).is_none(),
        "asked the book before a supervisor"
    );
    let s = d.draw(80, 24);
    assert!(s.contains("Supervisor approval"), "{s}");
    d.type_text("sup1");
    d.key(KeyCode::Tab);
    d.type_text("2468");
    let cmds = d.key(KeyCode::Enter);
    let (_, s) = settle_op(&cmds).expect("a quote with the approval");
    assert_eq!(s.conflict_id, "HUB-3");
    assert_eq!(approval_of(&cmds).as_deref(), Some("sup1"));
}

#[test]
fn a_settled_conflict_or_a_coupon_conflict_offers_no_debt_steps() {
    use carddesk_model::conflict::Resolution;
    let mut d = conflicts(logged_in(Lang::En, false));
    d.key(KeyCode::End);
    d.type_text("s");
    assert_eq!(d.screen(), "conflicts");
    assert_eq!(message(&d), "This conflict is settled already");
    // The coupon used twice: F2 has only "accepted" (no debt was booked).
    d.key(KeyCode::Home);
    d.key(KeyCode::Down);
    d.type_text("s");
    d.key(KeyCode::F(2));
    d.key(KeyCode::Tab);
    d.type_text("ok");
    let cmds = d.key(KeyCode::Enter);
    let (_, s) = settle_op(&cmds).expect("a quote");
    assert_eq!(s.conflict_id, "HUB-2");
    assert_eq!(s.resolution, Resolution::Accepted);
}

#[test]
fn a_refusal_from_the_hub_is_said_and_nothing_is_posted() {
    let mut d = conflicts(logged_in(Lang::En, false));
    d.type_text("s");
    d.key(KeyCode::Tab);
    d.type_text("goodwill");
    let cmds = d.key(KeyCode::Enter);
    let (ticket, _) = settle_op(&cmds).expect("a quote");
    d.reply(Reply::Quoted {
        ticket,
        result: Ok(settle_quote()),
    });
    let cmds = d.key(KeyCode::F(12));
    let (op_id, _) = execute(&cmds).expect("F12 posts");
    let err = carddesk_model::OpError::NeedsHub;
    d.reply(Reply::Executed {
        op_id,
        result: Err(err.clone()),
    });
    assert_eq!(message(&d), err.message(Lang::En));
    assert_eq!(d.screen(), "settle_conflict");
    // The quote is gone: F12 asks for a new one rather than posting blind.
    let cmds = d.key(KeyCode::F(12));
    assert!(execute(&cmds).is_none());
    assert!(settle_op(&cmds).is_some());
}

#[test]
fn the_status_bar_counts_open_conflicts_after_each_sync_and_at_log_in() {
    let mut d = driver(Lang::En, false);
    d.reply(Reply::Setup {
        has_operators: true,
    });
    let cmds = d.reply(Reply::LoggedIn(Ok(carddesk_screens::testing::operator())));
    assert!(cmds.contains(&Command::CountConflicts), "{cmds:?}");
    d.reply(Reply::OpenConflicts(2));
    assert!(d
        .draw(80, 24)
        .lines()
        .next()
        .unwrap_or("")
        .contains("2 conflicts"));
    let mut d = hub_on_member(Lang::Zh, false);
    let cmds = d.synced(true, 0);
    assert!(cmds.contains(&Command::CountConflicts), "{cmds:?}");
    d.reply(Reply::OpenConflicts(1));
    assert!(d.draw(80, 24).contains("冲突 1"));
    d.reply(Reply::OpenConflicts(0));
    assert!(!d.draw(80, 24).contains("冲突"));
}
