//! The admin's list of operators: who they are, their role, whether they may log in.
//! A adds one; Z switches the selected one off (they can no longer log in or approve)
//! or back on; N gives them a new PIN. Each is a form with a preview and F12.

use carddesk_model::ops::OperatorListing;
use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Paragraph, Row, TableState};
use ratatui::Frame;

use super::task::{Task, TaskKind};
use crate::context::Shared;
use crate::i18n::{self, Tx};
use crate::keymap::{self, bind, Binding, Key, KeyHelp};
use crate::layer::{Back, Flow, Layer};
use crate::model::{Command, Reply};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    App,
    Move,
    Add,
    OnOff,
    NewPin,
    Refresh,
    Back,
}

const KEYS: &[Binding<Act>] = &[
    keymap::f1(Act::App),
    keymap::choose(Act::Move),
    bind("A", &[Key::Char('a')], Tx::KAdd, Act::Add),
    bind("Z", &[Key::Char('z')], Tx::KOnOff, Act::OnOff),
    bind("N", &[Key::Char('n')], Tx::KNewPin, Act::NewPin),
    bind(
        "R",
        &[Key::Char('r'), Key::F(5)],
        Tx::KRefresh,
        Act::Refresh,
    ),
    keymap::esc(Act::Back),
    keymap::ends(Act::Move),
];

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
        let last = self.list.as_ref().map_or(0, Vec::len).saturating_sub(1);
        match keymap::find(KEYS, &key) {
            Some(Act::Move) => self.selected = keymap::step(&key, self.selected, last, 1),
            Some(Act::Add) => return self.task(TaskKind::AddOperator, sh),
            Some(Act::OnOff) => match self.selected().cloned() {
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
            Some(Act::NewPin) => match self.selected().cloned() {
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
            Some(Act::Refresh) => self.reload(sh),
            Some(Act::App | Act::Back) | None => return Flow::Pass,
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
        Some(keymap::all(KEYS))
    }
}
