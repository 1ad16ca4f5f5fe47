//! The checks a partial book puts pulled and fetched entries through (the book takes
//! them in `book/partial.rs`). Its chains have gaps (entries
//! of members it does not hold), so a gap-free sequence cannot be checked; what stands
//! in for it: every entry's hash is recomputed, its signature checked with the key its
//! terminal published (kept in `key_entries` when the journal does not hold the entry
//! that published it), and where the entry before or after it is held the chain link
//! between them is checked. Entries are inserted and applied in HLC order in one
//! transaction; a refusal writes nothing.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use crate::chain::check_fields;
use crate::error::OpError;
use crate::journal::{self, Entry, Hash, GENESIS};
use crate::signatures::Claims;
use crate::wire::ReplicationError;

const KEY_SIG_LEN: usize = 96;

/// The key `terminal` published, and the seq of the entry that published it: from the
/// journal, else from `key_entries`.
pub fn known_key(conn: &Connection, terminal: &str) -> Result<Option<(i64, String)>, OpError> {
    let from = |table: &str| -> Result<Option<(i64, Vec<u8>)>, OpError> {
        Ok(conn
            .prepare_cached(&format!(
                "SELECT seq, sig FROM {table} WHERE terminal = ?1 AND length(sig) = 96
                 ORDER BY seq LIMIT 1"
            ))?
            .query_row([terminal], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    };
    let found = match from("journal")? {
        Some(k) => Some(k),
        None => from("key_entries")?,
    };
    Ok(found.map(|(seq, sig)| (seq, hex::encode(&sig[..32]))))
}

/// Keeps the entry that published a terminal's key, after checking its hash and that
/// its signature verifies with the key it publishes; a key other than the one already
/// known for that terminal is refused.
pub fn store_key(conn: &Connection, k: &Entry) -> Result<(), ReplicationError> {
    let refused = |detail: String| ReplicationError::Signature {
        entry_id: k.id(),
        detail,
    };
    check_fields(k)?;
    if k.computed_hash() != k.hash {
        return Err(ReplicationError::HashMismatch { entry_id: k.id() });
    }
    if k.sig.as_ref().map(Vec::len) != Some(KEY_SIG_LEN) {
        return Err(refused("does not publish a key".into()));
    }
    let key = crate::signing::check_signature(None, k)
        .map_err(refused)?
        .ok_or_else(|| refused("does not publish a key".into()))?;
    match known_key(conn, &k.terminal)? {
        Some((seq, known)) if known != key || seq != k.seq => Err(refused(format!(
            "terminal {} already published another key ({}…)",
            k.terminal,
            &known[..12]
        ))),
        Some(_) => Ok(()),
        None => {
            conn.prepare_cached(&format!(
                "INSERT INTO key_entries ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                journal::COLUMNS
            ))?
            .execute(&journal::row_params(k)[..])?;
            Ok(())
        }
    }
}

/// The hash of `terminal`'s entry `seq` if the journal holds it.
fn held_hash(conn: &Connection, terminal: &str, seq: i64) -> Result<Option<Hash>, OpError> {
    let h: Option<Vec<u8>> = conn
        .prepare_cached("SELECT hash FROM journal WHERE terminal = ?1 AND seq = ?2")?
        .query_row(params![terminal, seq], |r| r.get(0))
        .optional()?;
    Ok(h.and_then(|h| Hash::try_from(h.as_slice()).ok()))
}

fn held_prev(conn: &Connection, terminal: &str, seq: i64) -> Result<Option<Hash>, OpError> {
    let h: Option<Vec<u8>> = conn
        .prepare_cached("SELECT prev_hash FROM journal WHERE terminal = ?1 AND seq = ?2")?
        .query_row(params![terminal, seq], |r| r.get(0))
        .optional()?;
    Ok(h.and_then(|h| Hash::try_from(h.as_slice()).ok()))
}

/// Checks one entry of a partial chain against what is held around it: its hash, the
/// links to the held entries before and after it, what its signature claims. The
/// signature itself joins `claims`, numbered `at`, to be verified with the page's.
pub(crate) fn check_partial(
    conn: &Connection,
    e: &Entry,
    batch: &HashMap<(String, i64), Hash>,
    keys: &mut HashMap<String, Option<(i64, String)>>,
    claims: &mut Claims,
    at: usize,
) -> Result<(), ReplicationError> {
    check_fields(e)?;
    if e.computed_hash() != e.hash {
        return Err(ReplicationError::HashMismatch { entry_id: e.id() });
    }
    let before = match batch.get(&(e.terminal.clone(), e.seq - 1)) {
        Some(h) => Some(*h),
        None if e.seq == 1 => Some(GENESIS),
        None => held_hash(conn, &e.terminal, e.seq - 1)?,
    };
    if before.is_some_and(|h| h != e.prev_hash) {
        return Err(ReplicationError::ChainBroken { entry_id: e.id() });
    }
    if held_prev(conn, &e.terminal, e.seq + 1)?.is_some_and(|p| p != e.hash) {
        return Err(ReplicationError::ChainBroken {
            entry_id: journal::entry_id(&e.terminal, e.seq + 1),
        });
    }
    let key = match keys.get(&e.terminal) {
        Some(k) => k.clone(),
        None => {
            let k = known_key(conn, &e.terminal)?;
            keys.insert(e.terminal.clone(), k.clone());
            k
        }
    };
    let known = key
        .as_ref()
        .filter(|(seq, _)| e.seq > *seq)
        .map(|(_, k)| k.as_str());
    let signed = claims
        .add(known, e, at)
        .map_err(|detail| ReplicationError::Signature {
            entry_id: e.id(),
            detail,
        })?;
    match (signed, key) {
        (Some(new), Some((_, old))) if new != old => {
            return Err(ReplicationError::Signature {
                entry_id: e.id(),
                detail: format!("terminal {} published a second key", e.terminal),
            });
        }
        // The entry publishing its terminal's key, first seen here: in force after it.
        (Some(new), None) => {
            keys.insert(e.terminal.clone(), Some((e.seq, new)));
        }
        _ => {}
    }
    Ok(())
}
