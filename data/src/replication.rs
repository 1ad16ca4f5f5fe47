//! Replication: the wire form of journal entries, the checks every receiver makes (the
//! hub on ingest, a terminal when it pulls), and `Book::ingest_remote`, which brings other
//! terminals' entries into this book. Entries travel exactly as stored: the hash covers
//! every field, so a receiver recomputes it with [`Entry::computed_hash`] and checks each
//! terminal's sequence and chain before it keeps anything.
//!
//! Wire protocol 1 (JSON over HTTP, see the README section "Replication"):
//! `GET /v1/health`, `GET /v1/tips`, `POST /v1/entries` ([`PushRequest`] →
//! [`PushReply`]) and `GET /v1/entries?after=T01:5,T02:9&exclude=T03&limit=N`
//! ([`PullReply`]). Errors are [`ErrorReply`] with a stable code. Later protocol
//! additions (online authorization, conflicts) are new paths under `/v1`.

use std::collections::{BTreeMap, HashSet};

use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};

use crate::book::Book;
use crate::error::OpError;
use crate::journal::{self, Entry, Hash, Header, GENESIS};

pub const PROTOCOL: u32 = 1;

/// One journal entry on the wire. `body` is the exact stored text; hashes are hex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
            kind: e.kind.clone(),
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
            kind: w.kind,
            body: w.body,
        })
    }
}

/// A terminal's last entry as the hub holds it (seq 0 and the zero hash: none yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tip {
    pub seq: i64,
    pub hash: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Health {
    pub service: String,
    pub protocol: u32,
    pub store: String,
    pub capabilities: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TipsReply {
    pub tips: BTreeMap<String, Tip>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    pub terminal: String,
    pub entries: Vec<WireEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PushReply {
    /// New entries stored.
    pub accepted: u64,
    /// Re-sent entries identical to stored ones (no-ops).
    pub duplicates: u64,
    pub tip: Tip,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PullReply {
    /// Ordered by terminal, then seq; each terminal's run continues its cursor position.
    pub entries: Vec<WireEntry>,
    /// True when the limit cut the answer short: ask again from the new positions.
    pub more: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorReply {
    pub error: WireError,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
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

    pub fn message_zh(&self) -> String {
        match self {
            ReplicationError::Malformed { entry_id, detail } => {
                format!("流水 {entry_id} 格式错误：{detail}")
            }
            ReplicationError::HashMismatch { entry_id } => {
                format!("流水 {entry_id} 的内容与其哈希不符")
            }
            ReplicationError::Gap {
                terminal,
                expected,
                found,
            } => format!("终端 {terminal} 的序号应为 {expected}，收到 {found}（缺失或乱序）"),
            ReplicationError::ChainBroken { entry_id } => {
                format!("流水 {entry_id} 的前序哈希接不上链")
            }
            ReplicationError::ContentDiffers { entry_id } => {
                format!("流水 {entry_id} 与已存的同号流水内容不同")
            }
            ReplicationError::OpIdReused {
                entry_id,
                op_id,
                other,
            } => format!("流水 {entry_id} 的请求编号 {op_id} 已被流水 {other} 使用"),
            ReplicationError::Forged { entry_id, detail } => {
                format!("流水 {entry_id} 的余额变动与其内容不符（疑似伪造）：{detail}")
            }
            ReplicationError::Signature { entry_id, detail } => {
                format!("流水 {entry_id} 的签名无效（疑似篡改或伪造）：{detail}")
            }
            ReplicationError::Storage(m) => format!("存储错误：{m}"),
        }
    }
}

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

/// True when two entries are the same entry: every field, hashes included.
pub fn same_entry(a: &Entry, b: &Entry) -> bool {
    a == b
}

/// Checks one terminal's new entries (all of `terminal`, in order) against the tip they
/// must continue: hashes recomputed, seq gap-free from `tip_seq + 1`, chain continuing
/// from `tip_hash`, op ids not repeated inside the batch.
pub fn check_chain(
    terminal: &str,
    tip_seq: i64,
    tip_hash: &Hash,
    entries: &[Entry],
) -> Result<(), ReplicationError> {
    let mut prev = *tip_hash;
    let mut ops = HashSet::with_capacity(entries.len());
    for (expected, e) in (tip_seq + 1..).zip(entries) {
        if e.terminal != terminal {
            return Err(ReplicationError::Malformed {
                entry_id: e.id(),
                detail: format!("not an entry of terminal {terminal}"),
            });
        }
        check_fields(e)?;
        if e.seq != expected {
            return Err(ReplicationError::Gap {
                terminal: terminal.to_string(),
                expected,
                found: e.seq,
            });
        }
        if e.computed_hash() != e.hash {
            return Err(ReplicationError::HashMismatch { entry_id: e.id() });
        }
        if e.prev_hash != prev {
            return Err(ReplicationError::ChainBroken { entry_id: e.id() });
        }
        if !ops.insert(e.op_id.as_str()) {
            return Err(ReplicationError::OpIdReused {
                entry_id: e.id(),
                op_id: e.op_id.clone(),
                other: "(same batch)".into(),
            });
        }
        prev = e.hash;
    }
    Ok(())
}

/// Field sanity that the hash cannot give: ids and sizes a receiver will store.
pub fn check_fields(e: &Entry) -> Result<(), ReplicationError> {
    let bad = |detail: &str| ReplicationError::Malformed {
        entry_id: e.id(),
        detail: detail.to_string(),
    };
    if !valid_terminal(&e.terminal) {
        return Err(bad("terminal id is 1 to 32 letters, digits or _"));
    }
    if e.seq < 1 {
        return Err(bad("seq starts at 1"));
    }
    if e.op_id.is_empty() || e.op_id.len() > 200 {
        return Err(bad("op_id is 1 to 200 characters"));
    }
    if e.body.len() > 1_000_000 {
        return Err(bad("body over 1 MB"));
    }
    Ok(())
}

/// Splits a batch of one terminal into re-sent entries (seq ≤ tip) and new ones.
pub fn split_resent(entries: &[Entry], tip_seq: i64) -> (&[Entry], &[Entry]) {
    let n = entries.iter().take_while(|e| e.seq <= tip_seq).count();
    entries.split_at(n)
}

/// What `Book::ingest_remote` did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IngestReport {
    /// New entries inserted and applied.
    pub applied: u64,
    /// Entries this book already had (identical), and this terminal's own entries.
    pub skipped: u64,
}

impl Book {
    /// This terminal's entries after `after_seq`, oldest first, at most `limit`.
    pub fn own_entries_after(&self, after_seq: i64, limit: usize) -> Result<Vec<Entry>, OpError> {
        entries_after(self.conn(), &self.terminal().id, after_seq, limit)
    }

    /// Per terminal, the last seq and hash this book holds (every terminal, this one too).
    pub fn positions(&self) -> Result<BTreeMap<String, (i64, Hash)>, OpError> {
        let mut stmt = self.conn().prepare(
            "SELECT j.terminal, j.seq, j.hash FROM journal j
             JOIN (SELECT terminal, max(seq) AS seq FROM journal GROUP BY terminal) t
               ON t.terminal = j.terminal AND t.seq = j.seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Vec<u8>>(2)?,
            ))
        })?;
        let mut out = BTreeMap::new();
        for row in rows {
            let (t, seq, hash) = row?;
            out.insert(
                t,
                (seq, Hash::try_from(hash.as_slice()).unwrap_or([0xFF; 32])),
            );
        }
        Ok(out)
    }

    /// Brings entries of other terminals into this book, in one transaction: each remote
    /// terminal's sequence and hash chain must continue what the book holds, an entry
    /// the book already has must be identical, and an op id must not be taken by another
    /// entry. New entries are inserted, then applied in HLC order (so a member registered
    /// elsewhere exists before an edit of it is applied). This terminal's own entries
    /// coming back are skipped. All or nothing: a refusal writes nothing.
    pub fn ingest_remote(&mut self, entries: Vec<Entry>) -> Result<IngestReport, ReplicationError> {
        let own = self.terminal().id.clone();
        let mut report = IngestReport::default();
        let mut by_terminal: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
        for e in entries {
            if e.terminal == own {
                report.skipped += 1;
            } else {
                by_terminal.entry(e.terminal.clone()).or_default().push(e);
            }
        }
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut fresh: Vec<Entry> = Vec::new();
        for (terminal, mut batch) in by_terminal {
            batch.sort_by_key(|e| e.seq);
            batch.dedup_by(|a, b| a == b);
            let (next, tip_hash) = journal::chain_tip(&tx, &terminal)?;
            let (resent, new) = split_resent(&batch, next - 1);
            for e in resent {
                match journal::by_id(&tx, &e.id())? {
                    Some(stored) if same_entry(&stored, e) => report.skipped += 1,
                    _ => return Err(ReplicationError::ContentDiffers { entry_id: e.id() }),
                }
            }
            check_chain(&terminal, next - 1, &tip_hash, new)?;
            check_signatures(
                crate::signing::published_key(&tx, &terminal)?.as_deref(),
                new,
            )?;
            for e in new {
                let other: Option<(String, i64)> = tx
                    .prepare_cached("SELECT terminal, seq FROM journal WHERE op_id = ?1")?
                    .query_row(params![e.op_id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                if let Some((t, s)) = other {
                    return Err(ReplicationError::OpIdReused {
                        entry_id: e.id(),
                        op_id: e.op_id.clone(),
                        other: journal::entry_id(&t, s),
                    });
                }
                journal::insert(&tx, e)?;
            }
            fresh.extend_from_slice(new);
        }
        fresh.sort_by(|a, b| (a.hlc, &a.terminal, a.seq).cmp(&(b.hlc, &b.terminal, b.seq)));
        for e in &fresh {
            check_sound(&tx, e)?;
        }
        for e in &fresh {
            crate::apply::apply(&tx, e).map_err(|err| ReplicationError::Malformed {
                entry_id: e.id(),
                detail: format!("cannot be applied: {err}"),
            })?;
        }
        tx.commit()?;
        report.applied = fresh.len() as u64;
        Ok(report)
    }
}

/// [`crate::integrity::check_entry`] against the entry a reversal names, read from
/// `conn` (where a batch being ingested is already inserted).
pub fn check_sound(conn: &rusqlite::Connection, e: &Entry) -> Result<(), ReplicationError> {
    let original = match &e.header.reversal_of {
        Some(id) => journal::by_id(conn, id)?,
        None => None,
    };
    crate::integrity::check_entry(e, original.as_ref()).map_err(|detail| ReplicationError::Forged {
        entry_id: e.id(),
        detail,
    })
}

/// Each of a terminal's new entries, in seq order, is signed with the key its chain
/// published (`known`: the one already held), see [`crate::signing`].
pub fn check_signatures(known: Option<&str>, entries: &[Entry]) -> Result<(), ReplicationError> {
    let mut known = known.map(str::to_string);
    for e in entries {
        known = crate::signing::check_signature(known.as_deref(), e).map_err(|detail| {
            ReplicationError::Signature {
                entry_id: e.id(),
                detail,
            }
        })?;
    }
    Ok(())
}

pub fn entries_after(
    conn: &rusqlite::Connection,
    terminal: &str,
    after_seq: i64,
    limit: usize,
) -> Result<Vec<Entry>, OpError> {
    let sql = format!(
        "SELECT {} FROM journal WHERE terminal = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
        journal::COLUMNS
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![terminal, after_seq, limit as i64],
        journal::from_row,
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The zero hash as hex: the tip of a terminal with no entries.
pub fn genesis_hex() -> String {
    hex::encode(GENESIS)
}
