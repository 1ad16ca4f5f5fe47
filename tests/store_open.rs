//! The store: migrations from an empty file; refusal, untouched, of a newer carddesk's
//! database, of another program's SQLite file and of a file that is not a database.

mod common;

use common::{file_bytes, text, Site};

#[test]
fn an_empty_file_is_migrated_to_a_carddesk_book() {
    let site = Site::new();
    std::fs::write(site.db(), b"").unwrap();
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
    assert!(site.verify().0);
    let mode = std::fs::metadata(site.db()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

fn refused_untouched(site: &Site, expect: &str) {
    let before = file_bytes(&site.db());
    let (ok, out) = site.verify();
    assert!(!ok, "must refuse: {out}");
    assert!(out.contains(expect), "message should say {expect:?}: {out}");
    assert_eq!(
        file_bytes(&site.db()),
        before,
        "the file must be left untouched"
    );
    assert!(!site.path("book.db-wal").exists());
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
    refused_untouched(&site, "newer carddesk");
}

#[test]
fn another_programs_sqlite_file_is_refused_and_left_untouched() {
    let site = Site::new();
    {
        let conn = rusqlite::Connection::open(site.db()).unwrap();
        conn.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total TEXT); INSERT INTO invoices VALUES (1, '9.90');")
            .unwrap();
    }
    refused_untouched(&site, "another program");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let site = Site::new();
    std::fs::write(site.db(), "member_no,name\n1,张三\n").unwrap();
    refused_untouched(&site, "not a SQLite database");
}

#[test]
fn two_processes_on_one_file_wait_for_each_other_instead_of_failing() {
    let site = Site::new();
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
