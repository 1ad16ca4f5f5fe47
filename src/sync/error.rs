//! Why a sync, an enrollment or an authorization did not go through, in the operator's
//! language; [`SyncError::code`] is the stable code of `carddesk sync --json`.

use carddesk_data::Lang;
use carddesk_model::text::CliMsg;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    #[error("sync is not configured: set [sync] hub_url and enroll this terminal (carddesk sync --enroll CODE)")]
    NotConfigured,
    /// The credential or the hub's address is unusable: said to the operator as it is.
    #[error("{}", .0.get(Lang::En))]
    Credential(CliMsg),
    #[error("hub {url} unreachable: {detail}")]
    Unreachable { url: String, detail: String },
    #[error("hub refused ({status} {code}): {message_en}")]
    Refused {
        status: u16,
        code: String,
        message: String,
        message_en: String,
        entry_id: Option<String>,
    },
    #[error("hub answered something unexpected: {0}")]
    Protocol(String),
    #[error("the hub holds {hub} entries of this terminal, this book only {book} (restored from an old backup?); not syncing")]
    BookBehindHub { hub: i64, book: i64 },
    #[error("the hub's entry {entry_id} differs from this book's: this terminal's history diverged; not syncing")]
    Diverged { entry_id: String },
    #[error("the book refused the pulled entries: {0}")]
    Book(String),
}

/// The token file cannot be read or written.
pub(crate) fn token_file_error(e: anyhow::Error) -> SyncError {
    SyncError::Credential(CliMsg::TokenFile {
        detail: format!("{e:#}"),
    })
}

impl SyncError {
    pub fn code(&self) -> &str {
        match self {
            SyncError::NotConfigured => "not_configured",
            SyncError::Credential { .. } => "credential",
            SyncError::Unreachable { .. } => "unreachable",
            SyncError::Refused { code, .. } => code,
            SyncError::Protocol(_) => "protocol",
            SyncError::BookBehindHub { .. } => "book_behind_hub",
            SyncError::Diverged { .. } => "diverged",
            SyncError::Book(_) => "book",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let m = match self {
            SyncError::NotConfigured => CliMsg::SyncNotConfigured,
            SyncError::Credential(m) => m.clone(),
            SyncError::Unreachable { url, detail } => CliMsg::SyncUnreachable {
                url: url.clone(),
                detail: detail.clone(),
            },
            SyncError::Refused {
                status,
                code,
                message,
                message_en,
                ..
            } => CliMsg::SyncRefused {
                status: *status,
                code: code.clone(),
                message: message.clone(),
                message_en: message_en.clone(),
            },
            SyncError::Protocol(d) => CliMsg::SyncProtocol(d.clone()),
            SyncError::BookBehindHub { hub, book } => CliMsg::BookBehindHub {
                hub: *hub,
                book: *book,
            },
            SyncError::Diverged { entry_id } => CliMsg::Diverged {
                entry_id: entry_id.clone(),
            },
            SyncError::Book(d) => CliMsg::BookRefusedPull(d.clone()),
        };
        m.get(lang)
    }
}
