//! Backup and restore. A backup is taken with SQLite's online backup API in one step:
//! one read transaction over a WAL book, so it is a consistent snapshot and writers
//! (the counter, a sync) go on meanwhile. It is written to a temporary file in the
//! target's folder, created owner-only, synced and renamed, so a backup file is either
//! whole or absent and never readable by others (see `files`).
//! A restore is refused unless the file passes `verify`.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags};

use crate::book::Book;
use crate::error::OpError;
use crate::files::{self, FileError};
use crate::ops::Terminal;

fn io(what: &str, path: &Path, e: std::io::Error) -> OpError {
    OpError::Storage(format!("{what} {}: {e}", path.display()))
}

fn sync_file(path: &Path) -> Result<(), OpError> {
    fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| io("cannot sync", path, e))
}

impl Book {
    /// Copies the book to `dest` while others may write; an existing `dest` is replaced
    /// only with `force`, and never when it is this book or a hub store. Returns the
    /// size in bytes.
    pub fn backup_to(&self, dest: &Path, force: bool) -> Result<u64, FileError> {
        files::check_output(dest, self.path(), force)?;
        // Created owner-only (or with the replaced file's mode) before SQLite writes a
        // page into it; SQLite gives its -journal the same mode.
        let staged = files::staging(dest)?;
        let sqlite = |e: rusqlite::Error| FileError::Write {
            path: dest.to_path_buf(),
            message: e.to_string(),
        };
        {
            let mut target = Connection::open(staged.path()).map_err(sqlite)?;
            {
                let backup =
                    rusqlite::backup::Backup::new(self.conn(), &mut target).map_err(sqlite)?;
                // -1: every page in one step, i.e. under one read snapshot. Small steps
                // would restart whenever another process writes, and might never end.
                backup.step(-1).map_err(sqlite)?;
            }
            // A backup is one self-contained file: no -wal beside it.
            target
                .pragma_update(None, "journal_mode", "DELETE")
                .map_err(sqlite)?;
            target.close().map_err(|(_, e)| sqlite(e))?;
        }
        files::publish(staged, dest, force)?;
        fs::metadata(dest)
            .map(|m| m.len())
            .map_err(|e| FileError::io(dest, e))
    }
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Restored {
    pub entries: u64,
    pub members: u64,
    /// The book that was replaced, kept beside it (None when there was none).
    pub previous: Option<PathBuf>,
}

/// Why a restore was refused; the book was not touched.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("{0}")]
    Unusable(String),
    #[error("the backup fails verification; the book was not touched:\n{0}")]
    FailsVerify(String),
    #[error(transparent)]
    Op(#[from] OpError),
}

/// Replaces the book at `book_path` with the backup `from`, after checking a copy of
/// the backup with `verify`. The replaced book is kept as `NAME.before-restore-STAMP`.
/// No carddesk may have the book open meanwhile (close the counter first).
pub fn restore(
    from: &Path,
    book_path: &Path,
    terminal: Terminal,
    stamp: &str,
) -> Result<Restored, RestoreError> {
    if !from.is_file() {
        return Err(RestoreError::Unusable(format!(
            "{}: no such file",
            from.display()
        )));
    }
    // Work on a copy in the book's folder: the backup itself is never written to, and
    // the final rename is atomic.
    let staged = files::staging(book_path).map_err(|e| RestoreError::Unusable(e.to_string()))?;
    let tmp = staged.path().to_path_buf();
    let checked = (|| -> Result<(u64, u64), RestoreError> {
        {
            let source = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)
                .map_err(|e| RestoreError::Unusable(format!("{}: {e}", from.display())))?;
            let mut target = Connection::open(&tmp).map_err(OpError::from)?;
            let backup =
                rusqlite::backup::Backup::new(&source, &mut target).map_err(OpError::from)?;
            backup
                .step(-1)
                .map_err(|e| RestoreError::Unusable(format!("{}: {e}", from.display())))?;
        }
        let book = Book::open(&tmp, terminal, Box::new(crate::clock::SystemClock))
            .map_err(|e| RestoreError::Unusable(e.to_string()))?;
        let report = book.verify()?;
        if !report.is_clean() {
            let mut text: Vec<String> = report
                .problems
                .iter()
                .map(|p| format!("PROBLEM: {p}"))
                .collect();
            if report.unlisted > 0 {
                text.push(format!("... and {} more problems", report.unlisted));
            }
            return Err(RestoreError::FailsVerify(text.join("\n")));
        }
        let members = book.count_members()?;
        let entries: i64 = book
            .conn()
            .query_row("SELECT count(*) FROM journal", [], |r| r.get(0))
            .map_err(OpError::from)?;
        book.conn()
            .pragma_update(None, "journal_mode", "DELETE")
            .map_err(OpError::from)?;
        drop(book);
        sync_file(&tmp)?;
        Ok((entries as u64, members))
    })();
    let (entries, members) = match checked {
        Ok(v) => v,
        Err(e) => {
            remove_db(&tmp);
            return Err(e);
        }
    };
    let previous = if book_path.exists() {
        let kept = book_path.with_file_name(format!(
            "{}.before-restore-{stamp}",
            book_path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default()
        ));
        // Fold the old book's WAL into it first: a stale -wal next to the restored file
        // would be replayed into it.
        let old = Connection::open(book_path).map_err(OpError::from)?;
        old.pragma_update(None, "journal_mode", "DELETE")
            .map_err(|e| {
                RestoreError::Unusable(format!(
                    "{}: cannot take it out of WAL mode ({e}); is a carddesk still running on it?",
                    book_path.display()
                ))
            })?;
        drop(old);
        fs::hard_link(book_path, &kept)
            .or_else(|_| fs::copy(book_path, &kept).map(|_| ()))
            .map_err(|e| io("cannot keep the old book as", &kept, e))?;
        Some(kept)
    } else {
        None
    };
    files::publish(staged, book_path, true).map_err(|e| RestoreError::Unusable(e.to_string()))?;
    Ok(Restored {
        entries,
        members,
        previous,
    })
}

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = fs::remove_file(PathBuf::from(p));
    }
}

/// What the daily backup did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Daily {
    /// The backup written today, or None when today's already existed.
    pub written: Option<PathBuf>,
    /// Backups older than `keep` days, removed.
    pub removed: Vec<PathBuf>,
}

/// The daily job: `DIR/carddesk-YYYY-MM-DD.db` once per local day `today`, and the
/// backups dated more than `keep_days` before today removed. Only files named that
/// way are ever removed. Safe to run any number of times a day.
pub fn daily(
    book: &Book,
    dir: &Path,
    keep_days: u32,
    today: NaiveDate,
) -> Result<Daily, FileError> {
    files::create_private_dir(dir)?;
    let target = dir.join(format!("carddesk-{today}.db"));
    let written = if target.exists() {
        None
    } else {
        book.backup_to(&target, false)?;
        Some(target)
    };
    let oldest_kept = today - chrono::Days::new(u64::from(keep_days.max(1)) - 1);
    let mut removed = Vec::new();
    let listing = fs::read_dir(dir).map_err(|e| FileError::io(dir, e))?;
    for item in listing.flatten() {
        let name = item.file_name().to_string_lossy().to_string();
        let day = name
            .strip_prefix("carddesk-")
            .and_then(|s| s.strip_suffix(".db"))
            .and_then(|d| d.parse::<NaiveDate>().ok());
        if day.is_some_and(|d| d < oldest_kept) {
            fs::remove_file(item.path()).map_err(|e| FileError::io(&item.path(), e))?;
            removed.push(item.path());
        }
    }
    removed.sort();
    Ok(Daily { written, removed })
}
