//! Start to first frame, and peak memory (DESIGN.md §7), measured the way the counter
//! starts: config-derived options, the book opened, the worker thread started, the app
//! built, the first frame (the login screen while the book is checked), the login
//! screen once the worker answers, then one lookup to the member screen. Frames go to
//! an in-memory 80x24 backend instead of the tty; no devices are started and no log
//! is set up (neither is on the way to the first frame's pixels). `carddesk bench`
//! runs it in a fresh child process (`carddesk first-frame-probe`), so the peak
//! resident memory is the counter's alone.

use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use carddesk_data::{Operator, Role};
use carddesk_screens::{App, Command, DeviceInput, Input, Reply};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use super::worker::Worker;
use crate::config::Loaded;

/// How long one answer of the worker may take before the probe gives up.
const ANSWER_LIMIT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FirstFrame {
    /// From the call to the first frame drawn.
    pub to_first_frame: Duration,
    /// From the call to the member screen drawn after one lookup (through the login
    /// screen and the worker's answers).
    pub to_member_screen: Duration,
    /// Peak resident set of this process (`VmHWM` of /proc/self/status), in KiB.
    pub peak_rss_kib: u64,
}

impl FirstFrame {
    /// One JSON line for `carddesk bench` (times in microseconds).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "to_first_frame_us": self.to_first_frame.as_micros() as u64,
            "to_member_screen_us": self.to_member_screen.as_micros() as u64,
            "peak_rss_kib": self.peak_rss_kib,
        })
    }
}

pub fn first_frame_probe(loaded: &Loaded, path: &Path) -> anyhow::Result<FirstFrame> {
    let started = Instant::now();
    let options = super::options(loaded);
    let book = crate::open_book(loaded, path)?;
    // A member to look up, read before the worker takes the book: the newest entry
    // that names one (the probe stands in for a scan of their card).
    let member_no = book
        .journal_page(None, 500)?
        .into_iter()
        .find_map(|e| e.header.member_no)
        .context("the book has no member to look up: build one with `carddesk demo`")?;
    let (input_tx, input_rx) = mpsc::channel::<Input>();
    let (cmd_tx, cmd_rx) = mpsc::channel::<Command>();
    let worker = Worker::new(book, loaded.config.terminal.outlet.clone());
    let worker_thread = std::thread::Builder::new()
        .name("book".into())
        .spawn(move || worker.run(cmd_rx, input_tx))
        .context("cannot start the book worker")?;

    let result = (|| -> anyhow::Result<FirstFrame> {
        let mut terminal = match Terminal::new(TestBackend::new(80, 24)) {
            Ok(t) => t,
            Err(e) => match e {},
        };
        let mut app = App::new(options, loaded.config.rules.local(chrono::Utc::now()));
        let send = |cmds: Vec<Command>| -> anyhow::Result<()> {
            for c in cmds {
                cmd_tx.send(c).context("the book worker stopped")?;
            }
            Ok(())
        };
        send(app.start())?;
        draw(&mut terminal, &mut app)?;
        let to_first_frame = started.elapsed();

        // The worker says whether the book has operators: the login screen.
        answer(&mut app, &input_rx, &send, |r| {
            matches!(r, Reply::Setup { .. })
        })?;
        draw(&mut terminal, &mut app)?;
        // Logging in checks an argon2 PIN (deliberately slow, and no part of starting):
        // the probe stands a logged-in operator in, then scans the member.
        send(app.handle(Input::Reply(Reply::LoggedIn(Ok(Operator {
            operator_id: "probe".into(),
            name: "probe".into(),
            role: Role::Cashier,
        })))))?;
        send(app.handle(Input::Device(DeviceInput::Scan {
            code: member_no.clone(),
        })))?;
        // Found -> load the member -> the member screen.
        while app.screen_name() != "member" {
            answer(&mut app, &input_rx, &send, |_| true)?;
        }
        draw(&mut terminal, &mut app)?;
        let to_member_screen = started.elapsed();
        Ok(FirstFrame {
            to_first_frame,
            to_member_screen,
            peak_rss_kib: peak_rss_kib(),
        })
    })();
    // The worker finishes what it is on, then stops.
    let _ = cmd_tx.send(Command::Quit);
    drop(cmd_tx);
    let _ = worker_thread.join();
    result
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &mut App) -> anyhow::Result<()> {
    app.take_dirty();
    match terminal.draw(|f| app.render(f)) {
        Ok(_) => Ok(()),
        Err(e) => match e {},
    }
}

/// Waits for the worker's next reply, feeds it to the app and sends what the app asks
/// next; fails if `want` does not hold for it or the worker is silent too long.
fn answer(
    app: &mut App,
    replies: &mpsc::Receiver<Input>,
    send: &dyn Fn(Vec<Command>) -> anyhow::Result<()>,
    want: impl Fn(&Reply) -> bool,
) -> anyhow::Result<()> {
    let input = replies
        .recv_timeout(ANSWER_LIMIT)
        .context("the book worker did not answer")?;
    if let Input::Reply(r) = &input {
        if !want(r) {
            bail!("unexpected answer from the book worker: {r:?}");
        }
        if let Reply::Found { result: Err(e), .. } | Reply::Member { result: Err(e), .. } = r {
            bail!("the lookup failed: {e}");
        }
    }
    send(app.handle(input))
}

/// Peak resident memory in KiB: `VmHWM` from /proc/self/status (Linux), else 0.
pub fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}
