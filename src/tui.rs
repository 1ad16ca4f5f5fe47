//! The full-screen counter program: terminal setup and restore, the threads (terminal
//! input, devices, the worker that owns the book) and the one event loop that feeds
//! the app and draws it when something changed.

mod devices;
pub mod first_run;
pub mod probe;
mod syncer;
mod term;
mod worker;

use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use anyhow::Context;
use carddesk_data::Lang;
use carddesk_screens::{App, Catalog, Command, Input, Options, Theme};
use crossterm::event::{self, Event, KeyEventKind};

use crate::config::{AsciiMode, Loaded};

pub use probe::{first_frame_probe, FirstFrame};
pub use worker::Worker;

/// The status-bar clock moves once a second at most; nothing else needs a timer.
const TICK: Duration = Duration::from_secs(1);

/// The receipt printer from `[printer]`, when one is configured to print on commit.
fn printer(loaded: &Loaded) -> Option<worker::Printer> {
    let p = &loaded.config.printer;
    if p.device.as_os_str().is_empty() || !p.print_on_commit {
        return None;
    }
    Some(worker::Printer {
        device: p.device.clone(),
        width: crate::receipts::Width::from_mm(p.paper_mm)?,
        text: p.mode == crate::config::PrinterMode::Text,
        copies: p.copies,
        lang: loaded.config.ui.language,
    })
}

pub fn run(loaded: &Loaded, path: &Path) -> anyhow::Result<()> {
    // Everything that can fail with a message does so before the screen is taken.
    prepare_log(loaded)?;
    for warning in crate::loose_files(loaded, path) {
        tracing::warn!("{warning}");
    }
    let book = crate::open_book(loaded, path)?;
    tracing::info!(db = %path.display(), "counter starting");
    let options = options(loaded);

    let (input_tx, input_rx) = mpsc::channel::<Input>();
    let (cmd_tx, cmd_rx) = mpsc::channel::<Command>();
    let worker = Worker::new(book, loaded.config.terminal.outlet.clone())
        .with_printer(printer(loaded))
        .with_lang(loaded.config.ui.language);
    let reply_tx = input_tx.clone();
    let worker_thread = std::thread::Builder::new()
        .name("book".into())
        .spawn(move || worker.run(cmd_rx, reply_tx))
        .context("cannot start the book worker")?;
    let device_handle = devices::start(&loaded.config.devices, input_tx.clone());
    // Its own connection to the book: a sync never waits behind a posting or a report.
    let sync_handle = syncer::start(loaded, path, input_tx.clone());

    let mut terminal = term::enter()?;
    spawn_key_reader(input_tx.clone())?;
    drop(input_tx);

    let rules = loaded.config.rules.clone();
    let mut app = App::new(options, rules.local(chrono::Utc::now()));
    let result = event_loop(&mut terminal, &mut app, &rules, &input_rx, &cmd_tx);
    term::leave(&mut terminal);
    drop(cmd_tx);
    drop(device_handle);
    if let Some(s) = sync_handle {
        s.stop();
    }
    // The worker finishes the command it is on (a posting commits whole), then stops.
    let _ = worker_thread.join();
    tracing::info!("counter stopped");
    result
}

fn event_loop(
    terminal: &mut term::Tui,
    app: &mut App,
    rules: &carddesk_data::Rules,
    inputs: &mpsc::Receiver<Input>,
    commands: &Sender<Command>,
) -> anyhow::Result<()> {
    let panic_key = test_panic_key();
    let first = app.start();
    if dispatch(first, commands) {
        return Ok(());
    }
    let mut last_tick = Instant::now();
    loop {
        if app.take_dirty() {
            terminal.draw(|f| app.render(f)).context("cannot draw")?;
        }
        let now = Instant::now();
        let wake = app
            .deadline()
            .map_or(last_tick + TICK, |d| d.min(last_tick + TICK));
        let mut batch = Vec::new();
        match inputs.recv_timeout(wake.saturating_duration_since(now)) {
            Ok(input) => batch.push(input),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        // Take whatever else is queued (a scanner burst) before drawing once.
        batch.extend(inputs.try_iter());
        let now = Instant::now();
        if now >= last_tick + TICK || app.deadline().is_some_and(|d| now >= d) {
            // The status bar's clock is the chain's (the business day's zone), not the PC's.
            batch.push(Input::Tick(now, rules.local(chrono::Utc::now())));
            if now >= last_tick + TICK {
                last_tick = now;
            }
        }
        for input in batch {
            if let (Some(k), Input::Key(key, _)) = (panic_key, &input) {
                if key.code == k {
                    panic!("test panic requested by CARDDESK_TEST_PANIC_KEY");
                }
            }
            if dispatch(app.handle(input), commands) {
                return Ok(());
            }
        }
        if app.quitting() {
            return Ok(());
        }
    }
}

/// Sends commands to the worker; true when the app asked to quit.
fn dispatch(cmds: Vec<Command>, commands: &Sender<Command>) -> bool {
    let mut quit = false;
    for c in cmds {
        if c == Command::Quit {
            quit = true;
        }
        if commands.send(c).is_err() {
            tracing::error!("the book worker has stopped");
            return true;
        }
    }
    quit
}

fn spawn_key_reader(tx: Sender<Input>) -> anyhow::Result<()> {
    std::thread::Builder::new()
        .name("keys".into())
        .spawn(move || loop {
            let input = match event::read() {
                // Stamped on arrival: the burst detector measures the gaps.
                Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => {
                    Input::Key(k, Instant::now())
                }
                Ok(Event::Resize(..)) => Input::Resize,
                Ok(_) => continue,
                Err(e) => {
                    tracing::error!("terminal input failed: {e}");
                    return;
                }
            };
            if tx.send(input).is_err() {
                return;
            }
        })
        .context("cannot start the key reader")?;
    Ok(())
}

/// The looks and identity the app runs with, from config and the environment.
fn options(loaded: &Loaded) -> Options {
    let c = &loaded.config;
    let term = std::env::var("TERM").unwrap_or_default();
    let ascii = match c.ui.ascii {
        AsciiMode::On => true,
        AsciiMode::Off => false,
        // The Linux console and vt100-class terminals have no box-drawing glyphs.
        AsciiMode::Auto => term == "linux" || term.starts_with("vt1") || term.starts_with("vt2"),
    };
    // https://no-color.org: any non-empty value turns colour off.
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let devices = &c.devices;
    let started = chrono::Utc::now().timestamp_millis();
    // The Linux text console has no CJK glyphs: Chinese would be boxes. A CJK-capable
    // console (fbterm sets TERM=fbterm; kmscon its own TERM) or the admin's word says
    // otherwise.
    let cjk_fallback = c.ui.language == Lang::Zh && term == "linux" && !c.ui.cjk_console;
    // Screens stay pure: the PC's zone is read here, once.
    let pc_zone = chrono::Local::now().offset().local_minus_utc() / 60;
    Options {
        lang: if cjk_fallback {
            Lang::En
        } else {
            c.ui.language
        },
        theme: Theme { ascii, color },
        scan_gap: Duration::from_millis(c.ui.scan_gap_ms),
        scan_min_len: c.ui.scan_min_len,
        terminal_id: c.terminal.id.clone(),
        outlet: c.terminal.outlet.clone(),
        hub_url: c.sync.hubs().first().cloned().unwrap_or_default(),
        several_hubs: c.sync.hubs().len() > 1,
        device_scanners: !devices.hid_scanners.is_empty() || devices.simulated_scanner.is_some(),
        reader_enabled: devices.pcsc.enabled,
        // Unique per run: op ids must never repeat across restarts of this terminal.
        op_prefix: format!("{}-{started:x}{:04x}", c.terminal.id, rand::random::<u16>()),
        // 0: never lock.
        idle_lock: (c.ui.idle_lock_minutes > 0)
            .then(|| Duration::from_secs(c.ui.idle_lock_minutes.saturating_mul(60))),
        catalog: Catalog::from_rules(&c.rules),
        zone_minutes: c.rules.utc_offset_minutes,
        pc_zone_minutes: (pc_zone != c.rules.utc_offset_minutes).then_some(pc_zone),
        cjk_fallback,
    }
}

/// The log folder (owner-only) and file, checked before the screen is taken; the
/// process's log subscriber itself is set up once, in main (`crate::logfile`).
fn prepare_log(loaded: &Loaded) -> anyhow::Result<()> {
    let path = loaded.resolve(&loaded.config.log.path);
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| ".".into());
    // The log names staff and members: an owner-only folder and file.
    carddesk_data::files::create_private_dir(&dir)
        .with_context(|| format!("cannot create the log folder {}", dir.display()))?;
    let file = path
        .file_name()
        .map(|f| f.to_os_string())
        .unwrap_or_else(|| "carddesk.log".into());
    // Opened here so an unwritable log is a message at start, not a silent loss.
    let mut open = std::fs::OpenOptions::new();
    open.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
    open.open(dir.join(&file))
        .with_context(|| format!("cannot write the log {}", path.display()))?;
    Ok(())
}

/// Debug builds only: `CARDDESK_TEST_PANIC_KEY=F9` makes that key panic, so the
/// end-to-end test can check that the terminal is restored after a panic.
#[cfg(debug_assertions)]
fn test_panic_key() -> Option<event::KeyCode> {
    let v = std::env::var("CARDDESK_TEST_PANIC_KEY").ok()?;
    let n: u8 = v.strip_prefix('F')?.parse().ok()?;
    Some(event::KeyCode::F(n))
}

#[cfg(not(debug_assertions))]
fn test_panic_key() -> Option<event::KeyCode> {
    None
}
