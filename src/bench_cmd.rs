//! `carddesk bench`: every figure of the design's numbers (docs/design.md, "The numbers
//! we hold ourselves to") that has landed, beside its target, measured in one run on a
//! generated database.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use carddesk_data::bench::{self, DurableFigure, LookupFigure};
use serde::Serialize;

use crate::config::Loaded;

#[derive(Serialize)]
struct Figures {
    members: u64,
    build_seconds: Option<f64>,
    lookups: Vec<LookupFigure>,
    durable: DurableFigure,
    screens: serde_json::Value,
    /// The counter program started on this book, in fresh processes: start to first
    /// frame, to the member screen after a scan, and peak resident memory.
    start: Vec<serde_json::Value>,
    /// Pushing and pulling entries through each hub store.
    hubs: Vec<serde_json::Value>,
}

/// What to measure of the hubs: entries through each store (0: none).
pub struct HubBench {
    pub entries: usize,
    pub stores: Vec<String>,
}

#[cfg(feature = "hub")]
fn hub_figures(hub: &HubBench, dir: &Path) -> anyhow::Result<Vec<serde_json::Value>> {
    if hub.entries == 0 {
        return Ok(Vec::new());
    }
    let mut stores = hub.stores.clone();
    if stores.is_empty() {
        stores.push(format!(
            "sqlite:{}",
            dir.join(format!("bench-hub-{}.db", std::process::id()))
                .display()
        ));
        if let Ok(url) = std::env::var("CARDDESK_BENCH_PG_URL") {
            stores.push(url);
        }
    }
    let mut out = Vec::new();
    for store in &stores {
        let f = crate::hub::bench::measure(store, hub.entries, dir)?;
        let mut v = serde_json::to_value(&f)?;
        // Never print a password that came in the URL.
        if let Some(s) = v.get_mut("store") {
            *s = serde_json::Value::from(redact(store));
        }
        out.push(v);
        if let Some(path) = store.strip_prefix("sqlite:") {
            let _ = std::fs::remove_file(path);
        }
    }
    Ok(out)
}

#[cfg(not(feature = "hub"))]
fn hub_figures(_hub: &HubBench, _dir: &Path) -> anyhow::Result<Vec<serde_json::Value>> {
    Ok(Vec::new())
}

#[cfg(feature = "hub")]
fn redact(store: &str) -> String {
    match (store.find("://"), store.rfind('@')) {
        (Some(a), Some(b)) if b > a => format!("{}://…@{}", &store[..a], &store[b + 1..]),
        _ => store.to_string(),
    }
}

fn print_hubs(hubs: &[serde_json::Value]) {
    for h in hubs {
        let per = |k: &str| h[k].as_f64().unwrap_or(0.0);
        let ok = per("push_per_second") >= 50_000.0 && per("pull_per_second") >= 50_000.0;
        println!(
            "sync through the hub ({}, {} entries): push {:.0}/s, pull {:.0}/s, apply {:.0}/s (target >= 50000/s): {}",
            h["store"].as_str().unwrap_or("?"),
            h["entries"],
            per("push_per_second"),
            per("pull_per_second"),
            per("ingest_per_second"),
            verdict(ok)
        );
    }
}

/// Runs the hidden `first-frame-probe` in `runs` fresh processes on `path`, so each
/// start is cold in-process and the memory is the counter's own, not the bench's.
fn start_figures(
    loaded: &Loaded,
    path: &Path,
    runs: usize,
) -> anyhow::Result<Vec<serde_json::Value>> {
    let exe = std::env::current_exe().context("cannot find the carddesk program")?;
    let mut out = Vec::new();
    for _ in 0..runs {
        let mut cmd = std::process::Command::new(&exe);
        if let crate::config::Source::File(cfg) = &loaded.source {
            cmd.arg("--config").arg(cfg);
        }
        let o = cmd
            .arg("--db")
            .arg(path)
            .arg("first-frame-probe")
            .output()?;
        if !o.status.success() {
            anyhow::bail!(
                "first-frame probe failed: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        out.push(serde_json::from_slice(&o.stdout).context("first-frame probe output")?);
    }
    Ok(out)
}

fn print_start(runs: &[serde_json::Value]) {
    let field = |k: &str| -> Vec<u64> {
        let mut v: Vec<u64> = runs.iter().filter_map(|r| r[k].as_u64()).collect();
        v.sort_unstable();
        v
    };
    let (first, member, rss) = (
        field("to_first_frame_us"),
        field("to_member_screen_us"),
        field("peak_rss_kib"),
    );
    let (Some(f), Some(m), Some(r)) = (first.last(), member.last(), rss.last()) else {
        return;
    };
    let median = |v: &[u64]| v[v.len() / 2];
    println!(
        "start to first frame ({} runs): median {} us, worst {} us (target < 10000 us): {}",
        runs.len(),
        median(&first),
        f,
        verdict(*f < 10_000)
    );
    println!(
        "start to member screen after a scan: median {} us, worst {} us",
        median(&member),
        m
    );
    println!(
        "peak resident memory of the counter: median {} KiB, worst {} KiB (target < 16384 KiB): {}",
        median(&rss),
        r,
        verdict(*r < 16 * 1024)
    );
}

pub fn run(
    loaded: &Loaded,
    db: Option<&Path>,
    members: u64,
    samples: usize,
    hub: &HubBench,
    json: bool,
) -> anyhow::Result<()> {
    let path = db
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(format!("bench/bench-{members}.db")));
    let mut build_seconds = None;
    let fresh = match crate::open_book(loaded, &path) {
        Ok(book) => book.count_members()? != members,
        Err(_) => true,
    };
    if fresh {
        eprintln!("building {} with {members} members ...", path.display());
        let t = Instant::now();
        crate::demo_cmd::build(loaded, &path, members, true)?;
        build_seconds = Some(t.elapsed().as_secs_f64());
    }
    let mut book = crate::open_book(loaded, &path)?;
    let lookups = bench::lookups(&book, members, samples)?;
    let durable = bench::durable(&mut book, members, samples.min(500))?;
    let render = carddesk_screens::bench::render_figures(samples);
    drop(book);
    let start = start_figures(loaded, &path, 5)?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let hubs = hub_figures(hub, &dir)?;
    let figures = Figures {
        members,
        build_seconds,
        lookups,
        durable,
        screens: render.to_json(),
        start,
        hubs,
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&figures)?);
    } else {
        print_table(&figures);
        println!();
        println!("{render}");
        print_start(&figures.start);
        print_hubs(&figures.hubs);
    }
    Ok(())
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "ok"
    } else {
        "MISSED"
    }
}

fn print_table(f: &Figures) {
    println!("carddesk bench: {} members", f.members);
    if let Some(s) = f.build_seconds {
        println!("demo database built in {s:.1} s");
    }
    println!();
    println!(
        "{:<28} {:>10} {:>10} {:>10} {:>10} {:>7}  target",
        "lookup by", "p50 us", "p99 us", "bare p50", "bare p99", "ratio"
    );
    for l in &f.lookups {
        let ratio = l.carddesk.p99_us / l.bare_query.p99_us.max(0.001);
        println!(
            "{:<28} {:>10.1} {:>10.1} {:>10.1} {:>10.1} {:>6.2}x  p99 <= 1.5x bare: {}",
            l.key,
            l.carddesk.p50_us,
            l.carddesk.p99_us,
            l.bare_query.p50_us,
            l.bare_query.p99_us,
            ratio,
            verdict(ratio <= 1.5)
        );
    }
    let d = &f.durable;
    let ratio = d.operation.p50_us / d.fsync.p50_us.max(0.001);
    println!();
    println!(
        "{:<28} {:>10} {:>10} {:>10} {:>10} {:>7}  target",
        "durable operation", "p50 us", "p99 us", "fsync p50", "fsync p99", "ratio"
    );
    println!(
        "{:<28} {:>10.1} {:>10.1} {:>10.1} {:>10.1} {:>6.2}x  p50 <= 1.5x fsync: {}",
        "top-up (WAL, FULL)",
        d.operation.p50_us,
        d.operation.p99_us,
        d.fsync.p50_us,
        d.fsync.p99_us,
        ratio,
        verdict(ratio <= 1.5)
    );
    println!(
        "{:<28} {:>10.0} ops/s",
        "durable throughput", d.operations_per_second
    );
}
