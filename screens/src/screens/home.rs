//! Home: one input line that finds a member by anything, and the list when several match.

use carddesk_model::MemberSummary;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::journal::Journal;
use super::member_view::status_text;
use super::money::{Money, MoneyKind};
use super::office::Office;
use super::operators::Operators;
use super::profile::ProfileForm;
use super::shift::ShiftScreen;
use super::task::{Task, TaskKind};
use crate::context::Shared;
use crate::field::{FieldKind, TextField};
use crate::i18n::Tx;
use crate::keymap::{self, bind, Binding, Key, KeyHelp};
use crate::layer::{Back, Flow, Layer};
use crate::model::FindPurpose;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    App,
    Find,
    Choose,
    Register,
    Checkout,
    Journal,
    Shift,
    Redeem,
    Operators,
    Office,
    Logout,
    Clear,
}

/// Home's keys, most used first. F8 is listed for admins; others are told why not.
const KEYS: &[Binding<Act>] = &[
    keymap::f1(Act::App),
    bind("Enter", &[Key::Enter], Tx::KFind, Act::Find),
    bind("Up/Dn", &[Key::Up, Key::Down], Tx::KChoose, Act::Choose),
    bind("F2", &[Key::F(2)], Tx::KRegister, Act::Register),
    bind("F3", &[Key::F(3)], Tx::KCheckout, Act::Checkout),
    bind("F5", &[Key::F(5)], Tx::KJournal, Act::Journal),
    bind("F6", &[Key::F(6)], Tx::KShift, Act::Shift),
    bind("F7", &[Key::F(7)], Tx::KRedeemCoupon, Act::Redeem),
    bind("F8", &[Key::F(8)], Tx::KOperators, Act::Operators),
    bind("F9", &[Key::F(9)], Tx::KOffice, Act::Office),
    bind("F4", &[Key::F(4)], Tx::KLogout, Act::Logout),
    keymap::f10(Act::App),
    bind("Esc", &[Key::Esc], Tx::KClear, Act::Clear),
];

pub struct Home {
    query: TextField,
    results: Vec<MemberSummary>,
    selected: usize,
    /// The arrows moved into the list: Enter opens the selected member.
    in_list: bool,
}

impl Default for Home {
    fn default() -> Self {
        Home {
            query: TextField::new(FieldKind::Text, 40),
            results: Vec::new(),
            selected: 0,
            in_list: false,
        }
    }
}

impl Home {
    pub fn with_results(query: &str, results: Vec<MemberSummary>) -> Self {
        Home {
            query: TextField::new(FieldKind::Text, 40).with_value(query),
            results,
            selected: 0,
            in_list: false,
        }
    }
}

impl Layer for Home {
    fn name(&self) -> &'static str {
        "home"
    }

    fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Flow {
        let act = match keymap::find(KEYS, &key) {
            // Without a list the arrows are the search line's.
            Some(Act::Choose) if self.results.is_empty() => None,
            act => act,
        };
        let Some(act) = act else {
            if !self.query.key(&key) {
                return Flow::Pass;
            }
            self.in_list = false;
            return Flow::Stay;
        };
        match act {
            Act::App => return Flow::Pass,
            Act::Register => return Flow::Open(Box::new(ProfileForm::register(sh))),
            Act::Checkout => {
                sh.member = None;
                return Flow::Open(Box::new(Money::new(MoneyKind::Checkout, sh)));
            }
            Act::Logout => return Flow::Login,
            Act::Journal => return Flow::Open(Box::new(Journal::all(sh))),
            Act::Shift => return Flow::Open(Box::new(ShiftScreen::load(sh))),
            Act::Redeem => {
                sh.member = None;
                return Flow::Open(Box::new(Task::new(TaskKind::RedeemCoupon, sh)));
            }
            Act::Operators => {
                if sh.is_admin() {
                    return Flow::Open(Box::new(Operators::load(sh)));
                }
                sh.error(sh.tx(Tx::AdminOnly));
            }
            Act::Office => return Flow::Open(Box::new(Office::default())),
            Act::Clear => {
                self.query.clear();
                self.results.clear();
                self.in_list = false;
                sh.message = None;
            }
            Act::Choose if key.code == KeyCode::Down => {
                if self.in_list {
                    self.selected = (self.selected + 1).min(self.results.len() - 1);
                }
                self.in_list = true;
            }
            Act::Choose => {
                self.selected = self.selected.saturating_sub(1);
                self.in_list = true;
            }
            Act::Find => {
                if self.in_list {
                    if let Some(m) = self.results.get(self.selected) {
                        let no = m.member_no.clone();
                        sh.open_member(&no);
                    }
                } else if !self.query.value().trim().is_empty() {
                    let q = self.query.value().to_string();
                    sh.info(sh.tx(Tx::Working));
                    sh.find(&q, FindPurpose::Lookup);
                }
            }
        }
        Flow::Stay
    }

    /// The search line: whatever is typed goes there.
    fn typing(&self) -> bool {
        true
    }

    /// Back home: a new search starts from an empty line, as when home first opened.
    fn resume(&mut self, _sh: &mut Shared, _back: Back) -> Flow {
        *self = Home::default();
        Flow::Stay
    }

    fn render(&self, f: &mut Frame, area: Rect, sh: &Shared, _keys: &[KeyHelp]) {
        let lang = sh.lang();
        let theme = sh.theme();
        let inner = crate::chrome::panel(f, area, sh, Tx::HomeTitle);
        if inner.height < 3 {
            return;
        }
        f.render_widget(
            Paragraph::new(Span::styled(Tx::HomePrompt.get(lang), theme.label())),
            Rect::new(inner.x + 1, inner.y, inner.width.saturating_sub(2), 1),
        );
        let marker = format!("{} ", theme.marker());
        f.render_widget(
            Paragraph::new(marker.as_str()),
            Rect::new(inner.x + 1, inner.y + 2, 2, 1),
        );
        self.query.render(
            f,
            Rect::new(inner.x + 3, inner.y + 2, inner.width.saturating_sub(4), 1),
            !self.in_list,
        );
        let list = Rect::new(
            inner.x + 1,
            inner.y + 4,
            inner.width.saturating_sub(2),
            inner.height.saturating_sub(4),
        );
        if self.results.is_empty() {
            f.render_widget(
                Paragraph::new(Line::from(Span::styled(
                    Tx::ScanToFill.get(lang),
                    theme.muted(),
                ))),
                list,
            );
            return;
        }
        let rows = self.results.iter().map(|m| {
            Row::new(vec![
                m.member_no.clone(),
                m.name.clone(),
                m.phone.clone().unwrap_or_default(),
                m.tier.clone(),
                status_text(&m.status, lang).to_string(),
            ])
        });
        let header = Row::new(vec![
            Tx::MemberNo.get(lang),
            Tx::Name.get(lang),
            Tx::Phone.get(lang),
            Tx::Tier.get(lang),
            Tx::Status.get(lang),
        ])
        .style(theme.title());
        let table = Table::new(
            rows,
            [
                Constraint::Length(12),
                Constraint::Length(18),
                Constraint::Length(14),
                Constraint::Length(8),
                Constraint::Length(8),
            ],
        )
        .header(header)
        .row_highlight_style(if self.in_list {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        });
        let mut state = TableState::default().with_selected(Some(self.selected));
        f.render_stateful_widget(table, list, &mut state);
    }

    fn keys(&self, sh: &Shared) -> Option<Vec<KeyHelp>> {
        let (list, admin) = (!self.results.is_empty(), sh.is_admin());
        Some(keymap::lines(KEYS, |act, line| match act {
            Act::Choose => list.then_some(line),
            Act::Operators => admin.then_some(line),
            _ => Some(line),
        }))
    }
}
