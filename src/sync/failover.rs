//! Several hubs of one chain (`[sync] hub_urls`), as one transport: each call goes to
//! the hub that answered last, and on to the next in the list when that one cannot be
//! reached (no connection, a timeout, or a hub answering 5xx because its database is
//! away). A refusal is an answer: it is returned, not retried elsewhere. Every hub of a
//! chain serves the same store, so any of them answers any call the same way.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use carddesk_data::authorize::{AuthorizeReply, AuthorizeRequest};
use carddesk_data::enrollment::CredentialReply;
use carddesk_data::journal::Entry;
use carddesk_data::replication::{
    FetchReply, FetchRequest, Health, PullReply, PullRequest, PushReply, Tip,
};

use super::{HubTransport, SyncError};

/// No hub has answered yet.
const NONE: usize = usize::MAX;

pub struct Failover<T: HubTransport> {
    hubs: Vec<(String, T)>,
    /// The hub to try first: the one that answered last.
    current: AtomicUsize,
    answered: AtomicUsize,
}

impl<T: HubTransport> Failover<T> {
    /// `hubs`: each hub's address with its transport, in the order of the config.
    pub fn new(hubs: Vec<(String, T)>) -> Failover<T> {
        Failover {
            hubs,
            current: AtomicUsize::new(0),
            answered: AtomicUsize::new(NONE),
        }
    }

    /// The address of the hub that answered last, if any did.
    pub fn reached(&self) -> Option<String> {
        let i = self.answered.load(Ordering::Relaxed);
        self.hubs.get(i).map(|(url, _)| url.clone())
    }

    fn call<R>(&self, f: impl Fn(&T) -> Result<R, SyncError>) -> Result<R, SyncError> {
        let n = self.hubs.len();
        let first = self.current.load(Ordering::Relaxed) % n.max(1);
        let mut last = SyncError::NotConfigured;
        for k in 0..n {
            let i = (first + k) % n;
            match f(&self.hubs[i].1) {
                Err(e) if unanswered(&e) => {
                    tracing::warn!("hub {} not answering: {e}", self.hubs[i].0);
                    last = e;
                }
                answer => {
                    self.current.store(i, Ordering::Relaxed);
                    self.answered.store(i, Ordering::Relaxed);
                    return answer;
                }
            }
        }
        Err(last)
    }
}

/// Whether another hub should be asked: this one did not answer, or answered that it
/// cannot serve (its database unreachable).
fn unanswered(e: &SyncError) -> bool {
    match e {
        SyncError::Unreachable { .. } => true,
        SyncError::Refused { status, .. } => *status >= 500,
        _ => false,
    }
}

impl<T: HubTransport> HubTransport for Failover<T> {
    fn health(&self) -> Result<Health, SyncError> {
        self.call(|h| h.health())
    }

    fn enroll(&self, code: &str, terminal: &str) -> Result<CredentialReply, SyncError> {
        self.call(|h| h.enroll(code, terminal))
    }

    fn rotate(&self) -> Result<CredentialReply, SyncError> {
        self.call(|h| h.rotate())
    }

    fn tips(&self) -> Result<BTreeMap<String, Tip>, SyncError> {
        self.call(|h| h.tips())
    }

    fn push(&self, terminal: &str, entries: &[Entry]) -> Result<PushReply, SyncError> {
        self.call(|h| h.push(terminal, entries))
    }

    fn pull(
        &self,
        after: &BTreeMap<String, i64>,
        exclude: Option<&str>,
        limit: usize,
    ) -> Result<PullReply, SyncError> {
        self.call(|h| h.pull(after, exclude, limit))
    }

    fn pull_scoped(&self, req: &PullRequest) -> Result<PullReply, SyncError> {
        self.call(|h| h.pull_scoped(req))
    }

    fn fetch(&self, req: &FetchRequest) -> Result<FetchReply, SyncError> {
        self.call(|h| h.fetch(req))
    }

    fn authorize(&self, req: &AuthorizeRequest) -> Result<AuthorizeReply, SyncError> {
        self.call(|h| h.authorize(req))
    }
}
