//! Shift and day close: the open shift's X report, opening and closing the shift (the
//! closing report, with over/short, stays on screen), the outlet's day close (日结),
//! and P to write the report on screen to a text file for printing.

use carddesk_model::reports::ShiftReport;
use carddesk_model::EntryBody;
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::task::{Task, TaskKind};
use crate::context::Shared;
use crate::i18n::Tx;
use crate::keymap::{self, bind, Binding, Key, KeyHelp};
use crate::layer::{Back, Flow, Layer};
use crate::model::{Command, Reply};
use crate::report::{day_report_lines, shift_report_lines};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The open shift so far (or none open).
    X,
    /// The report of the shift just closed.
    Z,
    Day,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    App,
    Close,
    Open,
    X,
    Day,
    Print,
    Scroll,
    Back,
}

const KEYS: &[Binding<Act>] = &[
    keymap::f1(Act::App),
    bind("C", &[Key::Char('c')], Tx::KCloseShift, Act::Close),
    bind("O", &[Key::Char('o')], Tx::KOpenShift, Act::Open),
    bind("X", &[Key::Char('x')], Tx::KXReport, Act::X),
    bind("D", &[Key::Char('d')], Tx::KDayReport, Act::Day),
    bind("P", &[Key::Char('p')], Tx::KPrint, Act::Print),
    bind("Up/Dn", &[Key::Up, Key::Down], Tx::KScroll, Act::Scroll),
    keymap::esc(Act::Back),
    keymap::pages(Act::Scroll).help_only(),
];

pub struct ShiftScreen {
    mode: Mode,
    ticket: u64,
    /// None while loading.
    lines: Option<Vec<String>>,
    /// File name for printing (`shift-T01-7`, `day-rooms-2025-03-14`).
    print_name: Option<String>,
    /// Whether a shift is open (decides O or C).
    open: bool,
    scroll: usize,
}

impl ShiftScreen {
    pub fn load(sh: &mut Shared) -> Self {
        let mut s = ShiftScreen {
            mode: Mode::X,
            ticket: 0,
            lines: None,
            print_name: None,
            open: false,
            scroll: 0,
        };
        s.reload(sh);
        s
    }

    /// The closing report of a shift just closed.
    fn closed(&mut self, report: &ShiftReport, sh: &Shared) {
        *self = ShiftScreen {
            mode: Mode::Z,
            ticket: 0,
            lines: Some(shift_report_lines(report, sh.lang())),
            print_name: Some(format!("shift-{}", report.shift_id)),
            open: false,
            scroll: 0,
        };
    }

    /// Asks again for what is shown (after a posting made elsewhere).
    pub fn reload(&mut self, sh: &mut Shared) {
        self.ticket = sh.ticket();
        self.lines = None;
        self.scroll = 0;
        match self.mode {
            Mode::Day => sh.send(Command::LoadDay {
                ticket: self.ticket,
                day: None,
            }),
            Mode::X | Mode::Z => {
                self.mode = Mode::X;
                sh.send(Command::LoadShift {
                    ticket: self.ticket,
                })
            }
        }
    }
}

impl Layer for ShiftScreen {
    fn name(&self) -> &'static str {
        "shift"
    }

    fn holds_work(&self) -> bool {
        true
    }

    fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Flow {
        let last = self.lines.as_ref().map_or(0, Vec::len).saturating_sub(1);
        match keymap::find(KEYS, &key) {
            Some(Act::Scroll) => self.scroll = keymap::step(&key, self.scroll, last, 10),
            Some(Act::Open) if self.open => sh.error(sh.tx(Tx::ShiftOpenAlready)),
            Some(Act::Open) => return Flow::Open(Box::new(Task::new(TaskKind::OpenShift, sh))),
            Some(Act::Close) if self.open => {
                return Flow::Open(Box::new(Task::new(TaskKind::CloseShift, sh)));
            }
            Some(Act::X) => {
                self.mode = Mode::X;
                self.reload(sh);
            }
            Some(Act::Day) => {
                self.mode = Mode::Day;
                self.reload(sh);
            }
            Some(Act::Print) => match (&self.lines, &self.print_name) {
                (Some(lines), Some(name)) => super::printout::print(sh, name, lines),
                _ => sh.error(sh.tx(Tx::NoShift)),
            },
            Some(Act::App | Act::Back | Act::Close) | None => return Flow::Pass,
        }
        Flow::Stay
    }

    /// Back from opening or closing the shift: a closed shift's report stays on
    /// screen; otherwise the shift so far is read again.
    fn resume(&mut self, sh: &mut Shared, back: Back) -> Flow {
        if let Back::Posted(done) = &back {
            if let Some(EntryBody::ShiftClosed { report, .. }) = &done.detail {
                self.closed(report, sh);
                return Flow::Stay;
            }
        }
        self.mode = Mode::X;
        self.reload(sh);
        Flow::Stay
    }

    fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Flow> {
        let lang = sh.lang();
        match r {
            Reply::Shift { ticket, result } if *ticket == self.ticket => {
                match result {
                    Ok(Some(report)) => {
                        self.open = true;
                        self.lines = Some(shift_report_lines(report, lang));
                        self.print_name = Some(format!("shift-{}-x", report.shift_id));
                    }
                    Ok(None) => {
                        self.open = false;
                        self.lines = Some(vec![Tx::NoShift.get(lang).to_string()]);
                        self.print_name = None;
                    }
                    Err(e) => {
                        self.lines = Some(Vec::new());
                        sh.error(e.message(lang));
                    }
                }
                Some(Flow::Stay)
            }
            Reply::Day { ticket, result } if *ticket == self.ticket => {
                match result {
                    Ok(report) => {
                        self.lines = Some(day_report_lines(report, lang));
                        self.print_name = Some(format!("day-{}-{}", report.outlet, report.day));
                    }
                    Err(e) => {
                        self.lines = Some(Vec::new());
                        sh.error(e.message(lang));
                    }
                }
                Some(Flow::Stay)
            }
            _ => super::printout::reply(sh, r),
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, sh: &Shared, _keys: &[KeyHelp]) {
        let lang = sh.lang();
        let inner = crate::chrome::panel(f, area, sh, Tx::ShiftTitle);
        let Some(lines) = &self.lines else {
            f.render_widget(Paragraph::new(Tx::Loading.get(lang)), inner);
            return;
        };
        // Two columns when the report is taller than the screen and wide enough for
        // both (80x24 shows a whole shift report at once), else one that scrolls.
        let out = Rect::new(
            inner.x + 1,
            inner.y,
            inner.width.saturating_sub(1),
            inner.height,
        );
        super::printout::render(f, out, lines, self.scroll, 2);
    }

    /// C with a shift open, O without (O says so when one is open).
    fn keys(&self, _sh: &Shared) -> Option<Vec<KeyHelp>> {
        let open = self.open;
        Some(keymap::lines(KEYS, |act, line| match act {
            Act::Close => open.then_some(line),
            Act::Open => (!open).then_some(line),
            _ => Some(line),
        }))
    }
}
