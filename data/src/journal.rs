//! Appending to and reading the journal (the entry type and its hash are in
//! model::journal).

pub use carddesk_model::journal::*;

use crate::entry::EntryBody;
use crate::error::OpError;
use crate::hlc;
use rusqlite::{params, Connection, OptionalExtension, Row};

/// The next sequence number and the hash it chains from, for `terminal`.
pub fn chain_tip(conn: &Connection, terminal: &str) -> Result<(i64, Hash), OpError> {
    let tip: Option<(i64, Vec<u8>)> = conn
        .prepare_cached(
            "SELECT seq, hash FROM journal WHERE terminal = ?1 ORDER BY seq DESC LIMIT 1",
        )?
        .query_row([terminal], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match tip {
        None => Ok((1, GENESIS)),
        Some((seq, hash)) => Ok((seq + 1, to_hash(&hash)?)),
    }
}

fn to_hash(b: &[u8]) -> Result<Hash, OpError> {
    b.try_into()
        .map_err(|_| OpError::Storage(format!("journal hash has {} bytes, not 32", b.len())))
}

fn latest_hlc(conn: &Connection) -> Result<i64, OpError> {
    Ok(conn
        .prepare_cached("SELECT max(hlc) FROM journal")?
        .query_row([], |r| r.get::<_, Option<i64>>(0))?
        .unwrap_or(0))
}

/// Appends one entry for this terminal. The caller holds the write transaction, so the
/// sequence and chain tip it reads cannot move under it.
pub fn append(
    conn: &Connection,
    terminal: &str,
    now_ms: i64,
    op_id: &str,
    header: Header,
    body: &EntryBody,
) -> Result<Entry, OpError> {
    let (seq, prev_hash) = chain_tip(conn, terminal)?;
    let hlc = hlc::next(latest_hlc(conn)?, now_ms);
    let mut entry = Entry {
        terminal: terminal.to_string(),
        seq,
        hlc,
        op_id: op_id.to_string(),
        header,
        kind: body.kind(),
        body: serde_json::to_string(body)?,
        prev_hash,
        hash: GENESIS,
        sig: None,
    };
    entry.hash = entry.computed_hash();
    insert(conn, &entry)?;
    Ok(entry)
}

/// Stores an entry exactly as given (also used when applying replicated entries).
pub fn insert(conn: &Connection, e: &Entry) -> Result<(), OpError> {
    Ok(insert_row(conn, e)?)
}

/// [`insert`], with SQLite's own error (a unique violation tells a taken op id).
pub fn insert_row(conn: &Connection, e: &Entry) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO journal (terminal, seq, hlc, op_id, operator, outlet, member_no, kind, body,
                              reversal_of, offline, prev_hash, hash, sig)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(&row_params(e)[..])?;
    Ok(())
}

/// The refusal of `e`, whose insert into `table` (the book's `journal`, the SQLite
/// hub's `hub_entries`) broke the op id's uniqueness: naming the entry holding it.
pub fn op_id_reused(
    conn: &Connection,
    table: &str,
    e: &Entry,
) -> rusqlite::Result<crate::wire::ReplicationError> {
    let other: Option<(String, i64)> = conn
        .prepare_cached(&format!(
            "SELECT terminal, seq FROM {table} WHERE op_id = ?1"
        ))?
        .query_row([&e.op_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(crate::wire::ReplicationError::OpIdReused {
        entry_id: e.id(),
        op_id: e.op_id.clone(),
        other: other.map(|(t, s)| entry_id(&t, s)).unwrap_or_default(),
    })
}

/// An entry's columns, in [`COLUMNS`] order, as SQLite parameters (the book's journal
/// and the SQLite hub store the same row).
pub fn row_params(e: &Entry) -> [&dyn rusqlite::ToSql; 14] {
    [
        &e.terminal,
        &e.seq,
        &e.hlc,
        &e.op_id,
        &e.header.operator,
        &e.header.outlet,
        &e.header.member_no,
        &e.kind,
        &e.body,
        &e.header.reversal_of,
        &e.header.offline,
        &e.prev_hash,
        &e.hash,
        &e.sig,
    ]
}

pub const COLUMNS: &str =
    "terminal, seq, hlc, op_id, operator, outlet, member_no, kind, body, reversal_of, offline, prev_hash, hash, sig";

/// Reads a row selected with [`COLUMNS`].
pub fn from_row(r: &Row) -> rusqlite::Result<Entry> {
    let prev: Vec<u8> = r.get(11)?;
    let hash: Vec<u8> = r.get(12)?;
    let fix = |b: Vec<u8>| -> Hash {
        // A wrong-length hash can only come from tampering; verify reports it as a
        // mismatch because no real hash is all 0xFF.
        b.try_into().unwrap_or([0xFF; 32])
    };
    Ok(Entry {
        terminal: r.get(0)?,
        seq: r.get(1)?,
        hlc: r.get(2)?,
        op_id: r.get(3)?,
        header: Header {
            operator: r.get(4)?,
            outlet: r.get(5)?,
            member_no: r.get(6)?,
            reversal_of: r.get(9)?,
            offline: r.get(10)?,
        },
        kind: r.get(7)?,
        body: r.get(8)?,
        prev_hash: fix(prev),
        hash: fix(hash),
        sig: r.get(13)?,
    })
}

/// The most recent entries about a member, newest first.
pub fn for_member(conn: &Connection, member_no: &str, limit: usize) -> Result<Vec<Entry>, OpError> {
    let sql =
        format!("SELECT {COLUMNS} FROM journal WHERE member_no = ?1 ORDER BY hlc DESC LIMIT ?2");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![member_no, limit as i64], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One entry by its id (`T01-42`).
pub fn by_id(conn: &Connection, id: &str) -> Result<Option<Entry>, OpError> {
    let Some((terminal, seq)) = id.rsplit_once('-') else {
        return Ok(None);
    };
    let Ok(seq) = seq.parse::<i64>() else {
        return Ok(None);
    };
    let sql = format!("SELECT {COLUMNS} FROM journal WHERE terminal = ?1 AND seq = ?2");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![terminal, seq], from_row)
        .optional()?)
}

/// The id of the entry that reversed `id`, if any.
pub fn reversal_of(conn: &Connection, id: &str) -> Result<Option<String>, OpError> {
    Ok(conn
        .prepare_cached(
            "SELECT terminal, seq FROM journal WHERE reversal_of = ?1 ORDER BY hlc LIMIT 1",
        )?
        .query_row([id], |r| Ok(entry_id(&r.get::<_, String>(0)?, r.get(1)?)))
        .optional()?)
}

/// Entries of every terminal older than the HLC `before`, newest first.
pub fn page(conn: &Connection, before: i64, limit: usize) -> Result<Vec<Entry>, OpError> {
    let sql = format!("SELECT {COLUMNS} FROM journal WHERE hlc < ?1 ORDER BY hlc DESC LIMIT ?2");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![before, limit as i64], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}
