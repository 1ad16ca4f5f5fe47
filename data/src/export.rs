//! `carddesk export`: members (the import's columns, so an export imports again) and
//! the journal, as CSV. Rows are streamed: a million members never sit in memory.

use std::io::Write;

use rusqlite::params;

use crate::book::Book;
use crate::error::OpError;
use crate::import::{COLUMNS, EXPORT_ONLY};
use crate::journal;
use crate::money::from_cents;

fn csv_error(e: csv::Error) -> OpError {
    OpError::Storage(format!("cannot write the CSV: {e}"))
}

/// Writes every member with their active cards and codes (`;`-separated) and balances.
/// Returns how many members were written.
pub fn members(book: &Book, out: impl Write) -> Result<u64, OpError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS.iter().chain(EXPORT_ONLY))
        .map_err(csv_error)?;
    let creds = |kind: &str| {
        format!(
            "(SELECT group_concat(value, ';') FROM credentials c
              WHERE c.member_no = m.member_no AND c.kind = '{kind}' AND c.status = 'active')"
        )
    };
    let sql = format!(
        "SELECT m.member_no, m.name, m.phone, m.gender, m.birthday, m.id_doc, {}, {}, m.tier,
                coalesce(a.principal, 0), coalesce(a.bonus, 0), coalesce(a.points, 0), m.notes,
                m.status, m.outlet, m.registered_at
         FROM members m LEFT JOIN accounts a ON a.member_no = m.member_no
         ORDER BY m.member_no",
        creds("card"),
        creds("code")
    );
    let conn = book.conn();
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let text = |i: usize| -> rusqlite::Result<String> {
            Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default())
        };
        let record = [
            text(0)?,
            text(1)?,
            text(2)?,
            text(3)?,
            text(4)?,
            text(5)?,
            text(6)?,
            text(7)?,
            text(8)?,
            from_cents(r.get(9)?).to_string(),
            from_cents(r.get(10)?).to_string(),
            r.get::<_, i64>(11)?.to_string(),
            text(12)?,
            text(13)?,
            text(14)?,
            text(15)?,
        ];
        w.write_record(&record).map_err(csv_error)?;
        n += 1;
    }
    w.flush()
        .map_err(|e| OpError::Storage(format!("cannot write the CSV: {e}")))?;
    Ok(n)
}

/// Writes every journal entry in HLC order, with its body as JSON and its hash in hex,
/// so the export can be checked against the book. Returns how many entries.
pub fn journal(book: &Book, out: impl Write) -> Result<u64, OpError> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "entry_id",
        "time",
        "hlc",
        "op_id",
        "operator",
        "outlet",
        "member_no",
        "kind",
        "reversal_of",
        "offline",
        "body",
        "prev_hash",
        "hash",
    ])
    .map_err(csv_error)?;
    let sql = format!("SELECT {} FROM journal ORDER BY hlc", journal::COLUMNS);
    let conn = book.conn();
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params![], journal::from_row)?;
    let rules = &book.terminal().rules;
    let mut n = 0;
    for e in rows {
        let e = e?;
        let time = chrono::DateTime::from_timestamp_millis(crate::hlc::millis(e.hlc))
            .map(|t| rules.local(t).format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default();
        w.write_record([
            e.id(),
            time,
            e.hlc.to_string(),
            e.op_id.clone(),
            e.header.operator.clone(),
            e.header.outlet.clone(),
            e.header.member_no.clone().unwrap_or_default(),
            e.kind.to_string(),
            e.header.reversal_of.clone().unwrap_or_default(),
            u8::from(e.header.offline).to_string(),
            e.body.clone(),
            hex::encode(e.prev_hash),
            hex::encode(e.hash),
        ])
        .map_err(csv_error)?;
        n += 1;
    }
    w.flush()
        .map_err(|e| OpError::Storage(format!("cannot write the CSV: {e}")))?;
    Ok(n)
}
