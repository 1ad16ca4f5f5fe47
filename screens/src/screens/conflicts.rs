//! Replication conflicts (冲突): what the hub found after terminals that were apart
//! spent the same stored value or coupon. Open ones first, then settled ones, newest
//! first; the selected one's detail below. S (or Enter) settles the selected open
//! conflict: a resolution (accepted, collected, written off), the amount and tender, a
//! note, the supervisor's approval for a cashier, the preview and F12 (a task form).

use carddesk_model::conflict::ConflictView;
use carddesk_model::view::ConflictLine;
use carddesk_model::Lang;
use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Borders, Paragraph, Row, TableState, Wrap};
use ratatui::Frame;

use super::task::{ConflictTarget, Task, TaskKind};
use crate::context::Shared;
use crate::i18n::{self, Tx};
use crate::keymap::{self, bind, Binding, Key, KeyHelp};
use crate::layer::{Back, Flow, Layer};
use crate::model::{Command, ConflictList, Reply};

/// Rows PgUp/PgDn move.
const PAGE: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    App,
    Move,
    Settle,
    Refresh,
    Back,
}

const KEYS: &[Binding<Act>] = &[
    keymap::f1(Act::App),
    keymap::choose(Act::Move),
    bind(
        "S/Enter",
        &[Key::Char('s'), Key::Enter],
        Tx::KSettle,
        Act::Settle,
    ),
    bind(
        "R",
        &[Key::Char('r'), Key::F(5)],
        Tx::KRefresh,
        Act::Refresh,
    ),
    keymap::pages(Act::Move),
    keymap::esc(Act::Back),
    keymap::ends(Act::Move),
];

pub struct Conflicts {
    ticket: u64,
    /// None while loading.
    list: Option<ConflictList>,
    selected: usize,
}

impl Conflicts {
    pub fn load(sh: &mut Shared) -> Self {
        let mut c = Conflicts {
            ticket: 0,
            list: None,
            selected: 0,
        };
        c.reload(sh);
        c
    }

    pub fn reload(&mut self, sh: &mut Shared) {
        self.ticket = sh.ticket();
        sh.send(Command::LoadConflicts {
            ticket: self.ticket,
        });
    }

    fn lines(&self) -> &[ConflictLine] {
        self.list.as_ref().map_or(&[], |l| l.lines.as_slice())
    }

    /// S: the settle form for the selected conflict, back here when it is done.
    fn settle(&mut self, sh: &mut Shared) -> Flow {
        let Some(c) = self.lines().get(self.selected).map(|l| &l.conflict) else {
            sh.error(sh.tx(Tx::NothingToChoose));
            return Flow::Stay;
        };
        if c.settled_by.is_some() {
            sh.error(sh.tx(Tx::AlreadySettled));
            return Flow::Stay;
        }
        let kind = TaskKind::SettleConflict(Box::new(ConflictTarget {
            conflict_id: c.conflict_id.clone(),
            member_no: c.member_no.clone(),
            member_name: c.member_name.clone().unwrap_or_default(),
            kind: c.kind.clone(),
            asset: c.asset.clone(),
            subject: c.subject.clone(),
            amount: c.amount,
        }));
        Flow::Open(Box::new(Task::new(kind, sh)))
    }

    fn render_list(&self, f: &mut Frame, inner: Rect, sh: &Shared, lines: &[ConflictLine]) {
        let lang = sh.lang();
        let theme = sh.theme();
        let [list, detail] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(6)]).areas(inner);
        let rows = lines.iter().map(|l| {
            let c = &l.conflict;
            let row = Row::new(vec![
                c.member_no.clone(),
                c.member_name.clone().unwrap_or_else(|| "-".into()),
                i18n::conflict_kind(&c.kind, lang),
                asset_text(c, lang),
                amount_text(c),
                status_text(c, lang),
            ]);
            if c.settled_by.is_some() {
                row.style(theme.muted())
            } else {
                row
            }
        });
        let table = theme.list_table(
            vec![
                Tx::MemberNo.get(lang),
                Tx::Name.get(lang),
                Tx::Kind.get(lang),
                Tx::AssetCol.get(lang),
                Tx::Amount.get(lang),
                Tx::Status.get(lang),
            ],
            rows,
            [
                Constraint::Length(10),
                Constraint::Length(12),
                Constraint::Length(12),
                Constraint::Length(18),
                Constraint::Length(9),
                Constraint::Min(8),
            ],
        );
        let mut state = TableState::default().with_selected(Some(self.selected));
        f.render_stateful_widget(table, list, &mut state);
        let Some(l) = lines.get(self.selected) else {
            return;
        };
        let c = &l.conflict;
        let block = theme
            .block(format!(" {} {} ", Tx::Detail.get(lang), c.conflict_id))
            .borders(Borders::TOP);
        let label = |t: Tx| Span::styled(format!("{} ", t.get(lang)), theme.label());
        let mut text = vec![
            Line::from(vec![
                label(Tx::Raised),
                Span::raw(format!("{}  ", super::entry_words::time_text(l.raised_at))),
                label(Tx::MemberNo),
                Span::raw(format!(
                    "{} {}",
                    c.member_no,
                    c.member_name.as_deref().unwrap_or("")
                )),
            ]),
            Line::from(vec![
                label(Tx::Kind),
                Span::raw(format!(
                    "{}  {} {}",
                    i18n::conflict_kind(&c.kind, lang),
                    asset_text(c, lang),
                    amount_text(c)
                )),
            ]),
            Line::from(vec![label(Tx::Causes), Span::raw(c.causes.join(", "))]),
        ];
        match (&c.settled_by, &c.resolution) {
            (Some(by), res) => text.push(Line::from(vec![
                label(Tx::SettledBy),
                Span::raw(format!(
                    "{by}  {}",
                    i18n::resolution(res.as_deref().unwrap_or(""), lang)
                )),
            ])),
            (None, _) => text.push(Line::from(Span::styled(
                Tx::ConflictOpen.get(lang),
                theme.error(),
            ))),
        }
        f.render_widget(
            Paragraph::new(text).block(block).wrap(Wrap { trim: false }),
            detail,
        );
    }
}

impl Layer for Conflicts {
    fn name(&self) -> &'static str {
        "conflicts"
    }

    fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Flow {
        let last = self.lines().len().saturating_sub(1);
        match keymap::find(KEYS, &key) {
            Some(Act::Move) => self.selected = keymap::step(&key, self.selected, last, PAGE),
            Some(Act::Settle) => return self.settle(sh),
            Some(Act::Refresh) => self.reload(sh),
            Some(Act::App | Act::Back) | None => return Flow::Pass,
        }
        Flow::Stay
    }

    /// Back from a settlement: the list is read again (the settled one moves down).
    fn resume(&mut self, sh: &mut Shared, _back: Back) -> Flow {
        self.list = None;
        self.reload(sh);
        Flow::Stay
    }

    fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Flow> {
        match r {
            Reply::Conflicts { ticket, result } if *ticket == self.ticket => {
                if let Ok(list) = result {
                    sh.open_conflicts = list.open;
                    self.selected = self.selected.min(list.lines.len().saturating_sub(1));
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
        let title = match &self.list {
            Some(l) => i18n::conflicts_title(l.open, lang),
            None => format!(" {} ", Tx::ConflictsTitle.get(lang)),
        };
        let block = theme.block(title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let body = crate::chrome::margins(inner);
        match &self.list {
            None => f.render_widget(Paragraph::new(Tx::Loading.get(lang)), body),
            Some(l) if l.lines.is_empty() => {
                f.render_widget(Paragraph::new(Tx::NoConflicts.get(lang)), body)
            }
            Some(l) => self.render_list(f, inner, sh, &l.lines),
        }
    }

    fn keys(&self, _sh: &Shared) -> Option<Vec<KeyHelp>> {
        Some(keymap::all(KEYS))
    }
}

/// What was spent too much of: the asset, and the card or coupon code.
fn asset_text(c: &ConflictView, lang: Lang) -> String {
    let asset = i18n::conflict_asset(&c.asset, lang);
    if c.subject.is_empty() {
        asset
    } else {
        format!("{asset} {}", c.subject)
    }
}

/// Money for stored value; points, uses or coupons as a whole number.
pub fn amount_text(c: &ConflictView) -> String {
    if c.asset == "stored_value" {
        i18n::money(c.amount)
    } else {
        c.amount.normalize().to_string()
    }
}

fn status_text(c: &ConflictView, lang: Lang) -> String {
    match (&c.settled_by, &c.resolution) {
        (None, _) => Tx::ConflictOpen.get(lang).to_string(),
        (Some(_), Some(r)) => i18n::resolution(r, lang),
        (Some(by), None) => by.clone(),
    }
}
