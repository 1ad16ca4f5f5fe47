//! The book's verification for supervisors and admins: `Book::verify` runs on the
//! worker (seconds on a big book; the screen says so and stays responsive), then the
//! journal entries, each terminal's sequence tip, the rows checked and every problem,
//! or that all chains and tables verified. R checks again.

use carddesk_model::findings::Report;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::context::Shared;
use crate::i18n::{self, Tx};
use crate::keymap::{self, bind, Binding, Key, KeyHelp};
use crate::layer::{Flow, Layer};
use crate::model::{Command, Reply};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    App,
    Again,
    Scroll,
    Back,
}

const KEYS: &[Binding<Act>] = &[
    keymap::f1(Act::App),
    bind(
        "R",
        &[Key::Char('r'), Key::F(5)],
        Tx::KVerifyAgain,
        Act::Again,
    ),
    bind("Up/Dn", &[Key::Up, Key::Down], Tx::KScroll, Act::Scroll),
    keymap::esc(Act::Back),
    keymap::pages(Act::Scroll).help_only(),
];

pub struct Verify {
    ticket: u64,
    /// None while the check runs.
    result: Option<Report>,
    scroll: usize,
}

impl Verify {
    pub fn start(sh: &mut Shared) -> Self {
        let mut v = Verify {
            ticket: 0,
            result: None,
            scroll: 0,
        };
        v.run(sh);
        v
    }

    fn run(&mut self, sh: &mut Shared) {
        self.ticket = sh.ticket();
        self.result = None;
        self.scroll = 0;
        sh.info(sh.tx(Tx::Working));
        sh.send(Command::Verify {
            ticket: self.ticket,
        });
    }
}

impl Layer for Verify {
    fn name(&self) -> &'static str {
        "verify"
    }

    fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Flow {
        match keymap::find(KEYS, &key) {
            Some(Act::Scroll) => {
                self.scroll = match key.code {
                    KeyCode::Down => self.scroll + 1,
                    KeyCode::PageDown => self.scroll + 10,
                    KeyCode::PageUp => self.scroll.saturating_sub(10),
                    _ => self.scroll.saturating_sub(1),
                }
            }
            Some(Act::Again) => {
                if self.result.is_some() {
                    self.run(sh);
                } else {
                    sh.info(sh.tx(Tx::BusyWait));
                }
            }
            Some(Act::App | Act::Back) | None => return Flow::Pass,
        }
        Flow::Stay
    }

    fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Flow> {
        match r {
            Reply::Verified { ticket, result } if *ticket == self.ticket => {
                match result {
                    Ok(v) if v.problems.is_empty() && v.unlisted == 0 => {
                        sh.ok(sh.tx(Tx::VerifyClean))
                    }
                    Ok(_) => sh.error(sh.tx(Tx::VerifyFailed)),
                    Err(_) => {}
                }
                self.result = Some(*sh.loaded(result));
                Some(Flow::Stay)
            }
            _ => None,
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, sh: &Shared, _keys: &[KeyHelp]) {
        let lang = sh.lang();
        let theme = sh.theme();
        let body = crate::chrome::margins(crate::chrome::panel(f, area, sh, Tx::VerifyTitle));
        let Some(v) = &self.result else {
            f.render_widget(
                Paragraph::new(Tx::VerifyRunning.get(lang)).wrap(Wrap { trim: true }),
                body,
            );
            return;
        };
        let lw = [Tx::VerifyEntries, Tx::VerifyRows]
            .iter()
            .map(|t| crate::text::width(t.get(lang)))
            .max()
            .unwrap_or(0)
            + 2;
        let label = |t: Tx| Span::styled(crate::text::pad_right(t.get(lang), lw), theme.label());
        let mut lines = vec![
            Line::from(vec![
                label(Tx::VerifyEntries),
                Span::raw(v.entries.to_string()),
            ]),
            Line::from(vec![
                label(Tx::VerifyRows),
                Span::raw(v.rows_checked.to_string()),
            ]),
            Line::from(label(Tx::VerifyTerminals)),
        ];
        for (terminal, tip) in &v.terminals {
            lines.push(Line::from(format!("  {terminal}  #{tip}")));
        }
        lines.push(Line::from(""));
        if v.problems.is_empty() && v.unlisted == 0 {
            lines.push(Line::from(Span::styled(
                Tx::VerifyClean.get(lang),
                theme.ok(),
            )));
        } else {
            lines.push(Line::from(Span::styled(
                format!(
                    "{} ({})",
                    Tx::VerifyProblems.get(lang),
                    v.problems.len() as u64 + v.unlisted
                ),
                theme.error(),
            )));
            for p in &v.problems {
                lines.push(Line::from(format!("- {p}")));
            }
            if v.unlisted > 0 {
                lines.push(Line::from(i18n::verify_unlisted(v.unlisted, lang)));
            }
        }
        // Problems are long sentences: they wrap, and Up/Down scroll.
        let skip = self.scroll.min(lines.len().saturating_sub(1)) as u16;
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((skip, 0)),
            body,
        );
    }

    fn keys(&self, _sh: &Shared) -> Option<Vec<KeyHelp>> {
        Some(keymap::all(KEYS))
    }
}
