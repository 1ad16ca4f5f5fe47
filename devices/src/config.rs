//! The `[devices]` section of carddesk's config.
//!
//! ```toml
//! [devices]
//! simulated_scanner = "/tmp/carddesk-scan"   # a FIFO (created if missing) or "127.0.0.1:7777"
//!
//! [devices.pcsc]
//! enabled = true
//! reader_filter = "ACR122"      # use only readers whose name contains this (case-insensitive)
//! poll_timeout_ms = 500         # how long one SCardGetStatusChange waits
//! retry_max_ms = 5000           # backoff ceiling while pcscd or a reader is missing
//!
//! [[devices.hid_scanners]]
//! vendor_id = "0x0c2e"          # hex string ("0x0c2e" or "0c2e", as lsusb prints it) or integer (3118 or 0x0c2e)
//! product_id = "0x0b8f"
//! mode = "pos"                  # "pos" (HID POS, usage page 0x8C) or "keyboard" (boot keyboard reports)
//! name = "front desk scanner"   # optional; the event source name
//! ```

use std::net::SocketAddr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct DevicesConfig {
    pub pcsc: PcscConfig,
    pub hid_scanners: Vec<HidScannerConfig>,
    /// Path of a FIFO, or `127.0.0.1:PORT` for a loopback TCP port: each line written
    /// to it arrives as a Scan event. For demos and support on machines without a scanner.
    pub simulated_scanner: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PcscConfig {
    pub enabled: bool,
    /// Case-insensitive substring a reader name must contain to be used.
    pub reader_filter: Option<String>,
    /// Upper bound of one `SCardGetStatusChange` wait; also bounds how long a
    /// shutdown can take when `SCardCancel` is not honoured.
    pub poll_timeout_ms: u64,
    /// Ceiling of the retry backoff while pcscd is unavailable.
    pub retry_max_ms: u64,
}

impl Default for PcscConfig {
    fn default() -> Self {
        PcscConfig {
            enabled: true,
            reader_filter: None,
            poll_timeout_ms: 500,
            retry_max_ms: 5000,
        }
    }
}

impl PcscConfig {
    /// Does the reader filter let this reader through?
    pub fn accepts(&self, reader: &str) -> bool {
        match &self.reader_filter {
            None => true,
            Some(f) => reader.to_lowercase().contains(&f.to_lowercase()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HidScannerConfig {
    #[serde(deserialize_with = "de_usb_id", serialize_with = "ser_usb_id")]
    pub vendor_id: u16,
    #[serde(deserialize_with = "de_usb_id", serialize_with = "ser_usb_id")]
    pub product_id: u16,
    pub mode: HidMode,
    #[serde(default)]
    pub name: Option<String>,
}

impl HidScannerConfig {
    /// The event source name: the configured name, else `hid:vvvv:pppp`.
    pub fn source_name(&self) -> String {
        match &self.name {
            Some(n) if !n.trim().is_empty() => n.clone(),
            _ => format!("hid:{:04x}:{:04x}", self.vendor_id, self.product_id),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HidMode {
    /// HID POS scanner (usage page 0x8C), scanned data reports.
    Pos,
    /// Scanner in HID keyboard mode, boot keyboard reports (US layout).
    Keyboard,
}

/// The parsed `simulated_scanner` setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SimulatedScanner {
    Fifo(std::path::PathBuf),
    Tcp(SocketAddr),
}

impl SimulatedScanner {
    /// Anything that parses as `IP:PORT` is a TCP address, everything else a FIFO path.
    pub fn parse(spec: &str) -> SimulatedScanner {
        match spec.trim().parse::<SocketAddr>() {
            Ok(addr) => SimulatedScanner::Tcp(addr),
            Err(_) => SimulatedScanner::Fifo(spec.into()),
        }
    }

    pub fn source_name(&self) -> String {
        match self {
            SimulatedScanner::Fifo(p) => format!("sim:{}", p.display()),
            SimulatedScanner::Tcp(a) => format!("sim:{a}"),
        }
    }
}

/// USB ids are written in hex everywhere (lsusb, datasheets), so a string is always
/// read as hex, with or without `0x`. An integer is taken as is (TOML's own `0x0c2e`
/// literal is an integer too).
fn de_usb_id<'de, D: Deserializer<'de>>(d: D) -> Result<u16, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Int(i64),
        Str(String),
    }
    match Raw::deserialize(d)? {
        Raw::Int(i) => u16::try_from(i)
            .map_err(|_| serde::de::Error::custom(format!("USB id {i} is not in 0..=65535"))),
        Raw::Str(s) => parse_hex_id(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("USB id {s:?} is not a hex number like \"0x0c2e\""))
        }),
    }
}

fn parse_hex_id(s: &str) -> Option<u16> {
    let t = s.trim();
    let t = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0X"))
        .unwrap_or(t);
    if t.is_empty() || t.len() > 4 || !t.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(t, 16).ok()
}

fn ser_usb_id<S: Serializer>(v: &u16, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("0x{v:04x}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_ids() {
        assert_eq!(parse_hex_id("0x0c2e"), Some(0x0c2e));
        assert_eq!(parse_hex_id("0C2E"), Some(0x0c2e));
        assert_eq!(parse_hex_id("0x"), None);
        assert_eq!(parse_hex_id("0x10000"), None);
        assert_eq!(parse_hex_id("zz"), None);
        assert_eq!(parse_hex_id("+1"), None);
    }

    #[test]
    fn filter_is_case_insensitive_substring() {
        let mut c = PcscConfig::default();
        assert!(c.accepts("anything"));
        c.reader_filter = Some("virtual".into());
        assert!(c.accepts("Virtual PCD 00 00"));
        assert!(!c.accepts("ACS ACR122U"));
    }

    #[test]
    fn simulated_spec() {
        assert!(matches!(
            SimulatedScanner::parse("127.0.0.1:7777"),
            SimulatedScanner::Tcp(_)
        ));
        assert!(matches!(
            SimulatedScanner::parse("/tmp/scan"),
            SimulatedScanner::Fifo(_)
        ));
    }
}
