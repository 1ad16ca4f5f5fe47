//! Opening and creating the book: file checks, pragmas, migrations. Opening never
//! creates: a missing path, an empty file, a file that is not a carddesk database, or
//! one written by a newer carddesk, is refused before anything is written.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::lang::Lang;
use crate::text::FileMsg;
use rusqlite_migration::{Migrations, M};

/// `PRAGMA application_id` of a carddesk book: "CDSK".
pub const APPLICATION_ID: i32 = 0x4344_534B;

const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_journal_members.sql"),
    include_str!("migrations/002_counter.sql"),
    include_str!("migrations/003_shifts.sql"),
    include_str!("migrations/004_conflicts.sql"),
    include_str!("migrations/005_lww_ties.sql"),
    include_str!("migrations/006_book_secret.sql"),
    include_str!("migrations/007_signatures.sql"),
    include_str!("migrations/008_notices.sql"),
    include_str!("migrations/009_rewards.sql"),
    include_str!("migrations/010_partial_books.sql"),
    include_str!("migrations/011_name_list_index.sql"),
    include_str!("migrations/012_company_accounts.sql"),
    include_str!("migrations/013_credential_value_index.sql"),
    include_str!("migrations/014_credential_member_index.sql"),
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
    #[error("{path}: no book here (nothing was created)")]
    Missing { path: PathBuf },
    #[error("{path}: a file is already there; a new book is only made where there is none")]
    Exists { path: PathBuf },
    #[error("{path}: an empty file, not a carddesk book (refused, file left untouched)")]
    Empty { path: PathBuf },
    #[error("{path}: not a SQLite database (refused, file left untouched)")]
    NotADatabase { path: PathBuf },
    #[error("{path}: a SQLite database of another program (application id {found:#x}); refused, file left untouched")]
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

/// Opens the existing book at `path`, with WAL, synchronous=FULL, foreign keys and a
/// busy timeout so two carddesk processes on one file wait for each other. A missing
/// file is refused ([`OpenError::Missing`]): only [`create`] makes a book.
pub fn open_connection(path: &Path) -> Result<Connection, OpenError> {
    // Several processes opening a book at once (the counter, `carddesk op` from a PMS,
    // the daily job) can meet SQLITE_BUSY where SQLite does not call the busy handler
    // (switching to WAL, a read upgraded to a write while another process migrates).
    // Those are momentary: try again for up to the busy timeout.
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

/// Makes a new, empty book at `path` and opens it; refuses if any file is there. The
/// book is built under a temporary name beside it and linked into place whole, so the
/// path never holds a half-made book and two creators cannot both win.
pub fn create(path: &Path) -> Result<Connection, OpenError> {
    let io = |source| OpenError::Io {
        path: path.to_path_buf(),
        source,
    };
    if path.symlink_metadata().is_ok() {
        return Err(OpenError::Exists {
            path: path.to_path_buf(),
        });
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.new-{}", std::process::id()));
    let built = build_new(&tmp);
    let placed = built.and_then(|()| match std::fs::hard_link(&tmp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(OpenError::Exists {
            path: path.to_path_buf(),
        }),
        // A file system without hard links: the check above has to do.
        Err(_) if path.symlink_metadata().is_err() => std::fs::rename(&tmp, path).map_err(io),
        Err(e) => Err(io(e)),
    });
    let _ = std::fs::remove_file(&tmp);
    placed?;
    open_connection(path)
}

/// The schema and the application id, in a new private file at `tmp`.
fn build_new(tmp: &Path) -> Result<(), OpenError> {
    let sqlite = |source| OpenError::Sqlite {
        path: tmp.to_path_buf(),
        source,
    };
    create_private(tmp)?;
    let mut conn = Connection::open(tmp).map_err(sqlite)?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(sqlite)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)
        .map_err(sqlite)?;
    migrate(&mut conn).map_err(|e| OpenError::Migration {
        path: tmp.to_path_buf(),
        message: e.to_string(),
    })?;
    conn.close().map_err(|(_, e)| sqlite(e))
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

    /// The refusal in the operator's language, naming the file and what to do.
    pub fn message(&self, lang: Lang) -> String {
        let given = |p: &Path| p.display().to_string();
        let shown = |p: &Path| {
            std::path::absolute(p)
                .unwrap_or_else(|_| p.to_path_buf())
                .display()
                .to_string()
        };
        match self {
            OpenError::Missing { path } => FileMsg::BookMissing { shown: shown(path) },
            OpenError::Exists { path } => FileMsg::BookExists {
                path: given(path),
                shown: shown(path),
            },
            OpenError::Empty { path } => FileMsg::BookEmpty {
                path: given(path),
                shown: shown(path),
            },
            OpenError::NotADatabase { path } => FileMsg::BookNotADatabase {
                path: given(path),
                shown: shown(path),
            },
            OpenError::Foreign { path, found } => FileMsg::BookForeign {
                path: given(path),
                shown: shown(path),
                found: *found,
            },
            OpenError::TooNew {
                path,
                found,
                supported,
            } => FileMsg::BookTooNew {
                path: given(path),
                shown: shown(path),
                found: *found,
                supported: *supported,
            },
            OpenError::Io { path, source } => FileMsg::BookIo {
                path: given(path),
                shown: shown(path),
                detail: source.to_string(),
            },
            OpenError::Sqlite { path, source } => FileMsg::BookSqlite {
                path: given(path),
                shown: shown(path),
                detail: source.to_string(),
            },
            OpenError::Migration { path, message } => FileMsg::BookMigration {
                path: given(path),
                shown: shown(path),
                detail: message.clone(),
            },
        }
        .get(lang)
    }
}

fn open_once(path: &Path) -> Result<Connection, OpenError> {
    let sqlite = |source| OpenError::Sqlite {
        path: path.to_path_buf(),
        source,
    };
    inspect_existing(path)?;
    // No CREATE flag: a book removed since the look above is not silently remade.
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(sqlite)?;
    conn.busy_timeout(Duration::from_secs(10)).map_err(sqlite)?;
    // The header may lag the WAL: ask SQLite too before migrating anything.
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(sqlite)?;
    if version > schema_version() {
        return Err(OpenError::TooNew {
            path: path.to_path_buf(),
            found: version,
            supported: schema_version(),
        });
    }
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(sqlite)?;
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(sqlite)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(sqlite)?;
    // A statement in a long transaction (an ingest) journals each page it changes;
    // SQLite spills that statement journal to a temporary file, a quarter of an
    // ingest's time in pwrite. In memory it costs no syscall, and member data never
    // lands in an unnamed temporary file.
    conn.pragma_update(None, "temp_store", "MEMORY")
        .map_err(sqlite)?;
    migrate(&mut conn).map_err(|e| OpenError::Migration {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
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
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path).map(drop).map_err(|source| OpenError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads the file's 100-byte SQLite header, without SQLite (which could create `-wal`
/// and `-shm` files beside a foreign database), and refuses anything but a carddesk
/// book this build can open.
fn inspect_existing(path: &Path) -> Result<(), OpenError> {
    let path_buf = || path.to_path_buf();
    let len = match std::fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(OpenError::Missing { path: path_buf() })
        }
        Err(source) => {
            return Err(OpenError::Io {
                path: path_buf(),
                source,
            })
        }
    };
    if len == 0 {
        return Err(OpenError::Empty { path: path_buf() });
    }
    let mut header = [0u8; 100];
    {
        use std::io::Read;
        let mut f = std::fs::File::open(path).map_err(|source| OpenError::Io {
            path: path_buf(),
            source,
        })?;
        if f.read_exact(&mut header).is_err() || &header[..16] != b"SQLite format 3\0" {
            return Err(OpenError::NotADatabase { path: path_buf() });
        }
    }
    let field = |at: usize| {
        i32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let (app_id, version) = match (field(68), wal_beside(path)) {
        // A book whose last writer stopped before a checkpoint may hold its id only in
        // the WAL; that WAL is already there, so SQLite may read it.
        (0, true) => ids_through_sqlite(path)?,
        (id, _) => (id, i64::from(field(60))),
    };
    if app_id != APPLICATION_ID {
        return Err(OpenError::Foreign {
            path: path_buf(),
            found: app_id,
        });
    }
    if version > schema_version() {
        return Err(OpenError::TooNew {
            path: path_buf(),
            found: version,
            supported: schema_version(),
        });
    }
    Ok(())
}

/// Whether a non-empty `-wal` file is beside `path`.
fn wal_beside(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(wal).is_ok_and(|m| m.len() > 0)
}

/// The application id and schema version as SQLite sees them, WAL included.
fn ids_through_sqlite(path: &Path) -> Result<(i32, i64), OpenError> {
    let sqlite = |source| OpenError::Sqlite {
        path: path.to_path_buf(),
        source,
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(sqlite)?;
    let app_id = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(sqlite)?;
    let version = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(sqlite)?;
    Ok((app_id, version))
}
