//! What every layer of the counter may read and change (`Shared`), and how this
//! terminal is set up (`Options`). Below the app and the screens: both use it, neither
//! is imported by it.

use std::time::{Duration, Instant};

use carddesk_model::{Lang, OpError, Operator, Role};
use chrono::NaiveDateTime;

use crate::i18n::Tx;
use crate::model::{Catalog, Command, FindPurpose, MemberView};
use crate::theme::Theme;

/// How this terminal is set up; from config and the environment, fixed for a run.
#[derive(Debug, Clone)]
pub struct Options {
    pub lang: Lang,
    pub theme: Theme,
    pub scan_gap: Duration,
    pub scan_min_len: usize,
    pub terminal_id: String,
    pub outlet: String,
    /// Empty: this terminal works alone (no hub).
    pub hub_url: String,
    /// `[sync] hub_urls` lists several hubs: the status bar names the one that answered.
    pub several_hubs: bool,
    /// HID or simulated scanners are configured (else only keyboard-wedge scans).
    pub device_scanners: bool,
    pub reader_enabled: bool,
    /// Makes op ids unique to this run: `<prefix>-<n>`.
    pub op_prefix: String,
    /// Lock the screen after this long without a key (None: never).
    pub idle_lock: Option<Duration>,
    /// Count-card packages and coupon templates from the rules.
    pub catalog: Catalog,
    /// The rules' zone in minutes east of UTC: the business date and every time shown
    /// follow it.
    pub zone_minutes: i32,
    /// The PC's clock zone when it differs from `zone_minutes` (None: they agree);
    /// the program reads it at start, the screens only say so.
    pub pc_zone_minutes: Option<i32>,
    /// The language fell back to English: the terminal (the Linux text console)
    /// cannot draw Chinese.
    pub cjk_fallback: bool,
}

impl Options {
    /// Defaults for tests and the benchmark.
    pub fn new(lang: Lang, ascii: bool, color: bool) -> Self {
        Options {
            lang,
            theme: Theme { ascii, color },
            scan_gap: Duration::from_millis(30),
            scan_min_len: 4,
            terminal_id: "T01".into(),
            outlet: "rooms".into(),
            hub_url: String::new(),
            several_hubs: false,
            device_scanners: false,
            reader_enabled: true,
            op_prefix: "T01-test".into(),
            idle_lock: Some(Duration::from_secs(600)),
            catalog: Catalog::from_rules(&carddesk_model::Rules::default()),
            zone_minutes: carddesk_model::Rules::default().utc_offset_minutes,
            pc_zone_minutes: None,
            cjk_fallback: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Info,
    Ok,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub severity: Severity,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceState {
    Off,
    Unknown,
    Ready(usize),
    Down(String),
}

/// The background sync as the status bar shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncState {
    /// None until the first background sync has reported.
    pub online: Option<bool>,
    /// When the last successful sync finished.
    pub last_ok: Option<Instant>,
    /// The error code of the last failed sync (cleared by a success).
    pub last_error: Option<String>,
    /// The hub that answered the last sync.
    pub hub: Option<String>,
}

/// State every layer may read and change: who is logged in, the member on the counter,
/// the message line, the devices and the sync, and the outgoing commands.
pub struct Shared {
    pub opts: Options,
    pub operator: Option<Operator>,
    pub member: Option<MemberView>,
    /// The member load whose answer is awaited, and whether it opens the member screen.
    pub member_ticket: u64,
    pub member_nav: bool,
    /// The lookup whose answer is awaited.
    pub find_ticket: u64,
    /// A chip card nobody holds, just presented: offered to a registration opened
    /// straight from where it was presented, and forgotten on any other step.
    pub unbound_card: Option<String>,
    pub message: Option<Message>,
    /// The input that said `message`: a message belongs to the screen that made it, so
    /// a move to another screen drops one said by an earlier input.
    pub(crate) message_input: u64,
    /// Counts inputs handled.
    pub(crate) input_seq: u64,
    /// The input that started the latest lookup.
    pub(crate) find_input: u64,
    /// The input whose action the awaited member screen completes (0: none); its
    /// message goes with the member when the screen opens.
    pub(crate) nav_origin: u64,
    pub out: Vec<Command>,
    pub(crate) seq: u64,
    pub clock: NaiveDateTime,
    pub reader: DeviceState,
    pub scanner: DeviceState,
    pub sync: SyncState,
    /// Replication conflicts no supervisor has settled yet (the status bar).
    pub open_conflicts: u64,
    /// The latest monotonic instant seen in a tick (ages in the status bar).
    pub now: Option<Instant>,
    /// Whether this terminal has a shift open (None: not known yet).
    pub shift_open: Option<bool>,
    /// The operator chose to post with no shift open; asked once per log-in.
    pub no_shift_ok: bool,
    pub quit: bool,
}

impl Shared {
    /// Nobody logged in yet, no member, devices as configured.
    pub fn new(opts: Options, clock: NaiveDateTime) -> Self {
        let reader = if opts.reader_enabled {
            DeviceState::Unknown
        } else {
            DeviceState::Off
        };
        let scanner = if opts.device_scanners {
            DeviceState::Unknown
        } else {
            DeviceState::Off
        };
        Shared {
            opts,
            operator: None,
            member: None,
            member_ticket: 0,
            member_nav: false,
            find_ticket: 0,
            unbound_card: None,
            message: None,
            message_input: 0,
            input_seq: 0,
            find_input: 0,
            nav_origin: 0,
            out: Vec::new(),
            seq: 0,
            clock,
            reader,
            scanner,
            sync: SyncState::default(),
            open_conflicts: 0,
            now: None,
            shift_open: None,
            no_shift_ok: false,
            quit: false,
        }
    }

    pub fn lang(&self) -> Lang {
        self.opts.lang
    }

    pub fn theme(&self) -> &Theme {
        &self.opts.theme
    }

    pub fn tx(&self, t: Tx) -> &'static str {
        t.get(self.opts.lang)
    }

    pub fn ticket(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// A fresh idempotency key for one confirmed form.
    pub fn op_id(&mut self) -> String {
        let n = self.ticket();
        format!("{}-{n}", self.opts.op_prefix)
    }

    pub fn send(&mut self, c: Command) {
        self.out.push(c);
    }

    pub fn say(&mut self, severity: Severity, text: impl Into<String>) {
        self.message = Some(Message {
            severity,
            text: text.into(),
        });
        self.message_input = self.input_seq;
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.say(Severity::Info, text);
    }

    pub fn ok(&mut self, text: impl Into<String>) {
        self.say(Severity::Ok, text);
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.say(Severity::Error, text);
    }

    /// Asks whether a shift is open (the status bar's "no shift" flag).
    pub fn check_shift(&mut self) {
        let ticket = self.ticket();
        self.send(Command::LoadShift { ticket });
    }

    pub fn find(&mut self, query: &str, purpose: FindPurpose) {
        // A new lookup is a new moment: a stranger's card presented before it is not
        // offered to the registration that follows.
        self.unbound_card = None;
        self.find_input = self.input_seq;
        self.nav_origin = 0;
        let ticket = self.ticket();
        self.find_ticket = ticket;
        self.send(Command::Find {
            ticket,
            query: query.trim().to_string(),
            purpose,
        });
    }

    /// Loads a member and opens the member screen when the answer comes.
    pub fn open_member(&mut self, member_no: &str) {
        let ticket = self.ticket();
        self.member_ticket = ticket;
        self.member_nav = true;
        self.nav_origin = self.input_seq;
        self.send(Command::LoadMember {
            ticket,
            member_no: member_no.to_string(),
        });
    }

    /// Reloads the member on the counter after an operation, staying where we are.
    pub fn refresh_member(&mut self, member_no: &str) {
        let ticket = self.ticket();
        self.member_ticket = ticket;
        self.member_nav = false;
        self.send(Command::LoadMember {
            ticket,
            member_no: member_no.to_string(),
        });
    }

    pub fn member_no(&self) -> Option<&str> {
        self.member.as_ref().map(|m| m.member.member_no.as_str())
    }

    /// The top screen changed. A stranger's card is forgotten (a registration opened
    /// from where it was presented has already taken it), and a message said by an
    /// earlier input goes with the screen that showed it.
    pub fn left_screen(&mut self) {
        self.unbound_card = None;
        if self.message_input < self.input_seq {
            self.message = None;
        }
    }

    /// What a load shows: the worker's answer, or nothing (the reason said) if it failed.
    pub fn loaded<T: Clone + Default>(&mut self, result: &Result<T, OpError>) -> T {
        match result {
            Ok(v) => v.clone(),
            Err(e) => {
                self.error(e.message(self.lang()));
                T::default()
            }
        }
    }

    /// The logged-in operator's role.
    pub fn role(&self) -> Option<Role> {
        self.operator.as_ref().map(|o| o.role)
    }

    /// A supervisor or an admin is logged in.
    pub fn is_supervisor(&self) -> bool {
        self.role().is_some_and(|r| r >= Role::Supervisor)
    }

    pub fn is_admin(&self) -> bool {
        self.role() == Some(Role::Admin)
    }
}
