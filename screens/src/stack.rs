//! The stack of layers and what each flow does to it. The bottom is the login screen
//! or home; screens open over the screen they came from, dialogs over their screen,
//! and the app's modals stay on top whatever the layers below them do.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;

use crate::chrome::{self, KeyHelp};
use crate::context::Shared;
use crate::layer::{Back, Flow, Kind, Layer, Modal};
use crate::model::{FindPurpose, Reply};
use crate::screens::{home::Home, lock::LockPrompt, login::Login, member::MemberScreen};

pub struct Stack {
    layers: Vec<Box<dyn Layer>>,
}

impl Stack {
    pub fn new(bottom: Box<dyn Layer>) -> Self {
        Stack {
            layers: vec![bottom],
        }
    }

    fn top(&self) -> usize {
        self.layers.len().saturating_sub(1)
    }

    /// The topmost screen: what the dialogs and modals are over.
    fn screen(&self) -> usize {
        self.layers
            .iter()
            .rposition(|l| l.kind() == Kind::Screen)
            .unwrap_or(0)
    }

    pub fn screen_name(&self) -> &'static str {
        self.layers[self.screen()].name()
    }

    pub fn top_modal(&self) -> Option<Modal> {
        match self.layers[self.top()].kind() {
            Kind::Modal(m) => Some(m),
            _ => None,
        }
    }

    pub fn has(&self, modal: Modal) -> bool {
        self.layers.iter().any(|l| l.kind() == Kind::Modal(modal))
    }

    /// The screen on top, or a dialog of it, holds typed data or a quote.
    pub fn holds_work(&self) -> bool {
        self.layers[self.screen()..].iter().any(|l| l.holds_work())
    }

    /// Opens one of the app's modals on top.
    pub fn open(&mut self, modal: Box<dyn Layer>) {
        self.layers.push(modal);
    }

    /// Closes help or the quit dialog, if one is on top.
    pub fn close_modal(&mut self) {
        if matches!(self.top_modal(), Some(Modal::Help | Modal::Quit)) {
            self.layers.pop();
        }
    }

    /// Locks the screen: help and the quit dialog close, the lock goes on top.
    pub fn lock(&mut self, manual: bool) {
        self.close_modal();
        self.layers.push(Box::new(LockPrompt::new(manual)));
    }

    /// A key for the top layer; an Esc it does not take goes back. False: nothing
    /// took the key.
    pub fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> bool {
        let i = self.top();
        let flow = match self.layers[i].key(sh, key) {
            Flow::Pass if key.code == KeyCode::Esc && i > 0 => Flow::back(),
            Flow::Pass => return false,
            flow => flow,
        };
        self.apply(i, flow, sh);
        true
    }

    /// The top layer's whole key table (tests hold it against what the keys do).
    pub fn table(&self, sh: &Shared) -> Vec<KeyHelp> {
        self.layers[self.top()].table(sh)
    }

    /// A text field of the top layer has the focus.
    pub fn typing(&self) -> bool {
        self.layers[self.top()].typing()
    }

    /// A scan for the top screen, through its dialogs; one nobody takes looks up.
    pub fn scan(&mut self, sh: &mut Shared, code: &str) {
        for i in (0..self.layers.len()).rev() {
            let kind = self.layers[i].kind();
            match self.layers[i].scan(sh, code) {
                Flow::Pass if kind == Kind::Screen => {
                    sh.info(crate::i18n::scanned(code, sh.lang()));
                    sh.find(code, FindPurpose::Lookup);
                    return;
                }
                Flow::Pass => {}
                flow => return self.apply(i, flow, sh),
            }
        }
    }

    /// A card for the top screen, through its dialogs; one nobody takes looks up.
    pub fn card(&mut self, sh: &mut Shared, uid: &str) {
        for i in (0..self.layers.len()).rev() {
            let kind = self.layers[i].kind();
            match self.layers[i].card(sh, uid) {
                Flow::Pass if kind == Kind::Screen => return sh.find(uid, FindPurpose::Card),
                Flow::Pass => {}
                flow => return self.apply(i, flow, sh),
            }
        }
    }

    /// A reply for the modals, the dialogs or the top screen; false: none took it.
    pub fn reply(&mut self, sh: &mut Shared, r: &Reply) -> bool {
        for i in (0..self.layers.len()).rev() {
            if let Some(flow) = self.layers[i].reply(sh, r) {
                self.apply(i, flow, sh);
                return true;
            }
            if self.layers[i].kind() == Kind::Screen {
                return false;
            }
        }
        false
    }

    /// What `flow` does, as if the top screen had said it (the app's own moves).
    pub fn apply_on_screen(&mut self, flow: Flow, sh: &mut Shared) {
        let i = self.screen();
        self.apply(i, flow, sh);
    }

    /// What `flow`, from the layer at `i`, does to the stack.
    pub fn apply(&mut self, i: usize, flow: Flow, sh: &mut Shared) {
        if matches!(flow, Flow::Stay | Flow::Pass) {
            return;
        }
        // The app's modals stay on top of whatever happens below them.
        let from = (i + 1).min(self.layers.len());
        let mut modals: Vec<_> = self.layers.drain(from..).collect();
        modals.retain(|l| matches!(l.kind(), Kind::Modal(_)));
        match flow {
            Flow::Stay | Flow::Pass => {}
            Flow::Back(back) => self.back(i, back, sh),
            Flow::Open(layer) => {
                if layer.kind() == Kind::Screen {
                    sh.left_screen();
                }
                self.layers.push(layer);
            }
            Flow::Reset(layer) => self.reset(sh, layer),
            Flow::Home => self.reset(sh, Box::new(Home::default())),
            Flow::Member => {
                self.reset(sh, Box::new(Home::default()));
                if sh.member.is_some() {
                    self.layers.push(Box::new(MemberScreen));
                }
            }
            Flow::Login => {
                sh.operator = None;
                sh.member = None;
                modals.retain(|l| l.kind() != Kind::Modal(Modal::Lock));
                self.reset(sh, Box::new(Login::new(false)));
            }
            Flow::Lock => {
                sh.left_screen();
                self.lock(true);
                sh.info(sh.tx(crate::i18n::Tx::Locked));
            }
        }
        self.layers.extend(modals);
    }

    /// Closes the layer at `i`; the one below is resumed with `back` (not for a modal:
    /// closing help resumes nothing).
    fn back(&mut self, i: usize, back: Back, sh: &mut Shared) {
        if i == 0 {
            return;
        }
        let kind = self.layers[i].kind();
        if kind == Kind::Screen {
            sh.left_screen();
        }
        self.layers.truncate(i);
        if !matches!(kind, Kind::Modal(_)) {
            let flow = self.layers[i - 1].resume(sh, back);
            self.apply(i - 1, flow, sh);
        }
    }

    fn reset(&mut self, sh: &mut Shared, bottom: Box<dyn Layer>) {
        sh.left_screen();
        self.layers = vec![bottom];
    }

    /// The keys in force: the top layer's that has its own.
    pub fn keys(&self, sh: &Shared) -> Vec<KeyHelp> {
        self.layers
            .iter()
            .rev()
            .find_map(|l| l.keys(sh))
            .unwrap_or_default()
    }

    /// The bars, the top screen, and its dialogs and the modals over it.
    pub fn render(&self, f: &mut Frame, sh: &Shared) {
        let keys = self.keys(sh);
        let body = chrome::render(f, f.area(), sh, &keys);
        for layer in &self.layers[self.screen()..] {
            layer.render(f, body, sh, &keys);
        }
    }
}
