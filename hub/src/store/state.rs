//! The SQL of the state tables ([`super::ledger::rows`]), spelled per dialect: a working
//! set's rows read by member (and a hold by its op id, which may be another member's),
//! written back as upserts and deletes. SQLite runs them row by row under its single
//! writer; PostgreSQL reads with `= ANY($1)` and writes a table's rows in one statement
//! over `UNNEST` arrays, after locking the members' balance rows (`FOR UPDATE`, in member
//! order, so two batches never wait on each other in a circle).

use super::ledger::rows::{StateTable, Ty, HOLDS, TABLES};
use super::schema::Dialect;

fn columns(t: &StateTable) -> Vec<&'static str> {
    t.keys
        .iter()
        .copied()
        .chain(t.cols.iter().map(|(c, _)| *c))
        .collect()
}

/// The types of a table's columns, keys (text) first.
pub fn types(t: &StateTable) -> Vec<Ty> {
    t.keys
        .iter()
        .map(|_| Ty::Text)
        .chain(t.cols.iter().map(|(_, ty)| *ty))
        .collect()
}

/// A table's rows of the members bound as the first parameter (one member on SQLite, an
/// array on PostgreSQL).
pub fn select(dialect: Dialect, table: usize) -> String {
    let t = &TABLES[table];
    let filter = match dialect {
        Dialect::Sqlite => "member_no = ?1",
        Dialect::Postgres => "member_no = ANY($1)",
    };
    format!(
        "SELECT {} FROM {} WHERE {filter}",
        columns(t).join(", "),
        t.name
    )
}

/// The hold of an op id, whichever member's it is.
pub fn select_hold(dialect: Dialect) -> String {
    let t = &TABLES[HOLDS];
    let p = match dialect {
        Dialect::Sqlite => "?1",
        Dialect::Postgres => "$1",
    };
    format!(
        "SELECT {} FROM {} WHERE op_id = {p}",
        columns(t).join(", "),
        t.name
    )
}

/// Inserts or replaces rows: one row of `?` parameters on SQLite, `UNNEST` of one array
/// per column on PostgreSQL.
pub fn put(dialect: Dialect, table: usize) -> String {
    let t = &TABLES[table];
    let cols = columns(t);
    let source = match dialect {
        Dialect::Sqlite => format!(
            "VALUES ({})",
            (1..=cols.len())
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Dialect::Postgres => format!(
            "SELECT * FROM UNNEST({})",
            types(t)
                .iter()
                .enumerate()
                .map(|(i, ty)| format!("${}::{}[]", i + 1, pg_type(*ty)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let on_conflict = if t.cols.is_empty() {
        "DO NOTHING".to_string()
    } else {
        format!(
            "DO UPDATE SET {}",
            t.cols
                .iter()
                .map(|(c, _)| format!("{c} = excluded.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    // "WHERE true" lets SQLite parse ON CONFLICT after a SELECT; PostgreSQL accepts it.
    let source = match dialect {
        Dialect::Sqlite => source,
        Dialect::Postgres => format!("{source} WHERE true"),
    };
    format!(
        "INSERT INTO {} ({}) {source} ON CONFLICT ({}) {on_conflict}",
        t.name,
        cols.join(", "),
        t.keys.join(", ")
    )
}

/// Deletes rows by key.
pub fn delete(dialect: Dialect, table: usize) -> String {
    let t = &TABLES[table];
    match dialect {
        Dialect::Sqlite => format!(
            "DELETE FROM {} WHERE {}",
            t.name,
            t.keys
                .iter()
                .enumerate()
                .map(|(i, k)| format!("{k} = ?{}", i + 1))
                .collect::<Vec<_>>()
                .join(" AND ")
        ),
        Dialect::Postgres => format!(
            "DELETE FROM {} WHERE ({}) IN (SELECT * FROM UNNEST({}))",
            t.name,
            t.keys.join(", "),
            (1..=t.keys.len())
                .map(|i| format!("${i}::text[]"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn pg_type(ty: Ty) -> &'static str {
    match ty {
        Ty::Text => "text",
        Ty::Int => "int8",
    }
}
