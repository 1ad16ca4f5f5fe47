//! A member's cards and codes: report one lost (挂失), replace it (补卡), bind a new one.

use carddesk_model::entry::{CredentialKind, CredentialStatus};
use carddesk_model::lookup::HeldCredential;
use carddesk_model::ops::{BindCredential, ReplaceCredential, ReportLost};
use carddesk_model::{Credential, Request, Tender};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, TableState};
use ratatui::Frame;

use super::member_view::{cred_status_text, cred_value, kind_text};
use crate::context::Shared;
use crate::field::{FieldKind, TextField};
use crate::i18n::{self, Tx};
use crate::keymap::{self, bind, Binding, Key, KeyHelp};
use crate::layer::{Flow, Layer};
use crate::model::Reply;

enum Mode {
    List,
    ConfirmLost,
    Replace {
        kind: CredentialKind,
        value: TextField,
    },
    Bind {
        kind: CredentialKind,
        value: TextField,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    App,
    Choose,
    Lost,
    Replace,
    Bind,
    Kind,
    /// The replacement fee's tender.
    Tender,
    Confirm,
    /// Back to the list; from the list, back to the member.
    Back,
}

const LIST_KEYS: &[Binding<Act>] = &[
    keymap::f1(Act::App),
    bind("Up/Dn", &[Key::Up, Key::Down], Tx::KChoose, Act::Choose),
    bind("L", &[Key::Char('l')], Tx::KLost, Act::Lost),
    bind("R", &[Key::Char('r')], Tx::KReplace, Act::Replace),
    bind("B", &[Key::Char('b')], Tx::KBind, Act::Bind),
    keymap::esc(Act::Back),
];

const LOST_KEYS: &[Binding<Act>] = &[
    bind("F12", &[Key::F(12)], Tx::KConfirm, Act::Confirm),
    keymap::esc(Act::Back),
];

const EDIT_KEYS: &[Binding<Act>] = &[
    keymap::f1(Act::App),
    bind("F3", &[Key::F(3)], Tx::KKind, Act::Kind),
    bind("F12", &[Key::F(12), Key::Enter], Tx::KConfirm, Act::Confirm),
    keymap::esc(Act::Back),
];

/// Replacing: the bind form's keys and F4 for the replacement fee's tender.
const REPLACE_KEYS: &[Binding<Act>] = &[
    keymap::f1(Act::App),
    bind("F3", &[Key::F(3)], Tx::KKind, Act::Kind),
    bind("F4", &[Key::F(4)], Tx::KTender, Act::Tender),
    bind("F12", &[Key::F(12), Key::Enter], Tx::KConfirm, Act::Confirm),
    keymap::esc(Act::Back),
];

pub struct Cards {
    selected: usize,
    mode: Mode,
    op_id: String,
    busy: bool,
    /// How a replacement fee is paid (F4).
    tender: Tender,
}

fn held(sh: &Shared) -> &[HeldCredential] {
    sh.member
        .as_ref()
        .map(|v| v.member.credentials.as_slice())
        .unwrap_or(&[])
}

fn next_kind(k: CredentialKind) -> CredentialKind {
    match k {
        CredentialKind::Card => CredentialKind::Code,
        CredentialKind::Code => CredentialKind::Phone,
        CredentialKind::Phone => CredentialKind::IdDoc,
        CredentialKind::IdDoc => CredentialKind::Card,
    }
}

impl Cards {
    pub fn new(sh: &mut Shared) -> Self {
        Cards {
            selected: 0,
            mode: Mode::List,
            op_id: sh.op_id(),
            busy: false,
            tender: Tender::Cash,
        }
    }

    /// The keys of the list, the lost-card question, or the new card's form.
    fn table(&self) -> &'static [Binding<Act>] {
        match self.mode {
            Mode::List => LIST_KEYS,
            Mode::ConfirmLost => LOST_KEYS,
            Mode::Replace { .. } => REPLACE_KEYS,
            Mode::Bind { .. } => EDIT_KEYS,
        }
    }

    /// The replacement fee and its tender, when one is due (replacing only).
    fn fee_line(&self, sh: &Shared) -> String {
        let fee = sh.opts.catalog.replacement_fee;
        if fee.is_zero() || !matches!(self.mode, Mode::Replace { .. }) {
            return String::new();
        }
        let lang = sh.lang();
        format!(
            "{} {}  {}  (F4)",
            Tx::ReplacementFee.get(lang),
            i18n::money(fee),
            i18n::tender(self.tender, lang)
        )
    }

    fn value_field() -> TextField {
        TextField::new(FieldKind::Text, 64)
    }

    fn fill(&mut self, code: &str, kind: CredentialKind) {
        match &mut self.mode {
            Mode::Replace { kind: k, value } | Mode::Bind { kind: k, value } => {
                value.set(code);
                *k = kind;
            }
            Mode::List => {
                self.mode = Mode::Bind {
                    kind,
                    value: Self::value_field().with_value(code),
                }
            }
            Mode::ConfirmLost => {}
        }
    }
}

impl Layer for Cards {
    fn name(&self) -> &'static str {
        "cards"
    }

    fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Flow {
        if self.busy {
            if key.code == KeyCode::Esc {
                return Flow::back();
            }
            sh.info(sh.tx(Tx::BusyWait));
            return Flow::Stay;
        }
        let n = held(sh).len();
        let current = held(sh).get(self.selected).cloned();
        let is_bind = matches!(self.mode, Mode::Bind { .. });
        let act = keymap::find(self.table(), &key);
        let mut post = None;
        let Some(act) = act.filter(|a| *a != Act::App) else {
            let typed = match &mut self.mode {
                Mode::Replace { value, .. } | Mode::Bind { value, .. } => value.key(&key),
                Mode::List | Mode::ConfirmLost => false,
            };
            return if typed { Flow::Stay } else { Flow::Pass };
        };
        match (&mut self.mode, Some(act)) {
            (_, None | Some(Act::App)) => return Flow::Pass,
            (Mode::List, Some(Act::Back)) => return Flow::Pass,
            (_, Some(Act::Back)) => self.mode = Mode::List,
            (_, Some(Act::Choose)) if key.code == KeyCode::Down => {
                self.selected = (self.selected + 1).min(n.saturating_sub(1))
            }
            (_, Some(Act::Choose)) => self.selected = self.selected.saturating_sub(1),
            (_, Some(Act::Lost)) => {
                if current
                    .as_ref()
                    .is_some_and(|c| c.status == CredentialStatus::Active)
                {
                    self.mode = Mode::ConfirmLost;
                }
            }
            (_, Some(Act::Replace)) => {
                if let Some(c) = current {
                    self.mode = Mode::Replace {
                        kind: c.kind,
                        value: Self::value_field(),
                    };
                }
            }
            (_, Some(Act::Bind)) => {
                self.mode = Mode::Bind {
                    kind: CredentialKind::Card,
                    value: Self::value_field(),
                }
            }
            (Mode::ConfirmLost, Some(Act::Confirm)) => {
                if let Some(c) = current {
                    post = Some(Request::ReportLost(ReportLost {
                        credential: Credential::new(c.kind, c.value),
                    }));
                }
            }
            (Mode::Replace { kind, .. } | Mode::Bind { kind, .. }, Some(Act::Kind)) => {
                *kind = next_kind(*kind)
            }
            (Mode::Replace { kind, value } | Mode::Bind { kind, value }, Some(Act::Confirm)) => {
                let v = value.value().trim().to_string();
                if v.is_empty() {
                    sh.error(sh.tx(Tx::FillAll));
                    return Flow::Stay;
                }
                let new = Credential::new(*kind, v);
                post = Some(if is_bind {
                    Request::BindCredential(BindCredential {
                        member_no: sh.member_no().unwrap_or_default().to_string().into(),
                        credential: new,
                    })
                } else {
                    let Some(old) = current else {
                        return Flow::Stay;
                    };
                    Request::ReplaceCredential(ReplaceCredential {
                        old: Credential::new(old.kind, old.value),
                        new,
                        // Said only when a fee is due (the form shows it and its tender).
                        tender: (!sh.opts.catalog.replacement_fee.is_zero()).then_some(self.tender),
                    })
                });
            }
            (Mode::Replace { .. }, Some(Act::Tender)) => {
                self.tender = crate::model::next_tender(self.tender)
            }
            (_, Some(Act::Confirm | Act::Kind | Act::Tender)) => return Flow::Pass,
        }
        if let Some(request) = post {
            super::posting::post(sh, &self.op_id, &mut self.busy, request);
        }
        Flow::Stay
    }

    fn scan(&mut self, _sh: &mut Shared, code: &str) -> Flow {
        self.fill(code, CredentialKind::Code);
        Flow::Stay
    }

    fn card(&mut self, _sh: &mut Shared, uid: &str) -> Flow {
        self.fill(uid, CredentialKind::Card);
        Flow::Stay
    }

    fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Flow> {
        let mode = &mut self.mode;
        super::posting::executed(sh, r, &mut self.op_id, &mut self.busy, |sh, done| {
            sh.ok(i18n::posted(&done.entry_id, done.replayed, sh.lang()));
            if let Some(no) = super::posting::member_of(done) {
                sh.refresh_member(no);
            }
            *mode = Mode::List;
        })
    }

    fn render(&self, f: &mut Frame, area: Rect, sh: &Shared, _keys: &[KeyHelp]) {
        let lang = sh.lang();
        let theme = sh.theme();
        let title = format!(
            " {} {} ",
            Tx::CardsTitle.get(lang),
            sh.member_no().unwrap_or_default()
        );
        let block = theme.block(title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let creds = held(sh);
        let reveal = sh.is_supervisor();
        let rows = creds.iter().map(|c| {
            Row::new(vec![
                kind_text(c.kind, lang).to_string(),
                cred_value(c.kind, &c.value, reveal),
                cred_status_text(c.status, lang).to_string(),
            ])
        });
        let table = theme
            .list_table(
                vec![
                    Tx::Kind.get(lang),
                    Tx::Value.get(lang),
                    Tx::Status.get(lang),
                ],
                rows,
                [
                    Constraint::Length(10),
                    Constraint::Length(32),
                    Constraint::Length(10),
                ],
            )
            .highlight_symbol(format!("{} ", theme.marker()));
        let list_h = (creds.len() as u16 + 1).min(inner.height.saturating_sub(6));
        let list = Rect::new(
            inner.x + 1,
            inner.y + 1,
            inner.width.saturating_sub(2),
            list_h,
        );
        let mut state = TableState::default().with_selected(Some(self.selected));
        f.render_stateful_widget(table, list, &mut state);
        let below = Rect::new(
            inner.x + 2,
            list.bottom() + 1,
            inner.width.saturating_sub(4),
            inner.bottom().saturating_sub(list.bottom() + 1),
        );
        match &self.mode {
            Mode::List => {}
            Mode::ConfirmLost => {
                let what = creds
                    .get(self.selected)
                    .map(|c| {
                        format!(
                            "{} {}",
                            kind_text(c.kind, lang),
                            cred_value(c.kind, &c.value, reveal)
                        )
                    })
                    .unwrap_or_default();
                f.render_widget(
                    Paragraph::new(vec![
                        Line::from(Span::styled(
                            format!("{} {what}", Tx::KLost.get(lang)),
                            theme.title(),
                        )),
                        Line::from(Tx::ConfirmLost.get(lang)),
                        Line::from(Span::styled(Tx::F12Confirm.get(lang), theme.muted())),
                    ]),
                    below,
                );
            }
            Mode::Replace { kind, value } | Mode::Bind { kind, value } => {
                let title = if matches!(self.mode, Mode::Bind { .. }) {
                    Tx::BindTitle
                } else {
                    Tx::ReplaceTitle
                };
                f.render_widget(
                    Paragraph::new(vec![
                        Line::from(Span::styled(title.get(lang), theme.title())),
                        Line::from(format!(
                            "{} {}  (F3)",
                            Tx::Kind.get(lang),
                            kind_text(*kind, lang)
                        )),
                        Line::from(Tx::NewValue.get(lang)),
                        Line::from(self.fee_line(sh)),
                        Line::from(Span::styled(
                            format!("{}  {}", Tx::F12Confirm.get(lang), Tx::ScanToFill.get(lang)),
                            theme.muted(),
                        )),
                    ]),
                    below,
                );
                let lw = unicode_width::UnicodeWidthStr::width(Tx::NewValue.get(lang)) as u16 + 1;
                value.render(
                    f,
                    Rect::new(below.x + lw, below.y + 2, below.width.saturating_sub(lw), 1),
                    true,
                );
            }
        }
    }

    fn keys(&self, _sh: &Shared) -> Option<Vec<KeyHelp>> {
        Some(keymap::all(self.table()))
    }

    /// A new card or code is typed in.
    fn typing(&self) -> bool {
        !self.busy && matches!(self.mode, Mode::Replace { .. } | Mode::Bind { .. })
    }
}
