//! Builds each screen the way an operator reaches it: keys in, the worker's replies
//! answered by hand.
#![allow(dead_code)]

mod quotes;

pub use quotes::*;

use carddesk_data::conflict::ConflictView;
use carddesk_data::ops::OperatorListing;
use carddesk_data::view::{ConflictLine, JournalLine};
use carddesk_data::Lang;
use carddesk_data::Role;
use carddesk_screens::testing::{
    cashier, clock, sample_day_report, sample_shift_report, sample_terminal_journal, sample_view,
    Driver,
};
use carddesk_screens::testing::{header, local};
use carddesk_screens::{App, Command, Options, Quote, Reply, ReportData, ReportKind, ReportView};
use carddesk_screens::{ConflictList, Input, SyncStatus};
use crossterm::event::{KeyCode, KeyModifiers};
use rust_decimal::Decimal;
use std::time::Duration;

pub fn driver(lang: Lang, ascii: bool) -> Driver {
    Driver::new(App::new(Options::new(lang, ascii, true), clock()))
}

/// A terminal with a hub configured, logged in, a member on the counter.
pub fn hub_on_member(lang: Lang, ascii: bool) -> Driver {
    let mut opts = Options::new(lang, ascii, true);
    opts.hub_url = "http://127.0.0.1:7411".into();
    let mut d = Driver::new(App::new(opts, clock()));
    d.log_in();
    d.open_member(sample_view());
    d
}

pub trait SyncDriver {
    /// The background sync reports now: ok, or the hub unreachable.
    fn synced(&mut self, ok: bool, applied: u64) -> Vec<Command>;
    /// Time passes without a key: one tick at the end.
    fn wait(&mut self, d: Duration) -> Vec<Command>;
}

impl SyncDriver for Driver {
    fn synced(&mut self, ok: bool, applied: u64) -> Vec<Command> {
        let status = SyncStatus {
            ok,
            at: self.now,
            pushed: 0,
            pulled: applied,
            applied,
            error_code: (!ok).then(|| "unreachable".to_string()),
            message: (!ok).then(|| "hub unreachable".to_string()),
        };
        self.input(Input::Sync(status))
    }

    fn wait(&mut self, d: Duration) -> Vec<Command> {
        self.now += d;
        self.input(Input::Tick(self.now, clock()))
    }
}

pub fn logged_in(lang: Lang, ascii: bool) -> Driver {
    let mut d = driver(lang, ascii);
    d.log_in();
    d
}

pub fn on_member(lang: Lang, ascii: bool) -> Driver {
    let mut d = logged_in(lang, ascii);
    d.open_member(sample_view());
    d
}

pub fn cashier_in(lang: Lang, ascii: bool) -> Driver {
    let mut d = driver(lang, ascii);
    d.log_in_as(cashier());
    d
}

pub fn cashier_on_member(lang: Lang, ascii: bool) -> Driver {
    let mut d = cashier_in(lang, ascii);
    d.open_member(sample_view());
    d
}

pub fn journal_ticket(cmds: &[Command]) -> Option<u64> {
    cmds.iter().find_map(|c| match c {
        Command::LoadJournal { ticket, .. } => Some(*ticket),
        _ => None,
    })
}

pub fn shift_ticket(cmds: &[Command]) -> Option<u64> {
    cmds.iter().find_map(|c| match c {
        Command::LoadShift { ticket } | Command::LoadDay { ticket, .. } => Some(*ticket),
        _ => None,
    })
}

/// Answers the last journal request with `lines`.
pub fn answer_journal(d: &mut Driver, cmds: &[Command], lines: Vec<JournalLine>) {
    let ticket = journal_ticket(cmds).unwrap_or_default();
    d.reply(Reply::Journal {
        ticket,
        result: Ok(lines),
    });
}

/// The terminal-wide journal from home, the checkout of T01-60 selected.
pub fn journal_all(mut d: Driver) -> Driver {
    let cmds = d.key(KeyCode::F(5));
    answer_journal(&mut d, &cmds, sample_terminal_journal());
    d
}

/// The shift screen with a shift open (X report), or none.
pub fn shift(lang: Lang, ascii: bool, open: bool) -> Driver {
    let mut d = logged_in(lang, ascii);
    let cmds = d.key(KeyCode::F(6));
    let ticket = shift_ticket(&cmds).unwrap_or_default();
    d.reply(Reply::Shift {
        ticket,
        result: Ok(open.then(|| Box::new(sample_shift_report(false)))),
    });
    d
}

/// Presses Enter until a quote is asked for and answers it.
pub fn enter_quote(d: &mut Driver, q: Quote) {
    let mut cmds = d.key(KeyCode::Enter);
    for _ in 0..6 {
        if quote_ticket(&cmds).is_some() {
            break;
        }
        cmds = d.key(KeyCode::Enter);
    }
    let ticket = quote_ticket(&cmds).unwrap_or_default();
    d.reply(Reply::Quoted {
        ticket,
        result: Ok(q),
    });
}

/// A cashier on the journal, R on the checkout, a reason: the supervisor prompt.
pub fn reverse_prompt(lang: Lang, ascii: bool) -> Driver {
    let mut d = journal_all(cashier_in(lang, ascii));
    d.type_text("r");
    d.type_text("顾客退单");
    d.key(KeyCode::Enter);
    d
}

pub fn quote_ticket(cmds: &[Command]) -> Option<u64> {
    cmds.iter().find_map(|c| match c {
        Command::Quote { ticket, .. } => Some(*ticket),
        _ => None,
    })
}

pub fn execute(cmds: &[Command]) -> Option<(String, carddesk_data::Request)> {
    cmds.iter().find_map(|c| match c {
        Command::Execute { op_id, request, .. } => Some((op_id.clone(), request.clone())),
        _ => None,
    })
}

/// Fills the form with `keys` typed, presses Enter for a quote, and answers it.
pub fn quoted(d: &mut Driver, typed: &[&str], q: Quote) {
    for (i, t) in typed.iter().enumerate() {
        d.type_text(t);
        if i + 1 < typed.len() {
            d.key(KeyCode::Tab);
        }
    }
    let mut cmds = d.key(KeyCode::Enter);
    // Enter moves through the fields and asks for the quote on the last one.
    while quote_ticket(&cmds).is_none() {
        cmds = d.key(KeyCode::Enter);
    }
    let ticket = quote_ticket(&cmds).unwrap_or_default();
    d.reply(Reply::Quoted {
        ticket,
        result: Ok(q),
    });
}

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
                carddesk_data::MemberSummary {
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
                result: Ok(carddesk_data::Found::Many {
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
        "top_up" => {
            let mut d = on_member(lang, ascii);
            d.key(KeyCode::F(4));
            quoted(&mut d, &["500"], top_up_quote());
            d
        }
        "checkout" => {
            let mut d = on_member(lang, ascii);
            d.key(KeyCode::F(3));
            quoted(&mut d, &["188", "A-1024", "CPN8K2Q9"], checkout_quote());
            d
        }
        "checkout_done" => {
            let mut d = on_member(lang, ascii);
            d.key(KeyCode::F(3));
            quoted(&mut d, &["188", "A-1024", "CPN8K2Q9"], checkout_quote());
            let cmds = d.key(KeyCode::F(12));
            if let Some((op_id, _)) = execute(&cmds) {
                d.reply(Reply::Executed {
                    op_id,
                    result: Ok(posted("T01-58", true, None)),
                });
            }
            d
        }
        "stay" => {
            let mut d = on_member(lang, ascii);
            d.key(KeyCode::F(5));
            quoted(&mut d, &["2", "736", "F-8812"], stay_quote());
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
        "reverse" => {
            let mut d = reverse_prompt(lang, ascii);
            d.type_text("sup1");
            d.key(KeyCode::Tab);
            d.type_text("2468");
            enter_quote(&mut d, reverse_quote());
            d
        }
        "sell_count_card" => {
            let mut d = on_member(lang, ascii);
            d.key_mod(KeyCode::Char('p'), KeyModifiers::ALT);
            d.key(KeyCode::F(3));
            enter_quote(&mut d, sell_card_quote());
            d
        }
        "use_count_card" => {
            let mut d = on_member(lang, ascii);
            d.key_mod(KeyCode::Char('u'), KeyModifiers::ALT);
            enter_quote(&mut d, use_card_quote());
            d
        }
        "issue_coupon" => {
            let mut d = on_member(lang, ascii);
            d.key_mod(KeyCode::Char('g'), KeyModifiers::ALT);
            d.key(KeyCode::F(2));
            d.key(KeyCode::F(2));
            d.type_text("生日礼遇");
            enter_quote(&mut d, coupon_quote("issue"));
            d
        }
        "redeem_coupon" => {
            let mut d = on_member(lang, ascii);
            d.key_mod(KeyCode::Char('x'), KeyModifiers::ALT);
            enter_quote(&mut d, coupon_quote("redeem"));
            d
        }
        "void_coupon" => {
            let mut d = on_member(lang, ascii);
            d.key_mod(KeyCode::Char('v'), KeyModifiers::ALT);
            d.key(KeyCode::Tab);
            d.type_text("生日礼遇");
            enter_quote(&mut d, coupon_quote("void"));
            d
        }
        "refund" => {
            let mut d = on_member(lang, ascii);
            d.key_mod(KeyCode::Char('f'), KeyModifiers::ALT);
            d.type_text("100");
            d.key(KeyCode::Tab);
            d.type_text("顾客退卡");
            enter_quote(&mut d, points_quote("refund"));
            d
        }
        "adjust_points" => {
            let mut d = on_member(lang, ascii);
            d.key_mod(KeyCode::Char('a'), KeyModifiers::ALT);
            d.type_text("-500");
            d.key(KeyCode::Tab);
            d.type_text("重复积分");
            enter_quote(&mut d, points_quote("adjust"));
            d
        }
        "redeem_gift" => {
            let mut d = on_member(lang, ascii);
            d.key_mod(KeyCode::Char('i'), KeyModifiers::ALT);
            enter_quote(&mut d, points_quote("gift"));
            d
        }
        "convert_points" => {
            let mut d = on_member(lang, ascii);
            d.key_mod(KeyCode::Char('o'), KeyModifiers::ALT);
            d.type_text("400");
            enter_quote(&mut d, points_quote("convert"));
            d
        }
        "shift_none" => shift(lang, ascii, false),
        "shift_x" => shift(lang, ascii, true),
        "open_shift" => {
            let mut d = shift(lang, ascii, false);
            d.type_text("o");
            d.type_text("200");
            enter_quote(&mut d, shift_quote(false));
            d
        }
        "close_shift" => {
            let mut d = shift(lang, ascii, true);
            d.type_text("c");
            d.type_text("1535");
            enter_quote(&mut d, shift_quote(true));
            d
        }
        "shift_z" => {
            let mut d = shift(lang, ascii, true);
            d.type_text("c");
            d.type_text("1535");
            enter_quote(&mut d, shift_quote(true));
            let cmds = d.key(KeyCode::F(12));
            if let Some((op_id, _)) = execute(&cmds) {
                let report = sample_shift_report(true);
                let detail = carddesk_data::EntryBody::ShiftClosed {
                    shift_id: report.shift_id.clone(),
                    counted_cash: Decimal::new(153_500, 2),
                    report: Box::new(report),
                };
                d.reply(Reply::Executed {
                    op_id,
                    result: Ok(posted("T01-59", false, Some(detail))),
                });
            }
            d.key(KeyCode::Enter);
            d
        }
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
        "add_operator" => {
            let mut d = operators(lang, ascii);
            d.type_text("a");
            d.type_text("sup2");
            d.key(KeyCode::Tab);
            d.type_text("赵主管");
            d.key(KeyCode::Tab);
            d.type_text("2468");
            d.key(KeyCode::Tab);
            d.type_text("2468");
            d.key(KeyCode::F(2));
            enter_quote(&mut d, operator_quote());
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
        "operator_off" => {
            let mut d = operators(lang, ascii);
            d.key(KeyCode::Down);
            d.key(KeyCode::Down);
            d.type_text("z");
            enter_quote(&mut d, operator_state_quote());
            d
        }
        "operator_pin" => {
            let mut d = operators(lang, ascii);
            d.key(KeyCode::Down);
            d.type_text("n");
            quoted(&mut d, &["8642", "8642"], pin_quote("sup1"));
            d
        }
        "my_pin" => {
            let mut d = cashier_in(lang, ascii);
            d.key(KeyCode::F(9));
            d.type_text("p");
            quoted(&mut d, &["1357", "1357"], pin_quote("cashier1"));
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
        "settle_conflict" => {
            let mut d = conflicts(logged_in(lang, ascii));
            d.type_text("s");
            d.key(KeyCode::F(2));
            d.key(KeyCode::Tab);
            d.type_text("顾客到店补缴");
            enter_quote(&mut d, settle_quote());
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
        "journal_sync" => {
            let mut d = logged_in(lang, ascii);
            let cmds = d.key(KeyCode::F(5));
            answer_journal(&mut d, &cmds, sample_sync_journal());
            d.key(KeyCode::Down);
            d.key(KeyCode::Down);
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
    "member_freeze",
    "quit",
    "register",
    "edit",
    "cards",
    "cards_lost",
    "cards_replace",
    "journal",
    "top_up",
    "checkout",
    "checkout_done",
    "stay",
    "journal_all",
    "journal_filter",
    "reverse_approval",
    "reverse",
    "sell_count_card",
    "use_count_card",
    "issue_coupon",
    "redeem_coupon",
    "void_coupon",
    "refund",
    "adjust_points",
    "redeem_gift",
    "convert_points",
    "shift_none",
    "shift_x",
    "open_shift",
    "close_shift",
    "shift_z",
    "day_report",
    "add_operator",
    "locked",
    "member_cashier",
    "freeze_approval",
    "office",
    "office_cashier",
    "operators",
    "operator_off",
    "operator_pin",
    "my_pin",
    "verify_running",
    "verify_clean",
    "verify_problems",
    "reports",
    "report_shift",
    "report_points",
    "report_coupons",
    "report_top",
    "locked_now",
    "status_online",
    "status_offline",
    "conflicts",
    "conflicts_settled",
    "settle_conflict",
    "settle_approval",
    "status_conflicts",
    "member_debt",
    "journal_sync",
];

pub fn conflicts_ticket(cmds: &[Command]) -> Option<u64> {
    cmds.iter().find_map(|c| match c {
        Command::LoadConflicts { ticket } => Some(*ticket),
        _ => None,
    })
}

/// Two open conflicts and a settled one, as the worker sends them (open first).
pub fn sample_conflicts() -> ConflictList {
    let c = |id: &str, no: &str, name: &str, kind: &str, asset: &str, subject: &str, amount| {
        ConflictView {
            conflict_id: id.into(),
            member_no: no.into(),
            member_name: Some(name.into()),
            kind: kind.into(),
            asset: asset.into(),
            subject: subject.into(),
            amount,
            raised_hlc: 0,
            causes: vec!["T01-57".into(), "T02-31".into()],
            settled_by: None,
            resolution: None,
        }
    };
    let mut settled = c(
        "HUB-1",
        "10000311",
        "司马浩然",
        "overdraw",
        "stored_value",
        "",
        Decimal::new(1_250, 2),
    );
    settled.settled_by = Some("T01-44".into());
    settled.resolution = Some("written_off".into());
    let line = |conflict, at: &str| ConflictLine {
        conflict,
        raised_at: local(at),
    };
    ConflictList {
        lines: vec![
            line(
                c(
                    "HUB-3",
                    "10000042",
                    "欧阳秀英",
                    "overdraw",
                    "stored_value",
                    "",
                    Decimal::new(4_000, 2),
                ),
                "2025-03-14 09:12",
            ),
            line(
                c(
                    "HUB-2",
                    "10000107",
                    "Anna Müller",
                    "coupon_redeemed_twice",
                    "coupon",
                    "7K3M9QX2B4TDR8",
                    Decimal::ONE,
                ),
                "2025-03-13 21:40",
            ),
            line(settled, "2025-03-01 12:05"),
        ],
        open: 2,
    }
}

/// The conflicts screen from the back office (C), answered.
pub fn conflicts(mut d: Driver) -> Driver {
    d.key(KeyCode::F(9));
    let cmds = d.type_text("c");
    let ticket = conflicts_ticket(&cmds).unwrap_or_default();
    d.reply(Reply::Conflicts {
        ticket,
        result: Ok(sample_conflicts()),
    });
    d
}

/// The journal with the hub's entries, a settlement and an entry taken offline.
pub fn sample_sync_journal() -> Vec<JournalLine> {
    use carddesk_data::conflict::{ConflictAsset, ConflictKind, Resolution};
    use carddesk_data::effects::Effect;
    use carddesk_data::EntryBody;
    let debt = Decimal::new(4_000, 2);
    let body = |b: EntryBody| serde_json::to_string(&b).unwrap_or_default();
    let line = |id: &str, at: &str, kind: &str, op: &str, offline: bool, body: String| {
        let hub = id.starts_with("HUB-");
        let mut header = header(op, Some("10000042"));
        header.outlet = if hub { "hub" } else { "rooms" }.into();
        header.offline = offline;
        JournalLine {
            entry_id: id.into(),
            hlc: 0,
            at: local(at),
            kind: kind.into(),
            header,
            body,
        }
    };
    vec![
        line(
            "T01-62",
            "2025-03-14 09:28",
            "conflict_settled",
            "admin",
            false,
            body(EntryBody::ConflictSettled {
                conflict_id: "HUB-3".into(),
                resolution: Resolution::Collected,
                amount: Decimal::new(3_000, 2),
                tender: Some(carddesk_data::Tender::Cash),
                note: "顾客到店补缴".into(),
                approved_by: "admin".into(),
                effects: vec![Effect::Debt {
                    delta: Decimal::new(-3_000, 2),
                }],
            }),
        ),
        line(
            "HUB-4",
            "2025-03-14 09:20",
            "debt_repaid",
            "hub",
            false,
            body(EntryBody::DebtRepaid {
                amount: Decimal::new(1_000, 2),
                effects: vec![Effect::Debt {
                    delta: Decimal::new(-1_000, 2),
                }],
            }),
        ),
        line(
            "HUB-3",
            "2025-03-14 09:12",
            "conflict_raised",
            "hub",
            false,
            body(EntryBody::ConflictRaised {
                conflict: ConflictKind::Overdraw,
                asset: ConflictAsset::StoredValue,
                subject: String::new(),
                amount: debt,
                debt,
                causes: vec!["T01-61".into(), "T02-31".into()],
                effects: vec![Effect::Debt { delta: debt }],
            }),
        ),
        line(
            "T01-61",
            "2025-03-14 08:55",
            "checked_out",
            "cashier1",
            true,
            r#"{"lines":{"bill":"120.00","principal_paid":"120.00"}}"#.into(),
        ),
    ]
}

pub fn sample_operators() -> Vec<OperatorListing> {
    let op = |id: &str, name: &str, role, active| OperatorListing {
        operator_id: id.into(),
        name: name.into(),
        role,
        active,
    };
    vec![
        op("admin", "王经理", Role::Admin, true),
        op("sup1", "赵主管", Role::Supervisor, true),
        op("cashier1", "李小红", Role::Cashier, true),
        op("cashier2", "Anna Müller", Role::Cashier, false),
    ]
}

pub fn operators_ticket(cmds: &[Command]) -> Option<u64> {
    cmds.iter().find_map(|c| match c {
        Command::LoadOperators { ticket } => Some(*ticket),
        _ => None,
    })
}

/// The admin's operator list (F8 on home), answered.
pub fn operators(lang: Lang, ascii: bool) -> Driver {
    let mut d = logged_in(lang, ascii);
    let cmds = d.key(KeyCode::F(8));
    let ticket = operators_ticket(&cmds).unwrap_or_default();
    d.reply(Reply::Operators {
        ticket,
        result: Ok(sample_operators()),
    });
    d
}

pub fn verify_ticket(cmds: &[Command]) -> Option<u64> {
    cmds.iter().find_map(|c| match c {
        Command::Verify { ticket } => Some(*ticket),
        _ => None,
    })
}

/// The verify screen with its answer: clean, or with problems.
pub fn verify(lang: Lang, ascii: bool, problems: bool) -> Driver {
    let mut d = logged_in(lang, ascii);
    d.key(KeyCode::F(9));
    let cmds = d.type_text("v");
    let ticket = verify_ticket(&cmds).unwrap_or_default();
    use carddesk_data::verify::{Problem, Report};
    let mut v = Report {
        entries: 48_213,
        terminals: vec![("T01".into(), 40_112), ("T02".into(), 8_101)],
        rows_checked: 61_877,
        ..Report::default()
    };
    if problems {
        v.problems = vec![
            Problem::ChainBroken {
                entry_id: "T01-812".into(),
            },
            Problem::RowDiffers {
                table: "accounts".into(),
                key: "10000042".into(),
                column: "principal".into(),
                expected: "1280.00".into(),
                found: "9280.00".into(),
            },
        ];
    }
    d.reply(Reply::Verified {
        ticket,
        result: Ok(Box::new(v)),
    });
    d
}

pub fn report_ticket(cmds: &[Command]) -> Option<u64> {
    cmds.iter().find_map(|c| match c {
        Command::LoadReport { ticket, .. } => Some(*ticket),
        _ => None,
    })
}

/// Figures for each kind of report, as the worker would send them.
pub fn sample_report(kind: ReportKind) -> ReportView {
    use carddesk_data::analytics::{CouponLine, MemberLine, PointsLiability, ShiftLine};
    let day = carddesk_screens::testing::clock().date();
    let data = match kind {
        ReportKind::Shift => ReportData::Shifts(vec![ShiftLine {
            closed_by: "T01-59".into(),
            report: carddesk_screens::testing::sample_shift_report(true),
        }]),
        ReportKind::Points => ReportData::Points(PointsLiability {
            members: 1_842,
            points: 2_318_400,
            value: Decimal::new(2_318_400, 2),
            expiring_in_window: 12_000,
        }),
        ReportKind::Coupons => ReportData::Coupons(vec![
            CouponLine {
                template: "free_fruit".into(),
                issued: 120,
                redeemed: 87,
                voided: 2,
                expired: 11,
            },
            CouponLine {
                template: "birthday_20".into(),
                issued: 31,
                redeemed: 9,
                voided: 0,
                expired: 0,
            },
        ]),
        _ => ReportData::Members(vec![
            MemberLine {
                member_no: "10000042".into(),
                name: "欧阳秀英".into(),
                phone: "13812345678".into(),
                tier: "gold".into(),
                outlet: "rooms".into(),
                date: "2024-05-02".into(),
                amount: Decimal::new(1_288_000, 2),
            },
            MemberLine {
                member_no: "10000107".into(),
                name: "Anna Müller".into(),
                phone: "13900005678".into(),
                tier: "basic".into(),
                outlet: "rooms".into(),
                date: "2024-07-19".into(),
                amount: Decimal::new(436_050, 2),
            },
        ]),
    };
    ReportView {
        kind,
        from: day,
        to: day,
        outlet: "rooms".into(),
        data,
    }
}

/// The reports screen: F2 `next` times, Enter, and the worker's figures.
pub fn report(lang: Lang, ascii: bool, next: usize, view: ReportView) -> Driver {
    let mut d = logged_in(lang, ascii);
    d.key(KeyCode::F(9));
    d.type_text("r");
    for _ in 0..next {
        d.key(KeyCode::F(2));
    }
    let cmds = d.key(KeyCode::Enter);
    let ticket = report_ticket(&cmds).unwrap_or_default();
    d.reply(Reply::Report {
        ticket,
        result: Ok(Box::new(view)),
    });
    d
}
