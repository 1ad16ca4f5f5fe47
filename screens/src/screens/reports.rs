//! Reports in the counter: the kinds of `carddesk report` over a range of local days
//! (empty: today), figures from the data crate, lines laid out here (38 cells, like
//! the shift report; two columns when the screen is wide enough). P writes the report
//! on screen to `reports/<kind>-<from>-<to>.txt`; B (supervisors) opens bulk coupons,
//! the dormant members first. Shift and day reports are every
//! operator's; liabilities and member lists are for supervisors and admins.

use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::context::Shared;
use crate::field::{FieldKind, Form, FormKey, TextField};
use crate::i18n::{self, Tx};
use crate::keymap::{self, bind, Binding, Key, KeyHelp};
use crate::layer::{Flow, Layer};
use crate::model::{Command, Reply, ReportKind};
use crate::report::report_lines;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    App,
    Kind,
    Run,
    Print,
    Bulk,
    Pages,
    Back,
    /// The form's: between the dates.
    Form,
}

const KEYS: &[Binding<Act>] = &[
    keymap::f1(Act::App),
    bind("F2", &[Key::F(2)], Tx::KReport, Act::Kind),
    bind("Enter", &[Key::Enter], Tx::KRun, Act::Run),
    bind("P", &[Key::Char('p')], Tx::KPrint, Act::Print),
    bind("B", &[Key::Char('b')], Tx::KBulkCoupons, Act::Bulk),
    bind(
        "PgUp/Dn",
        &[Key::PageUp, Key::PageDown],
        Tx::KPages,
        Act::Pages,
    ),
    keymap::esc(Act::Back),
    keymap::fields(Act::Form),
];

pub struct Reports {
    kind: ReportKind,
    form: Form,
    ticket: u64,
    loading: bool,
    /// The report on screen and its file name (`points-2025-03-01-2025-03-14`).
    shown: Option<(Vec<String>, String)>,
    scroll: usize,
}

impl Reports {
    pub fn new() -> Self {
        Reports {
            kind: ReportKind::Shift,
            form: Form::new(vec![
                (Tx::FromDate, TextField::new(FieldKind::Date, 10)),
                (Tx::ToDate, TextField::new(FieldKind::Date, 10)),
            ]),
            ticket: 0,
            loading: false,
            shown: None,
            scroll: 0,
        }
    }

    /// The kinds this operator may run.
    fn kinds(sh: &Shared) -> Vec<ReportKind> {
        ReportKind::ALL
            .into_iter()
            .filter(|k| k.for_cashiers() || sh.is_supervisor())
            .collect()
    }

    fn date(&self, i: usize) -> Result<Option<NaiveDate>, Tx> {
        let v = self.form.value(i).trim();
        if v.is_empty() {
            return Ok(None);
        }
        v.parse().map(Some).map_err(|_| Tx::BadDate)
    }

    fn run(&mut self, sh: &mut Shared) {
        let (from, to) = match (self.date(0), self.date(1)) {
            (Ok(f), Ok(t)) => (f, t),
            (Err(e), _) | (_, Err(e)) => {
                sh.error(sh.tx(e));
                return;
            }
        };
        let to = to.or(from);
        if let (Some(f), Some(t)) = (from, to) {
            if t < f || (t - f).num_days() > 366 {
                sh.error(sh.tx(Tx::BadRange));
                return;
            }
        }
        self.ticket = sh.ticket();
        self.loading = true;
        self.scroll = 0;
        sh.info(sh.tx(Tx::Working));
        sh.send(Command::LoadReport {
            ticket: self.ticket,
            kind: self.kind,
            from,
            to,
        });
    }
}

impl Layer for Reports {
    fn name(&self) -> &'static str {
        "reports"
    }

    fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Flow {
        match keymap::find(KEYS, &key) {
            Some(Act::Kind) => {
                let kinds = Self::kinds(sh);
                let at = kinds.iter().position(|k| *k == self.kind).unwrap_or(0);
                self.kind = kinds
                    .get((at + 1) % kinds.len().max(1))
                    .copied()
                    .unwrap_or(ReportKind::Shift);
                self.shown = None;
            }
            Some(Act::Pages) => {
                let last = self
                    .shown
                    .as_ref()
                    .map_or(0, |(l, _)| l.len())
                    .saturating_sub(1);
                self.scroll = keymap::step(&key, self.scroll, last, 10);
            }
            // Enter runs the report from either date (Tab/Down move between them).
            Some(Act::Run) => self.run(sh),
            // A date holds digits and '-' only, so P is always the print key.
            Some(Act::Print) => match &self.shown {
                Some((lines, name)) => super::printout::print(sh, name, lines),
                None => sh.error(sh.tx(Tx::NoReport)),
            },
            // B: a coupon to the members of the dormant report (or another audience).
            Some(Act::Bulk) if sh.is_supervisor() => {
                return Flow::Open(Box::new(super::bulk::BulkCouponsForm::new(sh)))
            }
            Some(Act::Bulk) => sh.error(sh.tx(Tx::SupervisorOnly)),
            Some(Act::App | Act::Back) => return Flow::Pass,
            Some(Act::Form) | None => match self.form.key(&key) {
                FormKey::Edited => self.shown = None,
                FormKey::NotMine => return Flow::Pass,
                FormKey::Moved | FormKey::Submit => {}
            },
        }
        Flow::Stay
    }

    /// The dates.
    fn typing(&self) -> bool {
        true
    }

    fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Flow> {
        let lang = sh.lang();
        match r {
            Reply::Report { ticket, result } if *ticket == self.ticket => {
                self.loading = false;
                match result {
                    Ok(view) => {
                        sh.message = None;
                        let name = format!("{}-{}-{}", view.kind.as_str(), view.from, view.to);
                        self.shown = Some((report_lines(view, lang), name));
                    }
                    Err(e) => sh.error(e.message(lang)),
                }
                Some(Flow::Stay)
            }
            _ => super::printout::reply(sh, r),
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, sh: &Shared, _keys: &[KeyHelp]) {
        let lang = sh.lang();
        let theme = sh.theme();
        let inner = crate::chrome::panel(f, area, sh, Tx::ReportsTitle);
        if inner.height < 5 {
            return;
        }
        let x = inner.x + 1;
        let w = inner.width.saturating_sub(2);
        let label = format!("{} ", Tx::ReportKindLabel.get(lang));
        let lw = crate::text::width(&label) as u16;
        let fw = self.form.label_width(lang).max(lw);
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(crate::text::pad_right(&label, fw as usize), theme.label()),
                Span::raw(format!("{} (F2)", i18n::report_kind(self.kind, lang))),
            ])),
            Rect::new(x, inner.y, w, 1),
        );
        self.form.render_with(
            f,
            Rect::new(x, inner.y + 1, w.min(40), 2),
            fw,
            theme,
            lang,
            !self.loading,
        );
        f.render_widget(
            Paragraph::new(Span::styled(Tx::ReportHint.get(lang), theme.muted())),
            Rect::new(x, inner.y + 3, w, 1),
        );
        let out = Rect::new(
            x,
            inner.y + 4,
            inner.width.saturating_sub(1),
            inner.height.saturating_sub(4),
        );
        let Some((lines, _)) = &self.shown else {
            if self.loading {
                f.render_widget(Paragraph::new(Tx::Loading.get(lang)), out);
            }
            return;
        };
        // Two columns (or more) when the report is taller than the space and the screen
        // is wide enough (80x24 is), else one that pages.
        super::printout::render(f, out, lines, self.scroll, usize::MAX);
    }

    fn keys(&self, sh: &Shared) -> Option<Vec<KeyHelp>> {
        Some(keymap::lines(KEYS, |act, line| match act {
            Act::Bulk => sh.is_supervisor().then_some(line),
            _ => Some(line),
        }))
    }
}
