//! A partial book's side of sync: [`pull_scoped`] pulls the entries of the book's
//! scope and of the members it follows (`POST /v1/pull`) from its own pull positions,
//! fetches whole any member a pulled entry names that the book does not hold, and
//! ingests it all in one transaction; [`HubFetcher`] fetches a member a lookup names
//! (`POST /v1/members`). See docs/sync-protocol.md, "Partial books".

use std::collections::{BTreeMap, HashSet};
use std::sync::mpsc::SyncSender;
use std::time::{Duration, Instant};

use carddesk_data::journal::Entry;
use carddesk_data::partial::{Fetched, MemberSource};
use carddesk_data::replication::{FetchRequest, PullRequest, Scope, WireEntry};
use carddesk_data::{Book, EntryKind};

use super::pipeline::{pipeline, send, Counted};
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

/// Pulls a partial book's scope through `client` and ingests it, page by page in one
/// transaction (see [`carddesk_data::Ingest`]): memory stays one page's whatever the
/// scope.
pub fn pull_scoped<T: HubTransport + Sync + ?Sized>(
    client: &T,
    book: &mut Book,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let me = book.terminal().id.clone();
    let (scope, _) = book.scope().map_err(book_err)?;
    let scope = Scope {
        outlets: scope.map(|s| s.outlets().to_vec()).unwrap_or_default(),
        follow: book.followed().map_err(book_err)?,
    };
    let mut after = book.pull_positions().map_err(book_err)?;
    after.remove(&me);
    let ((after, named, registered), (mut ingest, pulled)) = pipeline(
        |pages| pull_pages(client, &me, &scope, after, pages),
        move |pages| {
            let mut ingest = book.begin_partial_ingest().map_err(book_err)?;
            let mut pulled = 0;
            for page in pages {
                pulled += page.entries.len() as u64;
                ingest.add_keys(&page.keys).map_err(book_err)?;
                ingest.add(page.entries).map_err(book_err)?;
            }
            Ok((ingest, pulled))
        },
    )?;
    report.pulled += pulled;
    // A pulled entry of a member the book does not hold (registered outside the scope,
    // then served inside it): the member is fetched whole, and followed.
    let mut missing: Vec<String> = Vec::new();
    for m in named.into_iter().filter(|m| !registered.contains(m)) {
        if !ingest.holds(&m).map_err(book_err)? {
            missing.push(m);
        }
    }
    missing.sort();
    let mut follow = Vec::new();
    for chunk in missing.chunks(16) {
        let reply = client.fetch(&FetchRequest {
            values: chunk.to_vec(),
        })?;
        let fetched = entries(reply.entries)?;
        report.pulled += fetched.len() as u64;
        ingest.add_keys(&entries(reply.keys)?).map_err(book_err)?;
        ingest.add(fetched).map_err(book_err)?;
        follow.extend(reply.members);
    }
    let done = ingest
        .finish_partial(&after, &follow, Some(&scope.follow))
        .map_err(book_err)?;
    report.applied = done.applied;
    report.skipped = done.skipped;
    Ok(())
}

/// One page of a scoped pull, decoded.
struct Page {
    entries: Vec<Entry>,
    keys: Vec<Entry>,
}

impl Counted for Page {
    fn entries(&self) -> usize {
        self.entries.len()
    }
}

/// The pull positions reached, the members the pulled entries name and those they
/// register.
type PullEnd = (BTreeMap<String, i64>, HashSet<String>, HashSet<String>);

/// Asks the hub for the scope's pages from `after` on, each handed to `pages` decoded.
fn pull_pages<T: HubTransport + ?Sized>(
    client: &T,
    me: &str,
    scope: &Scope,
    mut after: BTreeMap<String, i64>,
    pages: &SyncSender<Page>,
) -> Result<PullEnd, SyncError> {
    let mut named: HashSet<String> = HashSet::new();
    let mut registered: HashSet<String> = HashSet::new();
    loop {
        let req = PullRequest {
            after: after.clone(),
            exclude: Some(me.to_string()),
            limit: PULL_PAGE,
            scope: scope.clone(),
        };
        let page = client.pull_scoped(&req)?;
        let before = after.clone();
        let mut pulled = Vec::with_capacity(page.entries.len());
        for e in entries(page.entries)? {
            let pos = after.get(&e.terminal).copied().unwrap_or(0);
            if e.seq <= pos {
                return Err(SyncError::Protocol(format!(
                    "entry {} is not after position {pos}",
                    e.id()
                )));
            }
            after.insert(e.terminal.clone(), e.seq);
            if let Some(m) = e.header.member_no.as_deref() {
                if e.kind == EntryKind::MemberRegistered {
                    registered.insert(m.to_string());
                } else if !named.contains(m) {
                    named.insert(m.to_string());
                }
            }
            pulled.push(e);
        }
        for (t, seq) in page.positions {
            let pos = after.entry(t).or_insert(0);
            *pos = (*pos).max(seq);
        }
        let keys = entries(page.keys)?;
        send(
            pages,
            Page {
                entries: pulled,
                keys,
            },
        )?;
        if !page.more || after == before {
            return Ok((after, named, registered));
        }
    }
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
