//! `GET /v1/status` (a terminal's token): the hub's version and commit, clock, uptime,
//! store, every enrolled terminal with its last entry and when it last pushed and
//! pulled, and how many alarms it raised. Push and pull times are kept in memory:
//! since the hub started.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;

use carddesk_data::wire::{HubStatus, TerminalStatus};
use chrono::{DateTime, SecondsFormat, Utc};

use crate::store::{HubError, HubStore};

/// When each terminal last pushed and pulled, since the hub started.
pub struct Activity {
    /// `carddesk --version`'s commit, given by the binary that serves.
    commit: String,
    started: Instant,
    started_at: DateTime<Utc>,
    seen: Mutex<BTreeMap<String, Seen>>,
}

#[derive(Default, Clone)]
struct Seen {
    push: Option<DateTime<Utc>>,
    pull: Option<DateTime<Utc>>,
}

#[derive(Clone, Copy)]
pub enum Call {
    Push,
    Pull,
}

impl Activity {
    pub fn new(commit: &str) -> Activity {
        Activity {
            commit: commit.to_string(),
            started: Instant::now(),
            started_at: Utc::now(),
            seen: Mutex::new(BTreeMap::new()),
        }
    }

    pub fn note(&self, terminal: &str, call: Call) {
        // A poisoned lock only means another request panicked mid-update: the times
        // are still usable.
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        let s = seen.entry(terminal.to_string()).or_default();
        match call {
            Call::Push => s.push = Some(Utc::now()),
            Call::Pull => s.pull = Some(Utc::now()),
        }
    }

    pub async fn status(&self, store: &HubStore) -> Result<HubStatus, HubError> {
        let tips = store.tips().await?;
        let alarms = store.alarms().await?.len() as u64;
        let seen = self.seen.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let at =
            |t: Option<DateTime<Utc>>| t.map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true));
        let terminals = tips
            .into_iter()
            .map(|(terminal, tip)| {
                let s = seen.get(&terminal).cloned().unwrap_or_default();
                TerminalStatus {
                    terminal,
                    seq: tip.seq,
                    last_push: at(s.push),
                    last_pull: at(s.pull),
                }
            })
            .collect();
        Ok(HubStatus {
            service: "carddesk-hub".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            commit: self.commit.clone(),
            now: (Utc::now() + test_clock_offset()).to_rfc3339_opts(SecondsFormat::Millis, true),
            started_at: self.started_at.to_rfc3339_opts(SecondsFormat::Millis, true),
            uptime_seconds: self.started.elapsed().as_secs(),
            store: store.kind().into(),
            terminals,
            open_alarms: alarms,
        })
    }
}

/// Debug builds only (tests): `CARDDESK_TEST_HUB_CLOCK_OFFSET_SECS=N` makes the hub's
/// reported clock N seconds off, so `carddesk doctor`'s skew check can be tested.
#[cfg(debug_assertions)]
fn test_clock_offset() -> chrono::Duration {
    std::env::var("CARDDESK_TEST_HUB_CLOCK_OFFSET_SECS")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .map_or_else(chrono::Duration::zero, chrono::Duration::seconds)
}

#[cfg(not(debug_assertions))]
fn test_clock_offset() -> chrono::Duration {
    chrono::Duration::zero()
}
