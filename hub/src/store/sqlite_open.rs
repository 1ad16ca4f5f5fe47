//! Opening the SQLite hub file: owner-only creation, the file check, pragmas and
//! migrations, the hub's own chain.

use std::path::Path;
use std::time::Duration;

use carddesk_data::conflict::HUB_TERMINAL;
use carddesk_data::journal::GENESIS;
use rusqlite::{params, Connection, TransactionBehavior};
use rusqlite_migration::{Migrations, M};

use super::schema::{self, Dialect};
use super::storage::now_text;
use super::HubError;

/// `PRAGMA application_id` of a hub file: "CDHB".
pub const APPLICATION_ID: i32 = 0x4344_4842;

pub(super) fn open_sync(path: &Path) -> Result<Connection, HubError> {
    create_private(path)?;
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(10))?;
    let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
        return Err(HubError::Storage(format!(
            "{}: not a carddesk hub file (application_id {app_id:#x}); refused, left untouched",
            path.display()
        )));
    }
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    let steps = schema::migrations(Dialect::Sqlite);
    let migrations = Migrations::new(steps.iter().map(|s| M::up(s)).collect());
    if let Err(first) = migrations.to_latest(&mut conn) {
        // Another process (`hub enroll` beside `hub serve`) migrated it first.
        match migrations.current_version(&conn) {
            Ok(v) if usize::from(&v) == steps.len() => {}
            _ => return Err(HubError::Storage(format!("migration: {first}"))),
        }
    }
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    // The hub's own chain; its token is random and never given out.
    conn.execute(
        "INSERT OR IGNORE INTO hub_terminals (terminal, token_hash, enrolled_at, tip_seq, tip_hash)
         VALUES (?1, ?2, ?3, 0, ?4)",
        params![
            HUB_TERMINAL,
            &rand::random::<[u8; 32]>()[..],
            now_text(),
            &GENESIS[..]
        ],
    )?;
    Ok(conn)
}

/// A new hub file is readable by its owner only: it holds members' names and phones.
fn create_private(path: &Path) -> Result<(), HubError> {
    if path.exists() {
        return Ok(());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| HubError::Storage(format!("{}: {e}", dir.display())))?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    match opts.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(HubError::Storage(format!("{}: {e}", path.display()))),
    }
}
