//! A one-shot look at what is there, for `carddesk devices` and support.

use std::time::Duration;

use crate::pcsc_lib::{Context, Error, ReaderState, State};
use crate::pcsc_source::unavailable_why;
use crate::{hid_source, DevicesConfig, HidScannerConfig, SimulatedScanner, SourceState};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inventory {
    /// pcscd's state; `Unavailable("disabled in config")` when PC/SC is off.
    pub pcscd: SourceState,
    /// What is missing when PC/SC could not be reached, so support knows what to install.
    pub pcsc_missing: Option<PcscMissing>,
    pub readers: Vec<ReaderInfo>,
    /// Why the HID scanners could not be enumerated at all, if they could not.
    pub hid_error: Option<String>,
    pub scanners: Vec<ScannerInfo>,
    pub simulated_scanner: Option<String>,
}

/// Why PC/SC cannot be used on this PC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PcscMissing {
    /// The client library (libpcsclite.so.1) is not installed.
    Library,
    /// The library is there but pcscd does not answer (not installed or not started).
    Daemon,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderInfo {
    pub name: String,
    /// False when `reader_filter` excludes it: listed so support sees why it is unused.
    pub used: bool,
    /// ATR (uppercase hex) of the card in the reader, if any.
    pub card_atr: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannerInfo {
    pub config: HidScannerConfig,
    pub source: String,
    /// The hidraw path of the matching interface, when the scanner is plugged in.
    pub path: Option<String>,
    pub product: Option<String>,
}

pub fn inventory(cfg: &DevicesConfig) -> Inventory {
    let (pcscd, pcsc_missing, readers) = if cfg.pcsc.enabled {
        match pcsc_inventory(cfg) {
            Ok(readers) => (SourceState::Ready, None, readers),
            Err(e) => {
                let missing = match &e {
                    Error::NotInstalled(_) => Some(PcscMissing::Library),
                    e if e.is_service_gone() => Some(PcscMissing::Daemon),
                    _ => None,
                };
                (
                    SourceState::Unavailable(unavailable_why(&e)),
                    missing,
                    Vec::new(),
                )
            }
        }
    } else {
        (
            SourceState::Unavailable("disabled in config".into()),
            None,
            Vec::new(),
        )
    };
    let (hid_error, scanners) = hid_inventory(&cfg.hid_scanners);
    Inventory {
        pcscd,
        pcsc_missing,
        readers,
        hid_error,
        scanners,
        simulated_scanner: cfg
            .simulated_scanner
            .as_deref()
            .map(|s| SimulatedScanner::parse(s).source_name()),
    }
}

fn pcsc_inventory(cfg: &DevicesConfig) -> Result<Vec<ReaderInfo>, Error> {
    let ctx = Context::establish()?;
    let mut states: Vec<ReaderState> = ctx
        .list_readers()?
        .into_iter()
        .map(|n| ReaderState::new(n, State::UNAWARE))
        .collect();
    // UNAWARE makes this return at once with each reader's state.
    let have_states = states.is_empty()
        || ctx
            .get_status_change(Duration::from_millis(500), &mut states)
            .is_ok();
    Ok(states
        .iter()
        .map(|s| {
            let name = s.name().to_string_lossy().into_owned();
            let card =
                have_states && s.event_state().contains(State::PRESENT) && !s.atr().is_empty();
            ReaderInfo {
                used: cfg.pcsc.accepts(&name),
                card_atr: card.then(|| crate::pcsc_source::hex(s.atr())),
                name,
            }
        })
        .collect())
}

fn hid_inventory(scanners: &[HidScannerConfig]) -> (Option<String>, Vec<ScannerInfo>) {
    let api = if scanners.is_empty() {
        None
    } else {
        Some(hidapi::HidApi::new())
    };
    let (api, err) = match api {
        None => (None, None),
        Some(Ok(a)) => (Some(a), None),
        Some(Err(e)) => (None, Some(format!("hidapi: {e}"))),
    };
    let infos = scanners
        .iter()
        .map(|c| {
            let found = api.as_ref().and_then(|a| hid_source::pick_interface(c, a));
            ScannerInfo {
                config: c.clone(),
                source: c.source_name(),
                path: found.map(|d| d.path().to_string_lossy().into_owned()),
                product: found.and_then(|d| d.product_string().map(str::to_string)),
            }
        })
        .collect();
    (err, infos)
}
