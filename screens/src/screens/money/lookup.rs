//! A checkout begun with no member (F3 on home) finds one by what the cashier types:
//! a phone, its last 4 digits, a name, a card or a member no. One match attaches; several
//! are named so the cashier can type more. The line sits above the bill and is reached
//! with Up (or Shift-Tab) from it; a scan still attaches as before.

use carddesk_model::Found;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::context::Shared;
use crate::field::{FieldKind, TextField};
use crate::i18n::{self, Tx};
use crate::model::{FindPurpose, Reply};

/// Names shown when a typed lookup matches several members.
const NAMES_SHOWN: usize = 5;

pub struct Lookup {
    field: TextField,
    /// The cursor is in the lookup line (else in the form below it).
    pub focus: bool,
    /// A typed lookup is on its way: its answer is this line's.
    pending: bool,
}

/// What a key did in the lookup line.
pub enum LookupKey {
    /// Taken (typed, or a lookup sent).
    Taken,
    /// Not the line's: the form's.
    Pass,
}

impl Lookup {
    pub fn new() -> Self {
        Lookup {
            field: TextField::new(FieldKind::Text, 32),
            // The bill comes first, as before; Up from it reaches this line.
            focus: false,
            pending: false,
        }
    }

    pub fn key(&mut self, sh: &mut Shared, key: &KeyEvent) -> LookupKey {
        if !self.focus {
            return LookupKey::Pass;
        }
        match key.code {
            KeyCode::Enter if !self.field.value().trim().is_empty() => {
                self.pending = true;
                sh.info(sh.tx(Tx::Working));
                sh.find(self.field.value(), FindPurpose::Lookup);
                LookupKey::Taken
            }
            KeyCode::Enter | KeyCode::Tab | KeyCode::Down => {
                self.focus = false;
                LookupKey::Taken
            }
            _ if self.field.key(key) => LookupKey::Taken,
            _ => LookupKey::Pass,
        }
    }

    /// The answer to a typed lookup: the member found, or None (said on the message line).
    pub fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Option<(String, String)>> {
        let Reply::Found {
            ticket,
            purpose: FindPurpose::Lookup,
            result,
            ..
        } = r
        else {
            return None;
        };
        if !self.pending || *ticket != sh.find_ticket {
            return None;
        }
        self.pending = false;
        let lang = sh.lang();
        Some(match result {
            Ok(Found::One { member }) => {
                self.focus = false;
                Some((member.member_no.clone(), member.name.clone()))
            }
            Ok(Found::Many { members }) => {
                let names: Vec<String> = members
                    .iter()
                    .take(NAMES_SHOWN)
                    .map(|m| format!("{} {}", m.member_no, m.name))
                    .collect();
                let more = if members.len() > NAMES_SHOWN {
                    " …"
                } else {
                    ""
                };
                sh.error(format!(
                    "{}: {}{more}",
                    i18n::several_members(members.len(), lang),
                    names.join(", ")
                ));
                None
            }
            Err(e) => {
                sh.error(e.message(lang));
                None
            }
        })
    }

    pub fn render(&self, f: &mut Frame, area: Rect, sh: &Shared, label_width: u16) {
        let lang = sh.lang();
        let label = Tx::FindMemberField.get(lang);
        f.render_widget(
            Paragraph::new(Span::styled(label, sh.theme().label())),
            Rect::new(area.x, area.y, label_width.min(area.width), 1),
        );
        let x = area.x + label_width;
        let w = area.width.saturating_sub(label_width);
        self.field.render(f, Rect::new(x, area.y, w, 1), self.focus);
    }
}
