//! Key tables. Every layer lists the keys it takes in one table: what to press, what
//! it does, and the action it runs. The same table decides what a key does and draws
//! the key bar and F1's help, so a key cannot work without being listed, or be listed
//! without working.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::i18n::Tx;

/// A key as a table lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    F(u8),
    /// A letter, either case, whatever the modifiers (the keys of lists).
    Char(char),
    Alt(char),
    Ctrl(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
}

impl Key {
    pub fn matches(self, e: &KeyEvent) -> bool {
        let alt = e.modifiers.contains(KeyModifiers::ALT);
        let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
        match (self, e.code) {
            (Key::F(n), KeyCode::F(m)) => n == m,
            (Key::Char(c), KeyCode::Char(d)) => c.eq_ignore_ascii_case(&d),
            (Key::Alt(c), KeyCode::Char(d)) => alt && c.eq_ignore_ascii_case(&d),
            (Key::Ctrl(c), KeyCode::Char(d)) => ctrl && c.eq_ignore_ascii_case(&d),
            (Key::Enter, KeyCode::Enter)
            | (Key::Esc, KeyCode::Esc)
            | (Key::Tab, KeyCode::Tab)
            | (Key::BackTab, KeyCode::BackTab)
            | (Key::Up, KeyCode::Up)
            | (Key::Down, KeyCode::Down)
            | (Key::PageUp, KeyCode::PageUp)
            | (Key::PageDown, KeyCode::PageDown)
            | (Key::Home, KeyCode::Home)
            | (Key::End, KeyCode::End) => true,
            _ => false,
        }
    }

    /// The key as a terminal sends it (tests press it).
    pub fn event(self) -> KeyEvent {
        let (code, mods) = match self {
            Key::F(n) => (KeyCode::F(n), KeyModifiers::NONE),
            Key::Char(c) => (KeyCode::Char(c), KeyModifiers::NONE),
            Key::Alt(c) => (KeyCode::Char(c), KeyModifiers::ALT),
            Key::Ctrl(c) => (KeyCode::Char(c), KeyModifiers::CONTROL),
            Key::Enter => (KeyCode::Enter, KeyModifiers::NONE),
            Key::Esc => (KeyCode::Esc, KeyModifiers::NONE),
            Key::Tab => (KeyCode::Tab, KeyModifiers::NONE),
            Key::BackTab => (KeyCode::BackTab, KeyModifiers::SHIFT),
            Key::Up => (KeyCode::Up, KeyModifiers::NONE),
            Key::Down => (KeyCode::Down, KeyModifiers::NONE),
            Key::PageUp => (KeyCode::PageUp, KeyModifiers::NONE),
            Key::PageDown => (KeyCode::PageDown, KeyModifiers::NONE),
            Key::Home => (KeyCode::Home, KeyModifiers::NONE),
            Key::End => (KeyCode::End, KeyModifiers::NONE),
        };
        KeyEvent::new(code, mods)
    }

    /// The key as F1's help names it.
    pub fn name(self) -> String {
        match self {
            Key::F(n) => format!("F{n}"),
            Key::Char(c) => c.to_ascii_uppercase().to_string(),
            Key::Alt(c) => format!("Alt-{}", c.to_ascii_uppercase()),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Enter => "Enter".into(),
            Key::Esc => "Esc".into(),
            Key::Tab => "Tab".into(),
            Key::BackTab => "Shift-Tab".into(),
            Key::Up => "Up".into(),
            Key::Down => "Dn".into(),
            Key::PageUp => "PgUp".into(),
            Key::PageDown => "PgDn".into(),
            Key::Home => "Home".into(),
            Key::End => "End".into(),
        }
    }

    /// Whether `label` ("Up/Dn", "PgUp/Dn", "F2/F") names this key.
    fn named_in(self, label: &str) -> bool {
        let parts: Vec<&str> = label.split('/').collect();
        let name = self.name();
        parts.contains(&name.as_str())
            || (self == Key::PageDown && parts == ["PgUp", "Dn"])
            || (self == Key::Down && parts.contains(&"Down"))
    }
}

/// One line of a key table, as the key bar and F1's help show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyHelp {
    /// How the key bar names the keys: "F3", "F2/F", "Up/Dn".
    pub label: &'static str,
    /// Every key that does it.
    pub keys: &'static [Key],
    pub help: Tx,
    /// Listed now. A key that only says why not, or does nothing in this state, is not.
    pub shown: bool,
    /// On the key bar too, not only in F1's help.
    pub bar: bool,
}

impl KeyHelp {
    pub const fn new(label: &'static str, keys: &'static [Key], help: Tx) -> Self {
        KeyHelp {
            label,
            keys,
            help,
            shown: true,
            bar: true,
        }
    }

    /// Only in F1's help (keys every form shares, moving to the first or last row).
    pub const fn help_only(mut self) -> Self {
        self.bar = false;
        self
    }

    pub fn shown_if(mut self, shown: bool) -> Self {
        self.shown = self.shown && shown;
        self
    }

    pub fn says(mut self, help: Tx) -> Self {
        self.help = help;
        self
    }

    /// The label F1's help shows: the key bar's, with every other key that does it.
    pub fn full_label(&self) -> String {
        let mut label = self.label.to_string();
        for k in self.keys.iter().filter(|k| !k.named_in(self.label)) {
            label.push('/');
            label.push_str(&k.name());
        }
        label
    }

    pub fn matches(&self, e: &KeyEvent) -> bool {
        self.keys.iter().any(|k| k.matches(e))
    }
}

/// A key table's line with the action it runs.
pub struct Binding<A> {
    pub line: KeyHelp,
    pub action: A,
}

pub const fn bind<A>(label: &'static str, keys: &'static [Key], help: Tx, action: A) -> Binding<A> {
    Binding {
        line: KeyHelp::new(label, keys, help),
        action,
    }
}

impl<A> Binding<A> {
    pub const fn help_only(mut self) -> Self {
        self.line = self.line.help_only();
        self
    }
}

/// The action `e` runs in `table`, if it is there.
pub fn find<A: Copy>(table: &[Binding<A>], e: &KeyEvent) -> Option<A> {
    table.iter().find(|b| b.line.matches(e)).map(|b| b.action)
}

/// The table's lines; `shown` says which are listed now (and may change the words).
pub fn lines<A: Copy>(
    table: &[Binding<A>],
    mut shown: impl FnMut(A, KeyHelp) -> Option<KeyHelp>,
) -> Vec<KeyHelp> {
    table
        .iter()
        .map(|b| shown(b.action, b.line).unwrap_or(b.line.shown_if(false)))
        .collect()
}

/// Every line of the table, all listed.
pub fn all<A: Copy>(table: &[Binding<A>]) -> Vec<KeyHelp> {
    lines(table, |_, l| Some(l))
}

/// F1 in a layer's table: listed there, taken by the app.
pub const fn f1<A>(app: A) -> Binding<A> {
    bind("F1", &[Key::F(1)], Tx::KHelp, app)
}

/// F10 in a layer's table: listed where the counter may be left, taken by the app.
pub const fn f10<A>(app: A) -> Binding<A> {
    bind("F10", &[Key::F(10)], Tx::KQuit, app)
}

/// Esc: back to the layer below (the stack's, unless the layer holds on to it).
pub const fn esc<A>(back: A) -> Binding<A> {
    bind("Esc", &[Key::Esc], Tx::KBack, back)
}

/// The keys every form shares, in a form's table; the form takes them.
pub const fn fields<A>(form: A) -> Binding<A> {
    Binding {
        line: FIELDS,
        action: form,
    }
}

/// The keys every form shares: between the fields (Enter on the last one goes on).
pub const FIELDS: KeyHelp = KeyHelp::new(
    "Tab/Up/Dn",
    &[Key::Tab, Key::BackTab, Key::Up, Key::Down, Key::Enter],
    Tx::KFields,
)
.help_only();

/// The app's own keys, on every screen but the lock and its modals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppKey {
    Help,
    Quit,
    Lock,
}

pub const APP: &[Binding<AppKey>] = &[
    bind("F1", &[Key::F(1)], Tx::KHelp, AppKey::Help),
    bind(
        "F10",
        &[Key::F(10), Key::Ctrl('c')],
        Tx::KQuit,
        AppKey::Quit,
    ),
    bind(
        "F11",
        &[Key::F(11), Key::Ctrl('l')],
        Tx::KLockNow,
        AppKey::Lock,
    ),
];

/// Where Up, Down, PgUp, PgDn, Home and End move a list's selected row `at` (the last
/// row is `last`; a page is `page` rows).
pub fn step(e: &KeyEvent, at: usize, last: usize, page: usize) -> usize {
    match e.code {
        KeyCode::Up => at.saturating_sub(1),
        KeyCode::Down => (at + 1).min(last),
        KeyCode::PageUp => at.saturating_sub(page),
        KeyCode::PageDown => (at + page).min(last),
        KeyCode::Home => 0,
        KeyCode::End => last,
        _ => at,
    }
}

/// Up and Down in a list's table.
pub const fn choose<A>(act: A) -> Binding<A> {
    bind("Up/Dn", &[Key::Up, Key::Down], Tx::KChoose, act)
}

/// PgUp and PgDn in a list's table.
pub const fn pages<A>(act: A) -> Binding<A> {
    bind("PgUp/PgDn", &[Key::PageUp, Key::PageDown], Tx::KScroll, act)
}

/// Home and End in a list's table (F1's help only).
pub const fn ends<A>(act: A) -> Binding<A> {
    bind("Home/End", &[Key::Home, Key::End], Tx::KFirstLast, act).help_only()
}
