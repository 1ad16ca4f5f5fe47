//! Drivers on their way to a screen, and the commands and replies between them and
//! the (hand-answered) worker.

use carddesk_model::view::{JournalLine, TierProgress, Toward};
use carddesk_model::Lang;
use carddesk_screens::testing::{
    cashier, clock, sample_shift_report, sample_terminal_journal, sample_view, Driver,
};
use carddesk_screens::{App, Command, Input, Options, Quote, Reply, ReportView, SyncStatus};
use crossterm::event::KeyCode;
use rust_decimal::Decimal;
use std::time::Duration;

use super::fixtures::{sample_conflicts, sample_operators};

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
            hub: None,
        };
        self.input(Input::Sync(status))
    }

    fn wait(&mut self, d: Duration) -> Vec<Command> {
        self.now += d;
        self.input(Input::Tick(self.now, clock()))
    }
}

/// Logged in on a Friday (the test clock) that the rules make a member day.
pub fn on_member_day(lang: Lang, ascii: bool) -> Driver {
    use carddesk_model::rules::{MemberDay, Perk, Weekdays, Window};
    let mut opts = Options::new(lang, ascii, true);
    opts.catalog.member_days = vec![MemberDay {
        name: "周五会员日".into(),
        days_of_month: vec![],
        window: Window {
            weekdays: Weekdays(vec![5]),
            ..Window::default()
        },
        perk: Perk::default(),
        tiers: vec![],
    }];
    let mut d = Driver::new(App::new(opts, clock()));
    d.log_in();
    d
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

/// On the member screen of a 金卡 member on the way to 白金, which counts visits too.
pub fn on_member_progress(lang: Lang, ascii: bool) -> Driver {
    let mut d = logged_in(lang, ascii);
    let mut view = sample_view();
    view.progress = Some(TierProgress {
        next: "白金".into(),
        points: Some(Toward {
            have: 12_680,
            need: 20_000,
        }),
        spend: Some(Toward {
            have: Decimal::new(985_000, 2),
            need: Decimal::from(20_000),
        }),
        nights: Some(Toward { have: 8, need: 50 }),
        visits: Some(Toward { have: 7, need: 12 }),
    });
    d.open_member(view);
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

pub fn execute(cmds: &[Command]) -> Option<(String, carddesk_model::Request)> {
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

pub fn conflicts_ticket(cmds: &[Command]) -> Option<u64> {
    cmds.iter().find_map(|c| match c {
        Command::LoadConflicts { ticket } => Some(*ticket),
        _ => None,
    })
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
    use carddesk_model::findings::{Problem, Report};
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

pub fn bulk_ticket(cmds: &[Command]) -> Option<u64> {
    cmds.iter().find_map(|c| match c {
        Command::PreviewBulk { ticket, .. } | Command::IssueBulk { ticket, .. } => Some(*ticket),
        _ => None,
    })
}

/// Bulk coupons from the back office (B): a reason typed, Enter, and the book's count.
pub fn bulk_previewed(lang: Lang, ascii: bool) -> Driver {
    let mut d = logged_in(lang, ascii);
    d.key(KeyCode::F(9));
    d.type_text("b");
    d.key(KeyCode::Enter);
    d.type_text("recall");
    let cmds = d.key(KeyCode::Enter);
    let ticket = bulk_ticket(&cmds).unwrap_or_default();
    d.reply(Reply::Bulk {
        ticket,
        result: Ok(carddesk_model::ops::BulkCoupons {
            template: "cash20".into(),
            members: 1234,
            skipped_frozen: 5,
            first_entry: None,
            last_entry: None,
            replayed: false,
        }),
    });
    d
}
