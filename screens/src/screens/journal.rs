//! The member's journal, newest first, with the selected entry's detail.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Borders, Paragraph, Row, Table, TableState, Wrap};
use ratatui::Frame;

use super::Nav;
use crate::app::Shared;
use crate::chrome::KeyHelp;
use crate::i18n::{self, Tx};
use crate::model::{Command, JournalLine, Reply};

pub struct Journal {
    member_no: String,
    ticket: u64,
    lines: Option<Vec<JournalLine>>,
    selected: usize,
}

const PAGE: usize = 8;

impl Journal {
    pub fn load(sh: &mut Shared, member_no: &str) -> Self {
        let ticket = sh.ticket();
        sh.send(Command::LoadJournal {
            ticket,
            member_no: member_no.to_string(),
        });
        Journal {
            member_no: member_no.to_string(),
            ticket,
            lines: None,
            selected: 0,
        }
    }

    pub fn key(&mut self, _sh: &mut Shared, key: KeyEvent) -> Nav {
        let n = self.lines.as_ref().map_or(0, Vec::len);
        let last = n.saturating_sub(1);
        match key.code {
            KeyCode::Esc => return Nav::Member,
            KeyCode::Down => self.selected = (self.selected + 1).min(last),
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::PageDown => self.selected = (self.selected + PAGE).min(last),
            KeyCode::PageUp => self.selected = self.selected.saturating_sub(PAGE),
            KeyCode::Home => self.selected = 0,
            KeyCode::End => self.selected = last,
            _ => {}
        }
        Nav::Stay
    }

    pub fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Nav> {
        match r {
            Reply::Journal { ticket, result } if *ticket == self.ticket => {
                match result {
                    Ok(lines) => self.lines = Some(lines.clone()),
                    Err(e) => {
                        self.lines = Some(Vec::new());
                        sh.error(e.message(sh.lang()));
                    }
                }
                Some(Nav::Stay)
            }
            _ => None,
        }
    }

    pub fn render(&self, f: &mut Frame, area: Rect, sh: &Shared) {
        let lang = sh.lang();
        let theme = sh.theme();
        let block = theme.block(format!(
            " {} {} ",
            Tx::JournalTitle.get(lang),
            self.member_no
        ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let Some(lines) = &self.lines else {
            f.render_widget(Paragraph::new(Tx::Loading.get(lang)), inner);
            return;
        };
        if lines.is_empty() {
            f.render_widget(Paragraph::new(Tx::NoEntries.get(lang)), inner);
            return;
        }
        let [list, detail] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(7)]).areas(inner);
        let rows = lines.iter().map(|l| {
            Row::new(vec![
                l.at.clone(),
                i18n::entry_kind(&l.kind, lang),
                l.entry_id.clone(),
                l.operator.clone(),
                l.outlet.clone(),
            ])
        });
        let header = Row::new(vec![
            Tx::Time.get(lang),
            Tx::KindCol.get(lang),
            Tx::EntryCol.get(lang),
            Tx::OperatorCol.get(lang),
            Tx::Outlet.get(lang),
        ])
        .style(theme.title());
        let table = Table::new(
            rows,
            [
                Constraint::Length(17),
                Constraint::Length(14),
                Constraint::Length(12),
                Constraint::Length(12),
                Constraint::Min(6),
            ],
        )
        .header(header)
        .row_highlight_style(theme.selected());
        let mut state = TableState::default().with_selected(Some(self.selected));
        f.render_stateful_widget(table, list, &mut state);
        if let Some(l) = lines.get(self.selected) {
            let block = theme
                .block(format!(" {} {} ", Tx::Detail.get(lang), l.entry_id))
                .borders(Borders::TOP);
            let mut text = vec![];
            if let Some(r) = &l.reversal_of {
                text.push(Line::from(Span::styled(
                    format!("{} {r}", Tx::ReversalOf.get(lang)),
                    theme.error(),
                )));
            }
            text.push(Line::from(l.body.clone()));
            f.render_widget(
                Paragraph::new(text).block(block).wrap(Wrap { trim: false }),
                detail,
            );
        }
    }

    pub fn keys(&self) -> Vec<KeyHelp> {
        vec![
            ("F1", Tx::KHelp),
            ("Up/Dn", Tx::KChoose),
            ("PgUp/PgDn", Tx::KScroll),
            ("Esc", Tx::KBack),
        ]
    }
}
