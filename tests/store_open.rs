//! The store: `carddesk init` makes a private book; opening never creates one, and a
//! file that is not a book (empty, not a database, another program's, a newer
//! carddesk's) is refused with nothing written: the file's bytes and mode, and the
//! folder's listing (no `-wal`, no `-shm`), are as before.

mod common;

use common::{text, Site};

#[test]
fn init_makes_a_carddesk_book_in_wal_mode() {
    let site = Site::new();
    site.init();
    let (ok, out) = site.verify();
    assert!(ok, "{out}");
    let conn = rusqlite::Connection::open(site.db()).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    let app: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(version, carddesk_data::store::schema_version());
    assert_eq!(app, carddesk_data::store::APPLICATION_ID);
    assert_eq!(mode, "wal");
}

#[cfg(unix)]
#[test]
fn a_new_book_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::new();
    site.init();
    assert!(site.verify().0);
    let mode = std::fs::metadata(site.db()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

/// The folder's entries with each file's bytes and mode.
fn snapshot(site: &Site) -> Vec<(String, Vec<u8>, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut all: Vec<_> = std::fs::read_dir(site.dir.path())
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let meta = e.metadata().unwrap();
            let bytes = if meta.is_file() {
                std::fs::read(e.path()).unwrap()
            } else {
                Vec::new()
            };
            (
                e.file_name().to_string_lossy().into_owned(),
                bytes,
                meta.permissions().mode(),
            )
        })
        .collect();
    all.sort();
    all
}

/// `verify` and `op` on the file are refused with exit 5, saying `expect`, and the
/// folder is exactly as before.
fn refused_untouched(site: &Site, expect: &str) {
    let before = snapshot(site);
    let db = site.db();
    let db = db.to_str().unwrap();
    for args in [vec!["--db", db, "verify"], vec!["--db", db, "expire"]] {
        let out = site.run(&args);
        assert_eq!(out.status.code(), Some(5), "{args:?}: {}", text(&out));
        assert!(
            text(&out).contains(expect),
            "message should say {expect:?}: {}",
            text(&out)
        );
        assert_eq!(
            snapshot(site),
            before,
            "{args:?} must leave the folder untouched"
        );
    }
}

#[test]
fn an_empty_file_is_refused_and_left_untouched() {
    let site = Site::new();
    std::fs::write(site.db(), b"").unwrap();
    refused_untouched(&site, "空文件");
}

#[test]
fn a_database_from_a_newer_carddesk_is_refused_and_left_untouched() {
    let site = Site::new();
    {
        let conn = rusqlite::Connection::open(site.db()).unwrap();
        conn.pragma_update(None, "application_id", carddesk_data::store::APPLICATION_ID)
            .unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        conn.execute_batch("CREATE TABLE journal (x);").unwrap();
    }
    refused_untouched(&site, "更新版本的 carddesk");
}

#[test]
fn another_programs_sqlite_file_is_refused_and_left_untouched() {
    let site = Site::new();
    {
        let conn = rusqlite::Connection::open(site.db()).unwrap();
        conn.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total TEXT); INSERT INTO invoices VALUES (1, '9.90');")
            .unwrap();
    }
    refused_untouched(&site, "其他程序");
}

#[test]
fn another_programs_wal_mode_database_gets_no_wal_or_shm_beside_it() {
    let site = Site::new();
    {
        let conn = rusqlite::Connection::open(site.db()).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.execute_batch("CREATE TABLE rooms (no TEXT); INSERT INTO rooms VALUES ('801');")
            .unwrap();
    }
    assert!(!site.path("book.db-wal").exists() && !site.path("book.db-shm").exists());
    refused_untouched(&site, "其他程序");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let site = Site::new();
    std::fs::write(site.db(), "member_no,name\n1,张三\n").unwrap();
    refused_untouched(&site, "不是 SQLite 数据库");
}

#[test]
fn init_refuses_a_path_where_a_file_is_and_leaves_it_untouched() {
    let site = Site::new();
    std::fs::write(site.db(), "member_no,name\n1,张三\n").unwrap();
    let before = snapshot(&site);
    let out = site.run(&["--db", site.db().to_str().unwrap(), "init"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("已有文件"), "{}", text(&out));
    assert_eq!(snapshot(&site), before);
}

#[test]
fn two_processes_on_one_file_wait_for_each_other_instead_of_failing() {
    let site = Site::new();
    site.init();
    let db = site.db();
    let writers: Vec<_> = (0..3)
        .map(|_| {
            site.cmd()
                .args([
                    "--db",
                    db.to_str().unwrap(),
                    "stress-writer",
                    "--count",
                    "40",
                ])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for w in writers {
        let out = w.wait_with_output().unwrap();
        assert!(out.status.success(), "a writer failed: {}", text(&out));
        assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 40);
    }
    let (ok, out) = site.verify();
    assert!(ok, "{out}");
    assert!(out.contains("journal entries: 120"), "{out}");
}

#[test]
fn a_book_whose_id_is_still_only_in_its_wal_opens() {
    let site = Site::new();
    site.init();
    let crashed = site.path("crashed.db");
    {
        // A writer that stopped before a checkpoint: the header says 0, the WAL "CDSK".
        let conn = rusqlite::Connection::open(site.db()).unwrap();
        conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        conn.pragma_update(None, "application_id", 0).unwrap();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
        conn.pragma_update(None, "application_id", carddesk_data::store::APPLICATION_ID)
            .unwrap();
        std::fs::copy(site.db(), &crashed).unwrap();
        std::fs::copy(site.path("book.db-wal"), site.path("crashed.db-wal")).unwrap();
    }
    let header = std::fs::read(&crashed).unwrap();
    assert_eq!(&header[68..72], &[0, 0, 0, 0], "the id is only in the WAL");
    let out = site.run(&["--db", crashed.to_str().unwrap(), "verify"]);
    assert!(out.status.success(), "{}", text(&out));
}
