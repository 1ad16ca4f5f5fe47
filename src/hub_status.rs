//! `GET /v1/status`: what the hub says about itself, for support and `carddesk doctor`
//! (its clock, to measure skew; this terminal's last sync). Needs a terminal's token.
//! Counters since the hub started: a restart forgets `last_push` and `last_pull`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HubStatus {
    pub service: String,
    /// `carddesk --version`'s version and commit.
    pub version: String,
    pub commit: String,
    /// The hub's clock when it answered (RFC 3339, UTC, milliseconds).
    pub now: String,
    pub started_at: String,
    pub uptime_seconds: u64,
    /// `sqlite` or `postgres`.
    pub store: String,
    pub terminals: Vec<TerminalStatus>,
    /// Every alarm the hub raised (alarms are never closed: `carddesk hub alarms`).
    pub open_alarms: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerminalStatus {
    pub terminal: String,
    /// The last entry of this terminal the hub holds (0: none).
    pub seq: i64,
    /// When this terminal last pushed entries / pulled, since the hub started (RFC 3339).
    pub last_push: Option<String>,
    pub last_pull: Option<String>,
}
