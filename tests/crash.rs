//! Crash harness: a writer of registrations, edits, top-ups and checkouts is killed with
//! SIGKILL at random moments (50 times in CI; `CRASH_KILLS=N`, or `scripts/crash-harness
//! N`, for a longer run). After every kill `verify` passes, and at the end every
//! operation whose success was reported is present.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::Site;
use rand::Rng;

fn kills() -> usize {
    std::env::var("CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50)
}

#[test]
fn sigkill_at_random_moments_loses_nothing_reported() {
    let site = Site::new();
    site.init();
    let db = site.db();
    let mut rng = rand::rng();
    let mut reported: Vec<String> = Vec::new();
    let kills = kills();
    for kill in 0..kills {
        let mut child = site
            .cmd()
            .args(["--db", db.to_str().unwrap(), "stress-writer"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        // Read reports on a thread so the kill lands while the writer is mid-operation.
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.split(' ').nth(1).map(String::from))
                .collect::<Vec<_>>()
        });
        let wait = Duration::from_millis(rng.random_range(5..120));
        let start = Instant::now();
        while start.elapsed() < wait {
            std::thread::sleep(Duration::from_millis(1));
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        reported.extend(reader.join().unwrap());
        let (ok, out) = site.verify();
        assert!(ok, "verify after kill {}: {out}", kill + 1);
    }
    assert!(
        reported.len() > kills,
        "the writer should have committed work between kills ({})",
        reported.len()
    );
    let (ok, out) = site.verify();
    assert!(ok, "verify after {kills} kills: {out}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mut stmt = conn
        .prepare("SELECT 1 FROM journal WHERE op_id = ?1")
        .unwrap();
    for op in &reported {
        assert!(
            stmt.exists([op]).unwrap(),
            "operation {op} was reported committed but is missing"
        );
    }
    println!(
        "survived {kills} SIGKILLs, each followed by a clean verify; {} reported operations all present",
        reported.len()
    );
}
