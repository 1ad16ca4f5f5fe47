//! The app's own modals: F1's help (the keys of what is under it) and the quit
//! dialog. Every key is theirs while they are open.

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

use crate::chrome;
use crate::context::Shared;
use crate::i18n::Tx;
use crate::keymap::{self, bind, Binding, Key, KeyHelp};
use crate::layer::{Flow, Kind, Layer, Modal};
use crate::model::Command;

/// Help's keys, named in its title.
pub const HELP_KEYS: &[Binding<()>] = &[bind(
    "Esc/F1/Enter",
    &[Key::Esc, Key::F(1), Key::Enter],
    Tx::KClose,
    (),
)];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Quit,
    Stay,
}

/// The quit dialog's keys, written in it.
const QUIT_KEYS: &[Binding<Answer>] = &[
    bind(
        "F10/Y",
        &[Key::F(10), Key::Char('y')],
        Tx::KQuit,
        Answer::Quit,
    ),
    bind(
        "Esc/N",
        &[Key::Esc, Key::Char('n')],
        Tx::KCancel,
        Answer::Stay,
    ),
];

/// F1: the keys of the layer under it. Esc, F1 or Enter closes it.
pub struct Help;

impl Layer for Help {
    fn name(&self) -> &'static str {
        "help"
    }

    fn kind(&self) -> Kind {
        Kind::Modal(Modal::Help)
    }

    fn key(&mut self, _sh: &mut Shared, key: KeyEvent) -> Flow {
        match keymap::find(HELP_KEYS, &key) {
            Some(()) => Flow::back(),
            None => Flow::Pass,
        }
    }

    fn render(&self, f: &mut Frame, _area: Rect, sh: &Shared, keys: &[KeyHelp]) {
        chrome::help(f, f.area(), sh, keys, &HELP_KEYS[0].line);
    }

    fn keys(&self, _sh: &Shared) -> Option<Vec<KeyHelp>> {
        None
    }

    fn table(&self, _sh: &Shared) -> Vec<KeyHelp> {
        keymap::all(HELP_KEYS)
    }
}

/// F10 or Ctrl-C: quit? Only a deliberate key quits: F10 again or Y. Enter is ignored,
/// so an Enter that trails a scan or a confirmation never ends the counter.
pub struct Quit {
    /// Opened over a form or a quote: it says that it would be lost.
    pub unsaved: bool,
}

impl Layer for Quit {
    fn name(&self) -> &'static str {
        "quit"
    }

    fn kind(&self) -> Kind {
        Kind::Modal(Modal::Quit)
    }

    fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Flow {
        match keymap::find(QUIT_KEYS, &key) {
            Some(Answer::Quit) => {
                sh.quit = true;
                sh.send(Command::Quit);
                Flow::Stay
            }
            Some(Answer::Stay) => Flow::back(),
            None => Flow::Pass,
        }
    }

    fn render(&self, f: &mut Frame, _area: Rect, sh: &Shared, _keys: &[KeyHelp]) {
        chrome::quit_dialog(f, f.area(), sh, self.unsaved, &keymap::all(QUIT_KEYS));
    }

    fn keys(&self, _sh: &Shared) -> Option<Vec<KeyHelp>> {
        None
    }

    fn table(&self, _sh: &Shared) -> Vec<KeyHelp> {
        keymap::all(QUIT_KEYS)
    }
}
