//! The checks every receiver makes before it keeps another terminal's entries (the hub
//! on ingest, a terminal when it pulls): fields, the hash chain, soundness of effects,
//! signatures.

use std::collections::HashSet;

use rusqlite::params;

use crate::error::OpError;
use crate::journal::{self, Entry, Hash};
use crate::wire::{valid_terminal, ReplicationError};

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

/// Applies the entries inserted in `conn` after journal row `after_rowid` in HLC order
/// across terminals (an edit of a member registered at another terminal finds the
/// member), each first checked against the entry it reverses ([`check_sound`]). They
/// are read back from the journal in that order, from `min_hlc` (the lowest among
/// them), so memory does not grow with their number; entries of one HLC are taken in
/// (terminal, seq) order.
pub fn apply_inserted(
    conn: &rusqlite::Connection,
    after_rowid: i64,
    min_hlc: i64,
) -> Result<(), ReplicationError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM journal INDEXED BY journal_hlc
         WHERE hlc >= ?2 AND rowid > ?1 ORDER BY hlc",
        journal::COLUMNS
    ))?;
    let mut rows = stmt.query(params![after_rowid, min_hlc])?;
    let mut same_hlc: Vec<Entry> = Vec::new();
    while let Some(row) = rows.next()? {
        let e = journal::from_row(row)?;
        if same_hlc.first().is_some_and(|f| f.hlc != e.hlc) {
            apply_all(conn, &mut same_hlc)?;
        }
        same_hlc.push(e);
    }
    apply_all(conn, &mut same_hlc)
}

fn apply_all(
    conn: &rusqlite::Connection,
    entries: &mut Vec<Entry>,
) -> Result<(), ReplicationError> {
    entries.sort_by(|a, b| (&a.terminal, a.seq).cmp(&(&b.terminal, b.seq)));
    for e in entries.drain(..) {
        check_sound(conn, &e)?;
        crate::apply::apply(conn, &e).map_err(|err| ReplicationError::Malformed {
            entry_id: e.id(),
            detail: format!("cannot be applied: {err}"),
        })?;
    }
    Ok(())
}

/// Each of a terminal's new entries, in seq order, is signed with the key its chain
/// published (`known`: the one already held), see [`crate::signing`].
pub fn check_signatures(known: Option<&str>, entries: &[Entry]) -> Result<(), ReplicationError> {
    let refused = |e: &Entry, detail: String| ReplicationError::Signature {
        entry_id: e.id(),
        detail,
    };
    let mut claims = crate::signatures::Claims::default();
    let mut known = known.map(str::to_string);
    // What each entry claims, up to the first that cannot be right; then the arithmetic
    // of those before it, all at once. The first entry refused is the one named.
    let mut malformed = None;
    for (at, e) in entries.iter().enumerate() {
        match claims.add(known.as_deref(), e, at) {
            Ok(key) => known = key,
            Err(detail) => {
                malformed = Some(refused(e, detail));
                break;
            }
        }
    }
    if let Err(at) = claims.verify() {
        return Err(ReplicationError::Signature {
            entry_id: entries.get(at).map(Entry::id).unwrap_or_default(),
            detail: crate::signatures::DOES_NOT_VERIFY.to_string(),
        });
    }
    malformed.map_or(Ok(()), Err)
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
