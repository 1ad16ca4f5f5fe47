//! Bulk coupons on the counter (批量发券): a supervisor's form from the back office or
//! the dormant report; F12 issues only the request whose count is on screen, under one
//! op id per request; a cashier cannot open it.

mod common;

use carddesk_model::Lang;
use carddesk_screens::{Command, Reply, ReportKind};
use common::*;
use crossterm::event::KeyCode;

fn message(d: &carddesk_screens::testing::Driver) -> String {
    d.app.message().map(|m| m.text.clone()).unwrap_or_default()
}

fn bulk_sent(cmds: &[Command]) -> Vec<Command> {
    cmds.iter()
        .filter(|c| matches!(c, Command::PreviewBulk { .. } | Command::IssueBulk { .. }))
        .cloned()
        .collect()
}

#[test]
fn bulk_coupons_issue_only_the_previewed_request_under_one_op_id() {
    use carddesk_model::ops::{Audience, BulkCoupons, IssueCouponsBulk};
    let mut d = bulk_previewed(Lang::En, false);
    assert_eq!(d.screen(), "bulk_coupons");
    let expected = IssueCouponsBulk {
        template: "cash20".into(),
        audience: Audience::Dormant { days: 90 },
        reason: "recall".into(),
    };
    assert!(message(&d).contains("1234 members"), "{}", message(&d));
    let first = bulk_sent(&d.key(KeyCode::F(12)));
    let [Command::IssueBulk {
        ticket,
        op_id,
        request,
    }] = first.as_slice()
    else {
        panic!("F12 did not issue: {first:?}");
    };
    assert_eq!(request, &expected, "F12 issues what was previewed");
    let answer = BulkCoupons {
        template: "cash20".into(),
        members: 1234,
        skipped_frozen: 5,
        first_entry: Some("T01-101".into()),
        last_entry: Some("T01-1334".into()),
        replayed: false,
    };
    d.reply(Reply::Bulk {
        ticket: *ticket,
        result: Ok(answer),
    });
    assert!(message(&d).contains("T01-1334"), "{}", message(&d));
    // F12 again: the same op id (the book answers it without posting).
    let again = bulk_sent(&d.key(KeyCode::F(12)));
    assert!(
        matches!(again.as_slice(), [Command::IssueBulk { op_id: o, .. }] if o == op_id),
        "{again:?}"
    );
    // Another audience is another request: nothing is issued before its preview.
    d.key(KeyCode::F(2));
    assert!(bulk_sent(&d.key(KeyCode::F(12))).is_empty());
    d.key(KeyCode::Down);
    let cmds = d.key(KeyCode::Enter);
    let Some(Command::PreviewBulk { ticket, request }) = bulk_sent(&cmds).pop() else {
        panic!("no preview: {cmds:?}");
    };
    assert!(
        matches!(request.audience, Audience::Tier { .. }),
        "{request:?}"
    );
    d.reply(Reply::Bulk {
        ticket,
        result: Ok(BulkCoupons {
            template: "cash20".into(),
            members: 3,
            skipped_frozen: 0,
            first_entry: None,
            last_entry: None,
            replayed: false,
        }),
    });
    let next = bulk_sent(&d.key(KeyCode::F(12)));
    assert!(
        matches!(next.as_slice(), [Command::IssueBulk { op_id: o, .. }] if o != op_id),
        "a new request, a new op id: {next:?}"
    );
}

#[test]
fn a_cashier_cannot_open_bulk_coupons() {
    let mut d = cashier_in(Lang::En, false);
    d.key(KeyCode::F(9));
    d.type_text("b");
    assert_eq!(d.screen(), "office");
    assert!(message(&d).contains("Supervisors"), "{}", message(&d));
}

#[test]
fn the_dormant_report_opens_bulk_coupons_with_b() {
    let mut d = report(Lang::En, false, 7, sample_report(ReportKind::Dormant));
    d.type_text("b");
    assert_eq!(d.screen(), "bulk_coupons");
}
