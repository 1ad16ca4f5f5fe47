//! What is said about files, in en.

use crate::text::FileMsg;

pub(super) fn file_msg(m: &FileMsg) -> String {
    match m {
        FileMsg::OutputIsBook { path } => {
            format!("{path}: this is the open book (or its -wal/-shm); refused, nothing written")
        }
        FileMsg::OutputIsHubStore { path } => {
            format!("{path}: this is a hub store; refused, nothing written")
        }
        FileMsg::OutputExists { path } => format!("{path} already exists; add --force to replace it"),
        FileMsg::OutputNotAFile { path } => {
            format!("{path}: not a file (a folder?); refused, nothing written")
        }
        FileMsg::OutputFailed { path, detail } => format!("cannot write {path}: {detail}"),
        FileMsg::BookMissing { shown } => format!(
            "no book at {shown} (nothing was created). Make a new empty one with `carddesk init --db {shown}`, or a demo book with `carddesk demo`"
        ),
        FileMsg::BookExists { path, .. } => format!(
            "{path}: a file is already there; a new book is only made where there is none"
        ),
        FileMsg::BookEmpty { path, .. } => format!(
            "{path}: an empty file, not a carddesk book (refused, file left untouched)"
        ),
        FileMsg::BookNotADatabase { path, .. } => {
            format!("{path}: not a SQLite database (refused, file left untouched)")
        }
        FileMsg::BookForeign { path, found, .. } => format!(
            "{path}: a SQLite database of another program (application id {found:#x}); refused, file left untouched"
        ),
        FileMsg::BookTooNew {
            path,
            found,
            supported,
            ..
        } => format!(
            "{path}: written by a newer carddesk (schema {found}, this build knows up to {supported}); refused, file left untouched — upgrade carddesk"
        ),
        FileMsg::BookIo { path, detail, .. } => format!("{path}: {detail}"),
        FileMsg::BookSqlite { path, detail, .. } => format!("{path}: {detail}"),
        FileMsg::BookMigration { path, detail, .. } => {
            format!("{path}: migration failed: {detail}")
        }
        FileMsg::LooseMode { path, mode, fix } => format!(
            "warning: {path} is mode {mode:o}, readable by group or others; fix it with: chmod {fix} {path}"
        ),
    }
}
