//! carddesk's devices: PC/SC card readers, HID barcode scanners and a simulated
//! scanner, each on its own thread, turned into one stream of [`DeviceEvent`]s.
//!
//! The crate knows nothing of members: it reports what the hardware saw (a code, a
//! card UID, a reader coming or going, a source becoming unavailable) and leaves the
//! meaning to the caller. No async runtime: plain threads and `std::sync::mpsc`, so the
//! UI loop can poll the receiver next to terminal input.
//!
//! Nothing a device, the OS or the input can do makes a thread panic: failures become
//! [`DeviceEvent::Status`] / [`DeviceEvent::Error`] events and are retried with backoff.

mod config;
pub mod decode;
mod hid_source;
mod inventory;
mod pcsc_lib;
mod pcsc_source;
mod simulated;
mod stop;

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

pub use config::{DevicesConfig, HidMode, HidScannerConfig, PcscConfig, SimulatedScanner};
pub use decode::GS_SEPARATOR;
pub use inventory::{inventory, Inventory, PcscMissing, ReaderInfo, ScannerInfo};

/// Source name of the PC/SC subsystem itself (pcscd availability).
pub const PCSC_SOURCE: &str = "pcsc";

/// Everything the devices report. Sources are human-readable names: a PC/SC reader
/// name, `pcsc` for the daemon, a scanner's configured name (or `hid:VVVV:PPPP`), or
/// `sim:<path-or-address>` for the simulated scanner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceEvent {
    /// A complete scanned code, control characters already handled (see [`decode`]).
    Scan {
        source: String,
        code: String,
    },
    /// A card was inserted (or was already present when the reader was first seen).
    /// `uid` is uppercase hex without spaces: the GET DATA answer, or the ATR when
    /// the card refused GET DATA (`from_atr` is then true).
    CardPresent {
        reader: String,
        uid: String,
        from_atr: bool,
    },
    CardRemoved {
        reader: String,
    },
    ReaderAdded {
        reader: String,
    },
    ReaderRemoved {
        reader: String,
    },
    /// A source became usable or unusable (pcscd gone, scanner unplugged, ...).
    Status {
        source: String,
        state: SourceState,
    },
    /// Something went wrong that does not change the source's state (a malformed
    /// report, a card that could not be read).
    Error {
        source: String,
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceState {
    Ready,
    /// Not usable right now; the text says why. The source keeps retrying.
    Unavailable(String),
}

/// Handle on the running device threads. Dropping it stops and joins them; every
/// thread waits with a bounded timeout (or is cancelled), so this returns promptly.
pub struct Devices {
    stop: stop::StopSignal,
    pcsc_cancel: pcsc_source::CancelHandle,
    threads: Vec<JoinHandle<()>>,
}

impl Devices {
    /// Stop all device threads now (same as dropping the handle).
    pub fn stop(self) {}
}

impl Drop for Devices {
    fn drop(&mut self) {
        self.stop.set();
        self.pcsc_cancel.cancel();
        for t in self.threads.drain(..) {
            // A thread that panicked anyway has nothing left to clean up.
            let _ = t.join();
        }
    }
}

/// Start one thread per configured source and return the handle and the event stream.
/// A thread that cannot be spawned is reported as an Error event, not a failure.
pub fn start(cfg: &DevicesConfig) -> (Devices, Receiver<DeviceEvent>) {
    let (tx, rx) = mpsc::channel();
    let stop = stop::StopSignal::new();
    let pcsc_cancel = pcsc_source::CancelHandle::default();
    let mut threads = Vec::new();

    if cfg.pcsc.enabled {
        let (c, s, t, h) = (
            cfg.pcsc.clone(),
            stop.clone(),
            tx.clone(),
            pcsc_cancel.clone(),
        );
        spawn(&mut threads, &tx, "pcsc", PCSC_SOURCE, move || {
            pcsc_source::run(&c, &s, &t, &h)
        });
    }
    for sc in &cfg.hid_scanners {
        let (c, s, t) = (sc.clone(), stop.clone(), tx.clone());
        let source = sc.source_name();
        spawn(&mut threads, &tx, "hid", &source, move || {
            hid_source::run(&c, &s, &t)
        });
    }
    if let Some(spec) = &cfg.simulated_scanner {
        let (sim, s, t) = (SimulatedScanner::parse(spec), stop.clone(), tx.clone());
        let source = sim.source_name();
        spawn(&mut threads, &tx, "sim", &source, move || {
            simulated::run(&sim, &s, &t)
        });
    }
    (
        Devices {
            stop,
            pcsc_cancel,
            threads,
        },
        rx,
    )
}

fn spawn(
    threads: &mut Vec<JoinHandle<()>>,
    tx: &Sender<DeviceEvent>,
    kind: &str,
    source: &str,
    f: impl FnOnce() + Send + 'static,
) {
    match std::thread::Builder::new()
        .name(format!("devices-{kind}"))
        .spawn(f)
    {
        Ok(h) => threads.push(h),
        Err(e) => {
            let _ = tx.send(DeviceEvent::Error {
                source: source.to_string(),
                message: format!("cannot start thread: {e}"),
            });
        }
    }
}
