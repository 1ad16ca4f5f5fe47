//! The command line's messages with values: backups, imports, enrolment, sync errors.
//! Owned, so an error can carry one; each language says them in `<language>/cli_msg.rs`.

use std::time::Duration;

/// A command-line message with values in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CliMsg {
    /// `carddesk backup` wrote a copy.
    BackupWritten {
        dest: String,
        bytes: u64,
        took: Duration,
    },
    /// `carddesk restore` replaced the book and verified it.
    Restored {
        from: String,
        entries: u64,
        members: u64,
    },
    /// `carddesk import --dry-run` found every row good.
    ImportDryRun { rows: u64, took: Duration },
    /// `carddesk import` wrote the rows.
    Imported {
        members: u64,
        openings: u64,
        took: Duration,
    },
    /// One bad cell or row of an import (the reason is already in the language).
    ImportProblem {
        line: u64,
        column: String,
        reason: String,
    },
    /// How many rows of an import were bad.
    ImportBadRows(usize),
    /// `carddesk demo` would replace a file.
    DemoExists { path: String },
    /// A secret's file configured as the book itself.
    SecretIsBook { path: String },
    /// `carddesk hub revoke`.
    TokenRevoked { terminal: String },
    /// `carddesk hub enroll`: the code printed above.
    EnrollCode { terminal: String, hours: i64 },
    /// A terminal the hub does not know.
    NotEnrolled { terminal: String },
    /// `carddesk sync --enroll` stored the credential.
    Enrolled { terminal: String, path: String },
    /// `carddesk sync --rotate` replaced the token.
    TokenReplaced { terminal: String },
    /// Sync is not configured.
    SyncNotConfigured,
    /// The hub cannot be reached.
    SyncUnreachable { url: String, detail: String },
    /// The hub refused: its message in zh-CN and en, as the hub sent them.
    SyncRefused {
        status: u16,
        code: String,
        message: String,
        message_en: String,
    },
    /// The hub answered something unexpected.
    SyncProtocol(String),
    /// The hub holds more of this terminal's entries than the book.
    BookBehindHub { hub: i64, book: i64 },
    /// The hub's entry differs from this book's.
    Diverged { entry_id: String },
    /// The book refused the pulled entries.
    BookRefusedPull(String),
    /// `[sync] hub_url` is plain http without `insecure_http`.
    PlainHttp,
    /// `[sync] hub_url` is not an https:// address.
    NotHttps { url: String },
    /// The enrolment code is not one `carddesk hub enroll` prints.
    BadEnrollCode,
    /// The enrolment code has no certificate fingerprint but the hub is https.
    NoFingerprint,
    /// The token file cannot be read or written.
    TokenFile { detail: String },
    /// The pinned TLS setup failed.
    TlsSetup { detail: String },
}

impl CliMsg {
    /// This message in the operator's language.
    pub fn get(&self, lang: crate::Lang) -> String {
        lang.texts().cli_msg(self)
    }
}
