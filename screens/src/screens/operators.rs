//! The admin's list of operators: who they are, their role, whether they may log in.
//! A adds one; Z switches the selected one off (they can no longer log in or approve)
//! or back on; N gives them a new PIN. Each is a form with a preview and F12.

use carddesk_data::ops::OperatorListing;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Paragraph, Row, TableState};
use ratatui::Frame;

use super::task::{Task, TaskKind};
use super::{Nav, Screen};
use crate::app::Shared;
use crate::chrome::KeyHelp;
use crate::i18n::{self, Tx};
use crate::model::{Command, Reply};

pub struct Operators {
    ticket: u64,
    /// None while loading.
    list: Option<Vec<OperatorListing>>,
    selected: usize,
    /// Esc goes back to the back office (else home).
    from_office: bool,
}

impl Operators {
    pub fn load(sh: &mut Shared, from_office: bool) -> Self {
        let mut o = Operators {
            ticket: 0,
            list: None,
            selected: 0,
            from_office,
        };
        o.reload(sh);
        o
    }

    pub fn reload(&mut self, sh: &mut Shared) {
        self.ticket = sh.ticket();
        self.list = None;
        sh.send(Command::LoadOperators {
            ticket: self.ticket,
        });
    }

    fn selected(&self) -> Option<&OperatorListing> {
        self.list.as_ref().and_then(|l| l.get(self.selected))
    }

    fn task(&self, kind: TaskKind, sh: &mut Shared) -> Nav {
        let back = Operators {
            ticket: 0,
            list: None,
            selected: self.selected,
            from_office: self.from_office,
        };
        Nav::To(Screen::Task(Box::new(Task::new(
            kind,
            sh,
            Some(Box::new(Screen::Operators(back))),
        ))))
    }

    pub fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Nav {
        let n = self.list.as_ref().map_or(0, Vec::len);
        let c = match key.code {
            KeyCode::Char(c) => c.to_ascii_lowercase(),
            _ => '\0',
        };
        match (key.code, c) {
            (KeyCode::Esc, _) => {
                return if self.from_office {
                    Nav::To(Screen::office())
                } else {
                    Nav::Home
                };
            }
            (KeyCode::Down, _) => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            (KeyCode::Up, _) => self.selected = self.selected.saturating_sub(1),
            (KeyCode::Home, _) => self.selected = 0,
            (KeyCode::End, _) => self.selected = n.saturating_sub(1),
            (_, 'a') => return self.task(TaskKind::AddOperator, sh),
            (_, 'z') => match self.selected().cloned() {
                Some(o) => {
                    let mine = sh
                        .operator
                        .as_ref()
                        .is_some_and(|me| me.operator_id == o.operator_id);
                    if mine && o.active {
                        sh.error(sh.tx(Tx::NotYourself));
                    } else {
                        return self.task(
                            TaskKind::SetOperatorActive {
                                operator_id: o.operator_id,
                                name: o.name,
                                active: !o.active,
                            },
                            sh,
                        );
                    }
                }
                None => sh.error(sh.tx(Tx::NothingToChoose)),
            },
            (_, 'n') => match self.selected().cloned() {
                Some(o) => {
                    let own = sh
                        .operator
                        .as_ref()
                        .is_some_and(|me| me.operator_id == o.operator_id);
                    return self.task(
                        TaskKind::ChangePin {
                            operator_id: o.operator_id,
                            name: o.name,
                            own,
                        },
                        sh,
                    );
                }
                None => sh.error(sh.tx(Tx::NothingToChoose)),
            },
            (KeyCode::F(5), _) | (_, 'r') => self.reload(sh),
            _ => {}
        }
        Nav::Stay
    }

    pub fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Nav> {
        match r {
            Reply::Operators { ticket, result } if *ticket == self.ticket => {
                if let Ok(list) = result {
                    self.selected = self.selected.min(list.len().saturating_sub(1));
                }
                self.list = Some(super::loaded(sh, result));
                Some(Nav::Stay)
            }
            _ => None,
        }
    }

    pub fn render(&self, f: &mut Frame, area: Rect, sh: &Shared) {
        let lang = sh.lang();
        let theme = sh.theme();
        let body = crate::chrome::margins(crate::chrome::panel(f, area, sh, Tx::OperatorsTitle));
        let Some(list) = &self.list else {
            f.render_widget(Paragraph::new(Tx::Loading.get(lang)), body);
            return;
        };
        let rows = list.iter().map(|o| {
            let status = i18n::operator_status(o.active, lang);
            let row = Row::new(vec![
                o.operator_id.clone(),
                o.name.clone(),
                i18n::role(o.role, lang).to_string(),
                status.to_string(),
            ]);
            if o.active {
                row
            } else {
                row.style(theme.muted())
            }
        });
        let table = theme.list_table(
            vec![
                Tx::OperatorId.get(lang),
                Tx::OperatorName.get(lang),
                Tx::Role.get(lang),
                Tx::Status.get(lang),
            ],
            rows,
            [
                Constraint::Length(18),
                Constraint::Length(22),
                Constraint::Length(12),
                Constraint::Length(10),
            ],
        );
        let mut state = TableState::default().with_selected(Some(self.selected));
        f.render_stateful_widget(table, body, &mut state);
    }

    pub fn keys(&self) -> Vec<KeyHelp> {
        vec![
            ("F1", Tx::KHelp),
            ("Up/Dn", Tx::KChoose),
            ("A", Tx::KAdd),
            ("Z", Tx::KOnOff),
            ("N", Tx::KNewPin),
            ("R", Tx::KRefresh),
            ("Esc", Tx::KBack),
        ]
    }
}
