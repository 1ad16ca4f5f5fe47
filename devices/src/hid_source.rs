//! One thread per configured HID scanner: find it by vendor/product id, read its
//! reports, decode them, and reconnect when it is unplugged and plugged back.

use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use hidapi::{DeviceInfo, HidApi, HidDevice};

use crate::decode::{Decoded, KeyboardDecoder, PosDecoder};
use crate::stop::{Backoff, StopSignal};
use crate::{DeviceEvent, HidMode, HidScannerConfig, SourceState};

/// Read timeout: bounds how long `Devices::drop` waits for this thread.
const READ_TIMEOUT_MS: i32 = 100;
/// A keyboard-mode scan with no terminator ends after this much silence; scanners
/// send a whole code within a few ms per key.
const IDLE_FLUSH: Duration = Duration::from_millis(150);
const RETRY_MAX: Duration = Duration::from_secs(5);

const USAGE_PAGE_POS: u16 = 0x8C;
const USAGE_PAGE_DESKTOP: u16 = 0x01;
const USAGE_KEYBOARD: u16 = 0x06;

enum Decoder {
    Pos(PosDecoder),
    Keyboard(KeyboardDecoder),
}

impl Decoder {
    fn feed(&mut self, r: &[u8]) -> Vec<Decoded> {
        match self {
            Decoder::Pos(d) => d.feed(r),
            Decoder::Keyboard(d) => d.feed(r),
        }
    }
    fn reset(&mut self) {
        match self {
            Decoder::Pos(d) => d.reset(),
            Decoder::Keyboard(d) => d.reset(),
        }
    }
    fn flush_idle(&mut self) -> Option<Decoded> {
        match self {
            Decoder::Keyboard(d) if d.has_pending() => d.flush(),
            _ => None,
        }
    }
}

/// Of the device's interfaces, the one that speaks the configured mode; a device
/// whose usage page is unknown (0, older backends) is taken as is.
pub(crate) fn pick_interface<'a>(
    cfg: &HidScannerConfig,
    api: &'a HidApi,
) -> Option<&'a DeviceInfo> {
    let ours = |d: &&DeviceInfo| d.vendor_id() == cfg.vendor_id && d.product_id() == cfg.product_id;
    let right_usage = |d: &&DeviceInfo| match cfg.mode {
        HidMode::Pos => d.usage_page() == USAGE_PAGE_POS,
        HidMode::Keyboard => d.usage_page() == USAGE_PAGE_DESKTOP && d.usage() == USAGE_KEYBOARD,
    };
    let candidates: Vec<&DeviceInfo> = api.device_list().filter(ours).collect();
    candidates
        .iter()
        .copied()
        .find(right_usage)
        .or(candidates.first().copied())
}

pub(crate) fn run(cfg: &HidScannerConfig, stop: &StopSignal, tx: &Sender<DeviceEvent>) {
    let source = cfg.source_name();
    let mut decoder = match cfg.mode {
        HidMode::Pos => Decoder::Pos(PosDecoder::new()),
        HidMode::Keyboard => Decoder::Keyboard(KeyboardDecoder::new()),
    };
    let mut backoff = Backoff::new(RETRY_MAX);
    let mut last: Option<SourceState> = None;
    let mut status = |state: SourceState| -> bool {
        if last.as_ref() == Some(&state) {
            return true;
        }
        last = Some(state.clone());
        tx.send(DeviceEvent::Status {
            source: source.clone(),
            state,
        })
        .is_ok()
    };
    while !stop.is_set() {
        match open(cfg) {
            Ok(dev) => {
                backoff.reset();
                if !status(SourceState::Ready) {
                    return;
                }
                let why = read_loop(&dev, &source, &mut decoder, stop, tx);
                decoder.reset();
                match why {
                    None => return,
                    Some(msg) => {
                        if !status(SourceState::Unavailable(msg)) {
                            return;
                        }
                    }
                }
            }
            Err(msg) => {
                if !status(SourceState::Unavailable(msg)) {
                    return;
                }
            }
        }
        if backoff.wait(stop) {
            return;
        }
    }
}

fn open(cfg: &HidScannerConfig) -> Result<HidDevice, String> {
    // A fresh HidApi re-enumerates, which is how a re-plugged scanner is found.
    let api = HidApi::new().map_err(|e| format!("hidapi: {e}"))?;
    let info = pick_interface(cfg, &api).ok_or_else(|| "not connected".to_string())?;
    info.open_device(&api).map_err(|e| {
        format!(
            "cannot open {}: {e} (is there a udev rule giving this user access to the hidraw device?)",
            info.path().to_string_lossy()
        )
    })
}

/// Read until the device fails (Some(reason)) or we are stopped / unheard (None).
fn read_loop(
    dev: &HidDevice,
    source: &str,
    decoder: &mut Decoder,
    stop: &StopSignal,
    tx: &Sender<DeviceEvent>,
) -> Option<String> {
    let mut buf = [0u8; 256];
    let mut last_report = Instant::now();
    while !stop.is_set() {
        let outputs = match dev.read_timeout(&mut buf, READ_TIMEOUT_MS) {
            Ok(0) => {
                if last_report.elapsed() < IDLE_FLUSH {
                    continue;
                }
                decoder.flush_idle().into_iter().collect()
            }
            Ok(n) => {
                last_report = Instant::now();
                decoder.feed(&buf[..n.min(buf.len())])
            }
            Err(e) => return Some(format!("disconnected: {e}")),
        };
        for d in outputs {
            let ev = match d {
                Decoded::Scan(code) => DeviceEvent::Scan {
                    source: source.into(),
                    code,
                },
                Decoded::Error(message) => DeviceEvent::Error {
                    source: source.into(),
                    message,
                },
            };
            if tx.send(ev).is_err() {
                return None;
            }
        }
    }
    None
}
