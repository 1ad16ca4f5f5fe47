//! `carddesk hub bench --authorize`: online authorization under load, the way a chain
//! runs it. Two hub servers share one store; a seed terminal registers members with
//! stored value and pushes them; then every simulated terminal, each on a thread of its
//! own, asks its hub (half of them the first, half the second) to authorize small
//! stored-value spends of random members, one after another, and the time of each round
//! trip is kept. Also timed: a hub starting on the store with all that history in it.
//!
//! The two servers run in this process (each with its own runtime and connection pool),
//! so the figures include the client side on the same cores.

use std::path::Path;
use std::time::{Duration, Instant};

use carddesk_data::authorize::{AuthorizeRequest, Spend};
use carddesk_data::ops::TopUp;
use carddesk_data::{Actor, Book, Lang, Request, Rules, SystemClock, Tender, Terminal};
use carddesk_model::entry::{Credential, CredentialKind, Profile};
use carddesk_model::ops::RegisterMember;
use carddesk_model::text::CliTx;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::sync::{HubClient, HubTransport};

/// What one run measured.
#[derive(Debug, Serialize)]
pub struct AuthorizeFigures {
    pub store: String,
    pub hubs: usize,
    pub terminals: usize,
    pub members: usize,
    /// Each terminal's pace in ms (0: back to back).
    pub pace_ms: u64,
    pub authorizations: usize,
    pub approved: usize,
    pub seconds: f64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// A third hub starting on the store as the run left it (every entry and state row).
    pub start_ms: f64,
}

/// The load: how many terminals, authorizations each, and members to spend from.
pub struct Load {
    pub terminals: usize,
    pub per_terminal: usize,
    /// One authorization per terminal every this many ms (0: back to back).
    pub pace_ms: u64,
    pub members: usize,
}

pub fn print(f: &AuthorizeFigures, lang: Lang) {
    // A paced run names its pace: one authorization per terminal every N ms.
    let pace = if f.pace_ms > 0 {
        format!(" (1 / {} ms)", f.pace_ms)
    } else {
        String::new()
    };
    println!(
        "{} {:<10} {} {}, {} {}{pace}, {} {}: {} {:.0}/s, p50 {:.2} ms, p99 {:.2} ms ({} < 10 ms: {}), max {:.1} ms; {} {:.0} ms ({} < 1000 ms: {})",
        CliTx::BenchAuthorize.get(lang),
        f.store,
        CliTx::BenchHubs.get(lang),
        f.hubs,
        CliTx::BenchTerminals.get(lang),
        f.terminals,
        CliTx::BenchAuthorizations.get(lang),
        f.authorizations,
        CliTx::BenchThroughput.get(lang),
        f.per_second,
        f.p50_ms,
        f.p99_ms,
        CliTx::Target.get(lang),
        if f.p99_ms < 10.0 { "ok" } else { CliTx::Missed.get(lang) },
        f.max_ms,
        CliTx::BenchHubStart.get(lang),
        f.start_ms,
        CliTx::Target.get(lang),
        if f.start_ms < 1000.0 { "ok" } else { CliTx::Missed.get(lang) },
    );
}

pub fn measure(store: &str, load: &Load, tmp: &Path) -> anyhow::Result<AuthorizeFigures> {
    let run = rand::random::<u32>() & 0xff_ffff;
    let seed = format!("SEED{run:06x}");
    let names: Vec<String> = (0..load.terminals)
        .map(|i| format!("L{i:03}{run:06x}"))
        .collect();
    let (first, second) = names.split_at(names.len().div_ceil(2));
    let config = super::serve_config(&crate::config::HubConfig::default());
    let mut first_enrolled = vec![seed.clone()];
    first_enrolled.extend_from_slice(first);
    let hub_a = carddesk_hub::run::spawn(store, &first_enrolled, config.clone())?;
    let hub_b = carddesk_hub::run::spawn(store, second, config)?;
    let url = |h: &carddesk_hub::run::Running| format!("http://{}", h.addr);
    let client = |h: &carddesk_hub::run::Running, token: &str| {
        HubClient::new(&url(h), token, "", Duration::from_secs(60))
    };

    let (book, members) = seed_members(&seed, load.members, tmp)?;
    let seed_client = client(&hub_a, hub_a.tokens.first().map_or("", String::as_str))?;
    // Only pushed: the seed needs nothing of the chain, and on a store that holds a big
    // chain (a run of `--scope-members` before) a sync would be a whole book's first pull.
    let mut pushed = 0;
    loop {
        let batch = book.own_entries_after(pushed, crate::sync::PUSH_BATCH)?;
        let Some(last) = batch.last() else { break };
        pushed = last.seq;
        seed_client.push(&seed, &batch)?;
    }
    drop(book);

    // Every terminal at once, each on its own thread and its own hub connection.
    let mut clients = Vec::new();
    for (i, token) in hub_a.tokens.iter().skip(1).enumerate() {
        clients.push((first[i].clone(), client(&hub_a, token)?));
    }
    for (i, token) in hub_b.tokens.iter().enumerate() {
        clients.push((second[i].clone(), client(&hub_b, token)?));
    }
    let started = Instant::now();
    let per_terminal = load.per_terminal;
    let results: Vec<anyhow::Result<(Vec<f64>, usize)>> = std::thread::scope(|s| {
        let handles: Vec<_> = clients
            .iter()
            .map(|(name, c)| {
                let members = &members;
                s.spawn(move || spend_loop(name, c, members, per_terminal, load.pace_ms))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a terminal thread panicked")))
            })
            .collect()
    });
    let seconds = started.elapsed().as_secs_f64();
    let mut times = Vec::new();
    let mut approved = 0;
    for r in results {
        let (t, a) = r?;
        times.extend(t);
        approved += a;
    }
    drop(hub_a);
    drop(hub_b);
    times.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let i = ((times.len() as f64 * q).ceil() as usize).saturating_sub(1);
        times.get(i).copied().unwrap_or(0.0)
    };
    let started = Instant::now();
    let third = carddesk_hub::run::spawn(store, &[], super::serve_config(&Default::default()))?;
    let start_ms = started.elapsed().as_secs_f64() * 1000.0;
    drop(third);
    Ok(AuthorizeFigures {
        store: super::bench::store_kind(store).into(),
        hubs: 2,
        terminals: load.terminals,
        pace_ms: load.pace_ms,
        members: load.members,
        authorizations: times.len(),
        approved,
        seconds,
        per_second: times.len() as f64 / seconds.max(1e-9),
        p50_ms: at(0.50),
        p99_ms: at(0.99),
        max_ms: times.last().copied().unwrap_or(0.0),
        start_ms,
    })
}

fn seed_terminal(seed: &str) -> Terminal {
    Terminal {
        id: seed.to_string(),
        outlet: "rooms".into(),
        member_prefix: "7".into(),
        rules: Rules::default(),
    }
}

/// `n` members, each topped up with 1,000.00 (no hub: the seed book is the truth).
fn seed_members(seed: &str, n: usize, tmp: &Path) -> anyhow::Result<(Book, Vec<String>)> {
    let mut book = Book::create(
        &tmp.join(format!("{seed}.db")),
        seed_terminal(seed),
        Box::new(SystemClock),
    )?;
    let actor = Actor::new("bench", "rooms");
    let mut members = Vec::with_capacity(n);
    for i in 0..n {
        let register = Request::RegisterMember(RegisterMember {
            profile: Profile {
                name: format!("授权基准{i}"),
                phone: Some(format!("137{i:08}")),
                ..Default::default()
            },
            tier: None,
            credentials: vec![Credential::new(CredentialKind::Code, format!("AB{i:08}"))],
        });
        let out = book.execute(&actor, &format!("{seed}-r{i}"), &register)?;
        let no = out
            .member
            .map(|m| m.member_no)
            .ok_or_else(|| anyhow::anyhow!("a registration named no member"))?;
        let top_up = Request::TopUp(TopUp {
            member_no: no.clone().into(),
            amount: Decimal::from(1000),
            tender: Tender::Cash,
        });
        book.execute(&actor, &format!("{seed}-t{i}"), &top_up)?;
        members.push(no);
    }
    Ok((book, members))
}

/// One terminal's spends: each one's milliseconds and how many were approved. Paced, the
/// i-th is due at a random phase plus i paces and timed from then, not from when it was
/// sent: a request held up behind a slow answer counts its wait (no coordinated
/// omission). Unpaced, each is sent on the last one's answer and timed as a round trip.
fn spend_loop(
    terminal: &str,
    client: &HubClient,
    members: &[String],
    n: usize,
    pace_ms: u64,
) -> anyhow::Result<(Vec<f64>, usize)> {
    let mut times = Vec::with_capacity(n);
    let mut approved = 0;
    let pace = Duration::from_millis(pace_ms);
    let first = Instant::now() + pace.mul_f64(rand::random::<f64>());
    for i in 0..n {
        let member = &members[rand::random_range(0..members.len())];
        let req = AuthorizeRequest {
            op_id: format!("{terminal}-a{i}"),
            member_no: member.clone(),
            spends: vec![Spend::StoredValue {
                amount: Decimal::ONE,
            }],
            pending: Vec::new(),
        };
        let started = if pace.is_zero() {
            Instant::now()
        } else {
            let due = first + pace * u32::try_from(i).unwrap_or(u32::MAX);
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
            due
        };
        let reply = client.authorize(&req)?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        approved += usize::from(reply.approved);
    }
    Ok((times, approved))
}

/// Measures each store (default: a SQLite file in a temporary folder), printing a line
/// each and then all figures as one JSON line.
pub fn run(stores: &[String], load: &Load, lang: Lang) -> anyhow::Result<()> {
    let tmp = super::bench::tempfile_dir("hub-authorize")?;
    let result = (|| {
        let stores: Vec<String> = if stores.is_empty() {
            vec![format!("sqlite:{}", tmp.join("authorize-hub.db").display())]
        } else {
            stores.to_vec()
        };
        let mut all = Vec::new();
        for store in &stores {
            let f = measure(store, load, &tmp)?;
            print(&f, lang);
            all.push(f);
        }
        println!("{}", serde_json::to_string(&all)?);
        anyhow::Ok(())
    })();
    let _ = std::fs::remove_dir_all(&tmp);
    result
}
