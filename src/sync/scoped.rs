//! A partial book's side of sync: [`pull_scoped`] pulls the entries of the book's
//! scope and of the members it follows (`POST /v1/pull`) from its own pull positions,
//! fetches whole any member a pulled entry names that the book does not hold, and
//! ingests it all in one transaction; [`HubFetcher`] fetches a member a lookup names
//! (`POST /v1/members`). See docs/sync-protocol.md, "Partial books".

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use carddesk_data::journal::Entry;
use carddesk_data::partial::{Fetched, MemberSource};
use carddesk_data::replication::{FetchRequest, PullRequest, Scope, WireEntry};
use carddesk_data::{Book, EntryKind};

use super::{HubTransport, SyncError, SyncReport, PULL_PAGE};

/// After no hub answered a fetch, lookups say so at once for this long.
const RETRY_AFTER: Duration = Duration::from_secs(20);

fn entries(w: Vec<WireEntry>) -> Result<Vec<Entry>, SyncError> {
    w.into_iter()
        .map(|w| Entry::try_from(w).map_err(|e| SyncError::Protocol(e.to_string())))
        .collect()
}

fn book_err(e: impl std::fmt::Display) -> SyncError {
    SyncError::Book(e.to_string())
}

/// Pulls a partial book's scope through `client` and ingests it.
pub fn pull_scoped<T: HubTransport + ?Sized>(
    client: &T,
    book: &mut Book,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let me = book.terminal().id.clone();
    let (scope, _) = book.scope().map_err(book_err)?;
    let outlets = scope.map(|s| s.outlets().to_vec()).unwrap_or_default();
    let seen = book.followed().map_err(book_err)?;
    let mut after = book.pull_positions().map_err(book_err)?;
    after.remove(&me);
    let mut pulled: Vec<Entry> = Vec::new();
    let mut keys: Vec<Entry> = Vec::new();
    loop {
        let req = PullRequest {
            after: after.clone(),
            exclude: Some(me.clone()),
            limit: PULL_PAGE,
            scope: Scope {
                outlets: outlets.clone(),
                follow: seen.clone(),
            },
        };
        let page = client.pull_scoped(&req)?;
        let before = after.clone();
        for e in entries(page.entries)? {
            let pos = after.get(&e.terminal).copied().unwrap_or(0);
            if e.seq <= pos {
                return Err(SyncError::Protocol(format!(
                    "entry {} is not after position {pos}",
                    e.id()
                )));
            }
            after.insert(e.terminal.clone(), e.seq);
            pulled.push(e);
        }
        for (t, seq) in page.positions {
            let pos = after.entry(t).or_insert(0);
            *pos = (*pos).max(seq);
        }
        keys.extend(entries(page.keys)?);
        if !page.more || after == before {
            break;
        }
    }
    // A pulled entry of a member the book does not hold (registered outside the scope,
    // then served inside it): the member is fetched whole first, and followed.
    let registered: BTreeSet<&str> = pulled
        .iter()
        .filter(|e| e.kind == EntryKind::MemberRegistered)
        .filter_map(|e| e.header.member_no.as_deref())
        .collect();
    let mut missing: BTreeSet<String> = BTreeSet::new();
    for m in pulled.iter().filter_map(|e| e.header.member_no.as_deref()) {
        if !registered.contains(m) && !missing.contains(m) && !book.holds(m).map_err(book_err)? {
            missing.insert(m.to_string());
        }
    }
    let mut follow = Vec::new();
    let missing: Vec<String> = missing.into_iter().collect();
    for chunk in missing.chunks(16) {
        let reply = client.fetch(&FetchRequest {
            values: chunk.to_vec(),
        })?;
        pulled.extend(entries(reply.entries)?);
        keys.extend(entries(reply.keys)?);
        follow.extend(reply.members);
    }
    report.pulled = pulled.len() as u64;
    let done = book
        .ingest_partial(pulled, keys, &after, &follow, Some(&seen))
        .map_err(book_err)?;
    report.applied = done.applied;
    report.skipped = done.skipped;
    Ok(())
}

/// Fetches the members a partial book does not hold from the hub, on lookup.
pub struct HubFetcher<T: HubTransport> {
    client: T,
    down_until: Option<Instant>,
}

impl<T: HubTransport> HubFetcher<T> {
    pub fn new(client: T) -> HubFetcher<T> {
        HubFetcher {
            client,
            down_until: None,
        }
    }
}

impl<T: HubTransport + Send> MemberSource for HubFetcher<T> {
    fn fetch(&mut self, values: &[String]) -> Result<Fetched, String> {
        if self.down_until.is_some_and(|t| Instant::now() < t) {
            return Err("the hub did not answer a moment ago".into());
        }
        let reply = self
            .client
            .fetch(&FetchRequest {
                values: values.to_vec(),
            })
            .map_err(|e| {
                if matches!(e, SyncError::Unreachable { .. }) {
                    self.down_until = Some(Instant::now() + RETRY_AFTER);
                }
                e.to_string()
            })?;
        self.down_until = None;
        let conv = |w: Vec<WireEntry>| entries(w).map_err(|e| e.to_string());
        Ok(Fetched {
            members: reply.members,
            entries: conv(reply.entries)?,
            keys: conv(reply.keys)?,
        })
    }
}
