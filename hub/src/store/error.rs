//! Why the hub's store refused or failed; its words are the catalogue's [`HubMsg`].

use carddesk_data::replication::ReplicationError;
use carddesk_data::text::HubMsg;
use carddesk_data::Lang;

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
    /// What the hub says about it (the wire carries it in zh-CN and en).
    pub fn msg(&self) -> HubMsg {
        match self {
            HubError::Forbidden {
                token_terminal,
                entry_terminal,
            } => HubMsg::Forbidden {
                token_terminal: token_terminal.clone(),
                entry_terminal: entry_terminal.clone(),
            },
            HubError::Refused(e) => HubMsg::Refused(e.clone()),
            HubError::NotEnrolled(t) => HubMsg::NotEnrolled(t.clone()),
            HubError::Storage(m) => HubMsg::Storage(m.clone()),
            HubError::BadSpec(s) => HubMsg::BadSpec(s.clone()),
        }
    }

    /// The message in the operator's language.
    pub fn message(&self, lang: Lang) -> String {
        self.msg().get(lang)
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
