//! Opening the book: file checks, pragmas, migrations. A file that is not a carddesk
//! database, or one written by a newer carddesk, is refused before anything is written.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{Migrations, M};

/// `PRAGMA application_id` of a carddesk book: "CDSK".
pub const APPLICATION_ID: i32 = 0x4344_534B;

const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_journal_members.sql"),
    include_str!("migrations/002_counter.sql"),
    include_str!("migrations/003_shifts.sql"),
    include_str!("migrations/004_conflicts.sql"),
    include_str!("migrations/005_lww_ties.sql"),
    include_str!("migrations/006_signatures.sql"),
];

pub fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

/// The schema version this build writes.
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{path}: not a SQLite database (refused, file left untouched)")]
    NotADatabase { path: PathBuf },
    #[error("{path}: a SQLite database of another program (application_id {found:#x}); refused, file left untouched")]
    Foreign { path: PathBuf, found: i32 },
    #[error("{path}: written by a newer carddesk (schema {found}, this build knows up to {supported}); refused, file left untouched — upgrade carddesk")]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{path}: migration failed: {message}")]
    Migration { path: PathBuf, message: String },
}

/// Opens (creating if needed) the book at `path`, with WAL, synchronous=FULL, foreign
/// keys and a busy timeout so two carddesk processes on one file wait for each other.
pub fn open_connection(path: &Path) -> Result<Connection, OpenError> {
    // Several processes opening a new book at once (the counter, `carddesk op` from a
    // PMS, the daily job) can meet SQLITE_BUSY where SQLite does not call the busy
    // handler (switching a new file to WAL, a read upgraded to a write while another
    // process migrates). Those are momentary: try again for up to the busy timeout.
    let started = std::time::Instant::now();
    loop {
        match open_once(path) {
            Err(e) if e.is_busy() && started.elapsed() < Duration::from_secs(10) => {
                std::thread::sleep(Duration::from_millis(25));
            }
            other => return other,
        }
    }
}

impl OpenError {
    fn is_busy(&self) -> bool {
        match self {
            OpenError::Sqlite { source, .. } => matches!(
                source.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ),
            OpenError::Migration { message, .. } => message.contains("database is locked"),
            _ => false,
        }
    }
}

fn open_once(path: &Path) -> Result<Connection, OpenError> {
    let sqlite = |source| OpenError::Sqlite {
        path: path.to_path_buf(),
        source,
    };
    inspect_existing(path)?;
    create_private(path)?;
    let mut conn = Connection::open(path).map_err(sqlite)?;
    conn.busy_timeout(Duration::from_secs(10)).map_err(sqlite)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(sqlite)?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(sqlite)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(sqlite)?;
    migrate(&mut conn).map_err(|e| OpenError::Migration {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .map_err(sqlite)?;
    Ok(conn)
}

/// Brings the book to the latest schema. rusqlite_migration reads the version before it
/// opens its transaction, so two processes opening a new book at once may both try the
/// same step: the immediate transaction makes the second wait, its step then fails on
/// the tables the first created, and the book is found already at the latest version.
fn migrate(conn: &mut Connection) -> Result<(), rusqlite_migration::Error> {
    conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
    let migrations = migrations();
    match migrations.to_latest(conn) {
        Ok(()) => Ok(()),
        Err(first) => match migrations.current_version(conn) {
            Ok(v) if usize::from(&v) == MIGRATIONS.len() => Ok(()),
            _ => Err(first),
        },
    }
}

/// New books are created readable by their owner only: they hold phone numbers and
/// ID-document numbers.
fn create_private(path: &Path) -> Result<(), OpenError> {
    if path.exists() {
        return Ok(());
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
        Err(source) => Err(OpenError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Looks at an existing file read-only and refuses it if it isn't ours or is too new.
fn inspect_existing(path: &Path) -> Result<(), OpenError> {
    let io = |source| OpenError::Io {
        path: path.to_path_buf(),
        source,
    };
    let len = match std::fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io(e)),
    };
    if len == 0 {
        return Ok(());
    }
    let mut header = [0u8; 16];
    {
        use std::io::Read;
        let mut f = std::fs::File::open(path).map_err(io)?;
        if f.read_exact(&mut header).is_err() || &header != b"SQLite format 3\0" {
            return Err(OpenError::NotADatabase {
                path: path.to_path_buf(),
            });
        }
    }
    let sqlite = |source| OpenError::Sqlite {
        path: path.to_path_buf(),
        source,
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(sqlite)?;
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(sqlite)?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(sqlite)?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(sqlite)?;
    if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
        return Err(OpenError::Foreign {
            path: path.to_path_buf(),
            found: app_id,
        });
    }
    if version > schema_version() {
        return Err(OpenError::TooNew {
            path: path.to_path_buf(),
            found: version,
            supported: schema_version(),
        });
    }
    Ok(())
}
