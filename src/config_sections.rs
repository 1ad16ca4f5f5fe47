//! The sections of config.toml that only one part of the program reads: the receipt
//! printer, backups, the log and the hub server. `crate::config` holds the file as a
//! whole and re-exports these.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PrinterMode {
    #[default]
    Escpos,
    Text,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PrinterConfig {
    /// Receipt printer device (`/dev/usb/lp0`, `/dev/ttyS0`); empty: no printer.
    pub device: PathBuf,
    /// 58 or 80.
    pub paper_mm: u32,
    pub mode: PrinterMode,
    /// Print after every money operation posted at the counter.
    pub print_on_commit: bool,
    pub copies: u32,
}

impl Default for PrinterConfig {
    fn default() -> Self {
        PrinterConfig {
            device: PathBuf::new(),
            paper_mm: 58,
            mode: PrinterMode::Escpos,
            print_on_commit: true,
            copies: 1,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BackupConfig {
    /// Folder of the automatic daily backup (relative to the config file); empty: off.
    pub daily_dir: PathBuf,
    pub keep_days: u32,
}

impl Default for BackupConfig {
    fn default() -> Self {
        BackupConfig {
            daily_dir: PathBuf::from("backups"),
            keep_days: 14,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// Log file (never the screen). Relative to the config file's folder.
    pub path: PathBuf,
    /// `error`, `warn`, `info`, `debug` or `trace`.
    pub level: String,
    /// A new file each day; files more than this many days old are removed.
    pub keep_days: u32,
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            path: PathBuf::from("carddesk.log"),
            level: "info".into(),
            keep_days: 30,
        }
    }
}

/// `carddesk hub serve`: where it listens and what one client may cost it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HubConfig {
    /// Address to listen on; loopback unless set (a LAN hub names its LAN address).
    pub listen: String,
    /// Serve plain HTTP instead of HTTPS (tokens cross the network in clear): only
    /// for a closed LAN.
    pub insecure_http: bool,
    /// The hub's TLS certificate and key (PEM, relative to the config file); made at
    /// first start when both are missing.
    pub cert_file: PathBuf,
    pub key_file: PathBuf,
    /// Open connections at most; more are closed at once (load shedding).
    pub max_connections: usize,
    /// A client must send a request's headers (and finish the TLS handshake) within this.
    pub header_timeout_ms: u64,
    /// A request, body included, must be read and answered within this.
    pub request_timeout_ms: u64,
    /// The largest push or authorization body, in MiB.
    pub max_body_mib: usize,
}

impl Default for HubConfig {
    fn default() -> Self {
        HubConfig {
            listen: "127.0.0.1:7411".into(),
            insecure_http: false,
            cert_file: PathBuf::from("hub-cert.pem"),
            key_file: PathBuf::from("hub-key.pem"),
            max_connections: 512,
            header_timeout_ms: 5_000,
            request_timeout_ms: 60_000,
            max_body_mib: 32,
        }
    }
}
