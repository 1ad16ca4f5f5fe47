//! `carddesk devices [--watch] [--timeout S]`: what devices are there, and with
//! `--watch` every device event as one line, for support over SSH or in a pipe.
//!
//! Lines are tab-separated: `RFC3339-local-time  source  event  detail`, flushed one
//! by one so `| tee` or a slow SSH link shows each event as it happens. When PC/SC
//! cannot be used, a line under `pcscd:` says what to install or start, in the
//! operator's language.

use std::io::Write;
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use carddesk_data::Lang;
use carddesk_devices::{DeviceEvent, DevicesConfig, HidMode, PcscMissing, SourceState};
use carddesk_model::text::CliTx;

pub fn run(
    cfg: &DevicesConfig,
    lang: Lang,
    watch: bool,
    timeout: Option<Duration>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let inv = carddesk_devices::inventory(cfg);
    writeln!(out, "pcscd: {}", state_text(&inv.pcscd))?;
    if let Some(missing) = inv.pcsc_missing {
        writeln!(out, "  {}", install_hint(missing, lang))?;
    }
    if let Some(f) = &cfg.pcsc.reader_filter {
        writeln!(out, "reader filter: {f:?}")?;
    }
    writeln!(
        out,
        "readers: {}",
        if inv.readers.is_empty() { "none" } else { "" }
    )?;
    for r in &inv.readers {
        let used = if r.used {
            ""
        } else {
            " (not used: reader_filter)"
        };
        let card = r
            .card_atr
            .as_ref()
            .map(|a| format!(" card ATR {a}"))
            .unwrap_or_default();
        writeln!(out, "  {}{used}{card}", r.name)?;
    }
    writeln!(
        out,
        "hid scanners: {}",
        if inv.scanners.is_empty() {
            "none configured"
        } else {
            ""
        }
    )?;
    if let Some(e) = &inv.hid_error {
        writeln!(out, "  unavailable: {e}")?;
    }
    for s in &inv.scanners {
        let mode = match s.config.mode {
            HidMode::Pos => "pos",
            HidMode::Keyboard => "keyboard",
        };
        let at = match (&s.path, &s.product) {
            (Some(p), Some(name)) => format!("present at {p} ({name})"),
            (Some(p), None) => format!("present at {p}"),
            _ => "not connected".into(),
        };
        writeln!(
            out,
            "  {} {:04x}:{:04x} {mode}: {at}",
            s.source, s.config.vendor_id, s.config.product_id
        )?;
    }
    if let Some(sim) = &inv.simulated_scanner {
        writeln!(out, "simulated scanner: {sim}")?;
    }
    out.flush()?;
    if !watch {
        return Ok(());
    }

    let (devices, rx) = carddesk_devices::start(cfg);
    let deadline = timeout.map(|t| Instant::now() + t);
    loop {
        let ev = match deadline {
            Some(d) => match rx.recv_timeout(d.saturating_duration_since(Instant::now())) {
                Ok(ev) => ev,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            },
            None => match rx.recv() {
                Ok(ev) => ev,
                Err(_) => break,
            },
        };
        let (source, event, detail) = describe(&ev);
        let now = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, false);
        writeln!(out, "{now}\t{source}\t{event}\t{detail}")?;
        out.flush()?;
    }
    drop(devices);
    Ok(())
}

/// What support has to install or start, in the operator's language.
fn install_hint(missing: PcscMissing, lang: Lang) -> &'static str {
    match missing {
        PcscMissing::Library => CliTx::PcscNotInstalled.get(lang),
        PcscMissing::Daemon => CliTx::PcscdNotRunning.get(lang),
    }
}

fn state_text(s: &SourceState) -> String {
    match s {
        SourceState::Ready => "ready".into(),
        SourceState::Unavailable(why) => format!("unavailable ({why})"),
    }
}

/// (source, event name, detail) of one event; tabs and newlines in free text are
/// flattened so each event stays one tab-separated line.
fn describe(ev: &DeviceEvent) -> (String, &'static str, String) {
    let flat = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    match ev {
        DeviceEvent::Scan { source, code } => (flat(source), "scan", flat(code)),
        DeviceEvent::CardPresent {
            reader,
            uid,
            from_atr,
        } => {
            let d = if *from_atr {
                format!("{uid} (ATR)")
            } else {
                format!("{uid} (UID)")
            };
            (flat(reader), "card-present", d)
        }
        DeviceEvent::CardRemoved { reader } => (flat(reader), "card-removed", String::new()),
        DeviceEvent::ReaderAdded { reader } => (flat(reader), "reader-added", String::new()),
        DeviceEvent::ReaderRemoved { reader } => (flat(reader), "reader-removed", String::new()),
        DeviceEvent::Status { source, state } => (flat(source), "status", flat(&state_text(state))),
        DeviceEvent::Error { source, message } => (flat(source), "error", flat(message)),
    }
}

/// udev rules for the configured HID scanners: their hidraw nodes belong to the group
/// `carddesk` (mode 0660), so the counter reads them without root. One line per
/// scanner; none configured gives only the header.
pub fn udev_rules(cfg: &DevicesConfig) -> String {
    let mut out = String::from(
        "# carddesk: the HID scanners of [[devices.hid_scanners]] in carddesk's config.\n\
         # Made by `carddesk devices --udev-rules`; run it again after changing them.\n",
    );
    for s in &cfg.hid_scanners {
        let name = s.source_name().replace(['\n', '\r'], " ");
        out.push_str(&format!(
            "# {name}\nSUBSYSTEM==\"hidraw\", ATTRS{{idVendor}}==\"{:04x}\", ATTRS{{idProduct}}==\"{:04x}\", GROUP=\"carddesk\", MODE=\"0660\"\n",
            s.vendor_id, s.product_id
        ));
    }
    out
}
