//! `carddesk bench`: every figure of DESIGN.md §7 that has landed, beside its target,
//! measured in one run on a generated database.

use std::path::{Path, PathBuf};
use std::time::Instant;

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
}

pub fn run(
    loaded: &Loaded,
    db: Option<&Path>,
    members: u64,
    samples: usize,
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
    let figures = Figures {
        members,
        build_seconds,
        lookups,
        durable,
        screens: render.to_json(),
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&figures)?);
    } else {
        print_table(&figures);
        println!();
        println!("{render}");
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
            "{:<28} {:>10.1} {:>10.1} {:>10.1} {:>10.1} {:>6.2}x  p99 <= 2x bare: {}",
            l.key,
            l.carddesk.p50_us,
            l.carddesk.p99_us,
            l.bare_query.p50_us,
            l.bare_query.p99_us,
            ratio,
            verdict(ratio <= 2.0)
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
        "{:<28} {:>10.1} {:>10.1} {:>10.1} {:>10.1} {:>6.2}x  p50 <= 3x fsync: {}",
        "top-up (WAL, FULL)",
        d.operation.p50_us,
        d.operation.p99_us,
        d.fsync.p50_us,
        d.fsync.p99_us,
        ratio,
        verdict(ratio <= 3.0)
    );
    println!(
        "{:<28} {:>10.0} ops/s",
        "durable throughput", d.operations_per_second
    );
}
