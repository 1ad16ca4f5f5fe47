//! Stored answers (`op_results`): the first answer to each request id, so a retried
//! request writes nothing. The row is not trusted: a retry's answer is rebuilt from the
//! journal entry the request wrote (hash-chained, replicated) and the projections
//! (`verify` rebuilds those), and `verify` reports every row that does not match its
//! entry. Only the request's fingerprint is taken from the row.

use rusqlite::{params, Connection, OptionalExtension};

use crate::account;
use crate::entry::EntryBody;
use crate::error::OpError;
use crate::findings::{Problem, Report};
use crate::journal::{self, Entry};
use crate::lookup;
use crate::ops::Outcome;
use crate::EntryId;

/// The op id of the tier upgrade an operation earned, written as its own entry.
pub(crate) fn tier_op_id(op_id: &str) -> String {
    format!("{op_id}#tier")
}

/// The answer to the operation that wrote `entry`, as of the book now. `follow_ups` are
/// the entries written after it in the same transaction.
pub(crate) fn outcome(
    conn: &Connection,
    entry: &Entry,
    body: EntryBody,
    follow_ups: Vec<String>,
    want_outcome: bool,
) -> Result<Outcome, OpError> {
    let member_no = entry.header.member_no.as_deref();
    Ok(Outcome {
        entry_id: entry.id().into(),
        kind: entry.kind,
        replayed: false,
        member: match (member_no, want_outcome) {
            (Some(no), true) => lookup::member(conn, no)?,
            _ => None,
        },
        account: match (member_no, want_outcome) {
            (Some(no), true) if !body.effects().is_empty() => Some(account::account(conn, no)?),
            _ => None,
        },
        detail: want_outcome.then_some(body),
        follow_ups: follow_ups.into_iter().map(EntryId::from).collect(),
    })
}

/// Keeps the first answer to `op_id` and the fingerprint of its request. Only what the
/// journal can confirm is kept (entry, kind, body, follow-ups): the member and balances
/// as they were then are not, as `verify` could not check them.
pub(crate) fn record(
    conn: &Connection,
    op_id: &str,
    fingerprint: &[u8],
    outcome: &Outcome,
) -> Result<(), OpError> {
    let kept = Outcome {
        member: None,
        account: None,
        ..outcome.clone()
    };
    record_json(conn, op_id, fingerprint, &serde_json::to_string(&kept)?)
}

/// Keeps the first answer to `op_id` as written (a bulk issue's, which names no entry
/// of its own id: `check` passes it by, and its retry is rebuilt from its members'
/// entries).
pub(crate) fn record_json(
    conn: &Connection,
    op_id: &str,
    fingerprint: &[u8],
    answer: &str,
) -> Result<(), OpError> {
    conn.prepare_cached(
        "INSERT INTO op_results (op_id, request_hash, result) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![op_id, fingerprint, answer])?;
    Ok(())
}

/// The stored answer to `op_id`, as written.
pub(crate) fn stored_json(conn: &Connection, op_id: &str) -> Result<Option<String>, OpError> {
    Ok(conn
        .prepare_cached("SELECT result FROM op_results WHERE op_id = ?1")?
        .query_row([op_id], |r| r.get(0))
        .optional()?)
}

/// The fingerprint of the request first answered under `op_id`, if any.
pub(crate) fn fingerprint(conn: &Connection, op_id: &str) -> Result<Option<Vec<u8>>, OpError> {
    Ok(conn
        .prepare_cached("SELECT request_hash FROM op_results WHERE op_id = ?1")?
        .query_row([op_id], |r| r.get(0))
        .optional()?)
}

fn entry_of(conn: &Connection, op_id: &str) -> Result<Option<Entry>, OpError> {
    let sql = format!("SELECT {} FROM journal WHERE op_id = ?1", journal::COLUMNS);
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([op_id], journal::from_row)
        .optional()?)
}

/// The entries an operation wrote after its own in its transaction (a tier upgrade,
/// rewards): those whose op id is the operation's followed by `#`, in the order written.
pub(crate) fn follow_ups_of(conn: &Connection, op_id: &str) -> Result<Vec<String>, OpError> {
    // '#' .. '$': every op id that starts with "<op_id>#" (the op id index finds them).
    let mut stmt = conn.prepare_cached(
        "SELECT terminal, seq FROM journal WHERE op_id > ?1 || '#' AND op_id < ?1 || '$'
         ORDER BY terminal, seq",
    )?;
    let rows = stmt.query_map([op_id], |r| {
        Ok(journal::entry_id(&r.get::<_, String>(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The answer to a repeated request, rebuilt from the entry it wrote.
pub(crate) fn replay(
    conn: &Connection,
    op_id: &str,
    want_outcome: bool,
) -> Result<Outcome, OpError> {
    let entry = entry_of(conn, op_id)?.ok_or_else(|| {
        OpError::Storage(format!(
            "request {op_id} was answered before but its entry is not in the journal; run `carddesk verify`"
        ))
    })?;
    let body = entry.parsed_body()?;
    let follow_ups = follow_ups_of(conn, op_id)?;
    let mut outcome = outcome(conn, &entry, body, follow_ups, want_outcome)?;
    outcome.replayed = true;
    Ok(outcome)
}

/// `verify`: every stored answer names the entry its request wrote, with that entry's
/// kind, body, member and follow-ups. (The balances in an answer are as they were then;
/// a retry shows them as they are now, from the projections `verify` rebuilds.)
pub(crate) fn check(conn: &Connection, report: &mut Report) -> Result<(), OpError> {
    // The entry's columns first, as `journal::from_row` reads them.
    let sql = format!(
        "SELECT {cols}, o.op_id, o.result
         FROM op_results o
         JOIN journal j ON j.op_id = o.op_id",
        cols = journal::COLUMNS
            .split(", ")
            .map(|c| format!("j.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let after = journal::COLUMNS.split(", ").count();
    while let Some(row) = rows.next()? {
        let entry = journal::from_row(row)?;
        let op_id: String = row.get(after)?;
        let stored: String = row.get(after + 1)?;
        let follow_ups = follow_ups_of(conn, &op_id)?;
        for (field, expected, found) in differences(&entry, follow_ups, &stored) {
            report.push(Problem::AnswerDiffers {
                op_id: op_id.clone(),
                field,
                expected,
                found,
            });
        }
    }
    Ok(())
}

/// The fields of a stored answer that disagree with the journal: (field, journal, row).
fn differences(
    entry: &Entry,
    follow_ups: Vec<String>,
    stored: &str,
) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut differs = |field: &str, expected: String, found: String| {
        if expected != found {
            out.push((field.to_string(), expected, found));
        }
    };
    let answer: Outcome = match serde_json::from_str(stored) {
        Ok(a) => a,
        Err(e) => {
            differs("result", "an answer".into(), format!("unreadable ({e})"));
            return out;
        }
    };
    differs("entry_id", entry.id(), answer.entry_id.to_string());
    differs("kind", entry.kind.to_string(), answer.kind.to_string());
    differs("follow_ups", json(&follow_ups), json(&answer.follow_ups));
    if let Some(detail) = &answer.detail {
        match entry.parsed_body() {
            Ok(body) => differs("detail", json(&body), json(detail)),
            Err(e) => differs("detail", format!("unreadable ({e})"), json(detail)),
        }
    }
    let member_no = entry.header.member_no.clone().unwrap_or_default();
    if let Some(m) = &answer.member {
        differs("member.member_no", member_no.clone(), m.member_no.clone());
    }
    if let Some(a) = &answer.account {
        differs("account.member_no", member_no, a.member_no.clone());
    }
    out
}

/// JSON text of what is compared, for the report.
fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}
