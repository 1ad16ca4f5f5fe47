//! The admin's list of operators: who they are, their role, whether they may log in.
//! A adds one; Z switches the selected one off (they can no longer log in or approve)
//! or back on; N gives them a new PIN. Each is a form with a preview and F12.

use carddesk_data::ops::OperatorListing;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Paragraph, Row, TableState};
use ratatui::Frame;

use super::task::{Task, TaskKind};
use crate::chrome::KeyHelp;
use crate::context::Shared;
use crate::i18n::{self, Tx};
use crate::layer::{Back, Flow, Layer};
use crate::model::{Command, Reply};

pub struct Operators {
    ticket: u64,
    /// None while loading.
    list: Option<Vec<OperatorListing>>,
    selected: usize,
}

impl Operators {
    pub fn load(sh: &mut Shared) -> Self {
        let mut o = Operators {
            ticket: 0,
            list: None,
            selected: 0,
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

    fn task(&self, kind: TaskKind, sh: &mut Shared) -> Flow {
        Flow::Open(Box::new(Task::new(kind, sh)))
    }
}

impl Layer for Operators {
    fn name(&self) -> &'static str {
        "operators"
    }

    fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Flow {
        let n = self.list.as_ref().map_or(0, Vec::len);
        let c = match key.code {
            KeyCode::Char(c) => c.to_ascii_lowercase(),
            _ => '\0',
        };
        match (key.code, c) {
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
            _ => return Flow::Pass,
        }
        Flow::Stay
    }

    /// Back from a change: the list is read again.
    fn resume(&mut self, sh: &mut Shared, _back: Back) -> Flow {
        self.reload(sh);
        Flow::Stay
    }

    fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Flow> {
        match r {
            Reply::Operators { ticket, result } if *ticket == self.ticket => {
                if let Ok(list) = result {
                    self.selected = self.selected.min(list.len().saturating_sub(1));
                }
                self.list = Some(sh.loaded(result));
                Some(Flow::Stay)
            }
            _ => None,
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, sh: &Shared, _keys: &[KeyHelp]) {
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

    fn keys(&self, _sh: &Shared) -> Option<Vec<KeyHelp>> {
        Some(vec![
            ("F1", Tx::KHelp),
            ("Up/Dn", Tx::KChoose),
            ("A", Tx::KAdd),
            ("Z", Tx::KOnOff),
            ("N", Tx::KNewPin),
            ("R", Tx::KRefresh),
            ("Esc", Tx::KBack),
        ])
    }
}
