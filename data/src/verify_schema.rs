//! `verify`: the book's schema is the one its migrations make. A trigger, view, table or
//! index added to a book (a trigger could rewrite balances on every insert, unseen by
//! the journal) or a changed definition is reported.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::Connection;

use crate::error::OpError;
use crate::findings::{Problem, Report};

/// `rebuilt` is a fresh database with every migration applied.
pub(crate) fn check(rebuilt: &Connection, book: &Path, report: &mut Report) -> Result<(), OpError> {
    rebuilt.execute(
        "ATTACH DATABASE ?1 AS book",
        [book.to_string_lossy().as_ref()],
    )?;
    let result = (|| {
        let expected = objects(rebuilt, "main")?;
        let found = objects(rebuilt, "book")?;
        for (name, sql) in &expected {
            match found.get(name) {
                None => report.push(Problem::SchemaDiffers {
                    object: name.clone(),
                    expected: sql.clone(),
                    found: "nothing".into(),
                }),
                Some(f) if f != sql => report.push(Problem::SchemaDiffers {
                    object: name.clone(),
                    expected: sql.clone(),
                    found: f.clone(),
                }),
                Some(_) => {}
            }
        }
        for (name, sql) in &found {
            if !expected.contains_key(name) {
                report.push(Problem::SchemaDiffers {
                    object: name.clone(),
                    expected: "nothing".into(),
                    found: sql.clone(),
                });
            }
        }
        Ok::<(), OpError>(())
    })();
    rebuilt.execute("DETACH DATABASE book", [])?;
    result
}

/// "type name" → its SQL, SQLite's own objects (sqlite_*) left out.
fn objects(conn: &Connection, schema: &str) -> Result<BTreeMap<String, String>, OpError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT type, name, coalesce(sql, '') FROM {schema}.sqlite_schema
         WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok((
            format!("{} {}", r.get::<_, String>(0)?, r.get::<_, String>(1)?),
            r.get::<_, String>(2)?,
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
