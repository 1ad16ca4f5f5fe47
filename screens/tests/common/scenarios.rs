//! Every screen by name, reached as an operator would: the names the snapshots and the
//! key tables go through.

use carddesk_model::Lang;
use crossterm::event::{KeyCode, KeyModifiers};
use rust_decimal::Decimal;
use std::time::Duration;

use super::drivers::*;
use super::fixtures::{sample_report, sample_sync_journal};
use super::quotes::{booked_stay_quote, checkout_quote, no_show_quote, posted, sell_card_quote};
use carddesk_screens::testing::{sample_day_report, sample_shift_report, Driver};
use carddesk_screens::{Command, Reply, ReportKind};

/// Every screen, reached as an operator would, by name.
pub fn scenario(name: &str, lang: Lang, ascii: bool) -> Driver {
    match name {
        "login_checking" => driver(lang, ascii),
        "login_setup" => {
            let mut d = driver(lang, ascii);
            d.reply(Reply::Setup {
                has_operators: false,
            });
            d.type_text("admin");
            d.key(KeyCode::Tab);
            d.type_text("王经理");
            d.key(KeyCode::Tab);
            d.type_text("1234");
            d
        }
        "login" => {
            let mut d = driver(lang, ascii);
            d.reply(Reply::Setup {
                has_operators: true,
            });
            d.type_text("cashier1");
            d.key(KeyCode::Tab);
            d.type_text("99");
            d
        }
        "home" => logged_in(lang, ascii),
        "home_results" => {
            let mut d = logged_in(lang, ascii);
            d.type_text("5678");
            let cmds = d.key(KeyCode::Enter);
            let ticket = cmds
                .iter()
                .find_map(|c| match c {
                    Command::Find { ticket, .. } => Some(*ticket),
                    _ => None,
                })
                .unwrap_or_default();
            let summary = |no: &str, name: &str, phone: &str, tier: &str, status: &str| {
                carddesk_model::MemberSummary {
                    member_no: no.into(),
                    name: name.into(),
                    phone: Some(phone.into()),
                    tier: tier.into(),
                    status: status.into(),
                }
            };
            d.reply(Reply::Found {
                ticket,
                query: "5678".into(),
                purpose: carddesk_screens::FindPurpose::Lookup,
                result: Ok(carddesk_model::Found::Many {
                    members: vec![
                        summary("10000042", "欧阳秀英", "13812345678", "金卡", "active"),
                        summary("10000107", "Anna Müller", "13900005678", "普通", "active"),
                        summary("10000311", "司马浩然", "15000125678", "白金", "frozen"),
                    ],
                }),
            });
            d.key(KeyCode::Down);
            d.key(KeyCode::Down);
            d
        }
        "member" => on_member(lang, ascii),
        "member_help" => {
            let mut d = on_member(lang, ascii);
            d.key(KeyCode::F(1));
            d
        }
        "member_progress" => on_member_progress(lang, ascii),
        "member_freeze" => {
            let mut d = on_member(lang, ascii);
            d.key_mod(KeyCode::Char('z'), KeyModifiers::ALT);
            d.type_text("lost wallet");
            d
        }
        "quit" => {
            let mut d = on_member(lang, ascii);
            d.key(KeyCode::F(10));
            d
        }
        "register" => {
            let mut d = logged_in(lang, ascii);
            d.key(KeyCode::F(2));
            d.type_text("张伟");
            d.key(KeyCode::Tab);
            d.type_text("13900001111");
            d.key(KeyCode::F(2));
            d.scan("CD000000009999");
            d
        }
        "edit" => {
            let mut d = on_member(lang, ascii);
            d.key(KeyCode::F(6));
            d.key(KeyCode::Tab);
            d.key(KeyCode::Tab);
            d
        }
        "cards" => {
            let mut d = on_member(lang, ascii);
            d.key(KeyCode::F(7));
            d.key(KeyCode::Down);
            d
        }
        "cards_lost" => {
            let mut d = on_member(lang, ascii);
            d.type_text("kl");
            d
        }
        "cards_replace" => {
            let mut d = on_member(lang, ascii);
            d.type_text("kr");
            d.type_text("04FF0102");
            d
        }
        "journal" => {
            let mut d = on_member(lang, ascii);
            let cmds = d.key(KeyCode::F(8));
            let ticket = cmds
                .iter()
                .find_map(|c| match c {
                    Command::LoadJournal { ticket, .. } => Some(*ticket),
                    _ => None,
                })
                .unwrap_or_default();
            d.reply(Reply::Journal {
                ticket,
                result: Ok(carddesk_screens::testing::sample_journal()),
            });
            d.key(KeyCode::Down);
            d
        }
        "journal_all" => {
            let mut d = journal_all(logged_in(lang, ascii));
            d.key(KeyCode::Down);
            d
        }
        "journal_filter" => {
            let mut d = journal_all(logged_in(lang, ascii));
            d.key(KeyCode::F(2));
            d.type_text("cashier1");
            d.key(KeyCode::Tab);
            d.key(KeyCode::Tab);
            d.type_text("checked");
            d.key(KeyCode::Tab);
            d.type_text("2025-03-01");
            d
        }
        "reverse_approval" => {
            let mut d = reverse_prompt(lang, ascii);
            d.type_text("sup1");
            d.key(KeyCode::Tab);
            d.type_text("2468");
            d
        }
        "shift_none" => shift(lang, ascii, false),
        "shift_x" => shift(lang, ascii, true),
        "day_report" => {
            let mut d = shift(lang, ascii, true);
            let cmds = d.type_text("d");
            let ticket = shift_ticket(&cmds).unwrap_or_default();
            d.reply(Reply::Day {
                ticket,
                result: Ok(Box::new(sample_day_report())),
            });
            d
        }
        "locked" => {
            let mut d = on_member(lang, ascii);
            d.idle(std::time::Duration::from_secs(11 * 60));
            d.type_text("12");
            d
        }
        "member_cashier" => cashier_on_member(lang, ascii),
        "freeze_approval" => {
            let mut d = cashier_on_member(lang, ascii);
            d.key_mod(KeyCode::Char('z'), KeyModifiers::ALT);
            d.type_text("lost wallet");
            d.key(KeyCode::Enter);
            d.type_text("sup1");
            d
        }
        "office" => {
            let mut d = logged_in(lang, ascii);
            d.key(KeyCode::F(9));
            d.key(KeyCode::Down);
            d
        }
        "office_cashier" => {
            let mut d = cashier_in(lang, ascii);
            d.key(KeyCode::F(9));
            d
        }
        "operators" => {
            let mut d = operators(lang, ascii);
            d.key(KeyCode::Down);
            d.key(KeyCode::Down);
            d
        }
        "verify_running" => {
            let mut d = logged_in(lang, ascii);
            d.key(KeyCode::F(9));
            d.type_text("v");
            d
        }
        "verify_clean" => verify(lang, ascii, false),
        "verify_problems" => verify(lang, ascii, true),
        "reports" => {
            let mut d = logged_in(lang, ascii);
            d.key(KeyCode::F(9));
            d.type_text("r");
            d
        }
        "bulk_coupons" => bulk_previewed(lang, ascii),
        "bulk_coupons_issued" => {
            let mut d = bulk_previewed(lang, ascii);
            let cmds = d.key(KeyCode::F(12));
            let ticket = bulk_ticket(&cmds).unwrap_or_default();
            d.reply(Reply::Bulk {
                ticket,
                result: Ok(carddesk_model::ops::BulkCoupons {
                    template: "cash20".into(),
                    members: 1234,
                    skipped_frozen: 5,
                    first_entry: Some("T01-101".into()),
                    last_entry: Some("T01-1334".into()),
                    replayed: false,
                }),
            });
            d
        }
        "report_shift" => report(lang, ascii, 0, sample_report(ReportKind::Shift)),
        "report_points" => report(lang, ascii, 3, sample_report(ReportKind::Points)),
        "report_coupons" => report(lang, ascii, 4, sample_report(ReportKind::Coupons)),
        "report_top" => report(lang, ascii, 8, sample_report(ReportKind::TopSpenders)),
        "locked_now" => {
            let mut d = on_member(lang, ascii);
            d.key_mod(KeyCode::Char('l'), crossterm::event::KeyModifiers::CONTROL);
            d
        }
        "status_online" => {
            let mut d = hub_on_member(lang, ascii);
            d.synced(true, 3);
            d.wait(Duration::from_secs(12));
            d
        }
        "status_offline" => {
            let mut d = hub_on_member(lang, ascii);
            d.synced(true, 0);
            d.wait(Duration::from_secs(150));
            d.synced(false, 0);
            d.wait(Duration::from_secs(30));
            d
        }
        "conflicts" => {
            let mut d = conflicts(logged_in(lang, ascii));
            d.key(KeyCode::Down);
            d
        }
        "conflicts_settled" => {
            let mut d = conflicts(logged_in(lang, ascii));
            d.key(KeyCode::End);
            d
        }
        "settle_approval" => {
            let mut d = conflicts(cashier_in(lang, ascii));
            d.type_text("s");
            d.key(KeyCode::Tab);
            d.type_text("goodwill");
            d.key(KeyCode::Enter);
            d.type_text("sup1");
            d
        }
        "status_conflicts" => {
            let mut d = hub_on_member(lang, ascii);
            d.synced(true, 3);
            d.reply(Reply::OpenConflicts(2));
            d.wait(Duration::from_secs(12));
            d
        }
        "member_debt" => {
            let mut d = logged_in(lang, ascii);
            let mut view = carddesk_screens::testing::sample_view();
            view.account.principal = Decimal::ZERO;
            view.account.bonus = Decimal::ZERO;
            view.account.debt = Decimal::new(4_000, 2);
            d.open_member(view);
            d
        }
        "member_birthday" => {
            let mut d = logged_in(lang, ascii);
            let mut view = carddesk_screens::testing::sample_view();
            view.birthday = true;
            d.open_member(view);
            d
        }
        "status_member_day" => on_member_day(lang, ascii),
        "journal_sync" => {
            let mut d = logged_in(lang, ascii);
            let cmds = d.key(KeyCode::F(5));
            answer_journal(&mut d, &cmds, sample_sync_journal());
            d.key(KeyCode::Down);
            d.key(KeyCode::Down);
            d
        }
        // Forms, for the key tables and Esc (their previews are the real worker's:
        // tests/tui_previews.rs).
        "form_top_up" => {
            let mut d = on_member(lang, ascii);
            d.key(KeyCode::F(4));
            d.type_text("500");
            d
        }
        "form_checkout_quoted" | "form_checkout_posted" => {
            let mut d = on_member(lang, ascii);
            d.key(KeyCode::F(3));
            quoted(&mut d, &["188", "A-1024"], checkout_quote());
            if name == "form_checkout_posted" {
                let cmds = d.key(KeyCode::F(12));
                if let Some((op_id, _)) = execute(&cmds) {
                    d.reply(Reply::Executed {
                        op_id,
                        result: Ok(posted("T01-58", true, None)),
                    });
                }
            }
            d
        }
        "form_stay" => {
            let mut d = on_member(lang, ascii);
            d.key(KeyCode::F(5));
            d.type_text("2");
            d
        }
        "form_stay_booked_quoted" => {
            let mut d = on_member(lang, ascii);
            d.key(KeyCode::F(5));
            for (i, t) in ["2", "736", "F-8812", "10000077"].iter().enumerate() {
                if i > 0 {
                    d.key(KeyCode::Tab);
                }
                d.type_text(t);
            }
            enter_quote(&mut d, booked_stay_quote());
            d
        }
        "form_no_show" | "form_no_show_quoted" => {
            let mut d = on_member(lang, ascii);
            d.key_mod(KeyCode::Char('n'), KeyModifiers::ALT);
            if name == "form_no_show_quoted" {
                d.type_text("2");
                d.key(KeyCode::Tab);
                d.type_text("B-4471");
                enter_quote(&mut d, no_show_quote());
            }
            d
        }
        "form_sell_card_quoted" => {
            let mut d = on_member(lang, ascii);
            d.key_mod(KeyCode::Char('p'), KeyModifiers::ALT);
            enter_quote(&mut d, sell_card_quote());
            d
        }
        "form_refund" | "form_redeem" | "form_adjust" => {
            let mut d = on_member(lang, ascii);
            let letter = match name {
                "form_refund" => 'f',
                "form_redeem" => 'x',
                _ => 'a',
            };
            d.key_mod(KeyCode::Char(letter), KeyModifiers::ALT);
            d
        }
        "form_reverse" => {
            let mut d = journal_all(logged_in(lang, ascii));
            d.type_text("r");
            d.type_text("顾客退单");
            d
        }
        "form_close_shift" => {
            let mut d = shift(lang, ascii, true);
            d.type_text("c");
            d
        }
        "form_add_operator" => {
            let mut d = operators(lang, ascii);
            d.type_text("a");
            d
        }
        "form_my_pin" => {
            let mut d = cashier_in(lang, ascii);
            d.key(KeyCode::F(9));
            d.type_text("p");
            d
        }
        "form_settle" => {
            let mut d = conflicts(logged_in(lang, ascii));
            d.type_text("s");
            d.key(KeyCode::F(2));
            d
        }
        other => panic!("no scenario {other}"),
    }
}

pub const SCENARIOS: &[&str] = &[
    "login_checking",
    "login_setup",
    "login",
    "home",
    "home_results",
    "member",
    "member_help",
    "member_progress",
    "member_freeze",
    "quit",
    "register",
    "edit",
    "cards",
    "cards_lost",
    "cards_replace",
    "journal",
    "journal_all",
    "journal_filter",
    "reverse_approval",
    "shift_none",
    "shift_x",
    "day_report",
    "locked",
    "member_cashier",
    "freeze_approval",
    "office",
    "office_cashier",
    "operators",
    "verify_running",
    "verify_clean",
    "verify_problems",
    "reports",
    "report_shift",
    "report_points",
    "report_coupons",
    "report_top",
    "bulk_coupons",
    "bulk_coupons_issued",
    "locked_now",
    "status_online",
    "status_offline",
    "conflicts",
    "conflicts_settled",
    "settle_approval",
    "status_conflicts",
    "member_debt",
    "journal_sync",
    "member_birthday",
    "status_member_day",
];

/// The forms in their states before and after a preview, drawn but not snapshotted
/// here: their previews come from the real worker in tests/tui_previews.rs.
pub const FORMS: &[&str] = &[
    "form_top_up",
    "form_checkout_quoted",
    "form_checkout_posted",
    "form_stay",
    "form_stay_booked_quoted",
    "form_no_show",
    "form_no_show_quoted",
    "form_sell_card_quoted",
    "form_refund",
    "form_redeem",
    "form_adjust",
    "form_reverse",
    "form_close_shift",
    "form_add_operator",
    "form_my_pin",
    "form_settle",
];
