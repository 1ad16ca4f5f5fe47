//! config.toml: found at `--config PATH`, else `$CARDDESK_CONFIG`, else `./config.toml`,
//! else built-in defaults. Every key is known: an unknown or mistyped key stops the
//! program with the file, line and key named, before the database is touched.

use std::fmt;
use std::path::{Path, PathBuf};

use carddesk_data::{Lang, Rules};
use carddesk_devices::DevicesConfig;
use serde::{Deserialize, Serialize};

pub use crate::config_sections::{BackupConfig, HubConfig, LogConfig, PrinterConfig, PrinterMode};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub terminal: TerminalConfig,
    pub database: DatabaseConfig,
    pub ui: UiConfig,
    pub log: LogConfig,
    pub devices: DevicesConfig,
    pub sync: SyncConfig,
    pub hub: HubConfig,
    pub printer: PrinterConfig,
    pub backup: BackupConfig,
    pub notices: crate::notify_config::NoticesConfig,
    pub rules: Rules,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TerminalConfig {
    pub chain: String,
    pub outlet: String,
    /// Stable id of this terminal in the chain: letters, digits and `_`.
    pub id: String,
    /// Digits that start every member no. registered here; unique per terminal.
    pub member_prefix: String,
    /// This terminal's Ed25519 signing key (made on the first write). Empty: beside
    /// the book, as `<book>.key`. Never inside the book or its backups.
    pub key_file: PathBuf,
    /// The chain's PIN pepper (one secret for every terminal of the chain, made by the
    /// first PIN set). Empty: beside the book, as `<book>.pepper`. Never inside the
    /// book or its backups.
    pub pepper_file: PathBuf,
}

impl Default for TerminalConfig {
    fn default() -> Self {
        TerminalConfig {
            chain: "demo".into(),
            outlet: "rooms".into(),
            id: "T01".into(),
            member_prefix: "1".into(),
            key_file: PathBuf::new(),
            pepper_file: PathBuf::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// Relative paths are relative to the config file's folder (or the working folder
    /// when no file is used).
    pub path: PathBuf,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        DatabaseConfig {
            path: PathBuf::from("carddesk.db"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AsciiMode {
    /// ASCII frames on `TERM=linux` and `vt100`, box drawing elsewhere.
    #[default]
    Auto,
    On,
    Off,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct UiConfig {
    pub language: Lang,
    pub ascii: AsciiMode,
    /// Keys closer together than this are a scanner burst, not a person typing.
    pub scan_gap_ms: u64,
    /// A burst shorter than this is typing (a fast typist's two keys are not a scan).
    pub scan_min_len: usize,
    /// Lock the screen after this many idle minutes (0: never).
    pub idle_lock_minutes: u64,
    /// The console draws Chinese even with `TERM=linux` (fbterm, kmscon): no fallback
    /// to English.
    pub cjk_console: bool,
}

impl Default for UiConfig {
    fn default() -> Self {
        UiConfig {
            language: Lang::Zh,
            ascii: AsciiMode::Auto,
            scan_gap_ms: 30,
            scan_min_len: 4,
            idle_lock_minutes: 10,
            cjk_console: false,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SyncConfig {
    /// e.g. `https://192.168.1.10:7411`; empty: this terminal works alone.
    pub hub_url: String,
    /// Several hub processes of one chain, tried in turn (instead of `hub_url`).
    pub hub_urls: Vec<String>,
    /// The credential file `carddesk sync --enroll CODE` writes (mode 0600), relative
    /// to the config file.
    pub token_file: PathBuf,
    /// A token written here by hand (older setups); the token file wins when present.
    pub token: String,
    /// Talk to a plain-HTTP hub (`http://` hub_url): only for a closed LAN, and only
    /// when the hub runs with `[hub] insecure_http = true` too.
    pub insecure_http: bool,
    pub interval_seconds: u64,
    /// How long a spend waits for the hub's authorization before going offline.
    pub authorize_timeout_ms: u64,
    /// What the book keeps: the whole chain, or an outlet group (`group_outlets`).
    pub scope: crate::scope::ScopeName,
    pub group_outlets: Vec<String>,
}

impl SyncConfig {
    /// The hubs to sync and authorize with, in the order to try them: `hub_urls`, or the
    /// one `hub_url`; none when this terminal works alone.
    pub fn hubs(&self) -> Vec<String> {
        let listed: Vec<String> = self
            .hub_urls
            .iter()
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty())
            .collect();
        if !listed.is_empty() {
            return listed;
        }
        let one = self.hub_url.trim();
        if one.is_empty() {
            Vec::new()
        } else {
            vec![one.to_string()]
        }
    }
}

impl Default for SyncConfig {
    fn default() -> Self {
        SyncConfig {
            hub_url: String::new(),
            hub_urls: Vec::new(),
            token_file: PathBuf::from("hub-token.toml"),
            token: String::new(),
            insecure_http: false,
            interval_seconds: 30,
            authorize_timeout_ms: 2500,
            scope: crate::scope::ScopeName::Chain,
            group_outlets: Vec::new(),
        }
    }
}

/// Where the configuration came from, for messages and `verify`'s header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    Defaults,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::File(p) => write!(f, "{}", p.display()),
            Source::Defaults => write!(f, "built-in defaults"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("config {path}: cannot read it: {error}")]
    Unreadable {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("config {path}, line {line}, key `{key}`: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        key: String,
        message: String,
    },
    #[error("config {path}, key `{key}`: {message}")]
    Rule {
        path: String,
        key: String,
        message: String,
    },
}

pub struct Loaded {
    pub config: Config,
    pub source: Source,
}

impl Loaded {
    /// The folder that relative paths in the config are taken from.
    pub fn base_dir(&self) -> PathBuf {
        match &self.source {
            Source::File(p) => p.parent().map(Path::to_path_buf).unwrap_or_default(),
            Source::Defaults => PathBuf::new(),
        }
    }

    pub fn resolve(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.base_dir().join(p)
        }
    }
}

/// Finds and reads the configuration. `explicit` is `--config`.
pub fn load(explicit: Option<&Path>) -> Result<Loaded, ConfigError> {
    let from_env = std::env::var_os("CARDDESK_CONFIG")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    let path = match explicit.map(Path::to_path_buf).or(from_env) {
        Some(p) => p,
        None => {
            let local = PathBuf::from("config.toml");
            if !local.exists() {
                let config = Config::default();
                validate(&config, "built-in defaults")?;
                return Ok(Loaded {
                    config,
                    source: Source::Defaults,
                });
            }
            local
        }
    };
    let text = std::fs::read_to_string(&path).map_err(|error| ConfigError::Unreadable {
        path: path.clone(),
        error,
    })?;
    let config = parse(&text, &path)?;
    validate(&config, &path.display().to_string())?;
    Ok(Loaded {
        config,
        source: Source::File(path),
    })
}

pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let de = toml::Deserializer::parse(text).map_err(|e| invalid(path, text, "", &e))?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let key = e.path().to_string();
        invalid(path, text, &key, e.inner())
    })
}

fn invalid(path: &Path, text: &str, key: &str, e: &toml::de::Error) -> ConfigError {
    let line = e
        .span()
        .map(|s| text[..s.start.min(text.len())].lines().count().max(1))
        .unwrap_or(0);
    let line = if e
        .span()
        .is_some_and(|s| text[..s.start.min(text.len())].ends_with('\n'))
    {
        line + 1
    } else {
        line
    };
    ConfigError::Invalid {
        path: path.to_path_buf(),
        line,
        key: if key.is_empty() || key == "." {
            "(top level)".into()
        } else {
            key.to_string()
        },
        message: e.message().to_string(),
    }
}

fn validate(c: &Config, path: &str) -> Result<(), ConfigError> {
    let rule = |key: &str, message: &str| ConfigError::Rule {
        path: path.to_string(),
        key: key.into(),
        message: message.into(),
    };
    if !c.sync.hub_url.trim().is_empty() && !c.sync.hub_urls.is_empty() {
        return Err(rule(
            "sync.hub_urls",
            "give either hub_url (one hub) or hub_urls (several hubs of one chain), not both",
        ));
    }
    let t = &c.terminal;
    if t.id.is_empty()
        || t.id.len() > 32
        || !t
            .id
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
    {
        return Err(rule(
            "terminal.id",
            "1 to 32 letters, digits or _ (it is part of every entry id)",
        ));
    }
    if t.member_prefix.is_empty()
        || t.member_prefix.len() > 6
        || !t.member_prefix.chars().all(|ch| ch.is_ascii_digit())
    {
        return Err(rule("terminal.member_prefix", "1 to 6 digits"));
    }
    if t.id
        .eq_ignore_ascii_case(carddesk_data::conflict::HUB_TERMINAL)
    {
        return Err(rule(
            "terminal.id",
            "HUB is the hub's own terminal id: choose another",
        ));
    }
    if t.outlet.trim().is_empty() {
        return Err(rule("terminal.outlet", "must not be empty"));
    }
    if c.database.path.as_os_str().is_empty() {
        return Err(rule("database.path", "must not be empty"));
    }
    if !(5..=200).contains(&c.ui.scan_gap_ms) {
        return Err(rule("ui.scan_gap_ms", "between 5 and 200 milliseconds"));
    }
    if !["error", "warn", "info", "debug", "trace"].contains(&c.log.level.as_str()) {
        return Err(rule("log.level", "one of error, warn, info, debug, trace"));
    }
    if !(1..=3650).contains(&c.log.keep_days) {
        return Err(rule("log.keep_days", "1 to 3650 days"));
    }
    if ![58, 80].contains(&c.printer.paper_mm) {
        return Err(rule("printer.paper_mm", "58 or 80"));
    }
    if !(1..=5).contains(&c.printer.copies) {
        return Err(rule("printer.copies", "1 to 5"));
    }
    if !(200..=30_000).contains(&c.sync.authorize_timeout_ms) {
        return Err(rule(
            "sync.authorize_timeout_ms",
            "200 to 30000 milliseconds",
        ));
    }
    if !(1..=100_000).contains(&c.hub.max_connections) {
        return Err(rule("hub.max_connections", "1 to 100000"));
    }
    if !(500..=120_000).contains(&c.hub.header_timeout_ms) {
        return Err(rule("hub.header_timeout_ms", "500 to 120000 milliseconds"));
    }
    if !(1_000..=3_600_000).contains(&c.hub.request_timeout_ms) {
        return Err(rule(
            "hub.request_timeout_ms",
            "1000 to 3600000 milliseconds",
        ));
    }
    if !(1..=1024).contains(&c.hub.max_body_mib) {
        return Err(rule("hub.max_body_mib", "1 to 1024 MiB"));
    }
    if !(1..=3650).contains(&c.backup.keep_days) {
        return Err(rule("backup.keep_days", "1 to 3650 days"));
    }
    crate::notify_config::validate(&c.notices).map_err(|(k, m)| rule(k, &m))?;
    c.rules.validate().map_err(|m| rule("rules", &m))?;
    crate::scope::validate(&crate::scope::ScopeAsked {
        scope: c.sync.scope,
        group_outlets: &c.sync.group_outlets,
        has_hub: !c.sync.hubs().is_empty(),
        known_outlets: c.rules.outlets.iter().map(|o| o.id.as_str()).collect(),
        own_outlet: &c.terminal.outlet,
    })
    .map_err(|(key, m)| rule(key, &m))
}
