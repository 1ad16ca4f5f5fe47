//! What the sync client needs of a hub: the protocol's calls (docs/sync-protocol.md),
//! each a blocking round trip with one terminal's token. Over HTTP that is
//! [`super::HubClient`]; in one process (tests) [`super::InProcess`] calls the hub's
//! request handling directly. Sync, enrollment and authorization are written against
//! this trait only.

use std::collections::BTreeMap;

use carddesk_data::authorize::{AuthorizeReply, AuthorizeRequest};
use carddesk_data::enrollment::CredentialReply;
use carddesk_data::journal::Entry;
use carddesk_data::replication::{
    FetchReply, FetchRequest, Health, PullReply, PullRequest, PushReply, Tip,
};

use super::SyncError;

pub trait HubTransport {
    /// `GET /v1/health`: the service, protocol and capabilities (no token).
    fn health(&self) -> Result<Health, SyncError>;

    /// `POST /v1/enroll`: an enrollment code for this terminal's token (no token).
    fn enroll(&self, code: &str, terminal: &str) -> Result<CredentialReply, SyncError>;

    /// `POST /v1/rotate`: a new token for this terminal; the one held stops working.
    fn rotate(&self) -> Result<CredentialReply, SyncError>;

    /// `GET /v1/tips`: every enrolled terminal's last seq and hash.
    fn tips(&self) -> Result<BTreeMap<String, Tip>, SyncError>;

    /// `POST /v1/entries`: a batch of this terminal's entries.
    fn push(&self, terminal: &str, entries: &[Entry]) -> Result<PushReply, SyncError>;

    /// `GET /v1/entries`: up to `limit` entries after the per-terminal positions of
    /// `after`, but `exclude`'s.
    fn pull(
        &self,
        after: &BTreeMap<String, i64>,
        exclude: Option<&str>,
        limit: usize,
    ) -> Result<PullReply, SyncError>;

    /// `POST /v1/pull`: a partial book's pull, by scope and followed members.
    fn pull_scoped(&self, req: &PullRequest) -> Result<PullReply, SyncError>;

    /// `POST /v1/members`: the members a lookup names, whole.
    fn fetch(&self, req: &FetchRequest) -> Result<FetchReply, SyncError>;

    /// `POST /v1/authorize`: a spend put to the hub before it commits (see
    /// [`carddesk_data::authorize`]).
    fn authorize(&self, req: &AuthorizeRequest) -> Result<AuthorizeReply, SyncError>;
}
