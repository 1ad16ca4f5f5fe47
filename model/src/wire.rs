//! The replication wire: journal entries as they travel between terminals and hubs, the
//! protocol's requests and replies, and the refusals a receiver gives. Entries travel exactly as stored: the hash covers
//! every field, so a receiver recomputes it with [`Entry::computed_hash`] and checks each
//! terminal's sequence and chain before it keeps anything.
//!
//! Wire protocol 1 (JSON over HTTP, see the README section "Replication"):
//! `GET /v1/health`, `GET /v1/tips`, `POST /v1/entries` ([`PushRequest`] →
//! [`PushReply`]) and `GET /v1/entries?after=T01:5,T02:9&exclude=T03&limit=N`
//! ([`PullReply`]). Errors are [`ErrorReply`] with a stable code. Later protocol
//! additions (online authorization, conflicts) are new paths under `/v1`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::OpError;
use crate::journal::{self, Entry, Hash, Header, GENESIS};
use crate::kind::EntryKind;

pub const PROTOCOL: u32 = 1;

/// One journal entry on the wire. `body` is the exact stored text; hashes are hex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WireEntry {
    pub terminal: String,
    pub seq: i64,
    pub hlc: i64,
    pub op_id: String,
    pub operator: String,
    pub outlet: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_no: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reversal_of: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub offline: bool,
    pub kind: String,
    pub body: String,
    pub prev_hash: String,
    pub hash: String,
    /// The terminal's signature of `hash`, hex (absent: unsigned).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sig: Option<String>,
}

impl From<&Entry> for WireEntry {
    fn from(e: &Entry) -> Self {
        WireEntry {
            terminal: e.terminal.clone(),
            seq: e.seq,
            hlc: e.hlc,
            op_id: e.op_id.clone(),
            operator: e.header.operator.clone(),
            outlet: e.header.outlet.clone(),
            member_no: e.header.member_no.clone(),
            reversal_of: e.header.reversal_of.clone(),
            offline: e.header.offline,
            kind: e.kind.as_str().to_string(),
            body: e.body.clone(),
            prev_hash: hex::encode(e.prev_hash),
            hash: hex::encode(e.hash),
            sig: e.sig.as_ref().map(hex::encode),
        }
    }
}

impl TryFrom<WireEntry> for Entry {
    type Error = ReplicationError;

    fn try_from(w: WireEntry) -> Result<Entry, ReplicationError> {
        let id = journal::entry_id(&w.terminal, w.seq);
        let hash = |s: &str| -> Result<Hash, ReplicationError> {
            hex::decode(s)
                .ok()
                .and_then(|b| Hash::try_from(b.as_slice()).ok())
                .ok_or_else(|| ReplicationError::Malformed {
                    entry_id: id.clone(),
                    detail: "a hash is not 64 hex digits".into(),
                })
        };
        let sig = match &w.sig {
            None => None,
            Some(s) => Some(hex::decode(s).map_err(|_| ReplicationError::Malformed {
                entry_id: id.clone(),
                detail: "a signature is not hex".into(),
            })?),
        };
        let kind = EntryKind::parse(&w.kind).ok_or_else(|| ReplicationError::Malformed {
            entry_id: id.clone(),
            detail: format!("no entry kind {:?}", w.kind),
        })?;
        Ok(Entry {
            prev_hash: hash(&w.prev_hash)?,
            hash: hash(&w.hash)?,
            sig,
            terminal: w.terminal,
            seq: w.seq,
            hlc: w.hlc,
            op_id: w.op_id,
            header: Header {
                operator: w.operator,
                outlet: w.outlet,
                member_no: w.member_no,
                reversal_of: w.reversal_of,
                offline: w.offline,
            },
            kind,
            body: w.body,
        })
    }
}

/// A terminal's last entry as the hub holds it (seq 0 and the zero hash: none yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Tip {
    pub seq: i64,
    pub hash: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Health {
    pub service: String,
    pub protocol: u32,
    pub store: String,
    pub capabilities: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct TipsReply {
    pub tips: BTreeMap<String, Tip>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    pub terminal: String,
    pub entries: Vec<WireEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct PushReply {
    /// New entries stored.
    pub accepted: u64,
    /// Re-sent entries identical to stored ones (no-ops).
    pub duplicates: u64,
    pub tip: Tip,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct PullReply {
    /// Ordered by terminal, then seq; each terminal's run continues its cursor position.
    pub entries: Vec<WireEntry>,
    /// True when the limit cut the answer short: ask again from the new positions.
    pub more: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ErrorReply {
    pub error: WireError,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct WireError {
    /// Stable: unauthorized, forbidden, conflict, chain, malformed, storage, bad_request.
    pub code: String,
    pub message: String,
    pub message_en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_id: Option<String>,
}

/// `T01:5,T02:9` ⇄ {T01: 5, T02: 9}. Terminal ids are letters, digits and `_`.
pub fn format_cursor(positions: &BTreeMap<String, i64>) -> String {
    positions
        .iter()
        .map(|(t, s)| format!("{t}:{s}"))
        .collect::<Vec<_>>()
        .join(",")
}

pub fn parse_cursor(s: &str) -> Option<BTreeMap<String, i64>> {
    let mut out = BTreeMap::new();
    for part in s.split(',').filter(|p| !p.is_empty()) {
        let (t, seq) = part.split_once(':')?;
        if !valid_terminal(t) {
            return None;
        }
        out.insert(t.to_string(), seq.parse::<i64>().ok().filter(|s| *s >= 0)?);
    }
    Some(out)
}

pub fn valid_terminal(t: &str) -> bool {
    !t.is_empty() && t.len() <= 32 && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Why a batch of entries was refused, by the hub or by this book.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplicationError {
    #[error("entry {entry_id}: malformed: {detail}")]
    Malformed { entry_id: String, detail: String },
    #[error("entry {entry_id}: its content does not match its hash")]
    HashMismatch { entry_id: String },
    #[error("terminal {terminal}: expected seq {expected}, got {found} (a gap or reordering)")]
    Gap {
        terminal: String,
        expected: i64,
        found: i64,
    },
    #[error("entry {entry_id}: prev_hash does not continue the chain")]
    ChainBroken { entry_id: String },
    #[error("entry {entry_id}: differs from the stored entry with the same id")]
    ContentDiffers { entry_id: String },
    #[error("entry {entry_id}: op_id {op_id:?} is already used by entry {other}")]
    OpIdReused {
        entry_id: String,
        op_id: String,
        other: String,
    },
    #[error("entry {entry_id}: its balance effects do not follow from its body: {detail}")]
    Forged { entry_id: String, detail: String },
    #[error("entry {entry_id}: {detail}")]
    Signature { entry_id: String, detail: String },
    #[error("storage: {0}")]
    Storage(String),
}

impl ReplicationError {
    /// Refusals that mean someone rewrote history or reused an id: raised as alarms.
    pub fn is_conflict(&self) -> bool {
        matches!(
            self,
            ReplicationError::ContentDiffers { .. } | ReplicationError::OpIdReused { .. }
        )
    }

    /// Refusals that mean someone altered or forged entries: raised as alarms and logged.
    pub fn is_tampering(&self) -> bool {
        matches!(
            self,
            ReplicationError::HashMismatch { .. }
                | ReplicationError::ChainBroken { .. }
                | ReplicationError::Forged { .. }
                | ReplicationError::Signature { .. }
        )
    }

    pub fn code(&self) -> &'static str {
        match self {
            ReplicationError::Malformed { .. } => "malformed",
            ReplicationError::HashMismatch { .. }
            | ReplicationError::Gap { .. }
            | ReplicationError::ChainBroken { .. } => "chain",
            ReplicationError::ContentDiffers { .. } | ReplicationError::OpIdReused { .. } => {
                "conflict"
            }
            ReplicationError::Forged { .. } => "forged",
            ReplicationError::Signature { .. } => "signature",
            ReplicationError::Storage(_) => "storage",
        }
    }

    pub fn entry_id(&self) -> Option<String> {
        match self {
            ReplicationError::Malformed { entry_id, .. }
            | ReplicationError::HashMismatch { entry_id }
            | ReplicationError::ChainBroken { entry_id }
            | ReplicationError::ContentDiffers { entry_id }
            | ReplicationError::Forged { entry_id, .. }
            | ReplicationError::Signature { entry_id, .. }
            | ReplicationError::OpIdReused { entry_id, .. } => Some(entry_id.clone()),
            ReplicationError::Gap {
                terminal, expected, ..
            } => Some(journal::entry_id(terminal, *expected)),
            ReplicationError::Storage(_) => None,
        }
    }
}

#[cfg(feature = "rusqlite")]
impl From<rusqlite::Error> for ReplicationError {
    fn from(e: rusqlite::Error) -> Self {
        ReplicationError::Storage(e.to_string())
    }
}

impl From<OpError> for ReplicationError {
    fn from(e: OpError) -> Self {
        ReplicationError::Storage(e.to_string())
    }
}

/// The zero hash as hex: the tip of a terminal with no entries.
pub fn genesis_hex() -> String {
    hex::encode(GENESIS)
}

/// `GET /v1/status`: what the hub says about itself, for support and `carddesk doctor`
/// (its clock, to measure skew; each terminal's last sync since the hub started).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TerminalStatus {
    pub terminal: String,
    /// The last entry of this terminal the hub holds (0: none).
    pub seq: i64,
    /// When this terminal last pushed entries / pulled, since the hub started (RFC 3339).
    pub last_push: Option<String>,
    pub last_pull: Option<String>,
}
