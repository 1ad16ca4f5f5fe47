//! The app's own modals: F1's help (the keys of what is under it) and the quit
//! dialog. Every key is theirs while they are open.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::Frame;

use crate::chrome::{self, KeyHelp};
use crate::context::Shared;
use crate::layer::{Flow, Kind, Layer, Modal};
use crate::model::Command;

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
        match key.code {
            KeyCode::Esc | KeyCode::F(1) | KeyCode::Enter => Flow::back(),
            _ => Flow::Stay,
        }
    }

    fn render(&self, f: &mut Frame, _area: Rect, sh: &Shared, keys: &[KeyHelp]) {
        chrome::help(f, f.area(), sh, keys);
    }

    fn keys(&self, _sh: &Shared) -> Option<Vec<KeyHelp>> {
        None
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
        match key.code {
            KeyCode::F(10) | KeyCode::Char('y' | 'Y') => {
                sh.quit = true;
                sh.send(Command::Quit);
                Flow::Stay
            }
            KeyCode::Esc | KeyCode::Char('n' | 'N') => Flow::back(),
            _ => Flow::Stay,
        }
    }

    fn render(&self, f: &mut Frame, _area: Rect, sh: &Shared, _keys: &[KeyHelp]) {
        chrome::quit_dialog(f, f.area(), sh, self.unsaved);
    }

    fn keys(&self, _sh: &Shared) -> Option<Vec<KeyHelp>> {
        None
    }
}
