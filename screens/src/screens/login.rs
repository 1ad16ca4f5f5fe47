//! Operator log in; on an empty book, creating the administrator first.

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::context::Shared;
use crate::field::{FieldKind, Form, FormKey, TextField};
use crate::i18n::{self, Tx};
use crate::keymap::{self, bind, Binding, Key, KeyHelp};
use crate::layer::{Flow, Layer};
use crate::model::{Command, Reply};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Waiting to learn whether any operator exists.
    Checking,
    Setup,
    Login,
}

pub struct Login {
    mode: Mode,
    form: Form,
    busy: bool,
    /// The admin creation's idempotency key, kept until it succeeds.
    op_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    App,
    /// The form's: between the fields, and Enter on the last one logs in.
    Form,
    LogIn,
    Clear,
}

const KEYS: &[Binding<Act>] = &[
    keymap::f1(Act::App),
    bind("Enter", &[Key::Enter], Tx::KLogin, Act::Form),
    bind("Tab", &[Key::Tab], Tx::KNext, Act::Form),
    bind("Esc", &[Key::Esc], Tx::KClear, Act::Clear),
    keymap::f10(Act::App),
    bind("F12", &[Key::F(12)], Tx::KLogin, Act::LogIn).help_only(),
    keymap::fields(Act::Form),
];

const PIN_MAX: usize = 12;
/// The administrator made at first run: supervisors and admins have six digits at least.
const ADMIN_PIN_MIN: usize = 6;

impl Login {
    pub fn checking() -> Self {
        Login {
            mode: Mode::Checking,
            form: Form::new(vec![]),
            busy: true,
            op_id: None,
        }
    }

    pub fn new(setup: bool) -> Self {
        let form = if setup {
            Form::new(vec![
                (Tx::OperatorId, TextField::new(FieldKind::Text, 16)),
                (Tx::OperatorName, TextField::new(FieldKind::Text, 20)),
                (Tx::Pin, TextField::new(FieldKind::Secret, PIN_MAX)),
                (Tx::PinAgain, TextField::new(FieldKind::Secret, PIN_MAX)),
            ])
        } else {
            Form::new(vec![
                (Tx::OperatorId, TextField::new(FieldKind::Text, 16)),
                (Tx::Pin, TextField::new(FieldKind::Secret, PIN_MAX)),
            ])
        };
        Login {
            mode: if setup { Mode::Setup } else { Mode::Login },
            form,
            busy: false,
            op_id: None,
        }
    }

    /// Takes keys: the book has been checked and no log-in is on its way.
    fn ready(&self) -> bool {
        self.mode != Mode::Checking && !self.busy
    }

    fn submit(&mut self, sh: &mut Shared) {
        let id = self.form.value(0).trim().to_string();
        if self.mode == Mode::Setup {
            let name = self.form.value(1).trim().to_string();
            let (pin, again) = (self.form.value(2), self.form.value(3));
            if id.is_empty() || name.is_empty() || pin.is_empty() {
                sh.error(sh.tx(Tx::FillAll));
                return;
            }
            // The first operator is the administrator: six digits at least, as the
            // book requires of every supervisor and admin PIN.
            if !(ADMIN_PIN_MIN..=PIN_MAX).contains(&pin.len()) {
                sh.error(sh.tx(Tx::AdminPinTooShort));
                return;
            }
            if pin != again {
                sh.error(sh.tx(Tx::PinsDiffer));
                self.form.set(3, "");
                self.form.focus = 3;
                return;
            }
            let op_id = match &self.op_id {
                Some(o) => o.clone(),
                None => {
                    let o = sh.op_id();
                    self.op_id = Some(o.clone());
                    o
                }
            };
            self.busy = true;
            sh.info(sh.tx(Tx::Working));
            sh.send(Command::CreateAdmin {
                op_id,
                operator_id: id,
                name,
                pin: pin.to_string(),
            });
        } else {
            let pin = self.form.value(1).to_string();
            if id.is_empty() || pin.is_empty() {
                sh.error(sh.tx(Tx::FillAll));
                return;
            }
            self.busy = true;
            sh.info(sh.tx(Tx::Working));
            sh.send(Command::Login {
                operator_id: id,
                pin,
            });
        }
    }
}

impl Layer for Login {
    fn name(&self) -> &'static str {
        "login"
    }

    fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Flow {
        if !self.ready() {
            return Flow::Pass;
        }
        match keymap::find(KEYS, &key) {
            Some(Act::App) => return Flow::Pass,
            Some(Act::Clear) => {
                for f in &mut self.form.fields {
                    f.input.clear();
                }
                self.form.focus = 0;
                sh.message = None;
            }
            Some(Act::LogIn) => self.submit(sh),
            Some(Act::Form) | None => match self.form.key(&key) {
                FormKey::Submit => self.submit(sh),
                FormKey::NotMine => return Flow::Pass,
                FormKey::Edited | FormKey::Moved => {}
            },
        }
        Flow::Stay
    }

    fn typing(&self) -> bool {
        self.ready()
    }

    /// Nobody is logged in: a scan or a card is nobody's yet.
    fn scan(&mut self, _sh: &mut Shared, _code: &str) -> Flow {
        Flow::Stay
    }

    fn card(&mut self, _sh: &mut Shared, _uid: &str) -> Flow {
        Flow::Stay
    }

    fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Flow> {
        let lang = sh.lang();
        match r {
            Reply::Setup { has_operators } => {
                *self = Login::new(!has_operators);
                if !has_operators {
                    sh.info(sh.tx(Tx::SetupHint));
                }
                Some(Flow::Stay)
            }
            Reply::LoggedIn(result) | Reply::AdminCreated { result, .. } => {
                self.busy = false;
                match result {
                    Ok(op) => {
                        sh.operator = Some(op.clone());
                        sh.info(i18n::welcome(&op.name, lang));
                        Some(Flow::Home)
                    }
                    Err(e) => {
                        sh.error(e.message(lang));
                        if self.mode == Mode::Login {
                            self.form.set(1, "");
                            self.form.focus = 1;
                        }
                        Some(Flow::Stay)
                    }
                }
            }
            _ => None,
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, sh: &Shared, _keys: &[KeyHelp]) {
        let lang = sh.lang();
        let title = match self.mode {
            Mode::Setup => Tx::SetupTitle,
            _ => Tx::LoginTitle,
        };
        let w = 52.min(area.width);
        let h = (self.form.fields.len() as u16 + 4).min(area.height);
        let x = area.x + (area.width - w) / 2;
        let y = area.y + area.height.saturating_sub(h) / 3;
        let outer = Rect::new(x, y, w, h);
        let block = sh.theme().block(format!(" {} ", title.get(lang)));
        let inner = block.inner(outer);
        f.render_widget(block, outer);
        if self.mode == Mode::Checking {
            f.render_widget(Paragraph::new(Line::from(Tx::Checking.get(lang))), inner);
            return;
        }
        let form_area = Rect::new(
            inner.x + 1,
            inner.y + 1,
            inner.width.saturating_sub(2),
            inner.height.saturating_sub(1),
        );
        self.form.render(f, form_area, sh.theme(), lang, !self.busy);
    }

    /// While the book is checked or a log-in is on its way, only the app's keys work.
    fn keys(&self, _sh: &Shared) -> Option<Vec<KeyHelp>> {
        let ready = self.ready();
        Some(keymap::lines(KEYS, |act, line| {
            (ready || act == Act::App).then_some(line)
        }))
    }
}
