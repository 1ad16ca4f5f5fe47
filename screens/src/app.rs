//! The app: one state machine fed keys, device events, the worker's replies and time,
//! answering with commands for the worker, and drawing itself on request. It reads no
//! clock, no file and no database: everything comes in through [`Input`].

use std::time::{Duration, Instant};

use carddesk_data::{Found, Lang, Operator};
use chrono::NaiveDateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::Frame;

use crate::burst::{BurstDetector, Routed};
use crate::chrome;
use crate::esc_tail::EscTail;
use crate::i18n::{self, Tx};
use crate::model::{
    Catalog, Command, DeviceInput, FindPurpose, Input, MemberView, Reply, SourceStatus, SyncStatus,
};
use crate::screens::lock::{LockKey, LockPrompt};
use crate::screens::{Nav, Screen};
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
    /// HID or simulated scanners are configured (else only keyboard-wedge scans).
    pub device_scanners: bool,
    pub reader_enabled: bool,
    /// Makes op ids unique to this run: `<prefix>-<n>`.
    pub op_prefix: String,
    /// Lock the screen after this long without a key (None: never).
    pub idle_lock: Option<Duration>,
    /// Count-card packages and coupon templates from the rules.
    pub catalog: Catalog,
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
            device_scanners: false,
            reader_enabled: true,
            op_prefix: "T01-test".into(),
            idle_lock: Some(Duration::from_secs(600)),
            catalog: Catalog::from_rules(&carddesk_data::Rules::default()),
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
}

/// State every screen may read and change: who is logged in, the member on the
/// counter, the message line, and the outgoing commands.
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
    message_input: u64,
    /// Counts inputs handled.
    input_seq: u64,
    /// The input that started the latest lookup.
    find_input: u64,
    /// The input whose action the awaited member screen completes (0: none); its
    /// message goes with the member when the screen opens.
    nav_origin: u64,
    pub out: Vec<Command>,
    seq: u64,
    pub clock: NaiveDateTime,
    pub reader: DeviceState,
    pub scanner: DeviceState,
    pub sync: SyncState,
    /// Replication conflicts no supervisor has settled yet (the status bar).
    pub open_conflicts: u64,
    /// The latest monotonic instant seen in a tick (ages in the status bar).
    pub now: Option<Instant>,
    pub help: bool,
    /// Whether this terminal has a shift open (None: not known yet).
    pub shift_open: Option<bool>,
    /// The operator chose to post with no shift open; asked once per log-in.
    pub no_shift_ok: bool,
    pub quit_ask: bool,
    /// The quit dialog was opened over a form or a quote: it warns that it is lost.
    pub quit_unsaved: bool,
    pub quit: bool,
}

impl Shared {
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
}

pub struct App {
    pub(crate) sh: Shared,
    pub(crate) screen: Screen,
    esc_tail: EscTail,
    burst: BurstDetector,
    dirty: bool,
    /// The idle lock, while the screen is locked.
    lock: Option<LockPrompt>,
    /// When the operator last pressed a key (or scanned); None before the first tick.
    last_input: Option<Instant>,
}

impl App {
    pub fn new(opts: Options, clock: NaiveDateTime) -> Self {
        let burst = BurstDetector::new(opts.scan_gap, opts.scan_min_len);
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
        App {
            sh: Shared {
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
                help: false,
                shift_open: None,
                no_shift_ok: false,
                quit_ask: false,
                quit_unsaved: false,
                quit: false,
            },
            screen: Screen::login_checking(),
            esc_tail: EscTail::default(),
            burst,
            dirty: true,
            lock: None,
            last_input: None,
        }
    }

    /// The first commands, sent once when the program starts.
    pub fn start(&mut self) -> Vec<Command> {
        vec![Command::CheckSetup]
    }

    /// Feeds one input; returns the commands for the worker.
    pub fn handle(&mut self, input: Input) -> Vec<Command> {
        self.sh.input_seq += 1;
        match input {
            Input::Key(key, at) => {
                self.dirty = true;
                self.last_input = Some(at);
                for key in self.esc_tail.key(key, at) {
                    // Ctrl-C asks like F10: Chinese office users press it to copy, and
                    // a quote on screen must never vanish on a reflex.
                    if key.code == KeyCode::Char('c') && key.modifiers == KeyModifiers::CONTROL {
                        self.ask_quit();
                    } else {
                        for routed in self.burst.key(key, at) {
                            self.routed(routed);
                        }
                    }
                }
            }
            Input::Tick(at, wall) => {
                let shown = chrome::clock_text(&self.sh.clock);
                let sync_shown = chrome::sync_text(&self.sh, false);
                self.sh.clock = wall;
                if self.sh.now.is_none_or(|n| at > n) {
                    self.sh.now = Some(at);
                }
                self.idle_check(at);
                // Redraw when the minute or the sync age on show changes, not before.
                if chrome::clock_text(&wall) != shown
                    || chrome::sync_text(&self.sh, false) != sync_shown
                {
                    self.dirty = true;
                }
                for routed in self.burst.tick(at) {
                    self.dirty = true;
                    self.routed(routed);
                }
            }
            Input::Device(d) => {
                self.dirty = true;
                self.device(d);
            }
            Input::Reply(r) => {
                self.dirty = true;
                self.reply(r);
            }
            Input::Resize => self.dirty = true,
            Input::Sync(s) => {
                self.dirty = true;
                self.synced(s);
            }
        }
        std::mem::take(&mut self.sh.out)
    }

    /// The background sync's result: the status bar's state; a member on display is
    /// loaded again when entries from elsewhere were applied (their balance may have
    /// changed). An unreachable hub is only "offline"; other failures (a refused token,
    /// a diverged book) are said once on the message line, until the next change.
    fn synced(&mut self, s: SyncStatus) {
        // A pull may bring the hub's conflicts: the worker counts the open ones.
        self.sh.send(Command::CountConflicts);
        let sync = &mut self.sh.sync;
        sync.online = Some(s.ok);
        if s.ok {
            sync.last_ok = Some(s.at);
            sync.last_error = None;
        } else {
            let code = s.error_code.unwrap_or_else(|| "unknown".into());
            let new = sync.last_error.as_deref() != Some(code.as_str());
            sync.last_error = Some(code.clone());
            if new && code != "unreachable" {
                if let Some(m) = s.message {
                    self.sh.error(m);
                }
            }
        }
        // Not while a lookup is on its way: its answer opens the member screen.
        if s.applied > 0 && self.screen.name() == "member" && !self.sh.member_nav {
            if let Some(no) = self.sh.member_no().map(str::to_string) {
                self.sh.refresh_member(&no);
            }
        }
    }

    pub fn sync_state(&self) -> &SyncState {
        &self.sh.sync
    }

    /// When the event loop must wake to release held keys, if ever.
    pub fn deadline(&self) -> Option<Instant> {
        self.burst.deadline()
    }

    /// Something changed since the last draw; clears the flag.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::replace(&mut self.dirty, false)
    }

    pub fn quitting(&self) -> bool {
        self.sh.quit
    }

    pub fn screen_name(&self) -> &'static str {
        self.screen.name()
    }

    pub fn message(&self) -> Option<&Message> {
        self.sh.message.as_ref()
    }

    pub fn operator(&self) -> Option<&Operator> {
        self.sh.operator.as_ref()
    }

    pub fn member(&self) -> Option<&MemberView> {
        self.sh.member.as_ref()
    }

    pub fn help_open(&self) -> bool {
        self.sh.help
    }

    pub fn locked(&self) -> bool {
        self.lock.is_some()
    }

    /// Locks the screen when the operator has been idle for `idle_lock`.
    fn idle_check(&mut self, at: Instant) {
        let Some(limit) = self.sh.opts.idle_lock else {
            return;
        };
        let last = *self.last_input.get_or_insert(at);
        if self.sh.operator.is_some()
            && self.lock.is_none()
            && at.saturating_duration_since(last) >= limit
        {
            self.lock = Some(LockPrompt::default());
            self.sh.help = false;
            self.sh.quit_ask = false;
            self.sh.info(self.sh.tx(Tx::Locked));
            self.dirty = true;
        }
    }

    /// Ctrl-L or F11 (or L in the back office): lock the screen now. The operator's
    /// PIN unlocks it, as after the idle time. Nothing happens before a log in.
    fn lock_now(&mut self) {
        if self.sh.operator.is_none() || self.lock.is_some() {
            return;
        }
        self.lock = Some(LockPrompt::manual());
        self.sh.help = false;
        self.sh.quit_ask = false;
        self.sh.info(self.sh.tx(Tx::Locked));
    }

    /// Opens the quit dialog, noting whether the screen holds work not yet posted.
    fn ask_quit(&mut self) {
        if self.lock.is_some() {
            return;
        }
        self.sh.help = false;
        self.sh.quit_ask = true;
        self.sh.quit_unsaved = self.screen.holds_work();
    }

    fn routed(&mut self, r: Routed) {
        match r {
            Routed::Key(k) => self.key(k),
            Routed::Scan(code) => self.scan(code),
        }
    }

    fn key(&mut self, key: KeyEvent) {
        if let Some(lock) = &mut self.lock {
            if let LockKey::LogOut = lock.key(&mut self.sh, key) {
                self.lock = None;
                self.go(Nav::Login);
            }
            return;
        }
        if is_lock_key(&key) {
            self.lock_now();
            return;
        }
        if self.sh.quit_ask {
            // Only a deliberate key quits: F10 again or Y. Enter is ignored, so an Enter
            // that trails a scan or a confirmation never ends the counter.
            match key.code {
                KeyCode::F(10) | KeyCode::Char('y' | 'Y') => {
                    self.sh.quit = true;
                    self.sh.send(Command::Quit);
                }
                KeyCode::Esc | KeyCode::Char('n' | 'N') => self.sh.quit_ask = false,
                _ => {}
            }
            return;
        }
        if self.sh.help {
            if matches!(key.code, KeyCode::Esc | KeyCode::F(1) | KeyCode::Enter) {
                self.sh.help = false;
            }
            return;
        }
        match key.code {
            KeyCode::F(1) => self.sh.help = true,
            KeyCode::F(10) => self.ask_quit(),
            _ => {
                let nav = self.screen.key(&mut self.sh, key);
                self.go(nav);
            }
        }
    }

    fn scan(&mut self, code: String) {
        if self.lock.is_some() {
            self.sh.error(self.sh.tx(Tx::Locked));
            return;
        }
        self.sh.help = false;
        if self.sh.quit_ask {
            return;
        }
        if self.sh.operator.is_none() {
            self.sh.error(self.sh.tx(Tx::NotLoggedIn));
            return;
        }
        let code = code.trim().to_string();
        if code.is_empty() {
            return;
        }
        let nav = self.screen.scan(&mut self.sh, &code);
        self.go(nav);
    }

    fn device(&mut self, d: DeviceInput) {
        match d {
            DeviceInput::Scan { code } => self.scan(code),
            DeviceInput::CardPresent { uid } => {
                self.sh.help = false;
                if self.sh.operator.is_none() || self.sh.quit_ask || self.lock.is_some() {
                    return;
                }
                let nav = self.screen.card(&mut self.sh, &uid);
                self.go(nav);
            }
            DeviceInput::CardRemoved => {}
            DeviceInput::Reader(s) => self.sh.reader = state_of(s),
            DeviceInput::Scanner(s) => self.sh.scanner = state_of(s),
            DeviceInput::Error { message } => self.sh.error(message),
        }
    }

    fn reply(&mut self, r: Reply) {
        if let Reply::Unlocked(result) = &r {
            let lang = self.sh.lang();
            let same = |o: &Operator| {
                self.sh
                    .operator
                    .as_ref()
                    .is_some_and(|me| me.operator_id == o.operator_id)
            };
            match result {
                Ok(o) if same(o) => {
                    self.lock = None;
                    self.sh.ok(self.sh.tx(Tx::Unlocked));
                }
                Ok(_) => {
                    self.sh.error(self.sh.tx(Tx::OtherOperator));
                    if let Some(l) = &mut self.lock {
                        l.refused();
                    }
                }
                Err(e) => {
                    self.sh.error(e.message(lang));
                    if let Some(l) = &mut self.lock {
                        l.refused();
                    }
                }
            }
            return;
        }
        if let Reply::OpenConflicts(n) = r {
            self.sh.open_conflicts = n;
            return;
        }
        let logged_in = matches!(
            &r,
            Reply::LoggedIn(Ok(_)) | Reply::AdminCreated { result: Ok(_), .. }
        );
        if logged_in {
            self.sh.send(Command::CountConflicts);
            self.sh.no_shift_ok = false;
            self.sh.check_shift();
        }
        // Any posting may open or close a shift: the status bar follows.
        if matches!(&r, Reply::Executed { result: Ok(_), .. }) {
            self.sh.check_shift();
        }
        if let Reply::Shift {
            result: Ok(shift), ..
        } = &r
        {
            self.sh.shift_open = Some(shift.is_some());
        }
        if let Some(nav) = self.screen.reply(&mut self.sh, &r) {
            self.go(nav);
            return;
        }
        let lang = self.sh.lang();
        match r {
            Reply::Found {
                ticket,
                query,
                purpose,
                result,
            } if ticket == self.sh.find_ticket => match result {
                Ok(Found::One { member }) => {
                    // The lookup is done: a "working..." it left is stale now.
                    if self.sh.message.as_ref().map(|m| m.text.as_str())
                        == Some(self.sh.tx(Tx::Working))
                    {
                        self.sh.message = None;
                    }
                    self.sh.open_member(&member.member_no);
                    // The member screen completes the lookup's input, not this reply.
                    self.sh.nav_origin = self.sh.find_input;
                }
                Ok(Found::Many { members }) => {
                    self.sh.info(i18n::found_many(members.len(), lang));
                    self.go(Nav::To(Screen::home_with(&query, members)));
                }
                Err(e) if purpose == FindPurpose::Card && e.code() == "not_found" => {
                    self.sh.unbound_card = Some(query.clone());
                    self.sh.error(i18n::unknown_card(&query, lang));
                }
                Err(e) => self.sh.error(e.message(lang)),
            },
            Reply::Member { ticket, result } if ticket == self.sh.member_ticket => match result {
                Ok(view) => {
                    self.sh.member = Some(*view);
                    if std::mem::take(&mut self.sh.member_nav) {
                        // The member opens as the end of the lookup that said the
                        // message (a scan's "Scanned: …"): it stays with the member.
                        let origin = std::mem::take(&mut self.sh.nav_origin);
                        if origin > 0 && self.sh.message_input >= origin {
                            self.sh.message_input = self.sh.input_seq;
                        }
                        self.go(Nav::Member);
                    }
                }
                Err(e) => self.sh.error(e.message(lang)),
            },
            Reply::Executed { result, .. } => match result {
                Ok(done) => {
                    self.sh
                        .ok(i18n::posted(&done.entry_id, done.replayed, lang));
                    let no = crate::screens::member_of(&done).map(str::to_string);
                    if let Some(no) = no.filter(|no| self.sh.member_no() == Some(no.as_str())) {
                        self.sh.refresh_member(&no);
                    }
                }
                Err(e) => self.sh.error(e.message(lang)),
            },
            // Answers to requests the operator has since left behind.
            _ => {}
        }
    }

    fn go(&mut self, nav: Nav) {
        // Any move forgets a stranger's card: a registration opened from where it was
        // presented has already taken it (Screen::register), and nothing else may.
        if !matches!(nav, Nav::Stay) {
            self.sh.unbound_card = None;
            if self.sh.message_input < self.sh.input_seq {
                self.sh.message = None;
            }
        }
        match nav {
            Nav::Stay => {}
            Nav::To(s) => self.screen = s,
            Nav::Home => self.screen = Screen::home(),
            Nav::Member => {
                self.screen = if self.sh.member.is_some() {
                    Screen::member()
                } else {
                    Screen::home()
                }
            }
            Nav::Lock => self.lock_now(),
            Nav::Login => {
                self.sh.operator = None;
                self.sh.member = None;
                self.lock = None;
                self.screen = Screen::login(false);
            }
        }
    }

    pub fn render(&self, f: &mut Frame) {
        let area = f.area();
        if let Some(lock) = &self.lock {
            let body = chrome::render(f, area, &self.sh, &LockPrompt::keys());
            lock.render(f, body, &self.sh);
            return;
        }
        let body = chrome::render(f, area, &self.sh, &self.screen.keys(&self.sh));
        self.screen.render(f, body, &self.sh);
        if self.sh.help {
            chrome::help(f, area, &self.sh, &self.screen.keys(&self.sh));
        }
        if self.sh.quit_ask {
            chrome::quit_dialog(f, area, &self.sh);
        }
    }

    /// The body area for a frame of this size (tests and the benchmark).
    pub fn body_area(area: Rect) -> Rect {
        chrome::body_area(area)
    }
}

fn is_lock_key(key: &KeyEvent) -> bool {
    match key.code {
        KeyCode::F(11) => true,
        KeyCode::Char('l' | 'L') => key.modifiers == KeyModifiers::CONTROL,
        _ => false,
    }
}

fn state_of(s: SourceStatus) -> DeviceState {
    match s {
        SourceStatus::Ready { count } => DeviceState::Ready(count),
        SourceStatus::Unavailable { why } => DeviceState::Down(why),
    }
}
