//! Measurements behind `carddesk bench` (DESIGN.md §7). Each figure is measured beside
//! the physical limit it is judged against, in the same run on the same file: a lookup
//! beside a bare indexed query, a durable operation beside one fsync.

use std::io::Write;
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rusqlite::params;
use serde::Serialize;

use crate::book::Book;
use crate::demo;
use crate::error::OpError;
use crate::ops::{Actor, Request, TopUp};

#[derive(Debug, Clone, Serialize)]
pub struct Percentiles {
    pub p50_us: f64,
    pub p99_us: f64,
}

impl Percentiles {
    pub fn of(mut samples: Vec<Duration>) -> Percentiles {
        samples.sort_unstable();
        let at = |q: f64| {
            if samples.is_empty() {
                return 0.0;
            }
            let i = ((samples.len() as f64 - 1.0) * q).round() as usize;
            samples[i].as_secs_f64() * 1e6
        };
        Percentiles {
            p50_us: at(0.50),
            p99_us: at(0.99),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct LookupFigure {
    pub key: &'static str,
    pub carddesk: Percentiles,
    pub bare_query: Percentiles,
}

#[derive(Debug, Clone, Serialize)]
pub struct DurableFigure {
    pub operation: Percentiles,
    pub operations_per_second: f64,
    pub fsync: Percentiles,
}

/// The keys the counter looks members up by, and a bare SQL query that fetches the
/// same member row by the same index.
/// Each key beside the bare SQL that returns the same thing (the member row and the
/// credentials the counter shows, or the list) in one indexed statement.
const KEYS: &[(&str, &str)] = &[
    ("card", "SELECT m.*, h.kind, h.value, h.status FROM credentials c JOIN members m ON m.member_no = c.member_no LEFT JOIN credentials h ON h.member_no = m.member_no WHERE c.kind = 'card' AND c.value = ?1"),
    ("code", "SELECT m.*, h.kind, h.value, h.status FROM credentials c JOIN members m ON m.member_no = c.member_no LEFT JOIN credentials h ON h.member_no = m.member_no WHERE c.kind = 'code' AND c.value = ?1"),
    ("phone", "SELECT m.*, h.kind, h.value, h.status FROM credentials c JOIN members m ON m.member_no = c.member_no LEFT JOIN credentials h ON h.member_no = m.member_no WHERE c.kind = 'phone' AND c.value = ?1"),
    ("member_no", "SELECT m.*, h.kind, h.value, h.status FROM members m LEFT JOIN credentials h ON h.member_no = m.member_no WHERE m.member_no = ?1"),
    ("phone_last4", "SELECT m.* FROM credentials c JOIN members m ON m.member_no = c.member_no WHERE c.last4 = ?1 AND c.kind = 'phone' AND c.status = 'active' ORDER BY m.name LIMIT 50"),
    ("name_prefix", "SELECT * FROM members WHERE name_key >= ?1 AND name_key < ?1 || char(1114111) ORDER BY name_key LIMIT 50"),
];

fn query_for(key: &str, i: u64, prefix: &str, rng: &mut StdRng) -> String {
    match key {
        "card" => demo::card_uid(i),
        "code" => demo::code(i),
        "phone" => demo::phone(i),
        "member_no" => format!("{prefix}{i:07}"),
        "phone_last4" => format!("{:04}", rng.random_range(0..10_000)),
        _ => ["王伟", "李", "张秀", "Anna", "陈", "欧阳"][rng.random_range(0..6)].to_string(),
    }
}

/// One run of the bare statement, reading every row it returns.
fn time_bare(bare: &mut rusqlite::Statement, q: &str) -> Result<Duration, OpError> {
    let t = Instant::now();
    let mut rows = bare.query(params![q])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        n += r.get::<_, String>(0)?.len();
    }
    let d = t.elapsed();
    std::hint::black_box(n);
    Ok(d)
}

/// Lookup latency by each key, `samples` random members of a demo book of `members`.
pub fn lookups(book: &Book, members: u64, samples: usize) -> Result<Vec<LookupFigure>, OpError> {
    let mut rng = StdRng::seed_from_u64(7);
    let prefix = book.terminal().member_prefix.clone();
    let mut figures = Vec::new();
    for (key, bare_sql) in KEYS {
        let queries: Vec<String> = (0..samples)
            .map(|_| query_for(key, rng.random_range(1..=members), &prefix, &mut rng))
            .collect();
        let mut bare = book.conn().prepare(bare_sql)?;
        let (mut ours, mut theirs) = (Vec::with_capacity(samples), Vec::with_capacity(samples));
        // Interleaved, and in alternating order, so that cold pages, cache warmth and
        // machine noise fall on both alike.
        for (n, q) in queries.iter().enumerate() {
            let bare_first = n % 2 == 0;
            if bare_first {
                theirs.push(time_bare(&mut bare, q)?);
            }
            let t = Instant::now();
            let found = book.find(q);
            ours.push(t.elapsed());
            match found {
                Ok(f) => {
                    std::hint::black_box(f);
                }
                Err(OpError::NotFound(_)) => {}
                Err(e) => return Err(e),
            }
            if !bare_first {
                theirs.push(time_bare(&mut bare, q)?);
            }
        }
        figures.push(LookupFigure {
            key,
            carddesk: Percentiles::of(ours),
            bare_query: Percentiles::of(theirs),
        });
    }
    Ok(figures)
}

/// Durable money operations (a top-up: one journal entry + its balance rows, committed
/// with WAL and synchronous=FULL) beside one 4 KiB write + fdatasync on the same disk.
pub fn durable(book: &mut Book, members: u64, samples: usize) -> Result<DurableFigure, OpError> {
    let dir = book
        .path()
        .parent()
        .map(|p| p.to_path_buf())
        .unwrap_or_default();
    let probe_path = dir.join(format!(".fsync-probe-{}", std::process::id()));
    let io = |e: std::io::Error| OpError::Storage(format!("fsync probe: {e}"));
    let mut probe = std::fs::File::create(&probe_path).map_err(io)?;
    let block = [0x5Au8; 4096];
    let actor = Actor::new("bench", book.terminal().outlet.clone());
    let prefix = book.terminal().member_prefix.clone();
    let run: u64 = rand::random();
    let mut rng = StdRng::seed_from_u64(run);
    let (mut ops, mut syncs) = (Vec::with_capacity(samples), Vec::with_capacity(samples));
    let started = Instant::now();
    let mut op_time = Duration::ZERO;
    for n in 0..samples {
        let t = Instant::now();
        probe.write_all(&block).map_err(io)?;
        probe.sync_data().map_err(io)?;
        syncs.push(t.elapsed());
        let member_no = format!("{prefix}{:07}", rng.random_range(1..=members));
        // A money operation: the entry, the balance row, the points/activity rows.
        let req = Request::TopUp(TopUp {
            member_no: member_no.into(),
            amount: rust_decimal::Decimal::from(100 + (n % 50) as i64),
            tender: crate::receipt::Tender::Cash,
        });
        let t = Instant::now();
        book.execute(&actor, &format!("bench-{run:x}-{n}"), &req)?;
        let d = t.elapsed();
        op_time += d;
        ops.push(d);
    }
    drop(probe);
    let _ = std::fs::remove_file(&probe_path);
    let _ = started;
    Ok(DurableFigure {
        operation: Percentiles::of(ops),
        operations_per_second: samples as f64 / op_time.as_secs_f64().max(1e-9),
        fsync: Percentiles::of(syncs),
    })
}
