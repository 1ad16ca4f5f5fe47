//! What is said about files: outputs refused or failed, a book that cannot be opened,
//! files others can read. Each language says them in `<language>/file_msg.rs`.

/// A message about a file, with its path as the operator gave it (`path`) and, where
/// a language names it in full, as an absolute path (`shown`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileMsg {
    /// An output onto the open book or its -wal/-shm.
    OutputIsBook { path: String },
    /// An output onto a hub store.
    OutputIsHubStore { path: String },
    /// An output onto an existing file without --force.
    OutputExists { path: String },
    /// An output onto something that is not a file.
    OutputNotAFile { path: String },
    /// An output that could not be written.
    OutputFailed { path: String, detail: String },
    /// No book at the path (nothing created).
    BookMissing { shown: String },
    /// `init` onto an existing file.
    BookExists { path: String, shown: String },
    /// An empty file, not a book.
    BookEmpty { path: String, shown: String },
    /// Not a SQLite database.
    BookNotADatabase { path: String, shown: String },
    /// Another program's SQLite database.
    BookForeign {
        path: String,
        shown: String,
        found: i32,
    },
    /// Written by a newer carddesk.
    BookTooNew {
        path: String,
        shown: String,
        found: i64,
        supported: i64,
    },
    /// The book cannot be read or written.
    BookIo {
        path: String,
        shown: String,
        detail: String,
    },
    /// SQLite failed on the book.
    BookSqlite {
        path: String,
        shown: String,
        detail: String,
    },
    /// The book's schema upgrade failed.
    BookMigration {
        path: String,
        shown: String,
        detail: String,
    },
    /// A member-data file or folder readable by group or others.
    LooseMode {
        path: String,
        mode: u32,
        fix: &'static str,
    },
}

impl FileMsg {
    /// This message in the operator's language.
    pub fn get(&self, lang: crate::Lang) -> String {
        lang.texts().file_msg(self)
    }
}
