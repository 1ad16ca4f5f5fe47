//! Figures for DESIGN.md §7 that belong to the screens: the time to render one frame
//! of the member screen, and the bytes sent to the terminal for one keystroke in a
//! form (drawn through the real crossterm backend into memory, diffed as in use).

use std::cell::Cell;
use std::fmt;
use std::io::{self, Write};
use std::rc::Rc;
use std::time::{Duration, Instant};

use carddesk_model::Lang;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use crate::app::App;
use crate::context::Options;
use crate::model::{Input, Reply};
use crate::testing::{clock, sample_view, Driver};

#[derive(Debug, Clone)]
pub struct RenderFigures {
    pub samples: usize,
    /// Building one full frame of the member screen (every widget into the buffer).
    pub member_frame_p50: Duration,
    pub member_frame_p99: Duration,
    /// Bytes of a full first frame of the member screen at 80x24.
    pub member_full_frame_bytes: usize,
    /// Bytes written per keystroke typed into a form field, after the first frame: every
    /// frame the event loop draws for it (on the key, and when a held key is released).
    pub keystroke_bytes_mean: f64,
    pub keystroke_bytes_max: usize,
    /// A member reply turned into the member screen drawn (in process, no book).
    pub reply_to_frame_p99: Duration,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Counts the bytes the backend writes, as a terminal (or an SSH link) would get them.
#[derive(Clone, Default)]
struct Counter(Rc<Cell<usize>>);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn memory_terminal(counter: &Counter) -> Option<Terminal<CrosstermBackend<Counter>>> {
    Terminal::with_options(
        CrosstermBackend::new(counter.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, 80, 24)),
        },
    )
    .ok()
}

/// Measures with `samples` frames (a few thousand take well under a second).
pub fn render_figures(samples: usize) -> RenderFigures {
    let samples = samples.max(10);
    let mut d = Driver::new(App::new(Options::new(Lang::Zh, false, true), clock()));
    d.log_in();
    d.open_member(sample_view());

    // One full frame, into a fresh buffer each time.
    let mut times = Vec::with_capacity(samples);
    let mut full_bytes = 0;
    for _ in 0..samples {
        let counter = Counter::default();
        let Some(mut t) = memory_terminal(&counter) else {
            break;
        };
        let start = Instant::now();
        let _ = t.draw(|f| d.app.render(f));
        times.push(start.elapsed());
        full_bytes = counter.0.get();
    }
    times.sort();

    // Scan answer -> member screen drawn.
    let mut reply_times = Vec::with_capacity(samples);
    if let Some(mut t) = memory_terminal(&Counter::default()) {
        for _ in 0..samples {
            let ticket = d.app.sh.ticket();
            d.app.sh.member_ticket = ticket;
            d.app.sh.member_nav = true;
            let start = Instant::now();
            d.app.handle(Input::Reply(Reply::Member {
                ticket,
                result: Ok(Box::new(sample_view())),
            }));
            let _ = t.draw(|f| d.app.render(f));
            reply_times.push(start.elapsed());
        }
    }
    reply_times.sort();

    // Keystrokes in the register form's name field, each frame diffed against the last.
    // As the event loop does: a frame after the key when it changed something, and one
    // after the tick that releases a held key; a keystroke costs both.
    let mut key_bytes = Vec::new();
    d.key(KeyCode::Esc);
    d.key(KeyCode::F(2));
    let counter = Counter::default();
    if let Some(mut t) = memory_terminal(&counter) {
        let _ = t.draw(|f| d.app.render(f));
        d.app.take_dirty();
        for c in "Zhang Wei 1988".chars() {
            let before = counter.0.get();
            d.now += Duration::from_millis(150);
            let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            d.input(Input::Key(key, d.now));
            if d.app.take_dirty() {
                let _ = t.draw(|f| d.app.render(f));
            }
            d.settle();
            if d.app.take_dirty() {
                let _ = t.draw(|f| d.app.render(f));
            }
            key_bytes.push(counter.0.get() - before);
        }
    }
    let mean = if key_bytes.is_empty() {
        0.0
    } else {
        key_bytes.iter().sum::<usize>() as f64 / key_bytes.len() as f64
    };
    RenderFigures {
        samples,
        member_frame_p50: percentile(&times, 0.50),
        member_frame_p99: percentile(&times, 0.99),
        member_full_frame_bytes: full_bytes,
        keystroke_bytes_mean: mean,
        keystroke_bytes_max: key_bytes.iter().copied().max().unwrap_or(0),
        reply_to_frame_p99: percentile(&reply_times, 0.99),
    }
}

impl RenderFigures {
    /// For `carddesk bench --json`: times in microseconds.
    pub fn to_json(&self) -> serde_json::Value {
        let us = |d: Duration| d.as_secs_f64() * 1e6;
        serde_json::json!({
            "samples": self.samples,
            "member_frame_p50_us": us(self.member_frame_p50),
            "member_frame_p99_us": us(self.member_frame_p99),
            "member_reply_to_frame_p99_us": us(self.reply_to_frame_p99),
            "member_full_frame_bytes": self.member_full_frame_bytes,
            "keystroke_bytes_mean": self.keystroke_bytes_mean,
            "keystroke_bytes_max": self.keystroke_bytes_max,
        })
    }
}

impl fmt::Display for RenderFigures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let us = |d: Duration| d.as_secs_f64() * 1e6;
        writeln!(
            f,
            "render member screen (80x24, {} frames): p50 {:.0} us, p99 {:.0} us (target < 1000 us)",
            self.samples,
            us(self.member_frame_p50),
            us(self.member_frame_p99)
        )?;
        writeln!(
            f,
            "member reply -> frame drawn: p99 {:.0} us",
            us(self.reply_to_frame_p99)
        )?;
        writeln!(
            f,
            "full member frame: {} bytes",
            self.member_full_frame_bytes
        )?;
        write!(
            f,
            "bytes per keystroke in a form: mean {:.1}, max {} (target <= 48)",
            self.keystroke_bytes_mean, self.keystroke_bytes_max
        )
    }
}
