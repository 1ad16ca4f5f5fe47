//! Why the hub's store refused or failed, in both languages.

use carddesk_data::replication::ReplicationError;

#[derive(Debug, thiserror::Error)]
pub enum HubError {
    #[error("terminal {token_terminal} may not post entries of terminal {entry_terminal}")]
    Forbidden {
        token_terminal: String,
        entry_terminal: String,
    },
    #[error("{0}")]
    Refused(ReplicationError),
    #[error("unknown terminal {0} (not enrolled)")]
    NotEnrolled(String),
    #[error("hub store: {0}")]
    Storage(String),
    #[error("hub store {0:?}: expected sqlite:PATH or postgres://USER@HOST/DB")]
    BadSpec(String),
}

impl HubError {
    pub fn message_zh(&self) -> String {
        match self {
            HubError::Forbidden {
                token_terminal,
                entry_terminal,
            } => format!("终端 {token_terminal} 无权提交终端 {entry_terminal} 的流水"),
            HubError::Refused(e) => e.message_zh(),
            HubError::NotEnrolled(t) => format!("终端 {t} 未登记"),
            HubError::Storage(m) => format!("中心存储错误：{m}"),
            HubError::BadSpec(s) => {
                format!("中心存储 {s:?} 无法识别：应为 sqlite:路径 或 postgres://用户@主机/库")
            }
        }
    }
}

impl From<rusqlite::Error> for HubError {
    fn from(e: rusqlite::Error) -> Self {
        HubError::Storage(e.to_string())
    }
}

impl From<tokio_postgres::Error> for HubError {
    fn from(e: tokio_postgres::Error) -> Self {
        HubError::Storage(e.to_string())
    }
}

impl From<ReplicationError> for HubError {
    fn from(e: ReplicationError) -> Self {
        HubError::Refused(e)
    }
}
