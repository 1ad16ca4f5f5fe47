//! Helpers for driving the app without a terminal or a book: sample data, typing at a
//! person's pace, and the screen as plain text. Used by the tests and the benchmark.

use std::time::{Duration, Instant};

use carddesk_model::account::{Account, CountCardView, CouponView};
use carddesk_model::journal::Header;
use carddesk_model::lookup::HeldCredential;
use carddesk_model::reports::{DayReport, KindTotals, ShiftReport, TenderTotals, Totals};
use carddesk_model::view::JournalLine;
use carddesk_model::{CredentialKind, CredentialStatus, EntryKind, Member, Operator, Role};
use chrono::{NaiveDate, NaiveDateTime};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;
use rust_decimal::Decimal;

use crate::app::App;
use crate::model::{Input, MemberView, Reply};

/// A fixed wall clock, so frames never show the real time.
pub fn clock() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2025, 3, 14)
        .and_then(|d| d.and_hms_opt(9, 30, 0))
        .unwrap_or_default()
}

/// Drives an app with a synthetic monotonic clock. Keys are a person's: 150 ms apart.
pub struct Driver {
    pub app: App,
    pub now: Instant,
    /// Every command the app has sent, oldest first.
    pub sent: Vec<crate::model::Command>,
}

impl Driver {
    pub fn new(app: App) -> Self {
        let mut d = Driver {
            app,
            now: Instant::now(),
            sent: Vec::new(),
        };
        let first = d.app.start();
        d.sent.extend(first);
        d
    }

    pub fn input(&mut self, i: Input) -> Vec<crate::model::Command> {
        let out = self.app.handle(i);
        self.sent.extend(out.iter().cloned());
        out
    }

    /// Lets time pass so held keys are released, as the event loop would.
    pub fn settle(&mut self) -> Vec<crate::model::Command> {
        self.now += Duration::from_millis(150);
        self.input(Input::Tick(self.now, clock()))
    }

    pub fn key(&mut self, code: KeyCode) -> Vec<crate::model::Command> {
        self.key_mod(code, KeyModifiers::NONE)
    }

    pub fn key_mod(&mut self, code: KeyCode, m: KeyModifiers) -> Vec<crate::model::Command> {
        self.now += Duration::from_millis(150);
        let mut out = self.input(Input::Key(KeyEvent::new(code, m), self.now));
        out.extend(self.settle());
        out
    }

    /// Types text at a person's pace.
    pub fn type_text(&mut self, text: &str) -> Vec<crate::model::Command> {
        let mut out = Vec::new();
        for c in text.chars() {
            out.extend(self.key(KeyCode::Char(c)));
        }
        out
    }

    /// A keyboard-wedge scanner: the code and Enter, 2 ms apart.
    pub fn scan(&mut self, code: &str) -> Vec<crate::model::Command> {
        let mut out = Vec::new();
        self.now += Duration::from_millis(500);
        for c in code.chars() {
            self.now += Duration::from_millis(2);
            out.extend(self.input(Input::Key(
                KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
                self.now,
            )));
        }
        self.now += Duration::from_millis(2);
        out.extend(self.input(Input::Key(
            KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
            self.now,
        )));
        out
    }

    pub fn reply(&mut self, r: Reply) -> Vec<crate::model::Command> {
        self.input(Input::Reply(r))
    }

    /// Answers the setup check and logs in as `admin`.
    pub fn log_in(&mut self) {
        self.log_in_as(operator());
    }

    /// Answers the setup check and logs in as `op`.
    pub fn log_in_as(&mut self, op: Operator) {
        self.reply(Reply::Setup {
            has_operators: true,
        });
        self.reply(Reply::LoggedIn(Ok(op)));
    }

    /// Lets `d` pass without a key (the idle lock).
    pub fn idle(&mut self, d: Duration) -> Vec<crate::model::Command> {
        self.settle();
        self.now += d;
        self.input(Input::Tick(self.now, clock()))
    }

    /// Puts `view` on the counter as if it had been looked up.
    pub fn open_member(&mut self, view: MemberView) {
        let ticket = self.app.sh.ticket();
        self.app.sh.member_ticket = ticket;
        self.app.sh.member_nav = true;
        self.reply(Reply::Member {
            ticket,
            result: Ok(Box::new(view)),
        });
    }

    pub fn screen(&self) -> &'static str {
        self.app.screen_name()
    }

    /// The screen as text, `w` x `h`.
    pub fn draw(&self, w: u16, h: u16) -> String {
        let mut t = match Terminal::new(TestBackend::new(w, h)) {
            Ok(t) => t,
            Err(e) => match e {},
        };
        let _ = t.draw(|f| self.app.render(f));
        buffer_text(t.backend().buffer())
    }
}

pub fn cashier() -> Operator {
    Operator {
        operator_id: "cashier1".into(),
        name: "李小红".into(),
        role: Role::Cashier,
    }
}

/// A shift report: open (X) or closed with the counted cash (Z).
pub fn sample_shift_report(closed: bool) -> ShiftReport {
    let mut totals = Totals::default();
    totals.tenders.insert(
        "cash".into(),
        TenderTotals {
            taken: Decimal::new(138_800, 2),
            paid_out: Decimal::new(5_000, 2),
        },
    );
    totals.tenders.insert(
        "bank_card".into(),
        TenderTotals {
            taken: Decimal::new(88_000, 2),
            paid_out: Decimal::ZERO,
        },
    );
    for (kind, count, amount) in [
        ("topped_up", 2, 100_000),
        ("checked_out", 5, 94_000),
        ("count_card_sold", 1, 88_000),
        ("stored_value_refunded", 1, 5_000),
        ("reversed", 1, 0),
    ] {
        totals.kinds.insert(
            kind.into(),
            KindTotals {
                count,
                amount: Decimal::new(amount, 2),
            },
        );
    }
    totals.stored_value_in = Decimal::new(95_000, 2);
    totals.bonus_granted = Decimal::new(12_000, 2);
    totals.stored_value_spent = Decimal::new(35_600, 2);
    totals.points_earned = 1_288;
    totals.points_spent = 300;
    let expected = Decimal::new(153_800, 2);
    ShiftReport {
        shift_id: "T01-40".into(),
        operator: "cashier1".into(),
        float: Decimal::new(20_000, 2),
        until: "T01-58".into(),
        totals,
        expected_cash: expected,
        counted_cash: closed.then(|| Decimal::new(153_500, 2)),
        over_short: closed.then(|| Decimal::new(-300, 2)),
    }
}

pub fn sample_day_report() -> DayReport {
    DayReport {
        outlet: "rooms".into(),
        day: NaiveDate::from_ymd_opt(2025, 3, 14).unwrap_or_default(),
        entries: 31,
        totals: sample_shift_report(false).totals,
    }
}

pub fn operator() -> Operator {
    Operator {
        operator_id: "admin".into(),
        name: "王经理".into(),
        role: Role::Admin,
    }
}

/// The buffer as lines of text; a double-width character takes its two cells.
pub fn buffer_text(b: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..b.area.height {
        let mut skip = 0usize;
        let mut line = String::new();
        for x in 0..b.area.width {
            let cell = &b[(x, y)];
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = cell.symbol();
            line.push_str(sym);
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn held(kind: CredentialKind, value: &str, status: CredentialStatus) -> HeldCredential {
    HeldCredential {
        kind,
        value: value.into(),
        status,
    }
}

pub fn sample_member() -> Member {
    Member {
        member_no: "10000042".into(),
        name: "欧阳秀英".into(),
        phone: Some("13812345678".into()),
        gender: Some("female".into()),
        birthday: Some("1988-03-04".into()),
        id_doc: Some("110101198803041234".into()),
        tier: "金卡".into(),
        status: "active".into(),
        notes: "喜欢高楼层 quiet room".into(),
        outlet: "rooms".into(),
        referrer: None,
        registered_at: "2024-05-01T10:00:00Z".into(),
        notices: None,
        credentials: vec![
            held(CredentialKind::Card, "04A1B2C3", CredentialStatus::Active),
            held(
                CredentialKind::Code,
                "CD000000000042",
                CredentialStatus::Active,
            ),
            held(CredentialKind::Card, "DEADBEEF", CredentialStatus::Lost),
            held(
                CredentialKind::Phone,
                "13812345678",
                CredentialStatus::Active,
            ),
        ],
    }
}

/// A local time `2025-03-14 09:12` as the worker gives it (None if it is not one).
pub fn local(at: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M").ok()
}

/// A journal line's header: who posted it, where, for whom.
pub fn header(operator: &str, member: Option<&str>) -> Header {
    Header {
        operator: operator.into(),
        outlet: "rooms".into(),
        member_no: member.map(str::to_string),
        reversal_of: None,
        offline: false,
    }
}

pub fn sample_journal() -> Vec<JournalLine> {
    let line = |seq: u32, at: &str, kind: &str, body: &str| JournalLine {
        entry_id: format!("T01-{seq}"),
        hlc: i64::from(seq) << 16,
        at: local(at),
        kind: EntryKind::parse(kind).unwrap_or(EntryKind::MemberEdited),
        header: header("admin", Some("10000042")),
        body: body.into(),
    };
    vec![
        line(
            57,
            "2025-03-14 09:12",
            "topped_up",
            r#"{"amount":"500.00","bonus":"100.00","tender":"cash"}"#,
        ),
        line(
            31,
            "2025-02-02 19:40",
            "checked_out",
            r#"{"bill":"188.00","principal":"150.00","bonus":"38.00"}"#,
        ),
        line(
            12,
            "2024-06-10 14:03",
            "credential_lost",
            r#"{"credential":{"kind":"card","value":"DEADBEEF"}}"#,
        ),
        line(
            3,
            "2024-05-01 10:00",
            "member_registered",
            r#"{"profile":{"name":"欧阳秀英"}}"#,
        ),
    ]
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

pub fn sample_account() -> Account {
    Account {
        member_no: "10000042".into(),
        points: 12_840,
        principal: Decimal::new(128_000, 2),
        bonus: Decimal::new(21_050, 2),
        debt: Decimal::ZERO,
        owed: Decimal::ZERO,
        has_payment_pin: false,
        count_cards: vec![CountCardView {
            card: "CC-7".into(),
            package: "KTV 10次".into(),
            service: "ktv".into(),
            uses: 10,
            remaining: 7,
            valid_from: date(2025, 1, 1),
            valid_to: date(2025, 12, 31),
            status: "active".into(),
        }],
        coupons: vec![CouponView {
            code: "CPN8K2Q9".into(),
            member_no: Some("10000042".into()),
            template: "满100减20".into(),
            status: "issued".into(),
            valid_from: date(2025, 3, 1),
            valid_to: date(2025, 4, 30),
        }],
    }
}

pub fn sample_view() -> MemberView {
    MemberView {
        member: sample_member(),
        account: sample_account(),
        recent: sample_journal(),
        birthday: false,
        progress: None,
        company: Default::default(),
    }
}

/// The whole terminal's journal: several members, operators and kinds.
pub fn sample_terminal_journal() -> Vec<JournalLine> {
    let line =
        |seq: u32, at: &str, kind: &str, member: Option<&str>, op: &str, body: &str| JournalLine {
            entry_id: format!("T01-{seq}"),
            hlc: i64::from(seq) << 16,
            at: local(at),
            kind: EntryKind::parse(kind).unwrap_or(EntryKind::MemberEdited),
            header: header(op, member),
            body: body.into(),
        };
    vec![
        line(
            60,
            "2025-03-14 09:25",
            "checked_out",
            Some("10000107"),
            "cashier1",
            r#"{"lines":{"bill":"188.00","tender_paid":"0.00","principal_paid":"150.00"}}"#,
        ),
        line(
            59,
            "2025-03-14 09:20",
            "count_card_sold",
            Some("10000042"),
            "cashier1",
            r#"{"package":"ktv10","price":"880.00","tender":"bank_card"}"#,
        ),
        line(
            58,
            "2025-03-14 09:12",
            "topped_up",
            Some("10000042"),
            "admin",
            r#"{"amount":"500.00","bonus":"100.00","tender":"cash"}"#,
        ),
        line(
            41,
            "2025-03-14 08:01",
            "operator_added",
            None,
            "admin",
            r#"{"operator_id":"cashier1","name":"李小红","role":"cashier"}"#,
        ),
        line(
            40,
            "2025-03-14 08:00",
            "shift_opened",
            None,
            "cashier1",
            r#"{"float":"200.00"}"#,
        ),
    ]
}
