//! Home: one input line that finds a member by anything, and the list when several match.

use carddesk_data::MemberSummary;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::{MoneyKind, Nav, Screen, TaskKind};
use crate::app::Shared;
use crate::chrome::KeyHelp;
use crate::field::{FieldKind, TextField};
use crate::i18n::Tx;
use crate::model::{FindPurpose, Reply};
use crate::screens::member::status_text;

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

    pub fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Nav {
        match key.code {
            KeyCode::F(2) => return Nav::To(Screen::register(sh)),
            KeyCode::F(3) => {
                sh.member = None;
                return Nav::To(Screen::money(MoneyKind::Checkout, sh));
            }
            KeyCode::F(4) => return Nav::Login,
            KeyCode::F(5) => return Nav::To(Screen::journal_all(sh)),
            KeyCode::F(6) => return Nav::To(Screen::shift(sh)),
            KeyCode::F(7) => {
                sh.member = None;
                return Nav::To(Screen::task(TaskKind::RedeemCoupon, sh));
            }
            KeyCode::F(8) => {
                if super::office::is_admin(sh) {
                    return Nav::To(Screen::operators(sh, false));
                }
                sh.error(sh.tx(Tx::AdminOnly));
            }
            KeyCode::F(9) => return Nav::To(Screen::office()),
            KeyCode::Esc => {
                self.query.clear();
                self.results.clear();
                self.in_list = false;
                sh.message = None;
            }
            KeyCode::Down if !self.results.is_empty() => {
                if self.in_list {
                    self.selected = (self.selected + 1).min(self.results.len() - 1);
                }
                self.in_list = true;
            }
            KeyCode::Up if !self.results.is_empty() => {
                self.selected = self.selected.saturating_sub(1);
                self.in_list = true;
            }
            KeyCode::Enter => {
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
            _ => {
                if self.query.key(&key) {
                    self.in_list = false;
                }
            }
        }
        Nav::Stay
    }

    pub fn reply(&mut self, _sh: &mut Shared, _r: &Reply) -> Option<Nav> {
        None
    }

    pub fn render(&self, f: &mut Frame, area: Rect, sh: &Shared) {
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

    pub fn keys(&self, sh: &Shared) -> Vec<KeyHelp> {
        let mut k = vec![("F1", Tx::KHelp), ("Enter", Tx::KFind)];
        if !self.results.is_empty() {
            k.push(("Up/Dn", Tx::KChoose));
        }
        k.extend([
            ("F2", Tx::KRegister),
            ("F3", Tx::KCheckout),
            ("F5", Tx::KJournal),
            ("F6", Tx::KShift),
            ("F7", Tx::KRedeemCoupon),
        ]);
        if super::office::is_admin(sh) {
            k.push(("F8", Tx::KOperators));
        }
        k.push(("F9", Tx::KOffice));
        k.extend([("F4", Tx::KLogout), ("F10", Tx::KQuit), ("Esc", Tx::KClear)]);
        k
    }
}
