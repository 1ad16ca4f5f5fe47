//! What the hub's tests share: a PostgreSQL database of their own per test.

use std::process::Command;

pub fn pg_base() -> String {
    std::env::var("CARDDESK_TEST_PG_URL")
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/test".into())
}

pub fn psql(sql: &str) -> std::process::Output {
    Command::new("psql")
        .args([&pg_base(), "-v", "ON_ERROR_STOP=1", "-qc", sql])
        .output()
        .expect("psql (install postgresql-client; scripts/test does)")
}

/// A database created for one test and dropped after it.
pub struct PgDb {
    pub name: String,
    pub url: String,
}

impl PgDb {
    pub fn create(tag: &str) -> PgDb {
        let name = format!(
            "carddesk_{tag}_{}_{:08x}",
            std::process::id(),
            rand::random::<u32>()
        );
        let out = psql(&format!("CREATE DATABASE {name}"));
        assert!(
            out.status.success(),
            "cannot create a test database on {} (is PostgreSQL running? scripts/test starts it): {}",
            pg_base(),
            String::from_utf8_lossy(&out.stderr)
        );
        let base = pg_base();
        let base = base.split('?').next().unwrap_or_default();
        let url = match base.rsplit_once('/') {
            Some((server, _db)) => format!("{server}/{name}"),
            None => panic!("CARDDESK_TEST_PG_URL {base:?} has no /DATABASE"),
        };
        PgDb { name, url }
    }
}

impl Drop for PgDb {
    fn drop(&mut self) {
        let _ = psql(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
    }
}
