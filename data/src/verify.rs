//! `carddesk verify`: every terminal's sequence is gap-free and its hash chain holds,
//! and every projection table equals the fold of the journal. Problems are reported
//! precisely: which entry, which table, which key, which column, expected vs found.

use std::path::Path;

use rusqlite::types::Value;
use rusqlite::{params, Connection};

use crate::error::OpError;
use crate::journal::{self, Hash, GENESIS};
use crate::signatures::{Claims, DOES_NOT_VERIFY};

/// Projection tables and their keys. `op_results` is not a projection (it is local).
pub const PROJECTIONS: &[(&str, &[&str])] = &[
    ("members", &["member_no"]),
    ("credentials", &["kind", "value"]),
    ("operators", &["operator_id"]),
    ("accounts", &["member_no"]),
    ("points_lots", &["lot"]),
    ("coupons", &["code"]),
    ("count_cards", &["card"]),
    ("activity", &["entry_id"]),
    ("conflicts", &["conflict_id"]),
];

pub use crate::findings::{Problem, Report};

pub fn verify(conn: &Connection, path: &Path) -> Result<Report, OpError> {
    let mut report = Report::default();
    let partial: bool = conn
        .query_row("SELECT count(*) FROM book_scope WHERE partial", [], |r| {
            r.get::<_, i64>(0)
        })
        .map(|n| n > 0)?;
    check_chains(conn, partial, &mut report)?;
    if partial {
        check_key_entries(conn, &mut report)?;
    }
    let rebuilt = rebuild(conn, &mut report)?;
    compare(&rebuilt, path, &mut report)?;
    check_answers(conn, &mut report)?;
    crate::answers::check(conn, &mut report)?;
    crate::verify_schema::check(&rebuilt, path, &mut report)?;
    Ok(report)
}

/// The key this book's own chain published is the one in this terminal's key file:
/// someone holding the book but not the key file could otherwise rewrite a chain not
/// yet on the hub from its first signed entry on, under a key of their own.
pub fn check_own_key(
    conn: &Connection,
    terminal: &str,
    key_file_public: &str,
    report: &mut Report,
) -> Result<(), OpError> {
    if let Some(published) = crate::signing::published_key(conn, terminal)? {
        if published != key_file_public {
            report.push(Problem::SignatureInvalid {
                entry_id: terminal.to_string(),
                detail: format!(
                    "this chain is signed with key {}…, not this terminal's key file's {}…",
                    &published[..12],
                    &key_file_public[..12.min(key_file_public.len())]
                ),
            });
        }
    }
    Ok(())
}

/// Each chain: seq gap-free from 1 (a partial book's may have gaps: then the link is
/// checked wherever two held entries are consecutive), each hash recomputed, each
/// signature checked with the key the chain published (a partial book: the key its
/// terminal published, from the journal or `key_entries`).
fn check_chains(conn: &Connection, partial: bool, report: &mut Report) -> Result<(), OpError> {
    let sql = format!(
        "SELECT {} FROM journal ORDER BY terminal, seq",
        journal::COLUMNS
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut current: Option<(String, i64, Hash)> = None;
    // The key the current terminal's chain published so far.
    let mut key: Option<String> = None;
    // The signatures still to verify, and their entries' ids.
    let mut signatures = Claims::default();
    let mut ids: Vec<String> = Vec::new();
    // A partial book: the key its terminal published, and the seq of that entry.
    let mut published: Option<(i64, String)> = None;
    while let Some(row) = rows.next()? {
        let e = journal::from_row(row)?;
        report.entries += 1;
        let (expected_seq, prev) = match &current {
            Some((t, seq, hash)) if *t == e.terminal => (seq + 1, *hash),
            other => {
                if let Some((t, seq, _)) = other {
                    report.terminals.push((t.clone(), *seq));
                }
                key = None;
                if partial {
                    published = crate::partial::known_key(conn, &e.terminal)?;
                }
                (1, GENESIS)
            }
        };
        if partial && e.seq != expected_seq {
            key = published
                .as_ref()
                .filter(|(seq, _)| e.seq > *seq)
                .map(|(_, k)| k.clone());
        }
        // What the signature claims now; its arithmetic with the window's (below).
        let kept = signatures.len();
        match signatures.add(key.as_deref(), &e, ids.len()) {
            Ok(None) if e.terminal != crate::conflict::HUB_TERMINAL => {
                match report.unsigned_legacy.last_mut() {
                    Some((t, n)) if *t == e.terminal => *n += 1,
                    _ => report.unsigned_legacy.push((e.terminal.clone(), 1)),
                }
            }
            Ok(k) => key = k,
            Err(detail) => report.push(Problem::SignatureInvalid {
                entry_id: e.id(),
                detail,
            }),
        }
        if signatures.len() > kept {
            ids.push(e.id());
        }
        if ids.len() == SIGNATURE_WINDOW {
            verify_window(&mut signatures, &mut ids, report);
        }
        if e.seq != expected_seq && partial {
            // A gap of a partial book: entries of members it does not hold.
        } else if e.seq != expected_seq {
            report.push(Problem::SequenceGap {
                terminal: e.terminal.clone(),
                expected: expected_seq,
                found: e.seq,
            });
        } else if e.prev_hash != prev {
            report.push(Problem::ChainBroken { entry_id: e.id() });
        }
        if e.computed_hash() != e.hash {
            report.push(Problem::ContentChanged { entry_id: e.id() });
        }
        current = Some((e.terminal.clone(), e.seq, e.hash));
    }
    if let Some((t, seq, _)) = current {
        report.terminals.push((t, seq));
    }
    verify_window(&mut signatures, &mut ids, report);
    Ok(())
}

/// Signatures verified together (see [`crate::signatures`]): enough for every core's
/// batches, few enough to keep a book's worth out of memory.
const SIGNATURE_WINDOW: usize = 8192;

/// Verifies the window's signatures, reports each that does not hold, and empties it.
fn verify_window(signatures: &mut Claims, ids: &mut Vec<String>, report: &mut Report) {
    for at in signatures.failures() {
        if let Some(id) = ids.get(at) {
            report.push(Problem::SignatureInvalid {
                entry_id: id.clone(),
                detail: DOES_NOT_VERIFY.to_string(),
            });
        }
    }
    signatures.clear();
    ids.clear();
}

/// A partial book's kept key entries: each hash recomputed, each signature verifying
/// with the key it publishes, and the same entry as the journal's where it holds it.
fn check_key_entries(conn: &Connection, report: &mut Report) -> Result<(), OpError> {
    let sql = format!(
        "SELECT {} FROM key_entries ORDER BY terminal",
        journal::COLUMNS
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let k = journal::from_row(row)?;
        if k.computed_hash() != k.hash {
            report.push(Problem::ContentChanged { entry_id: k.id() });
        }
        let publishes = k.sig.as_ref().is_some_and(|s| s.len() == 96);
        match crate::signing::check_signature(None, &k) {
            Ok(Some(_)) if publishes => {}
            Ok(_) => report.push(Problem::SignatureInvalid {
                entry_id: k.id(),
                detail: "kept as a key entry but publishes no key".into(),
            }),
            Err(detail) => report.push(Problem::SignatureInvalid {
                entry_id: k.id(),
                detail,
            }),
        }
        if let Some(held) = journal::by_id(conn, &k.id())? {
            if held != k {
                report.push(Problem::ContentChanged { entry_id: k.id() });
            }
        }
    }
    Ok(())
}

/// Folds the whole journal, in HLC order, into a scratch database with the same schema.
fn rebuild(conn: &Connection, report: &mut Report) -> Result<Connection, OpError> {
    // An empty path is SQLite's private temporary database: it spills to disk, so a
    // million members don't need a million members' worth of memory.
    let mut scratch = Connection::open("")?;
    crate::store::migrations()
        .to_latest(&mut scratch)
        .map_err(|e| OpError::Storage(e.to_string()))?;
    scratch.pragma_update(None, "foreign_keys", "OFF")?;
    let tx = scratch.transaction()?;
    {
        let sql = format!(
            "SELECT {} FROM journal ORDER BY hlc, terminal, seq",
            journal::COLUMNS
        );
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let e = journal::from_row(row)?;
            if let Err(err) = e.parsed_body() {
                report.push(Problem::UnreadableBody {
                    entry_id: e.id(),
                    error: err.to_string(),
                });
                continue;
            }
            // Reported, then folded as recorded: the tables then match and the report
            // names the one entry rather than every balance it moved.
            if let Err(crate::wire::ReplicationError::Forged { entry_id, detail }) =
                crate::chain::check_sound(conn, &e)
            {
                report.push(Problem::EffectsUnsound { entry_id, detail });
            }
            if let Err(err) = crate::apply::apply(&tx, &e) {
                report.push(Problem::ApplyFailed {
                    entry_id: e.id(),
                    error: err.to_string(),
                });
            }
        }
    }
    tx.commit()?;
    Ok(scratch)
}

fn show(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => r.to_string(),
        Value::Text(t) => format!("{t:?}"),
        Value::Blob(b) => hex::encode(b),
    }
}

fn compare(rebuilt: &Connection, path: &Path, report: &mut Report) -> Result<(), OpError> {
    let path = path.to_string_lossy();
    rebuilt.execute("ATTACH DATABASE ?1 AS book", [path.as_ref()])?;
    for (table, keys) in PROJECTIONS {
        let columns: Vec<String> = {
            let mut stmt =
                rebuilt.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
            let names = stmt.query_map([], |r| r.get::<_, String>(0))?;
            names.collect::<Result<_, _>>()?
        };
        let cols = columns.join(", ");
        let key_match = keys
            .iter()
            .map(|k| {
                format!(
                    "{k} = ?{}",
                    1 + keys.iter().position(|x| x == k).unwrap_or(0)
                )
            })
            .collect::<Vec<_>>()
            .join(" AND ");
        report.rows_checked +=
            rebuilt.query_row(&format!("SELECT count(*) FROM main.{table}"), [], |r| {
                r.get::<_, i64>(0)
            })? as u64;
        // Expected rows that the book lacks or has different.
        let mut stmt = rebuilt.prepare(&format!(
            "SELECT {cols} FROM main.{table} EXCEPT SELECT {cols} FROM book.{table}"
        ))?;
        let expected: Vec<Vec<Value>> = stmt
            .query_map([], |r| {
                (0..columns.len()).map(|i| r.get::<_, Value>(i)).collect()
            })?
            .collect::<Result<_, _>>()?;
        let mut lookup = rebuilt.prepare(&format!(
            "SELECT {cols} FROM book.{table} WHERE {key_match}"
        ))?;
        for row in &expected {
            let key_vals: Vec<Value> = keys
                .iter()
                .filter_map(|k| columns.iter().position(|c| c == k))
                .map(|i| row[i].clone())
                .collect();
            let key = key_vals.iter().map(show).collect::<Vec<_>>().join(", ");
            let found: Option<Vec<Value>> = {
                let mut rows = lookup.query(rusqlite::params_from_iter(key_vals.iter()))?;
                match rows.next()? {
                    Some(r) => Some(
                        (0..columns.len())
                            .map(|i| r.get::<_, Value>(i))
                            .collect::<Result<_, _>>()?,
                    ),
                    None => None,
                }
            };
            match found {
                None => report.push(Problem::RowMissing {
                    table: table.to_string(),
                    key,
                }),
                Some(found) => {
                    for (i, column) in columns.iter().enumerate() {
                        if row[i] != found[i] {
                            report.push(Problem::RowDiffers {
                                table: table.to_string(),
                                key: key.clone(),
                                column: column.clone(),
                                expected: show(&row[i]),
                                found: show(&found[i]),
                            });
                        }
                    }
                }
            }
        }
        // Rows in the book that no entry explains.
        let key_cols = keys.join(", ");
        let mut stmt = rebuilt.prepare(&format!(
            "SELECT {key_cols} FROM book.{table} EXCEPT SELECT {key_cols} FROM main.{table}"
        ))?;
        let extra: Vec<Vec<Value>> = stmt
            .query_map([], |r| {
                (0..keys.len()).map(|i| r.get::<_, Value>(i)).collect()
            })?
            .collect::<Result<_, _>>()?;
        for key in extra {
            report.push(Problem::RowUnexplained {
                table: table.to_string(),
                key: key.iter().map(show).collect::<Vec<_>>().join(", "),
            });
        }
    }
    rebuilt.execute("DETACH DATABASE book", [])?;
    Ok(())
}

/// Every answer this terminal gave names an entry that still exists: deleting the last
/// entries of a chain (which leaves no gap) is caught here.
fn check_answers(conn: &Connection, report: &mut Report) -> Result<(), OpError> {
    let mut stmt = conn.prepare(
        "SELECT o.op_id, json_extract(o.result, '$.entry_id'), o.result FROM op_results o
         WHERE NOT EXISTS (SELECT 1 FROM journal j WHERE j.op_id = o.op_id)",
    )?;
    let rows = stmt.query_map(params![], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (op_id, entry_id, result) = row?;
        if crate::bulk_coupons::is_bulk_answer(&result) {
            // A bulk issue has no entry of its own id: its members' entries are checked.
            crate::bulk_coupons::check_answer(conn, &op_id, &result, report)?;
            continue;
        }
        report.push(Problem::AnswerWithoutEntry {
            op_id,
            entry_id: entry_id.unwrap_or_default(),
        });
    }
    Ok(())
}
