//! `carddesk hub bench`: N generated, correctly chained entries of one terminal pushed
//! through a real hub over HTTP in batches, then pulled back, timed; once per store.
//! The figures are what this run measured (DESIGN.md §7 target: ≥ 50,000 entries/s).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use carddesk_data::entry::{Credential, CredentialKind, EntryBody, Profile};
use carddesk_data::journal::{Entry, Header, GENESIS};
use carddesk_data::signatures::Claims;
use carddesk_data::signing::TerminalKey;
use carddesk_data::Lang;
use carddesk_model::text::CliTx;
use serde::Serialize;

use crate::sync::{HubClient, HubTransport, PUSH_BATCH};

#[derive(Debug, Serialize)]
pub struct Figures {
    pub store: String,
    pub entries: usize,
    pub push_seconds: f64,
    pub push_per_second: f64,
    pub pull_seconds: f64,
    pub pull_per_second: f64,
    /// Checking, inserting and applying the pulled entries in a fresh terminal book.
    pub ingest_seconds: f64,
    pub ingest_per_second: f64,
    /// Entries per second the hub took in from [`PUSHING_AT_ONCE`] terminals pushing
    /// their own chains at once (N entries in all), as a chain's hub does.
    pub concurrent_push_per_second: f64,
    /// The pushed chain's signatures verified as the hub and every book verify them
    /// (every core, in batches), nothing else running: no push, ingest or first pull
    /// of signed entries can go faster on this machine.
    pub signatures_per_second: f64,
}

/// Terminals pushing at once in the concurrent push.
pub const PUSHING_AT_ONCE: usize = 4;

pub fn run(n: usize, stores: &[String], lang: Lang) -> anyhow::Result<()> {
    let tmp = tempfile_dir("hub-bench")?;
    let result = run_in(n, stores, lang, &tmp);
    let _ = std::fs::remove_dir_all(&tmp);
    result
}

fn run_in(n: usize, stores: &[String], lang: Lang, tmp: &std::path::Path) -> anyhow::Result<()> {
    let stores: Vec<String> = if stores.is_empty() {
        vec![format!("sqlite:{}", tmp.join("bench-hub.db").display())]
    } else {
        stores.to_vec()
    };
    let mut all = Vec::new();
    for store in &stores {
        let f = measure(store, n, tmp)?;
        println!(
            "{} {:<10} {} {n}: {} {:.2} s = {:.0} {}/s; {} {:.2} s = {:.0} {}/s  ({} ≥ 50000/s: {}); {} {:.0} {}/s; {PUSHING_AT_ONCE} {} {:.0} {}/s; {:.0}/s {}",
            CliTx::Hub.get(lang),
            f.store,
            CliTx::Entries.get(lang),
            CliTx::Push.get(lang),
            f.push_seconds,
            f.push_per_second,
            CliTx::BenchEntries.get(lang),
            CliTx::Pull.get(lang),
            f.pull_seconds,
            f.pull_per_second,
            CliTx::BenchEntries.get(lang),
            CliTx::Target.get(lang),
            if f.push_per_second >= 50_000.0 && f.pull_per_second >= 50_000.0 {
                "ok"
            } else {
                CliTx::Missed.get(lang)
            },
            CliTx::BenchAppliedIntoBook.get(lang),
            f.ingest_per_second,
            CliTx::BenchEntries.get(lang),
            CliTx::BenchPushingAtOnce.get(lang),
            f.concurrent_push_per_second,
            CliTx::BenchEntries.get(lang),
            f.signatures_per_second,
            CliTx::BenchSignaturesVerified.get(lang),
        );
        all.push(f);
    }
    println!("{}", serde_json::to_string(&all)?);
    Ok(())
}

/// A fresh folder for one run's files, named `carddesk-<what>-<pid>-<random>`.
pub fn tempfile_dir(what: &str) -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "carddesk-{what}-{}-{:08x}",
        std::process::id(),
        rand::random::<u32>()
    ));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// `n` entries of `terminal`, chained from the genesis hash: member registrations with a
/// realistic body.
pub fn generate(terminal: &str, n: usize) -> anyhow::Result<Vec<Entry>> {
    registrations(terminal, n, "9", &TerminalKey::generate())
}

/// [`generate`], signed with `key` (a test that changes an entry signs it again).
pub fn generate_signed(terminal: &str, n: usize, key: &TerminalKey) -> anyhow::Result<Vec<Entry>> {
    registrations(terminal, n, "9", key)
}

/// [`generate`], the member nos. and codes starting with `prefix` (terminals pushing
/// at once register different members), signed with `key`.
fn registrations(
    terminal: &str,
    n: usize,
    prefix: &str,
    key: &TerminalKey,
) -> anyhow::Result<Vec<Entry>> {
    chained(terminal, "bench", n, key, |i| {
        let seq = i + 1;
        let body = EntryBody::MemberRegistered {
            profile: Profile {
                name: format!("基准会员{seq}"),
                phone: Some(format!("139{seq:08}")),
                ..Default::default()
            },
            tier: "普通".into(),
            credentials: vec![Credential::new(
                CredentialKind::Code,
                format!("BC{prefix}{seq:010}"),
            )],
        };
        (body, format!("{prefix}{seq:09}"), "rooms".into())
    })
}

/// `n` entries of `terminal` chained from the genesis hash and signed with `key`, entry
/// `i` (from 0) being `make(i)`: its body, member no. and outlet. The op ids carry `tag`.
pub fn chained(
    terminal: &str,
    tag: &str,
    n: usize,
    key: &TerminalKey,
    make: impl FnMut(usize) -> (EntryBody, String, String),
) -> anyhow::Result<Vec<Entry>> {
    Chain::new(terminal, tag, key).next(n, make)
}

/// A terminal's generated chain, made a part at a time: a chain of tens of millions of
/// entries is pushed as it is made, never held whole.
pub struct Chain<'k> {
    terminal: String,
    tag: String,
    key: &'k TerminalKey,
    /// Entries made so far; the next is `made` (from 0), seq `made + 1`.
    made: usize,
    prev: carddesk_data::journal::Hash,
    start_ms: i64,
}

impl<'k> Chain<'k> {
    pub fn new(terminal: &str, tag: &str, key: &'k TerminalKey) -> Self {
        Chain {
            terminal: terminal.to_string(),
            tag: tag.to_string(),
            key,
            made: 0,
            prev: GENESIS,
            start_ms: chrono::Utc::now().timestamp_millis(),
        }
    }

    /// The next `n` entries, signed, entry `i` (counted from the chain's first) being
    /// `make(i)`.
    pub fn next(
        &mut self,
        n: usize,
        mut make: impl FnMut(usize) -> (EntryBody, String, String),
    ) -> anyhow::Result<Vec<Entry>> {
        let mut out = Vec::with_capacity(n);
        for i in self.made..self.made + n {
            let seq = i as i64 + 1;
            let (body, member_no, outlet) = make(i);
            let mut e = Entry {
                terminal: self.terminal.clone(),
                seq,
                hlc: carddesk_data::hlc::next(0, self.start_ms) + seq,
                op_id: format!("{}-{}-{seq}", self.terminal, self.tag),
                header: Header {
                    operator: "bench".into(),
                    outlet,
                    member_no: Some(member_no),
                    reversal_of: None,
                    offline: false,
                },
                kind: body.kind(),
                body: serde_json::to_string(&body)?,
                prev_hash: self.prev,
                hash: GENESIS,
                sig: None,
            };
            e.hash = e.computed_hash();
            self.prev = e.hash;
            out.push(e);
        }
        sign(&mut out, self.key, self.made == 0);
        self.made += n;
        Ok(out)
    }
}

/// Signs a generated chain as its terminal would (the first entry publishes the key):
/// every push and pull then pays for verifying signatures, as a chain's do. On every
/// core, since a million signatures take half a minute on one. `first`: the entries
/// start the chain.
fn sign(entries: &mut [Entry], key: &TerminalKey, first: bool) {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let per = entries.len().div_ceil(cores).max(1);
    std::thread::scope(|s| {
        for (part, chunk) in entries.chunks_mut(per).enumerate() {
            s.spawn(move || {
                for (i, e) in chunk.iter_mut().enumerate() {
                    e.sig = Some(key.sig_column(&e.hash, first && part == 0 && i == 0));
                }
            });
        }
    });
}

/// The store's kind, as the figures name it (never its URL, which may hold a password).
pub fn store_kind(store: &str) -> &'static str {
    if store.starts_with("sqlite:") {
        "sqlite"
    } else {
        "postgresql"
    }
}

pub fn measure(store: &str, n: usize, tmp: &std::path::Path) -> anyhow::Result<Figures> {
    let run = rand::random::<u32>();
    let terminal = format!("BENCH_{run:08x}");
    let entries = generate(&terminal, n)?;
    let signatures = signatures_per_second(&entries)?;
    let pushers: Vec<String> = (0..PUSHING_AT_ONCE)
        .map(|i| format!("BENCH_{run:08x}_{i}"))
        .collect();
    let mut enrolled = vec![terminal.clone()];
    enrolled.extend(pushers.iter().cloned());
    let config = super::serve_config(&crate::config::HubConfig::default());
    let hub = carddesk_hub::run::spawn(store, &enrolled, config)?;
    let client = bench_client(&hub, 0)?;
    let started = Instant::now();
    push_all(&client, &terminal, &entries)?;
    let push = started.elapsed().as_secs_f64();
    // Pull only this run's terminal: start every other terminal at its tip.
    let mut after: BTreeMap<String, i64> = client
        .tips()?
        .into_iter()
        .map(|(t, tip)| (t, tip.seq))
        .collect();
    after.insert(terminal.clone(), 0);
    let started = Instant::now();
    let pulled = crate::sync::pull_all(&client, &mut after, None)?;
    let pull = started.elapsed().as_secs_f64();
    anyhow::ensure!(
        pulled.len() == n && pulled == entries,
        "pulled {} entries, not the {n} pushed",
        pulled.len()
    );
    drop(entries);
    let concurrent = push_at_once(&hub, &pushers, n)?;
    drop(hub);
    let mut book = carddesk_data::Book::create(
        &tmp.join(format!("{terminal}.db")),
        carddesk_data::Terminal {
            id: "BENCH_RX".into(),
            outlet: "rooms".into(),
            member_prefix: "8".into(),
            rules: carddesk_data::Rules::default(),
        },
        Box::new(carddesk_data::SystemClock),
    )?;
    let started = Instant::now();
    let ingested = book.ingest_remote(pulled)?;
    let ingest = started.elapsed().as_secs_f64();
    anyhow::ensure!(ingested.applied == n as u64, "applied {}", ingested.applied);
    drop(book);
    Ok(Figures {
        store: store_kind(store).into(),
        entries: n,
        push_seconds: push,
        push_per_second: n as f64 / push.max(1e-9),
        pull_seconds: pull,
        pull_per_second: n as f64 / pull.max(1e-9),
        ingest_seconds: ingest,
        ingest_per_second: n as f64 / ingest.max(1e-9),
        concurrent_push_per_second: n as f64 / concurrent.max(1e-9),
        signatures_per_second: signatures,
    })
}

/// The signatures of `entries` (one chain, in order) verified as a receiver verifies
/// them ([`Claims`]), timed: per second.
fn signatures_per_second(entries: &[Entry]) -> anyhow::Result<f64> {
    let mut claims = Claims::default();
    let mut key = None;
    for (at, e) in entries.iter().enumerate() {
        key = claims
            .add(key.as_deref(), e, at)
            .map_err(anyhow::Error::msg)?;
    }
    let started = Instant::now();
    claims
        .verify()
        .map_err(|at| anyhow::anyhow!("generated entry {at} does not verify"))?;
    Ok(entries.len() as f64 / started.elapsed().as_secs_f64().max(1e-9))
}

/// `pushers` (enrolled on `hub`, their tokens after the first terminal's) push `n`
/// entries in all, each its own chain from its own thread and connection, at once: the
/// seconds from the first request to the last answer.
fn push_at_once(
    hub: &carddesk_hub::run::Running,
    pushers: &[String],
    n: usize,
) -> anyhow::Result<f64> {
    let each = n.div_ceil(pushers.len().max(1));
    let mut chains = Vec::new();
    for (i, t) in pushers.iter().enumerate() {
        let client = bench_client(hub, i + 1)?;
        chains.push((
            t.clone(),
            client,
            registrations(t, each, &format!("8{i}"), &TerminalKey::generate())?,
        ));
    }
    let started = Instant::now();
    std::thread::scope(|s| -> anyhow::Result<()> {
        let running: Vec<_> = chains
            .iter()
            .map(|(t, client, entries)| s.spawn(move || push_all(client, t, entries)))
            .collect();
        for r in running {
            r.join()
                .map_err(|_| anyhow::anyhow!("a pushing thread stopped"))??;
        }
        Ok(())
    })?;
    Ok(started.elapsed().as_secs_f64())
}

/// A client of the bench's hub with the token of its `i`th enrolled terminal; in one
/// process on loopback, plain HTTP.
fn bench_client(hub: &carddesk_hub::run::Running, i: usize) -> anyhow::Result<HubClient> {
    let token = hub.tokens.get(i).cloned().unwrap_or_default();
    Ok(HubClient::new(
        &format!("http://{}", hub.addr),
        &token,
        "",
        Duration::from_secs(120),
    )?)
}

/// Pushes `entries` of `terminal` in batches; every entry must be accepted.
fn push_all(client: &HubClient, terminal: &str, entries: &[Entry]) -> anyhow::Result<()> {
    for batch in entries.chunks(PUSH_BATCH) {
        let reply = client.push(terminal, batch)?;
        anyhow::ensure!(
            reply.accepted == batch.len() as u64,
            "the hub accepted {} of {} from {terminal}",
            reply.accepted,
            batch.len()
        );
    }
    Ok(())
}
