//! The hub's answers to the protocol's calls (see [`crate::server`] for the list), apart
//! from HTTP: the routes parse a request and hand it here, and an in-process transport
//! (the sync client's, for tests that run terminals and a hub in one process) calls the
//! same functions without a socket. Either way a call gets the same answer or the same
//! refusal ([`Refusal`]: a status and the wire error).

use axum::http::StatusCode;
use carddesk_data::authorize::{AuthorizeReply, AuthorizeRequest};
use carddesk_data::enrollment::{CredentialReply, EnrollRequest};
use carddesk_data::journal::Entry;
use carddesk_data::replication::{
    self, Health, PullReply, PushReply, PushRequest, ReplicationError, Tip, TipsReply, WireEntry,
    WireError, PROTOCOL,
};
use carddesk_data::text::HubMsg;
use carddesk_data::Lang;

use crate::store::{HubError, HubStore};

/// Entries per pull answer unless the terminal asks for another number.
const PULL_LIMIT: usize = 5_000;

/// The hub serving one store.
pub struct Service {
    store: HubStore,
    /// When each terminal last pushed and pulled (`GET /v1/status`).
    activity: crate::status::Activity,
}

/// Why a call was refused: the HTTP status it has on the wire, and the error.
#[derive(Debug)]
pub struct Refusal {
    pub status: StatusCode,
    pub error: WireError,
}

impl Service {
    pub fn new(store: HubStore) -> Service {
        Service::with_commit(store, "")
    }

    /// A service whose `/v1/status` names `commit` (the serving binary's).
    pub fn with_commit(store: HubStore, commit: &str) -> Service {
        Service {
            store,
            activity: crate::status::Activity::new(commit),
        }
    }

    pub fn activity(&self) -> &crate::status::Activity {
        &self.activity
    }

    pub fn store(&self) -> &HubStore {
        &self.store
    }

    /// The terminal that holds `token`; 401 for none or an unknown one.
    pub async fn caller(&self, token: &str) -> Result<String, Refusal> {
        if token.is_empty() {
            return Err(unauthorized());
        }
        self.store
            .authenticate(token)
            .await?
            .ok_or_else(unauthorized)
    }

    pub fn health(&self) -> Health {
        Health {
            service: "carddesk-hub".into(),
            protocol: PROTOCOL,
            store: self.store.kind().into(),
            capabilities: vec![
                "tips".into(),
                "push".into(),
                "pull".into(),
                "authorize".into(),
                "enroll".into(),
                "rotate".into(),
            ],
        }
    }

    /// A terminal's enrollment code for its token; a refusal is logged with `remote`.
    /// A code is spent by its first use for its terminal.
    pub async fn enroll(
        &self,
        req: EnrollRequest,
        remote: &str,
    ) -> Result<CredentialReply, Refusal> {
        match self.store.redeem(&req.code, &req.terminal).await? {
            Some(token) => {
                tracing::info!(terminal = %req.terminal, %remote, "hub: terminal enrolled");
                Ok(CredentialReply {
                    terminal: req.terminal,
                    token,
                })
            }
            None => {
                tracing::warn!(terminal = %req.terminal, %remote, "hub: refused: enrollment code unknown, spent or expired");
                Err(refusal(
                    StatusCode::FORBIDDEN,
                    "enrollment_refused",
                    &HubMsg::EnrollRefused {
                        terminal: req.terminal.clone(),
                    },
                    None,
                ))
            }
        }
    }

    /// `caller` replaces its own token; the old one stops working at once.
    pub async fn rotate(&self, caller: String) -> Result<CredentialReply, Refusal> {
        let token = self.store.rotate(&caller).await?.ok_or_else(unauthorized)?;
        tracing::info!(terminal = %caller, "hub: token rotated by the terminal");
        Ok(CredentialReply {
            terminal: caller,
            token,
        })
    }

    pub async fn tips(&self) -> Result<TipsReply, Refusal> {
        Ok(TipsReply {
            tips: self.store.tips().await?,
        })
    }

    /// A batch of `caller`'s entries. Every entry must be the caller's (checked, and
    /// alarmed, by the store); `req.terminal` is only what the sender claims.
    pub async fn push(&self, caller: &str, req: PushRequest) -> Result<PushReply, Refusal> {
        let entries = from_wire(req.entries)?;
        let pushed = self.store.push(caller, entries).await?;
        Ok(PushReply {
            accepted: pushed.accepted,
            duplicates: pushed.duplicates,
            tip: Tip {
                seq: pushed.tip_seq,
                hash: hex::encode(pushed.tip_hash),
            },
        })
    }

    /// One round trip before a spend commits: the caller's entries the hub lacks are
    /// stored first (as a push), then the spends are checked against the chain-wide
    /// balance.
    pub async fn authorize(
        &self,
        caller: &str,
        mut req: AuthorizeRequest,
    ) -> Result<AuthorizeReply, Refusal> {
        let pending = from_wire(std::mem::take(&mut req.pending))?;
        Ok(self.store.authorize(caller, req, pending).await?)
    }

    /// Entries after the positions of `after` (`T01:5,T02:9`), but `exclude`'s.
    pub async fn pull(
        &self,
        after: &str,
        exclude: Option<&str>,
        limit: Option<usize>,
    ) -> Result<PullReply, Refusal> {
        let after =
            replication::parse_cursor(after).ok_or_else(|| bad_request(&HubMsg::BadCursor))?;
        let (entries, more) = self
            .store
            .pull(&after, exclude, limit.unwrap_or(PULL_LIMIT))
            .await?;
        Ok(PullReply {
            entries: entries.iter().map(WireEntry::from).collect(),
            more,
        })
    }
}

fn from_wire(entries: Vec<WireEntry>) -> Result<Vec<Entry>, Refusal> {
    entries
        .into_iter()
        .map(Entry::try_from)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| HubError::Refused(e).into())
}

/// A refusal on the wire: the terminal shows `message` (zh-CN) or `message_en` (en),
/// whichever its operator reads, so the hub says it in both.
pub(crate) fn refusal(
    status: StatusCode,
    code: &str,
    m: &HubMsg,
    entry_id: Option<String>,
) -> Refusal {
    Refusal {
        status,
        error: WireError {
            code: code.to_string(),
            message: m.get(Lang::Zh),
            message_en: m.get(Lang::En),
            entry_id,
        },
    }
}

impl From<HubError> for Refusal {
    fn from(e: HubError) -> Self {
        let (status, code, entry_id) = match &e {
            HubError::Forbidden { .. } => (StatusCode::FORBIDDEN, "forbidden", None),
            HubError::NotEnrolled(_) => (StatusCode::FORBIDDEN, "not_enrolled", None),
            HubError::Refused(r) => (
                match r {
                    ReplicationError::ContentDiffers { .. }
                    | ReplicationError::OpIdReused { .. } => StatusCode::CONFLICT,
                    ReplicationError::Malformed { .. } => StatusCode::BAD_REQUEST,
                    ReplicationError::Storage(_) => StatusCode::INTERNAL_SERVER_ERROR,
                    _ => StatusCode::UNPROCESSABLE_ENTITY,
                },
                r.code(),
                r.entry_id(),
            ),
            HubError::Storage(_) | HubError::BadSpec(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "storage", None)
            }
        };
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!("hub: {e}");
        }
        if matches!(&e, HubError::Refused(r) if r.is_tampering()) {
            tracing::warn!("hub: refused for tampering (alarm raised): {e}");
        }
        refusal(status, code, &e.msg(), entry_id)
    }
}

pub(crate) fn bad_request(m: &HubMsg) -> Refusal {
    refusal(StatusCode::BAD_REQUEST, "bad_request", m, None)
}

fn unauthorized() -> Refusal {
    refusal(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        &HubMsg::Unauthorized,
        None,
    )
}
