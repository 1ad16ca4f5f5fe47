//! The state tables on SQLite (see [`super::state`]): read and written row by row inside
//! the caller's transaction, which SQLite's single writer already makes the only one.

use carddesk_data::conflict::HUB_TERMINAL;
use rusqlite::{params_from_iter, Connection, OptionalExtension, ToSql};

use super::ledger::rows::{Change, Rows, Ty, Val, TABLES};
use super::schema::Dialect;
use super::state;
use super::HubError;

/// The rows of `members`, and the hold of `op_id` whichever member's it is.
pub fn load(tx: &Connection, members: &[String], op_id: Option<&str>) -> Result<Rows, HubError> {
    let mut rows = Rows::new();
    for table in 0..TABLES.len() {
        let mut stmt = tx.prepare_cached(&state::select(Dialect::Sqlite, table))?;
        for m in members {
            read(&mut stmt, table, m, &mut rows)?;
        }
    }
    if let Some(op_id) = op_id {
        let table = super::ledger::rows::HOLDS;
        let mut stmt = tx.prepare_cached(&state::select_hold(Dialect::Sqlite))?;
        read(&mut stmt, table, op_id, &mut rows)?;
    }
    Ok(rows)
}

fn read(
    stmt: &mut rusqlite::CachedStatement<'_>,
    table: usize,
    param: &str,
    rows: &mut Rows,
) -> Result<(), HubError> {
    let t = &TABLES[table];
    let types = state::types(t);
    let mut q = stmt.query([param])?;
    while let Some(r) = q.next()? {
        let mut key = Vec::new();
        let mut vals = Vec::new();
        for (i, ty) in types.iter().enumerate() {
            if i < t.keys.len() {
                key.push(r.get::<_, String>(i)?);
            } else {
                vals.push(match ty {
                    Ty::Int => Val::Int(r.get(i)?),
                    Ty::Text => Val::Text(r.get(i)?),
                });
            }
        }
        rows.insert((table, key), vals);
    }
    Ok(())
}

pub fn apply(tx: &Connection, changes: &[Change]) -> Result<(), HubError> {
    for c in changes {
        match c {
            Change::Put((table, key), vals) => {
                let mut stmt = tx.prepare_cached(&state::put(Dialect::Sqlite, *table))?;
                let params: Vec<&dyn ToSql> = key
                    .iter()
                    .map(|k| k as &dyn ToSql)
                    .chain(vals.iter().map(|v| match v {
                        Val::Int(i) => i as &dyn ToSql,
                        Val::Text(t) => t as &dyn ToSql,
                    }))
                    .collect();
                stmt.execute(params_from_iter(params))?;
            }
            Change::Delete((table, key)) => {
                let mut stmt = tx.prepare_cached(&state::delete(Dialect::Sqlite, *table))?;
                stmt.execute(params_from_iter(key.iter()))?;
            }
        }
    }
    Ok(())
}

/// The clock of the hub's last own entry.
pub fn hub_hlc(tx: &Connection) -> Result<i64, HubError> {
    Ok(tx
        .prepare_cached(
            "SELECT hlc FROM hub_entries WHERE terminal = ?1 ORDER BY seq DESC LIMIT 1",
        )?
        .query_row([HUB_TERMINAL], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

/// Whether the state tables hold the entries stored before they existed.
pub fn built(c: &Connection) -> Result<bool, HubError> {
    let n: i64 = c.query_row("SELECT count(*) FROM hub_state_built", [], |r| r.get(0))?;
    Ok(n > 0)
}
