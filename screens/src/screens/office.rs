//! The back office (F9 on home): reports, the replication conflicts, the book's
//! verification, operators, the operator's own PIN and locking the screen. Each entry
//! shows only to the roles that may use it: a cashier sees reports (shift and day), the
//! conflicts (settling one needs a supervisor), their PIN and the lock.

use carddesk_data::Role;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{Nav, Screen};
use crate::app::Shared;
use crate::chrome::KeyHelp;
use crate::i18n::Tx;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Reports,
    Conflicts,
    Verify,
    Operators,
    MyPin,
    Lock,
}

impl Item {
    fn letter(self) -> char {
        match self {
            Item::Reports => 'r',
            Item::Conflicts => 'c',
            Item::Verify => 'v',
            Item::Operators => 'o',
            Item::MyPin => 'p',
            Item::Lock => 'l',
        }
    }

    fn text(self) -> Tx {
        match self {
            Item::Reports => Tx::OfficeReports,
            Item::Conflicts => Tx::OfficeConflicts,
            Item::Verify => Tx::OfficeVerify,
            Item::Operators => Tx::OfficeOperators,
            Item::MyPin => Tx::OfficeMyPin,
            Item::Lock => Tx::OfficeLock,
        }
    }
}

pub fn is_supervisor(sh: &Shared) -> bool {
    sh.operator
        .as_ref()
        .is_some_and(|o| o.role >= Role::Supervisor)
}

pub fn is_admin(sh: &Shared) -> bool {
    sh.operator.as_ref().is_some_and(|o| o.role == Role::Admin)
}

/// What this operator's role may open.
fn items(sh: &Shared) -> Vec<Item> {
    // Every operator sees the conflicts (a member with one may not spend offline);
    // settling one needs a supervisor, on the spot for a cashier.
    let mut v = vec![Item::Reports, Item::Conflicts];
    if is_supervisor(sh) {
        v.push(Item::Verify);
    }
    if is_admin(sh) {
        v.push(Item::Operators);
    }
    v.extend([Item::MyPin, Item::Lock]);
    v
}

#[derive(Default)]
pub struct Office {
    selected: usize,
}

impl Office {
    pub fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Nav {
        let items = items(sh);
        let chosen = match key.code {
            KeyCode::Esc => return Nav::Home,
            KeyCode::Up => {
                self.selected = self.selected.saturating_sub(1);
                None
            }
            KeyCode::Down => {
                self.selected = (self.selected + 1).min(items.len().saturating_sub(1));
                None
            }
            KeyCode::Enter => items.get(self.selected).copied(),
            KeyCode::Char(c) => {
                let c = c.to_ascii_lowercase();
                let found = items.iter().copied().find(|i| i.letter() == c);
                if found.is_none() && matches!(c, 'v' | 'o') {
                    sh.error(sh.tx(if c == 'v' {
                        Tx::SupervisorOnly
                    } else {
                        Tx::AdminOnly
                    }));
                }
                found
            }
            _ => None,
        };
        let Some(item) = chosen else {
            return Nav::Stay;
        };
        match item {
            Item::Reports => Nav::To(Screen::reports(sh)),
            Item::Conflicts => Nav::To(Screen::conflicts(sh)),
            Item::Verify => Nav::To(Screen::verify(sh)),
            Item::Operators => Nav::To(Screen::operators(sh, true)),
            Item::MyPin => Nav::To(Screen::my_pin(sh)),
            Item::Lock => Nav::Lock,
        }
    }

    pub fn render(&self, f: &mut Frame, area: Rect, sh: &Shared) {
        let lang = sh.lang();
        let theme = sh.theme();
        let inner = crate::chrome::panel(f, area, sh, Tx::OfficeTitle);
        let mut lines = vec![
            Line::from(Span::styled(Tx::OfficeHint.get(lang), theme.muted())),
            Line::from(""),
        ];
        for (i, item) in items(sh).iter().enumerate() {
            let text = format!(
                " {}  {}",
                item.letter().to_ascii_uppercase(),
                item.text().get(lang)
            );
            let style = if i == self.selected {
                theme.selected()
            } else {
                ratatui::style::Style::new()
            };
            lines.push(Line::from(Span::styled(text, style)));
        }
        f.render_widget(Paragraph::new(lines), crate::chrome::margins(inner));
    }

    pub fn keys(&self, sh: &Shared) -> Vec<KeyHelp> {
        let mut k = vec![
            ("F1", Tx::KHelp),
            ("R", Tx::KReports),
            ("C", Tx::KConflicts),
        ];
        if is_supervisor(sh) {
            k.push(("V", Tx::KVerify));
        }
        if is_admin(sh) {
            k.push(("O", Tx::KOperators));
        }
        k.extend([
            ("P", Tx::KMyPin),
            ("L", Tx::KLockNow),
            ("Enter", Tx::KOpen),
            ("Esc", Tx::KBack),
        ]);
        k
    }
}
