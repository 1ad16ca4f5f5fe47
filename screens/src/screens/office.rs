//! The back office (F9 on home): reports, the replication conflicts, the book's
//! verification, operators, the operator's own PIN and locking the screen. Each entry
//! shows only to the roles that may use it: a cashier sees reports (shift and day), the
//! conflicts (settling one needs a supervisor), their PIN and the lock.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::conflicts::Conflicts;
use super::operators::Operators;
use super::reports::Reports;
use super::task::{Task, TaskKind};
use super::verify::Verify;
use crate::chrome::KeyHelp;
use crate::context::Shared;
use crate::i18n::Tx;
use crate::layer::{Back, Flow, Layer};

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

/// What this operator's role may open.
fn items(sh: &Shared) -> Vec<Item> {
    // Every operator sees the conflicts (a member with one may not spend offline);
    // settling one needs a supervisor, on the spot for a cashier.
    let mut v = vec![Item::Reports, Item::Conflicts];
    if sh.is_supervisor() {
        v.push(Item::Verify);
    }
    if sh.is_admin() {
        v.push(Item::Operators);
    }
    v.extend([Item::MyPin, Item::Lock]);
    v
}

#[derive(Default)]
pub struct Office {
    selected: usize,
}

/// The logged-in operator's own PIN, typed twice.
fn my_pin(sh: &mut Shared) -> Task {
    let (operator_id, name) = sh
        .operator
        .as_ref()
        .map(|o| (o.operator_id.clone(), o.name.clone()))
        .unwrap_or_default();
    let kind = TaskKind::ChangePin {
        operator_id,
        name,
        own: true,
    };
    Task::new(kind, sh)
}

impl Layer for Office {
    fn name(&self) -> &'static str {
        "office"
    }

    fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Flow {
        let items = items(sh);
        let chosen = match key.code {
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
            _ => return Flow::Pass,
        };
        let Some(item) = chosen else {
            return Flow::Stay;
        };
        match item {
            Item::Reports => Flow::Open(Box::new(Reports::new())),
            Item::Conflicts => Flow::Open(Box::new(Conflicts::load(sh))),
            Item::Verify => Flow::Open(Box::new(Verify::start(sh))),
            Item::Operators => Flow::Open(Box::new(Operators::load(sh))),
            Item::MyPin => Flow::Open(Box::new(my_pin(sh))),
            Item::Lock => Flow::Lock,
        }
    }

    /// Back in the back office: the choice starts from the top again.
    fn resume(&mut self, _sh: &mut Shared, _back: Back) -> Flow {
        self.selected = 0;
        Flow::Stay
    }

    fn render(&self, f: &mut Frame, area: Rect, sh: &Shared, _keys: &[KeyHelp]) {
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

    fn keys(&self, sh: &Shared) -> Option<Vec<KeyHelp>> {
        let mut k = vec![
            ("F1", Tx::KHelp),
            ("R", Tx::KReports),
            ("C", Tx::KConflicts),
        ];
        if sh.is_supervisor() {
            k.push(("V", Tx::KVerify));
        }
        if sh.is_admin() {
            k.push(("O", Tx::KOperators));
        }
        k.extend([
            ("P", Tx::KMyPin),
            ("L", Tx::KLockNow),
            ("Enter", Tx::KOpen),
            ("Esc", Tx::KBack),
        ]);
        Some(k)
    }
}
