//! The background sync: a thread of its own that, when `[sync] hub_url(s)` is set, syncs
//! with the hub once at start and then every `interval_seconds`, on its own connection
//! to the book (WAL and the busy timeout let it write beside the worker). Each round's
//! result goes to the app as an input; the thread never touches the screen, and the
//! UI and the worker never wait for it: an unreachable hub costs this thread its
//! timeout, nothing else. No async runtime: `sync::run_once` is blocking HTTP here.

use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use carddesk_data::Book;
use carddesk_model::text::CliTx;
use carddesk_screens::{Input, SyncStatus};

use crate::config::Loaded;

/// How long quitting waits for a round in flight before leaving it to the process's
/// end (a pull is applied in one transaction, so an unfinished one writes nothing).
const STOP_WAIT: Duration = Duration::from_secs(2);

pub struct SyncHandle {
    stop: Option<Sender<()>>,
    done: Receiver<()>,
    thread: Option<JoinHandle<()>>,
}

impl SyncHandle {
    /// Stops the thread: at once between rounds, or after the round in flight when it
    /// ends within [`STOP_WAIT`].
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        // Dropping the sender wakes the thread out of its wait.
        drop(self.stop.take());
        let Some(thread) = self.thread.take() else {
            return;
        };
        match self.done.recv_timeout(STOP_WAIT) {
            Ok(()) | Err(RecvTimeoutError::Disconnected) => {
                let _ = thread.join();
            }
            Err(RecvTimeoutError::Timeout) => {
                tracing::warn!("sync: a round is still running at quit; left to the exit");
            }
        }
    }
}

impl Drop for SyncHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Starts the background sync when a hub is configured (None: standalone).
pub fn start(loaded: &Loaded, path: &Path, inputs: Sender<Input>) -> Option<SyncHandle> {
    let sync = &loaded.config.sync;
    if sync.hubs().is_empty() {
        return None;
    }
    let interval = Duration::from_secs(sync.interval_seconds.max(1));
    let loaded = Loaded {
        config: loaded.config.clone(),
        source: loaded.source.clone(),
    };
    let path = path.to_path_buf();
    let (stop_tx, stop_rx) = mpsc::channel::<()>();
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let spawned = std::thread::Builder::new()
        .name("sync".into())
        .spawn(move || {
            run(&loaded, &path, interval, &inputs, &stop_rx);
            let _ = done_tx.send(());
        });
    match spawned {
        Ok(thread) => Some(SyncHandle {
            stop: Some(stop_tx),
            done: done_rx,
            thread: Some(thread),
        }),
        Err(e) => {
            // The counter works without it; the status bar stays "connecting".
            tracing::error!("cannot start the background sync: {e}");
            None
        }
    }
}

fn run(
    loaded: &Loaded,
    path: &Path,
    interval: Duration,
    inputs: &Sender<Input>,
    stop: &Receiver<()>,
) {
    let mut book: Option<Book> = None;
    tracing::info!(hubs = ?loaded.config.sync.hubs(), every = ?interval, "background sync started");
    loop {
        let status = round(loaded, path, &mut book);
        if inputs.send(Input::Sync(status)).is_err() {
            break;
        }
        match stop.recv_timeout(interval) {
            Err(RecvTimeoutError::Timeout) => continue,
            Ok(()) | Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    tracing::info!("background sync stopped");
}

/// One sync on the thread's own book (opened on first use, kept after).
fn round(loaded: &Loaded, path: &Path, book: &mut Option<Book>) -> SyncStatus {
    let lang = loaded.config.ui.language;
    let b = match book {
        Some(b) => b,
        None => match crate::open_book(loaded, path) {
            Ok(b) => book.insert(b),
            Err(e) => {
                tracing::error!("sync: cannot open the book: {e:#}");
                return SyncStatus {
                    ok: false,
                    at: Instant::now(),
                    pushed: 0,
                    pulled: 0,
                    applied: 0,
                    error_code: Some("book".into()),
                    message: Some(format!("{}: {e:#}", CliTx::SyncCannotOpenBook.get(lang))),
                };
            }
        },
    };
    let report = crate::sync::run_once(loaded, b);
    tracing::info!(
        ok = report.ok,
        pushed = report.pushed,
        pulled = report.pulled,
        applied = report.applied,
        ms = report.elapsed_ms,
        hub = report.hub.as_deref().unwrap_or("-"),
        error = report.error.as_ref().map(|e| e.code.as_str()),
        "background sync"
    );
    SyncStatus {
        ok: report.ok,
        at: Instant::now(),
        pushed: report.pushed,
        pulled: report.pulled,
        applied: report.applied,
        error_code: report.error.as_ref().map(|e| e.code.clone()),
        message: report.error.map(|e| e.message),
    }
}
