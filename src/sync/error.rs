//! Why a sync, an enrollment or an authorization did not go through, in the operator's
//! language; [`SyncError::code`] is the stable code of `carddesk sync --json`.

use carddesk_data::Lang;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    #[error("sync is not configured: set [sync] hub_url and enroll this terminal (carddesk sync --enroll CODE)")]
    NotConfigured,
    /// The credential or the hub's address is unusable; in both languages, since it is
    /// said to the operator as it is.
    #[error("{message_en}")]
    Credential { message: String, message_en: String },
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

/// A [`SyncError::Credential`] in both languages.
pub(crate) fn credential_error(zh: impl Into<String>, en: impl Into<String>) -> SyncError {
    SyncError::Credential {
        message: zh.into(),
        message_en: en.into(),
    }
}

/// The token file cannot be read or written.
pub(crate) fn token_file_error(e: anyhow::Error) -> SyncError {
    credential_error(
        format!("令牌文件无法读写：{e:#}"),
        format!("the token file cannot be read or written: {e:#}"),
    )
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
        match (lang, self) {
            (Lang::En, _) => self.to_string(),
            (_, SyncError::NotConfigured) => {
                "未配置同步：请在 [sync] 中设置 hub_url，并用 carddesk sync --enroll 登记码 登记本终端".into()
            }
            (_, SyncError::Credential { message, .. }) => message.clone(),
            (_, SyncError::Unreachable { url, detail }) => {
                format!("无法连接中心 {url}（{detail}）；本机照常离线营业")
            }
            (_, SyncError::Refused { message, .. }) => format!("中心拒绝：{message}"),
            (_, SyncError::Protocol(d)) => format!("中心应答无法识别：{d}"),
            (_, SyncError::BookBehindHub { hub, book }) => format!(
                "中心已有本终端 {hub} 条流水，本机账本只有 {book} 条（是否恢复了旧备份？）；已停止同步"
            ),
            (_, SyncError::Diverged { entry_id }) => {
                format!("中心的流水 {entry_id} 与本机不同：本终端历史已分叉；已停止同步")
            }
            (_, SyncError::Book(d)) => format!("本机账本拒收拉取的流水：{d}"),
        }
    }
}
