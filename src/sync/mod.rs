//! The counter side of replication: [`sync_with`] pushes this terminal's entries the
//! hub lacks and pulls every other terminal's entries into the book, through any
//! [`HubTransport`] — HTTP ([`HubClient`]) for the counter, in-process
//! ([`InProcess`], feature `hub`) for tests. [`run_once`] is one sync with the hub of
//! the config. A partial book (`[sync] scope = "group"`) pulls its scope instead
//! ([`pull_scoped`]). A hub that cannot be reached gives an error report, never a panic or a
//! wait without end: the counter goes on.

mod error;
mod failover;
mod http;
#[cfg(feature = "hub")]
mod in_process;
mod pipeline;
mod scoped;
mod setup;
mod transport;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use carddesk_data::journal::Entry;
use carddesk_data::{Book, Lang};
use carddesk_model::text::CliTx;
use serde::Serialize;

use crate::config::Loaded;

pub use error::SyncError;
pub use failover::Failover;
pub use http::HubClient;
#[cfg(feature = "hub")]
pub use in_process::InProcess;
pub use scoped::{pull_scoped, HubFetcher};
pub use setup::{client, enroll, enroll_cmd, hub_client, rotate, rotate_cmd};
pub use transport::HubTransport;

/// Entries per push request and per pull page.
pub const PUSH_BATCH: usize = 5_000;
pub const PULL_PAGE: usize = 5_000;

/// What one sync did. `error` is set when it stopped early; what was done before that
/// (entries pushed) stays done.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SyncReport {
    pub ok: bool,
    pub pushed: u64,
    /// Entries the hub already had (a re-send after a lost answer).
    pub already_on_hub: u64,
    pub pulled: u64,
    pub applied: u64,
    pub skipped: u64,
    pub elapsed_ms: u64,
    /// The hub that answered last (of `[sync] hub_urls`, or `hub_url`).
    pub hub: Option<String>,
    pub error: Option<ReportError>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportError {
    pub code: String,
    pub message: String,
    pub message_en: String,
}

/// One sync with the hub of the config: safe to call from any thread, at any time.
pub fn run_once(loaded: &Loaded, book: &mut Book) -> SyncReport {
    let started = Instant::now();
    let lang = loaded.config.ui.language;
    let mut report = SyncReport::default();
    if let Err(e) = book.set_scope(&crate::scope::book_scope(
        loaded.config.sync.scope,
        &loaded.config.sync.group_outlets,
    )) {
        tracing::warn!("sync: cannot record the book's scope: {e}");
    }
    let result = client(loaded, Duration::from_secs(30)).and_then(|client| {
        let done = sync_with(&client, book, &mut report);
        report.hub = client.reached();
        done
    });
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    match result {
        Ok(()) => report.ok = true,
        Err(e) => {
            tracing::warn!("sync: {e}");
            report.error = Some(ReportError {
                code: e.code().to_string(),
                message: e.message(lang),
                message_en: e.message(Lang::En),
            });
        }
    }
    report
}

/// Push, then pull, through `client`.
pub fn sync_with<T: HubTransport + Sync + ?Sized>(
    client: &T,
    book: &mut Book,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let me = book.terminal().id.clone();
    let tips = client.tips()?;
    let hub_tip = tips.get(&me).map_or(0, |t| t.seq);
    let positions = book
        .positions()
        .map_err(|e| SyncError::Book(e.to_string()))?;
    let mine = positions.get(&me).map_or(0, |p| p.0);
    if hub_tip > mine {
        return Err(SyncError::BookBehindHub {
            hub: hub_tip,
            book: mine,
        });
    }
    if let (Some(tip), true) = (tips.get(&me), hub_tip > 0) {
        let local = book
            .entry(&carddesk_data::journal::entry_id(&me, hub_tip))
            .map_err(|e| SyncError::Book(e.to_string()))?;
        if local.map(|e| hex::encode(e.hash)).as_deref() != Some(tip.hash.as_str()) {
            return Err(SyncError::Diverged {
                entry_id: carddesk_data::journal::entry_id(&me, hub_tip),
            });
        }
    }
    let mut cursor = hub_tip;
    loop {
        let batch = book
            .own_entries_after(cursor, PUSH_BATCH)
            .map_err(|e| SyncError::Book(e.to_string()))?;
        let Some(last) = batch.last() else { break };
        cursor = last.seq;
        let reply = client.push(&me, &batch)?;
        report.pushed += reply.accepted;
        report.already_on_hub += reply.duplicates;
    }
    if book
        .is_partial()
        .map_err(|e| SyncError::Book(e.to_string()))?
    {
        return pull_scoped(client, book, report);
    }
    let mut after: BTreeMap<String, i64> = positions
        .into_iter()
        .filter(|(t, _)| *t != me)
        .map(|(t, (seq, _))| (t, seq))
        .collect();
    // One transaction for the whole pull: entries are applied in HLC order across
    // terminals at its end (a freeze written at one terminal of a member registered at
    // another must find the member), and the hub's pages come terminal by terminal. The
    // pages are checked and inserted as they come, so memory stays a few pages'.
    let book_err = |e: carddesk_data::replication::ReplicationError| SyncError::Book(e.to_string());
    let ((), (ingest, pulled)) = pipeline::pipeline(
        |pages| loop {
            let (page, more) = pull_page(client, &mut after, Some(&me))?;
            pipeline::send(pages, page)?;
            if !more {
                return Ok(());
            }
        },
        move |pages| {
            let mut ingest = book.begin_ingest().map_err(book_err)?;
            let mut pulled = 0;
            for page in pages {
                pulled += page.len() as u64;
                ingest.add(page).map_err(book_err)?;
            }
            Ok((ingest, pulled))
        },
    )?;
    report.pulled += pulled;
    let ingested = ingest.finish().map_err(book_err)?;
    report.applied = ingested.applied;
    report.skipped = ingested.skipped;
    Ok(())
}

/// One page of the entries after `after`, and whether more follow; `after` moves to
/// what was received.
pub fn pull_page<T: HubTransport + ?Sized>(
    client: &T,
    after: &mut BTreeMap<String, i64>,
    exclude: Option<&str>,
) -> Result<(Vec<Entry>, bool), SyncError> {
    let page = client.pull(after, exclude, PULL_PAGE)?;
    let mut out = Vec::with_capacity(page.entries.len());
    for w in page.entries {
        let e = Entry::try_from(w).map_err(|e| SyncError::Protocol(e.to_string()))?;
        let pos = after.entry(e.terminal.clone()).or_insert(0);
        if e.seq != *pos + 1 {
            return Err(SyncError::Protocol(format!(
                "entry {} does not follow position {}",
                e.id(),
                pos
            )));
        }
        *pos = e.seq;
        out.push(e);
    }
    let more = page.more && !out.is_empty();
    Ok((out, more))
}

/// Every entry after `after`, page by page; `after` moves to what was received.
pub fn pull_all<T: HubTransport + ?Sized>(
    client: &T,
    after: &mut BTreeMap<String, i64>,
    exclude: Option<&str>,
) -> Result<Vec<Entry>, SyncError> {
    let mut out = Vec::new();
    loop {
        let (page, more) = pull_page(client, after, exclude)?;
        out.extend(page);
        if !more {
            return Ok(out);
        }
    }
}

/// `carddesk sync`'s output: one line for people, or the report as JSON.
pub fn print(
    r: &SyncReport,
    lang: Lang,
    json: bool,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    if json {
        return writeln!(out, "{}", serde_json::to_string(r).unwrap_or_default());
    }
    writeln!(
        out,
        "{} {} / {} {} / {} {} / {} {} ({} ms)",
        CliTx::Pushed.get(lang),
        r.pushed,
        CliTx::Pulled.get(lang),
        r.pulled,
        CliTx::Applied.get(lang),
        r.applied,
        CliTx::Skipped.get(lang),
        r.skipped,
        r.elapsed_ms
    )?;
    if let Some(hub) = &r.hub {
        writeln!(out, "{} {hub}", CliTx::Hub.get(lang))?;
    }
    if let Some(e) = &r.error {
        writeln!(
            out,
            "{}: {} [{}]",
            CliTx::SyncFailed.get(lang),
            e.message,
            e.code
        )?;
    }
    Ok(())
}
