//! The counter is a stack of layers: screens, each over the one it was opened from;
//! over a screen, the dialogs that belong to it (a supervisor's approval, the freeze
//! dialog); over everything, the app's own modals (help, the quit dialog, the lock).
//! A layer takes keys, scans, cards and replies and says what happens to the stack.
//! Going back is the stack's: an Esc no layer takes closes the top layer, and the one
//! below is resumed with what the closed one gave back.

use carddesk_model::Outcome;
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

use crate::context::Shared;
use crate::keymap::KeyHelp;
use crate::model::{Approval, Reply};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole screen: drawn instead of the layers below it.
    Screen,
    /// A dialog of the screen below: drawn over it; replies and scans reach it first.
    Dialog,
    /// One of the app's own: every key is its.
    Modal(Modal),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modal {
    Help,
    Quit,
    Lock,
}

/// What a closing layer gives the layer below it.
#[derive(Debug)]
pub enum Back {
    Nothing,
    /// A supervisor's id and PIN, typed in the approval prompt.
    Approved(Approval),
    /// The approval prompt was closed without one.
    Cancelled,
    /// What the closing form posted.
    Posted(Box<Outcome>),
}

/// What an input did to the stack.
pub enum Flow {
    /// Taken; the stack stays.
    Stay,
    /// Not this layer's: the stack's default (Esc goes back, a scan looks up).
    Pass,
    /// Close this layer, giving the one below `Back`.
    Back(Back),
    /// Open a layer over this one.
    Open(Box<dyn Layer>),
    /// Start again from this home screen (a new search, a list of members).
    Reset(Box<dyn Layer>),
    /// Home, nothing over it.
    Home,
    /// The member on the counter, over home (home when there is none).
    Member,
    /// Log out: the login screen alone.
    Login,
    /// Lock the screen now; the layers stay underneath.
    Lock,
}

impl Flow {
    pub fn back() -> Flow {
        Flow::Back(Back::Nothing)
    }
}

pub trait Layer {
    /// What the counter calls it (`member`, `top_up`, `help`).
    fn name(&self) -> &'static str;

    fn kind(&self) -> Kind {
        Kind::Screen
    }

    fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Flow;

    /// A scanned code (never empty).
    fn scan(&mut self, _sh: &mut Shared, _code: &str) -> Flow {
        Flow::Pass
    }

    /// A chip card presented.
    fn card(&mut self, _sh: &mut Shared, _uid: &str) -> Flow {
        Flow::Pass
    }

    /// A reply this layer waits for; None: not its.
    fn reply(&mut self, _sh: &mut Shared, _r: &Reply) -> Option<Flow> {
        None
    }

    /// On top again: the layer over it closed and gave back `back`.
    fn resume(&mut self, _sh: &mut Shared, _back: Back) -> Flow {
        Flow::Stay
    }

    /// Draws itself in `area` (the body between the bars). `keys` are the keys in
    /// force, for the help overlay.
    fn render(&self, f: &mut Frame, area: Rect, sh: &Shared, keys: &[KeyHelp]);

    /// Its key table as it stands (what is listed now is `shown`): the key bar and
    /// F1 show it. None: the key bar shows the layer below's (help, the quit dialog).
    fn keys(&self, sh: &Shared) -> Option<Vec<KeyHelp>>;

    /// Its whole key table, whether or not the key bar shows it.
    fn table(&self, sh: &Shared) -> Vec<KeyHelp> {
        self.keys(sh).unwrap_or_default()
    }

    /// A text field has the focus: printable keys, Backspace, Delete, Left, Right,
    /// Home, End and Ctrl-U edit it (they are the field's, not the table's).
    fn typing(&self) -> bool {
        false
    }

    /// Typed data or a quote would be lost if the counter quit now.
    fn holds_work(&self) -> bool {
        false
    }
}
