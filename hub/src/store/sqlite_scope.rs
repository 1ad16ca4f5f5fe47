//! Scopes on the SQLite hub: the member index written in a push's transaction, the
//! scoped pull (from one read transaction) and the fetch of members whole.

use std::collections::BTreeMap;

use carddesk_data::journal::{self, Entry};
use carddesk_data::replication::Scope;
use rusqlite::{params, Connection, TransactionBehavior};

use super::schema::ENTRY_COLS;
use super::scope::{windows, IndexRows, ScopedPage, FETCH_MEMBERS};
use super::HubError;

/// Adds a batch's rows to `hub_members` and `hub_credentials` (a row already there
/// stays: a member's home is where it was registered).
pub(super) fn write_index(tx: &Connection, rows: &IndexRows) -> Result<(), HubError> {
    let mut home =
        tx.prepare_cached("INSERT OR IGNORE INTO hub_members (member_no, outlet) VALUES (?1, ?2)")?;
    // Entries that came before their member's registration get its home now.
    let mut arrived = tx.prepare_cached(
        "UPDATE hub_entries SET home = (SELECT outlet FROM hub_members WHERE member_no = ?1)
         WHERE member_no = ?1 AND home IS NULL",
    )?;
    for (m, o) in &rows.homes {
        home.execute(params![m, o])?;
        arrived.execute([m])?;
    }
    let mut cred = tx.prepare_cached(
        "INSERT OR IGNORE INTO hub_credentials (value, member_no) VALUES (?1, ?2)",
    )?;
    for (v, m) in &rows.credentials {
        cred.execute(params![v, m])?;
    }
    Ok(())
}

/// Entries of the scope after `after`, terminal by terminal: those naming no member,
/// those of members registered at the scope's outlets (every member when it names
/// none) and those of the followed members. Each terminal is read in growing
/// [`windows`] until the page is full; `positions` says how far.
pub(super) fn pull_scoped(
    c: &mut Connection,
    after: &BTreeMap<String, i64>,
    exclude: Option<&str>,
    limit: usize,
    scope: &Scope,
) -> Result<ScopedPage, HubError> {
    let tx = c.transaction_with_behavior(TransactionBehavior::Deferred)?;
    let terminals: Vec<(String, i64)> = {
        let mut stmt =
            tx.prepare_cached("SELECT terminal, tip_seq FROM hub_terminals ORDER BY terminal")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let follow = serde_json::to_string(&scope.follow).unwrap_or_else(|_| "[]".into());
    // The homes to read: the scope's outlets and '' (entries naming no member).
    let mut homes: Vec<&str> = scope.outlets.iter().map(String::as_str).collect();
    homes.push("");
    let homes = serde_json::to_string(&homes).unwrap_or_else(|_| "[\"\"]".into());
    let whole = scope.outlets.is_empty();
    let mut page = ScopedPage::default();
    {
        // Read through `hub_entries_home` (terminal, home, seq) and, for the followed
        // members, `hub_entries_member`: only the scope's entries, not the chain's.
        // Named, since the planner, seeing `ORDER BY seq LIMIT`, would rather walk the
        // key (terminal, seq) past every other outlet's entries.
        let mut stmt = tx.prepare_cached(&if whole {
            format!(
                "SELECT {ENTRY_COLS} FROM hub_entries
                 WHERE terminal = ?1 AND seq > ?2 AND seq <= ?3 ORDER BY seq LIMIT ?6"
            )
        } else {
            format!(
                "SELECT {ENTRY_COLS} FROM hub_entries INDEXED BY hub_entries_home
                 WHERE terminal = ?1 AND home IN (SELECT value FROM json_each(?4))
                   AND seq > ?2 AND seq <= ?3
                 UNION ALL
                 SELECT {ENTRY_COLS} FROM hub_entries INDEXED BY hub_entries_member
                 WHERE member_no IN (SELECT value FROM json_each(?5)) AND terminal = ?1
                   AND seq > ?2 AND seq <= ?3
                   AND (home IS NULL OR home NOT IN (SELECT value FROM json_each(?4)))
                 ORDER BY seq LIMIT ?6"
            )
        })?;
        for (t, tip) in terminals {
            if exclude == Some(t.as_str()) {
                continue;
            }
            let from = after.get(&t).copied().unwrap_or(0);
            if tip <= from {
                continue;
            }
            if page.entries.len() == limit {
                page.more = true;
                break;
            }
            let mut reached = from;
            let mut full = false;
            for (lo, hi) in windows(from, tip) {
                let room = limit - page.entries.len();
                let rows = stmt.query_map(
                    params![t, lo, hi, homes, follow, room as i64],
                    journal::from_row,
                )?;
                let before = page.entries.len();
                for row in rows {
                    page.entries.push(row?);
                }
                full = page.entries.len() - before == room;
                reached = match (full, page.entries.last()) {
                    (true, Some(last)) => last.seq,
                    _ => hi,
                };
                if full {
                    break;
                }
            }
            page.positions.insert(t, reached);
            if full || reached < tip {
                page.more = true;
            }
            if full {
                break;
            }
        }
    }
    tx.commit()?;
    Ok(page)
}

/// The members whose credential value or member no. is one of `values`, and every
/// entry of theirs (by terminal, then seq), from one read transaction.
pub(super) fn fetch(
    c: &mut Connection,
    values: &[String],
) -> Result<(Vec<String>, Vec<Entry>), HubError> {
    let tx = c.transaction_with_behavior(TransactionBehavior::Deferred)?;
    let values = serde_json::to_string(values).unwrap_or_else(|_| "[]".into());
    let members: Vec<String> = {
        let mut stmt = tx.prepare_cached(
            "SELECT member_no FROM hub_credentials WHERE value IN (SELECT value FROM json_each(?1))
             UNION SELECT member_no FROM hub_members WHERE member_no IN (SELECT value FROM json_each(?1))
             ORDER BY 1 LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![values, FETCH_MEMBERS as i64], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut entries = Vec::new();
    {
        let mut stmt = tx.prepare_cached(&format!(
            "SELECT {ENTRY_COLS} FROM hub_entries WHERE member_no = ?1 ORDER BY terminal, seq"
        ))?;
        for m in &members {
            for row in stmt.query_map([m], journal::from_row)? {
                entries.push(row?);
            }
        }
    }
    tx.commit()?;
    entries.sort_by(|a, b| (&a.terminal, a.seq).cmp(&(&b.terminal, b.seq)));
    Ok((members, entries))
}
