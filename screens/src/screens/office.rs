//! The back office (F9 on home): reports, bulk coupons, the replication conflicts, the book's
//! verification, operators, the operator's own PIN and locking the screen. Each entry
//! shows only to the roles that may use it: a cashier sees reports (shift and day), the
//! conflicts (settling one needs a supervisor), their PIN and the lock.

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::bulk::BulkCouponsForm;
use super::conflicts::Conflicts;
use super::operators::Operators;
use super::reports::Reports;
use super::task::{Task, TaskKind};
use super::verify::Verify;
use crate::context::Shared;
use crate::i18n::Tx;
use crate::keymap::{self, bind, Binding, Key, KeyHelp};
use crate::layer::{Back, Flow, Layer};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Reports,
    BulkCoupons,
    Conflicts,
    Verify,
    Operators,
    MyPin,
    Lock,
}

impl Item {
    fn text(self) -> Tx {
        match self {
            Item::Reports => Tx::OfficeReports,
            Item::BulkCoupons => Tx::OfficeBulkCoupons,
            Item::Conflicts => Tx::OfficeConflicts,
            Item::Verify => Tx::OfficeVerify,
            Item::Operators => Tx::OfficeOperators,
            Item::MyPin => Tx::OfficeMyPin,
            Item::Lock => Tx::OfficeLock,
        }
    }
}

impl Item {
    /// Who may open it. Every operator sees the conflicts (a member with one may not
    /// spend offline); settling one needs a supervisor, on the spot for a cashier.
    fn allowed(self, sh: &Shared) -> bool {
        match self {
            Item::Verify | Item::BulkCoupons => sh.is_supervisor(),
            Item::Operators => sh.is_admin(),
            _ => true,
        }
    }

    /// Why not, to one who may not.
    fn refusal(self) -> Tx {
        match self {
            Item::Operators => Tx::AdminOnly,
            _ => Tx::SupervisorOnly,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    App,
    Item(Item),
    Choose,
    Open,
    Back,
}

/// The back office's keys: a letter per entry, in the order of the menu, which is
/// drawn from this table.
const KEYS: &[Binding<Act>] = &[
    keymap::f1(Act::App),
    bind(
        "R",
        &[Key::Char('r')],
        Tx::KReports,
        Act::Item(Item::Reports),
    ),
    // The menu names it; F1's help lists it (the bar has no room).
    bind(
        "B",
        &[Key::Char('b')],
        Tx::KBulkCoupons,
        Act::Item(Item::BulkCoupons),
    )
    .help_only(),
    bind(
        "C",
        &[Key::Char('c')],
        Tx::KConflicts,
        Act::Item(Item::Conflicts),
    ),
    bind("V", &[Key::Char('v')], Tx::KVerify, Act::Item(Item::Verify)),
    bind(
        "O",
        &[Key::Char('o')],
        Tx::KOperators,
        Act::Item(Item::Operators),
    ),
    bind("P", &[Key::Char('p')], Tx::KMyPin, Act::Item(Item::MyPin)),
    bind("L", &[Key::Char('l')], Tx::KLockNow, Act::Item(Item::Lock)),
    bind("Enter", &[Key::Enter], Tx::KOpen, Act::Open),
    keymap::esc(Act::Back),
    keymap::choose(Act::Choose).help_only(),
];

/// What this operator's role may open, with its key.
fn items(sh: &Shared) -> Vec<(&'static str, Item)> {
    KEYS.iter()
        .filter_map(|b| match b.action {
            Act::Item(i) if i.allowed(sh) => Some((b.line.label, i)),
            _ => None,
        })
        .collect()
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
        let last = items.len().saturating_sub(1);
        let item = match keymap::find(KEYS, &key) {
            Some(Act::Choose) => {
                self.selected = keymap::step(&key, self.selected, last, 1);
                return Flow::Stay;
            }
            Some(Act::Open) => items.get(self.selected).map(|(_, i)| *i),
            Some(Act::Item(i)) if i.allowed(sh) => Some(i),
            Some(Act::Item(i)) => {
                sh.error(sh.tx(i.refusal()));
                return Flow::Stay;
            }
            Some(Act::App | Act::Back) | None => return Flow::Pass,
        };
        let Some(item) = item else {
            return Flow::Stay;
        };
        match item {
            Item::Reports => Flow::Open(Box::new(Reports::new())),
            Item::BulkCoupons => Flow::Open(Box::new(BulkCouponsForm::new(sh))),
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
        for (i, (key, item)) in items(sh).iter().enumerate() {
            let text = format!(" {key}  {}", item.text().get(lang));
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
        Some(keymap::lines(KEYS, |act, line| match act {
            Act::Item(i) => i.allowed(sh).then_some(line),
            _ => Some(line),
        }))
    }
}
