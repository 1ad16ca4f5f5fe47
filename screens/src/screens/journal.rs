//! The journal browser: the whole terminal's journal (every terminal's entries this
//! book holds), newest first, filtered by operator, member, kind and dates; opened
//! from the member screen it starts filtered to that member. The selected entry's
//! detail is shown below; R reverses it (reason, supervisor, preview, F12).

use carddesk_model::view::JournalLine;
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Borders, Clear, Paragraph, Row, TableState, Wrap};
use ratatui::Frame;

use super::entry_words;
use super::task::{Task, TaskKind};
use crate::context::Shared;
use crate::field::{FieldKind, Form, FormKey, TextField};
use crate::i18n::{self, Tx};
use crate::keymap::{self, bind, Binding, Key, KeyHelp};
use crate::layer::{Back, Flow, Layer};
use crate::model::{Command, JournalFilter, Reply};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    App,
    Move,
    Filter,
    Reverse,
    Older,
    Back,
}

/// The list's keys; N is listed when older entries are there to ask for.
const KEYS: &[Binding<Act>] = &[
    keymap::f1(Act::App),
    keymap::choose(Act::Move),
    bind(
        "F2/F",
        &[Key::F(2), Key::Char('f')],
        Tx::KFilter,
        Act::Filter,
    ),
    bind("R", &[Key::Char('r')], Tx::KReverse, Act::Reverse),
    bind("N", &[Key::Char('n')], Tx::KOlder, Act::Older),
    keymap::pages(Act::Move),
    keymap::esc(Act::Back),
    keymap::ends(Act::Move),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filter {
    /// The form's: between the fields; Enter on the last applies.
    Form,
    Apply,
    Close,
}

/// The filter form's keys.
const FILTER_KEYS: &[Binding<Filter>] = &[
    bind("Enter", &[Key::Enter], Tx::KApply, Filter::Form),
    bind("Tab", &[Key::Tab], Tx::KNext, Filter::Form),
    bind("Esc", &[Key::Esc], Tx::KBack, Filter::Close),
    bind("F12", &[Key::F(12), Key::F(2)], Tx::KApply, Filter::Apply).help_only(),
    keymap::fields(Filter::Form),
];

pub struct Journal {
    filter: JournalFilter,
    /// The filter form, while it is being edited.
    editing: Option<Form>,
    ticket: u64,
    /// The request in flight asks for older entries (append), not a fresh list.
    appending: bool,
    lines: Option<Vec<JournalLine>>,
    /// The last page came back full: N asks for older entries.
    more: bool,
    selected: usize,
}

const PAGE: usize = 8;
/// Entries per request; the worker answers at most this many.
pub const JOURNAL_PAGE: usize = 100;

impl Journal {
    /// The journal of the member on the counter.
    pub fn for_member(sh: &mut Shared, member_no: &str) -> Self {
        let filter = JournalFilter {
            member_no: member_no.to_string(),
            ..JournalFilter::default()
        };
        Self::with(sh, filter)
    }

    /// Every entry, newest first.
    pub fn all(sh: &mut Shared) -> Self {
        Self::with(sh, JournalFilter::default())
    }

    fn with(sh: &mut Shared, filter: JournalFilter) -> Self {
        let mut j = Journal {
            filter,
            editing: None,
            ticket: 0,
            appending: false,
            lines: None,
            more: false,
            selected: 0,
        };
        j.reload(sh);
        j
    }

    pub fn reload(&mut self, sh: &mut Shared) {
        self.ticket = sh.ticket();
        self.appending = false;
        sh.send(Command::LoadJournal {
            ticket: self.ticket,
            filter: self.filter.clone(),
            before: None,
        });
    }

    fn older(&mut self, sh: &mut Shared) {
        let Some(last) = self.lines.as_ref().and_then(|l| l.last()) else {
            return;
        };
        self.ticket = sh.ticket();
        self.appending = true;
        sh.info(sh.tx(Tx::Loading));
        sh.send(Command::LoadJournal {
            ticket: self.ticket,
            filter: self.filter.clone(),
            before: Some(last.hlc),
        });
    }

    fn filter_form(&self) -> Form {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        Form::new(vec![
            (
                Tx::FilterOperator,
                TextField::new(FieldKind::Text, 16).with_value(&self.filter.operator),
            ),
            (
                Tx::FilterMember,
                TextField::new(FieldKind::Text, 20).with_value(&self.filter.member_no),
            ),
            (
                Tx::FilterKind,
                TextField::new(FieldKind::Text, 24).with_value(&self.filter.kind),
            ),
            (
                Tx::FilterFrom,
                TextField::new(FieldKind::Date, 10).with_value(&date(self.filter.from)),
            ),
            (
                Tx::FilterTo,
                TextField::new(FieldKind::Date, 10).with_value(&date(self.filter.to)),
            ),
        ])
    }

    /// The filter the form describes, or a message for a bad date.
    fn parse_filter(form: &Form) -> Result<JournalFilter, Tx> {
        let date = |i: usize| -> Result<Option<NaiveDate>, Tx> {
            let v = form.value(i).trim();
            if v.is_empty() {
                return Ok(None);
            }
            NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| Tx::BadDate)
        };
        Ok(JournalFilter {
            operator: form.value(0).trim().to_string(),
            member_no: form.value(1).trim().to_string(),
            kind: form.value(2).trim().to_string(),
            from: date(3)?,
            to: date(4)?,
        })
    }

    fn apply(&mut self, sh: &mut Shared) {
        let Some(form) = &self.editing else {
            return;
        };
        match Self::parse_filter(form) {
            Ok(f) => {
                self.filter = f;
                self.editing = None;
                self.lines = None;
                self.selected = 0;
                self.reload(sh);
            }
            Err(why) => sh.error(sh.tx(why)),
        }
    }

    /// R: reverse the selected entry. The book refuses what can't be reversed
    /// (a reversal, an entry without balance effects) with its reason.
    fn reverse(&mut self, sh: &mut Shared) -> Flow {
        let Some(l) = self.lines.as_ref().and_then(|l| l.get(self.selected)) else {
            return Flow::Stay;
        };
        let kind = TaskKind::Reverse {
            entry_id: l.entry_id.clone(),
            kind: l.kind.to_string(),
        };
        Flow::Open(Box::new(Task::new(kind, sh)))
    }

    fn filter_text(&self, sh: &Shared) -> String {
        let lang = sh.lang();
        let f = &self.filter;
        let mut parts = Vec::new();
        let mut part = |label: Tx, v: &str| {
            if !v.is_empty() {
                parts.push(format!("{}={v}", label.get(lang)));
            }
        };
        part(Tx::FilterOperator, &f.operator);
        part(Tx::FilterMember, &f.member_no);
        part(Tx::FilterKind, &f.kind);
        if f.from.is_some() || f.to.is_some() {
            let d = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            parts.push(format!("{}..{}", d(f.from), d(f.to)));
        }
        if parts.is_empty() {
            Tx::AllEntries.get(lang).to_string()
        } else {
            parts.join("  ")
        }
    }

    fn render_lines(&self, f: &mut Frame, inner: Rect, sh: &Shared, lines: &[JournalLine]) {
        let lang = sh.lang();
        let theme = sh.theme();
        let [list, detail] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(7)]).areas(inner);
        let reversed = Tx::ReversedMark.get(lang);
        let rows = lines.iter().map(|l| {
            let mut kind = i18n::entry_kind(l.kind.as_str(), lang);
            // A reversed entry is marked where the cashier looks for it: its kind.
            if entry_words::reversed_by(lines, &l.entry_id).is_some() {
                kind = format!("{kind} ({reversed})");
            }
            Row::new(vec![
                super::entry_words::time_text(l.at),
                kind,
                crate::text::pad_left(&entry_words::amount(l), 9),
                l.entry_id.clone(),
                l.header.member_no.clone().unwrap_or_else(|| "-".into()),
                super::entry_words::operator_text(l, lang),
            ])
        });
        let table = theme.list_table(
            vec![
                Tx::Time.get(lang),
                Tx::KindCol.get(lang),
                Tx::Amount.get(lang),
                Tx::EntryCol.get(lang),
                Tx::MemberNo.get(lang),
                Tx::OperatorCol.get(lang),
            ],
            rows,
            [
                Constraint::Length(16),
                // Room for "checkout (reversed)".
                Constraint::Length(20),
                Constraint::Length(9),
                Constraint::Length(10),
                Constraint::Length(10),
                Constraint::Min(8),
            ],
        );
        let mut state = TableState::default().with_selected(Some(self.selected));
        f.render_stateful_widget(table, list, &mut state);
        if let Some(l) = lines.get(self.selected) {
            let offline = if l.header.offline {
                format!(" [{}]", Tx::OfflineTag.get(lang))
            } else {
                String::new()
            };
            let block = theme
                .block(format!(
                    " {} {} {}{offline} ",
                    Tx::Detail.get(lang),
                    l.entry_id,
                    sh.opts.catalog.outlet_name(&l.header.outlet)
                ))
                .borders(Borders::TOP);
            let by = entry_words::reversed_by(lines, &l.entry_id);
            let mut text: Vec<Line> = entry_words::statement(l, by, &sh.opts.catalog, lang)
                .into_iter()
                .map(Line::from)
                .collect();
            if let Some(first) = text.first_mut() {
                *first = std::mem::take(first).style(theme.title());
            }
            if let Some(last) = text.last_mut().filter(|_| by.is_some()) {
                *last = std::mem::take(last).style(theme.error());
            }
            f.render_widget(
                Paragraph::new(text).block(block).wrap(Wrap { trim: false }),
                detail,
            );
        }
    }
}

impl Layer for Journal {
    fn name(&self) -> &'static str {
        "journal"
    }

    fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Flow {
        if let Some(form) = &mut self.editing {
            match keymap::find(FILTER_KEYS, &key) {
                Some(Filter::Close) => self.editing = None,
                Some(Filter::Apply) => self.apply(sh),
                Some(Filter::Form) | None => match form.key(&key) {
                    FormKey::Submit => self.apply(sh),
                    FormKey::NotMine => return Flow::Pass,
                    FormKey::Edited | FormKey::Moved => {}
                },
            }
            return Flow::Stay;
        }
        let last = self.lines.as_ref().map_or(0, Vec::len).saturating_sub(1);
        match keymap::find(KEYS, &key) {
            Some(Act::Move) => self.selected = keymap::step(&key, self.selected, last, PAGE),
            Some(Act::Filter) => self.editing = Some(self.filter_form()),
            Some(Act::Older) if self.more => self.older(sh),
            Some(Act::Reverse) => return self.reverse(sh),
            Some(Act::App | Act::Back | Act::Older) | None => return Flow::Pass,
        }
        Flow::Stay
    }

    /// The filter's fields while it is edited.
    fn typing(&self) -> bool {
        self.editing.is_some()
    }

    /// Back from a reversal: the list is read again (the reversal is in it now).
    fn resume(&mut self, sh: &mut Shared, _back: Back) -> Flow {
        self.lines = None;
        self.more = false;
        self.reload(sh);
        Flow::Stay
    }

    fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Flow> {
        match r {
            Reply::Journal { ticket, result } if *ticket == self.ticket => {
                match result {
                    Ok(lines) => {
                        self.more = lines.len() >= JOURNAL_PAGE;
                        match (&mut self.lines, self.appending) {
                            (Some(have), true) => have.extend(lines.iter().cloned()),
                            _ => self.lines = Some(lines.clone()),
                        }
                        let n = self.lines.as_ref().map_or(0, Vec::len);
                        self.selected = self.selected.min(n.saturating_sub(1));
                        if self.appending {
                            sh.message = None;
                        }
                    }
                    Err(e) => {
                        if self.lines.is_none() {
                            self.lines = Some(Vec::new());
                        }
                        sh.error(e.message(sh.lang()));
                    }
                }
                self.appending = false;
                Some(Flow::Stay)
            }
            _ => None,
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, sh: &Shared, _keys: &[KeyHelp]) {
        let lang = sh.lang();
        let theme = sh.theme();
        let count = self.lines.as_ref().map_or(0, Vec::len);
        let more = if self.more { "+" } else { "" };
        let block = theme.block(format!(
            " {}: {} ({count}{more}) ",
            Tx::JournalTitle.get(lang),
            self.filter_text(sh)
        ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        match &self.lines {
            None => f.render_widget(Paragraph::new(Tx::Loading.get(lang)), inner),
            Some(lines) if lines.is_empty() => {
                f.render_widget(Paragraph::new(Tx::NoEntries.get(lang)), inner)
            }
            Some(lines) => self.render_lines(f, inner, sh, lines),
        }
        if let Some(form) = &self.editing {
            let w = 50.min(area.width);
            let popup = Rect::new(area.x + (area.width - w) / 2, area.y + 3, w, 9);
            f.render_widget(Clear, popup);
            let block = theme.block(format!(" {} ", Tx::FilterTitle.get(lang)));
            let inner = block.inner(popup);
            f.render_widget(block, popup);
            form.render(
                f,
                Rect::new(inner.x + 1, inner.y + 1, inner.width.saturating_sub(2), 5),
                theme,
                lang,
                true,
            );
        }
    }

    fn keys(&self, _sh: &Shared) -> Option<Vec<KeyHelp>> {
        if self.editing.is_some() {
            return Some(keymap::all(FILTER_KEYS));
        }
        let more = self.more;
        Some(keymap::lines(KEYS, |act, line| {
            (act != Act::Older || more).then_some(line)
        }))
    }
}
