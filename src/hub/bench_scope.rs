//! `carddesk hub bench --scope-members N`: a chain of 10 × N members (a registration
//! and a profile edit each, 20 × N entries, over ten outlets) pushed through a real hub
//! over HTTP; then a new terminal of the outlet group `o0` (N members) makes its first
//! pull into a fresh partial book. Printed: entries of the scope per second, entries
//! of the chain read past per second, the process's peak memory during the pull (the
//! in-process hub serving it included), and the partial book's size on disk.

use std::time::{Duration, Instant};

use carddesk_data::entry::{Credential, CredentialKind, EntryBody, Profile, ProfilePatch};
use carddesk_data::journal::Entry;
use carddesk_data::partial::BookScope;
use carddesk_data::Lang;
use carddesk_model::text::CliTx;
use serde::Serialize;

use crate::sync::{HubClient, HubTransport, SyncReport, PUSH_BATCH};

const OUTLETS: usize = 10;

#[derive(Debug, Serialize)]
pub struct ScopeFigures {
    pub store: String,
    pub chain_members: usize,
    pub chain_entries: usize,
    pub group_members: usize,
    pub scope_entries: u64,
    pub first_pull_seconds: f64,
    pub scope_entries_per_second: f64,
    pub chain_entries_per_second: f64,
    pub peak_rss_mib: f64,
    /// The peak above what the process held before the pull (the in-process hub's
    /// memory after the push included in the peak, not in the growth).
    pub peak_growth_mib: f64,
    pub book_mib: f64,
}

pub fn run(group_members: usize, stores: &[String], lang: Lang) -> anyhow::Result<()> {
    let tmp = super::bench::tempfile_dir("scope-bench")?;
    let stores: Vec<String> = if stores.is_empty() {
        vec![format!("sqlite:{}", tmp.join("scope-hub.db").display())]
    } else {
        stores.to_vec()
    };
    let mut all = Vec::new();
    for store in &stores {
        let f = measure(store, group_members, &tmp);
        let f = match f {
            Ok(f) => f,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&tmp);
                return Err(e);
            }
        };
        println!(
            "{} {:<10} {}: {} {} ({} {}) {:.2} s = {:.0} {}/s, {:.0} {}/s; {} {:.0} MiB (+{:.0}); {} {:.1} MiB",
            CliTx::Hub.get(lang),
            f.store,
            CliTx::BenchScopeFirstPull.get(lang),
            f.group_members,
            CliTx::BenchMembers.get(lang),
            f.scope_entries,
            CliTx::BenchEntries.get(lang),
            f.first_pull_seconds,
            f.scope_entries_per_second,
            CliTx::BenchEntries.get(lang),
            f.chain_entries_per_second,
            CliTx::BenchChainEntries.get(lang),
            CliTx::BenchPeakMemory.get(lang),
            f.peak_rss_mib,
            f.peak_growth_mib,
            CliTx::BenchPartialBook.get(lang),
            f.book_mib,
        );
        all.push(f);
    }
    println!("{}", serde_json::to_string(&all)?);
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(())
}

/// 10 × `group` members of `terminal`, registered round-robin at outlets `o0`..`o9`,
/// each then edited: correctly chained from the genesis hash.
fn generate(terminal: &str, group: usize) -> anyhow::Result<Vec<Entry>> {
    let members = group * OUTLETS;
    super::bench::chained(terminal, "scope", members * 2, |i| {
        let m = i % members;
        let body = if i < members {
            EntryBody::MemberRegistered {
                profile: Profile {
                    name: format!("门店组会员{m}"),
                    phone: Some(format!("137{m:08}")),
                    ..Default::default()
                },
                tier: "普通".into(),
                credentials: vec![Credential::new(CredentialKind::Code, format!("SC{m:010}"))],
            }
        } else {
            EntryBody::MemberEdited {
                changes: ProfilePatch {
                    notes: Some(format!("偏好 {m}")),
                    ..Default::default()
                },
                credentials: vec![],
            }
        };
        (body, format!("7{m:09}"), format!("o{}", m % OUTLETS))
    })
}

/// The process's peak resident memory (`VmHWM`, reset first by [`reset_peak`]) or its
/// resident memory now (`VmRSS`), MiB.
fn rss_mib(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

pub fn measure(store: &str, group: usize, tmp: &std::path::Path) -> anyhow::Result<ScopeFigures> {
    let terminal = format!("SCOPE_{:08x}", rand::random::<u32>());
    let reader = format!("GROUP_{:08x}", rand::random::<u32>());
    let mut entries = generate(&terminal, group)?;
    let chain_entries = entries.len();
    let config = super::serve_config(&crate::config::HubConfig::default());
    let hub = carddesk_hub::run::spawn(store, &[terminal.clone(), reader.clone()], config)?;
    let url = format!("http://{}", hub.addr);
    let token = |i: usize| hub.tokens.get(i).cloned().unwrap_or_default();
    let client = HubClient::new(&url, &token(0), "", Duration::from_secs(300))?;
    for batch in entries.chunks(PUSH_BATCH) {
        client.push(&terminal, batch)?;
    }
    entries = Vec::new();
    drop(entries);
    let reader_client = HubClient::new(&url, &token(1), "", Duration::from_secs(300))?;
    // A store of earlier runs holds other terminals: the new terminal starts at their
    // tips, as if the chain were only this run's.
    let path = tmp.join(format!("{reader}.db"));
    let mut book = carddesk_data::Book::create(
        &path,
        carddesk_data::Terminal {
            id: reader.clone(),
            outlet: "o0".into(),
            member_prefix: "6".into(),
            rules: carddesk_data::Rules::default(),
        },
        Box::new(carddesk_data::SystemClock),
    )?;
    book.set_scope(&BookScope::Group {
        outlets: vec!["o0".into()],
    })?;
    let mut others = std::collections::BTreeMap::new();
    for (t, tip) in reader_client.tips()? {
        if t != terminal {
            others.insert(t, tip.seq);
        }
    }
    book.ingest_partial(Vec::new(), Vec::new(), &others, &[], None)?;
    reset_peak();
    let baseline = rss_mib("VmRSS:");
    let started = Instant::now();
    let mut report = SyncReport::default();
    crate::sync::pull_scoped(&reader_client, &mut book, &mut report)?;
    let seconds = started.elapsed().as_secs_f64();
    let peak = rss_mib("VmHWM:");
    anyhow::ensure!(
        report.applied == (group * 2) as u64,
        "the group's book took {} entries, not {}",
        report.applied,
        group * 2
    );
    drop(book);
    drop(hub);
    let book_mib = std::fs::metadata(&path)?.len() as f64 / (1024.0 * 1024.0);
    Ok(ScopeFigures {
        store: super::bench::store_kind(store).into(),
        chain_members: group * OUTLETS,
        chain_entries,
        group_members: group,
        scope_entries: report.applied,
        first_pull_seconds: seconds,
        scope_entries_per_second: report.applied as f64 / seconds.max(1e-9),
        chain_entries_per_second: chain_entries as f64 / seconds.max(1e-9),
        peak_rss_mib: peak,
        peak_growth_mib: (peak - baseline).max(0.0),
        book_mib,
    })
}
