//! The app: one state machine fed keys, device events, the worker's replies and time,
//! answering with commands for the worker, and drawing itself on request. It reads no
//! clock, no file and no database: everything comes in through [`Input`]. What is on
//! screen is a stack of layers (`crate::stack`); the app routes inputs to it and keeps
//! its own modals: help (F1), the quit dialog (F10, Ctrl-C) and the lock.

use std::time::Instant;

use carddesk_model::{Found, Operator};
use chrono::NaiveDateTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::Frame;

use crate::burst::{BurstDetector, Routed};
use crate::chrome;
use crate::context::{DeviceState, Message, Options, Shared, SyncState};
use crate::esc_tail::EscTail;
use crate::i18n::{self, Tx};
use crate::keymap::{self, AppKey, KeyHelp};
use crate::layer::{Flow, Modal};
use crate::modals::{Help, Quit};
use crate::model::SyncStatus;
use crate::model::{Command, DeviceInput, FindPurpose, Input, MemberView, Reply, SourceStatus};
use crate::screens::home::Home;
use crate::screens::login::Login;
use crate::stack::Stack;

pub struct App {
    pub(crate) sh: Shared,
    stack: Stack,
    esc_tail: EscTail,
    burst: BurstDetector,
    dirty: bool,
    /// When the operator last pressed a key (or scanned); None before the first tick.
    last_input: Option<Instant>,
    /// The last key did something (the app's, a layer's, a field's).
    key_taken: bool,
}

impl App {
    pub fn new(opts: Options, clock: NaiveDateTime) -> Self {
        App {
            burst: BurstDetector::new(opts.scan_gap, opts.scan_min_len),
            sh: Shared::new(opts, clock),
            stack: Stack::new(Box::new(Login::checking())),
            esc_tail: EscTail::default(),
            dirty: true,
            last_input: None,
            key_taken: false,
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
                self.last_input = Some(at);
                // Only a key let through changes the screen: one the burst detector
                // or the escape filter holds back is drawn when it is released, so a
                // typed key costs one frame, not an unchanged one and then another.
                for key in self.esc_tail.key(key, at) {
                    // Ctrl-C asks like F10: Chinese office users press it to copy, and
                    // a quote on screen must never vanish on a reflex.
                    if key.code == KeyCode::Char('c') && key.modifiers == KeyModifiers::CONTROL {
                        self.dirty = true;
                        self.key_taken = true;
                        self.ask_quit();
                    } else {
                        for routed in self.burst.key(key, at) {
                            self.dirty = true;
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
        sync.hub = s.hub.filter(|_| s.ok);
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
        if s.applied > 0 && self.stack.screen_name() == "member" && !self.sh.member_nav {
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

    /// The screen on top (under any dialog, help, the quit dialog or the lock).
    pub fn screen_name(&self) -> &'static str {
        self.stack.screen_name()
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
        self.stack.has(Modal::Help)
    }

    pub fn locked(&self) -> bool {
        self.stack.has(Modal::Lock)
    }

    /// Locks the screen when the operator has been idle for `idle_lock`.
    fn idle_check(&mut self, at: Instant) {
        let Some(limit) = self.sh.opts.idle_lock else {
            return;
        };
        let last = *self.last_input.get_or_insert(at);
        if self.sh.operator.is_some()
            && !self.locked()
            && at.saturating_duration_since(last) >= limit
        {
            self.stack.lock(false);
            self.sh.info(self.sh.tx(Tx::Locked));
            self.dirty = true;
        }
    }

    /// Ctrl-L or F11 (or L in the back office): lock the screen now. The operator's
    /// PIN unlocks it, as after the idle time. Nothing happens before a log in.
    fn lock_now(&mut self) {
        if self.sh.operator.is_none() || self.locked() {
            return;
        }
        self.stack.lock(true);
        self.sh.info(self.sh.tx(Tx::Locked));
    }

    /// Opens the quit dialog, noting whether the screen holds work not yet posted.
    fn ask_quit(&mut self) {
        if self.locked() {
            return;
        }
        self.stack.close_modal();
        let unsaved = self.stack.holds_work();
        self.stack.open(Box::new(Quit { unsaved }));
    }

    fn routed(&mut self, r: Routed) {
        match r {
            Routed::Key(k) => self.key(k),
            Routed::Scan(code) => self.scan(code),
        }
    }

    /// The key table in force: the top layer's whole table.
    pub fn key_table(&self) -> Vec<KeyHelp> {
        self.stack.table(&self.sh)
    }

    /// A text field has the focus: printable keys and the editing keys are its.
    pub fn typing(&self) -> bool {
        self.stack.typing()
    }

    /// The last key did something: the app's own, a layer's, or a field's. (Tests hold
    /// the key tables against it.)
    pub fn key_taken(&self) -> bool {
        self.key_taken
    }

    /// Over the lock, help or the quit dialog every key is theirs (the lock keys lock
    /// over help and the quit dialog); otherwise the app's keys (`keymap::APP`) are the
    /// app's and the rest go to the top layer.
    fn key(&mut self, key: KeyEvent) {
        let modal = self.stack.top_modal();
        let app = keymap::find(keymap::APP, &key);
        self.key_taken = true;
        match app {
            Some(AppKey::Lock) if modal != Some(Modal::Lock) => self.lock_now(),
            _ if modal.is_some() => self.key_taken = self.stack.key(&mut self.sh, key),
            Some(AppKey::Help) => self.stack.open(Box::new(Help)),
            Some(AppKey::Quit) => self.ask_quit(),
            _ => self.key_taken = self.stack.key(&mut self.sh, key),
        }
    }

    /// A scan: refused over the lock, nothing over the quit dialog, closes help.
    fn scan(&mut self, code: String) {
        if self.locked() {
            self.sh.error(self.sh.tx(Tx::Locked));
            return;
        }
        match self.stack.top_modal() {
            Some(Modal::Help) => self.stack.close_modal(),
            Some(Modal::Quit) => return,
            _ => {}
        }
        if self.sh.operator.is_none() {
            self.sh.error(self.sh.tx(Tx::NotLoggedIn));
            return;
        }
        let code = code.trim();
        if !code.is_empty() {
            self.stack.scan(&mut self.sh, code);
        }
    }

    fn device(&mut self, d: DeviceInput) {
        match d {
            DeviceInput::Scan { code } => self.scan(code),
            DeviceInput::CardPresent { uid } => {
                if self.stack.top_modal() == Some(Modal::Help) {
                    self.stack.close_modal();
                }
                if self.sh.operator.is_none() || self.stack.top_modal().is_some() {
                    return;
                }
                self.stack.card(&mut self.sh, &uid);
            }
            DeviceInput::CardRemoved => {}
            DeviceInput::Reader(s) => self.sh.reader = state_of(s),
            DeviceInput::Scanner(s) => self.sh.scanner = state_of(s),
            DeviceInput::Error { message } => self.sh.error(message),
        }
    }

    fn reply(&mut self, r: Reply) {
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
        if self.stack.reply(&mut self.sh, &r) {
            return;
        }
        self.unclaimed(r);
    }

    /// A reply no layer waits for: lookups, member loads and postings whose screen has
    /// moved on.
    fn unclaimed(&mut self, r: Reply) {
        let lang = self.sh.lang();
        let flow = match r {
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
                    Flow::Stay
                }
                Ok(Found::Many { members }) => {
                    self.sh.info(i18n::found_many(members.len(), lang));
                    Flow::Reset(Box::new(Home::with_results(&query, members)))
                }
                Err(e) if purpose == FindPurpose::Card && e.code() == "not_found" => {
                    self.sh.unbound_card = Some(query.clone());
                    self.sh.error(i18n::unknown_card(&query, lang));
                    Flow::Stay
                }
                Err(e) => {
                    self.sh.error(e.message(lang));
                    Flow::Stay
                }
            },
            Reply::Member { ticket, result } if ticket == self.sh.member_ticket => match result {
                Ok(view) => {
                    self.sh.member = Some(*view);
                    if !std::mem::take(&mut self.sh.member_nav) {
                        return;
                    }
                    // The member opens as the end of the lookup that said the message
                    // (a scan's "Scanned: …"): it stays with the member.
                    let origin = std::mem::take(&mut self.sh.nav_origin);
                    if origin > 0 && self.sh.message_input >= origin {
                        self.sh.message_input = self.sh.input_seq;
                    }
                    Flow::Member
                }
                Err(e) => {
                    self.sh.error(e.message(lang));
                    Flow::Stay
                }
            },
            Reply::Executed { result, .. } => {
                match result {
                    Ok(done) => {
                        self.sh
                            .ok(i18n::posted(&done.entry_id, done.replayed, lang));
                        let no = crate::screens::member_of(&done).map(str::to_string);
                        if let Some(no) = no.filter(|no| self.sh.member_no() == Some(no)) {
                            self.sh.refresh_member(&no);
                        }
                    }
                    Err(e) => self.sh.error(e.message(lang)),
                }
                Flow::Stay
            }
            // Answers to requests the operator has since left behind.
            _ => Flow::Stay,
        };
        self.stack.apply_on_screen(flow, &mut self.sh);
    }

    pub fn render(&self, f: &mut Frame) {
        self.stack.render(f, &self.sh);
    }

    /// The body area for a frame of this size (tests and the benchmark).
    pub fn body_area(area: Rect) -> Rect {
        chrome::body_area(area)
    }
}

fn state_of(s: SourceStatus) -> DeviceState {
    match s {
        SourceStatus::Ready { count } => DeviceState::Ready(count),
        SourceStatus::Unavailable { why } => DeviceState::Down(why),
    }
}
