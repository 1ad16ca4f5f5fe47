//! `carddesk backup` while another process writes operations: the backup passes
//! `carddesk verify` and restores; a tampered backup is refused; the daily job keeps N days.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{text, Site};

#[test]
fn backup_during_writes_verifies_and_restores() {
    let site = Site::new();
    site.init();
    let db = site.db();
    let db = db.to_str().unwrap().to_string();
    // Far more than the test waits for: the writer is stopped once the backups are taken.
    const OPS: usize = 1_000_000;
    let mut writer = site
        .cmd()
        .args(["--db", &db, "stress-writer", "--count", &OPS.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = writer.stdout.take().unwrap();
    let done = Arc::new(AtomicUsize::new(0));
    let reader = {
        let done = done.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                assert!(line.unwrap().starts_with("ok "));
                done.fetch_add(1, Ordering::SeqCst);
            }
        })
    };
    let wait_for = |n: usize| {
        let start = Instant::now();
        while done.load(Ordering::SeqCst) < n {
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "the writer stalled"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    };
    // Backups taken while the writer commits operations, each after it moved on.
    let mut backups = Vec::new();
    for i in 0..3 {
        wait_for(30 + 20 * i);
        let b = site.path(&format!("backup-{i}.db"));
        let out = site.run(&["--db", &db, "backup", b.to_str().unwrap()]);
        assert!(out.status.success(), "{}", text(&out));
        assert!(text(&out).contains("已备份到"), "{}", text(&out));
        backups.push(b);
    }
    // The writer went on after the last backup: they were taken during its writes.
    let during = done.load(Ordering::SeqCst);
    wait_for(during + 20);
    writer.kill().unwrap();
    writer.wait().unwrap();
    reader.join().unwrap();
    for b in &backups {
        let out = site.run(&["--db", b.to_str().unwrap(), "verify"]);
        assert!(out.status.success(), "{}: {}", b.display(), text(&out));
    }
    // Restoring the first backup brings the book back to that moment.
    let entries_in = |path: &str| -> i64 {
        let c = rusqlite::Connection::open(path).unwrap();
        c.query_row("SELECT count(*) FROM journal", [], |r| r.get(0))
            .unwrap()
    };
    let expected = entries_in(backups[0].to_str().unwrap());
    assert!(expected >= 30 && (expected as usize) < during, "{expected}");
    let final_entries = entries_in(&db);
    let out = site.run(&["--db", &db, "restore", backups[0].to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("校验通过"), "{}", text(&out));
    let (ok, report) = site.verify();
    assert!(ok, "{report}");
    assert_eq!(entries_in(&db), expected);
    // The replaced book is kept beside it, whole.
    let kept: Vec<_> = std::fs::read_dir(site.dir.path())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("book.db.before-restore-")
        })
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(entries_in(kept[0].path().to_str().unwrap()), final_entries);
}

#[test]
fn a_backup_that_fails_verification_is_refused_and_the_book_untouched() {
    let site = Site::new();
    site.add_staff();
    let db = site.db();
    let db = db.to_str().unwrap();
    let bad = site.path("bad.db");
    let out = site.run(&["--db", db, "backup", bad.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    {
        let c = rusqlite::Connection::open(&bad).unwrap();
        c.execute("UPDATE members SET name = name", []).unwrap();
        c.execute(
            "UPDATE operators SET role = 'admin' WHERE operator_id = 'sup'",
            [],
        )
        .unwrap();
    }
    let before = common::file_bytes(&site.db());
    let out = site.run(&["--db", db, "restore", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("PROBLEM: operators"), "{}", text(&out));
    assert!(text(&out).contains("拒绝恢复"), "{}", text(&out));
    assert_eq!(common::file_bytes(&site.db()), before);
    // Not a database at all.
    std::fs::write(&bad, b"hello").unwrap();
    let out = site.run(&["--db", db, "restore", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(common::file_bytes(&site.db()), before);
    // Nothing left behind in the folder but the book, its WAL files and the backup.
    let stray: Vec<String> = std::fs::read_dir(site.dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn daily_backup_once_a_day_keeping_n_days() {
    let site = Site::new();
    site.add_staff();
    let db = site.db();
    let db = db.to_str().unwrap();
    let dir = site.path("backups");
    std::fs::create_dir_all(&dir).unwrap();
    for old in [
        "carddesk-2000-01-01.db",
        "carddesk-2000-01-02.db",
        "notes.txt",
    ] {
        std::fs::write(dir.join(old), b"old").unwrap();
    }
    let run = || {
        site.run(&[
            "--db",
            db,
            "backup",
            "--daily",
            dir.to_str().unwrap(),
            "--keep",
            "3",
        ])
    };
    let out = run();
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("今日备份："), "{}", text(&out));
    assert!(
        text(&out).contains("carddesk-2000-01-01.db"),
        "{}",
        text(&out)
    );
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"notes.txt".to_string()));
    let today = names.iter().find(|n| n.starts_with("carddesk-")).unwrap();
    let out = site.run(&["--db", dir.join(today).to_str().unwrap(), "verify"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = run();
    assert!(text(&out).contains("今日备份已存在"), "{}", text(&out));
}
