//! A one-shot look at what is there, for `carddesk devices` and support.

use std::time::Duration;

use crate::{hid_source, DevicesConfig, HidScannerConfig, SimulatedScanner, SourceState};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inventory {
    /// pcscd's state; `Unavailable("disabled in config")` when PC/SC is off.
    pub pcscd: SourceState,
    pub readers: Vec<ReaderInfo>,
    /// Why the HID scanners could not be enumerated at all, if they could not.
    pub hid_error: Option<String>,
    pub scanners: Vec<ScannerInfo>,
    pub simulated_scanner: Option<String>,
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
    let (pcscd, readers) = if cfg.pcsc.enabled {
        pcsc_inventory(cfg)
    } else {
        (
            SourceState::Unavailable("disabled in config".into()),
            Vec::new(),
        )
    };
    let (hid_error, scanners) = hid_inventory(&cfg.hid_scanners);
    Inventory {
        pcscd,
        readers,
        hid_error,
        scanners,
        simulated_scanner: cfg
            .simulated_scanner
            .as_deref()
            .map(|s| SimulatedScanner::parse(s).source_name()),
    }
}

fn pcsc_inventory(cfg: &DevicesConfig) -> (SourceState, Vec<ReaderInfo>) {
    use pcsc::{Context, Error, ReaderState, Scope, State};
    let ctx = match Context::establish(Scope::User) {
        Ok(c) => c,
        Err(e) => return (SourceState::Unavailable(format!("pcscd: {e}")), Vec::new()),
    };
    let names = match ctx.list_readers_owned() {
        Ok(n) => n,
        Err(Error::NoReadersAvailable) => Vec::new(),
        Err(e) => return (SourceState::Unavailable(format!("pcscd: {e}")), Vec::new()),
    };
    let mut states: Vec<ReaderState> = names
        .iter()
        .map(|n| ReaderState::new(n.clone(), State::UNAWARE))
        .collect();
    // UNAWARE makes this return at once with each reader's state.
    let have_states = states.is_empty()
        || ctx
            .get_status_change(Duration::from_millis(500), &mut states)
            .is_ok();
    let readers = states
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
        .collect();
    (SourceState::Ready, readers)
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
