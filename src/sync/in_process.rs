//! The in-process transport: each call goes straight to the hub crate's request
//! handling ([`carddesk_hub::service::Service`]) on a hub store in this process, with
//! the token checked and the answers and refusals as over HTTP, but no socket. For
//! tests that run terminals and a hub in one process (the seeded simulation).

use std::collections::BTreeMap;
use std::sync::Arc;

use carddesk_data::authorize::{AuthorizeReply, AuthorizeRequest};
use carddesk_data::enrollment::{CredentialReply, EnrollRequest};
use carddesk_data::journal::Entry;
use carddesk_data::replication::{
    format_cursor, FetchReply, FetchRequest, Health, PullReply, PullRequest, PushReply,
    PushRequest, Tip, WireEntry,
};
use carddesk_hub::service::{Refusal, Service};

use super::{HubTransport, SyncError};

/// One terminal's link to an in-process hub, with its token.
pub struct InProcess {
    hub: Arc<Service>,
    rt: Arc<tokio::runtime::Runtime>,
    token: String,
}

impl InProcess {
    /// `rt` runs the hub's calls (the caller's thread blocks on each, as over HTTP).
    pub fn new(hub: Arc<Service>, rt: Arc<tokio::runtime::Runtime>, token: &str) -> InProcess {
        InProcess {
            hub,
            rt,
            token: token.trim().to_string(),
        }
    }

    /// A call that needs the token: its terminal is the caller, as `require_token`
    /// makes it over HTTP.
    fn authenticated<T>(
        &self,
        call: impl AsyncFnOnce(&Service, String) -> Result<T, Refusal>,
    ) -> Result<T, SyncError> {
        self.rt
            .block_on(async {
                let caller = self.hub.caller(&self.token).await?;
                call(&self.hub, caller).await
            })
            .map_err(refused)
    }
}

/// A refusal as the HTTP client reads it from the wire.
fn refused(r: Refusal) -> SyncError {
    SyncError::Refused {
        status: r.status.as_u16(),
        code: r.error.code,
        message: r.error.message,
        message_en: r.error.message_en,
        entry_id: r.error.entry_id,
    }
}

impl HubTransport for InProcess {
    fn health(&self) -> Result<Health, SyncError> {
        Ok(self.hub.health())
    }

    fn enroll(&self, code: &str, terminal: &str) -> Result<CredentialReply, SyncError> {
        let req = EnrollRequest {
            code: code.to_string(),
            terminal: terminal.to_string(),
        };
        self.rt
            .block_on(self.hub.enroll(req, "in-process"))
            .map_err(refused)
    }

    fn rotate(&self) -> Result<CredentialReply, SyncError> {
        self.authenticated(async |hub, caller| hub.rotate(caller).await)
    }

    fn tips(&self) -> Result<BTreeMap<String, Tip>, SyncError> {
        Ok(self.authenticated(async |hub, _| hub.tips().await)?.tips)
    }

    fn push(&self, terminal: &str, entries: &[Entry]) -> Result<PushReply, SyncError> {
        let req = PushRequest {
            terminal: terminal.to_string(),
            entries: entries.iter().map(WireEntry::from).collect(),
        };
        self.authenticated(async |hub, caller| hub.push(&caller, req).await)
    }

    fn pull(
        &self,
        after: &BTreeMap<String, i64>,
        exclude: Option<&str>,
        limit: usize,
    ) -> Result<PullReply, SyncError> {
        let after = format_cursor(after);
        self.authenticated(async |hub, _| hub.pull(&after, exclude, Some(limit)).await)
    }

    fn pull_scoped(&self, req: &PullRequest) -> Result<PullReply, SyncError> {
        let req = req.clone();
        self.authenticated(async |hub, _| hub.pull_scoped(req).await)
    }

    fn fetch(&self, req: &FetchRequest) -> Result<FetchReply, SyncError> {
        let req = req.clone();
        self.authenticated(async |hub, _| hub.fetch(req).await)
    }

    fn authorize(&self, req: &AuthorizeRequest) -> Result<AuthorizeReply, SyncError> {
        let req = req.clone();
        self.authenticated(async |hub, caller| hub.authorize(&caller, req).await)
    }
}
