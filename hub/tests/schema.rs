//! The hub's schema is declared once (`store/schema.rs`) and spelled per backend. A store
//! migrated by the releases before that (whose SQL is kept below as it shipped) still
//! opens without a step run twice, and has exactly the schema a new store gets: on
//! SQLite and on PostgreSQL (`CARDDESK_TEST_PG_URL`, as in tests/hub_sync.rs at the top).

use carddesk_hub::HubStore;
use common::PgDb;

mod common;

/// The schema version a store is migrated to now.
const LATEST: usize = 6;

/// The SQLite steps as released (`user_version` 1 to 3).
const SQLITE_RELEASED: [&str; 3] = [
    "
CREATE TABLE hub_terminals (
    terminal    TEXT PRIMARY KEY,
    token_hash  BLOB NOT NULL UNIQUE,
    enrolled_at TEXT NOT NULL,
    tip_seq     INTEGER NOT NULL DEFAULT 0,
    tip_hash    BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE hub_entries (
    terminal    TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    hlc         INTEGER NOT NULL,
    op_id       TEXT    NOT NULL UNIQUE,
    operator    TEXT    NOT NULL,
    outlet      TEXT    NOT NULL,
    member_no   TEXT,
    kind        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    reversal_of TEXT,
    offline     INTEGER NOT NULL,
    prev_hash   BLOB    NOT NULL,
    hash        BLOB    NOT NULL,
    received_at TEXT    NOT NULL,
    PRIMARY KEY (terminal, seq)
) WITHOUT ROWID;
CREATE TABLE hub_alarms (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TEXT NOT NULL,
    terminal TEXT NOT NULL,
    kind     TEXT NOT NULL,
    entry_id TEXT,
    op_id    TEXT,
    detail   TEXT NOT NULL
);
",
    "
CREATE TABLE hub_enrollment_codes (
    code_hash  BLOB PRIMARY KEY,
    terminal   TEXT NOT NULL,
    expires_at TEXT NOT NULL
) WITHOUT ROWID;
",
    "ALTER TABLE hub_entries ADD COLUMN sig BLOB;
CREATE INDEX hub_entries_key ON hub_entries (terminal, seq) WHERE length(sig) = 96;",
];

/// The PostgreSQL steps as released (`hub_schema.version` 1 to 3).
const PG_RELEASED: [&str; 3] = [
    "
CREATE TABLE hub_terminals (
    terminal    TEXT PRIMARY KEY,
    token_hash  BYTEA NOT NULL UNIQUE,
    enrolled_at TEXT NOT NULL,
    tip_seq     BIGINT NOT NULL DEFAULT 0,
    tip_hash    BYTEA NOT NULL
);
CREATE TABLE hub_entries (
    terminal    TEXT    NOT NULL,
    seq         BIGINT  NOT NULL,
    hlc         BIGINT  NOT NULL,
    op_id       TEXT    NOT NULL UNIQUE,
    operator    TEXT    NOT NULL,
    outlet      TEXT    NOT NULL,
    member_no   TEXT,
    kind        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    reversal_of TEXT,
    offline     BOOLEAN NOT NULL,
    prev_hash   BYTEA   NOT NULL,
    hash        BYTEA   NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (terminal, seq)
);
CREATE TABLE hub_alarms (
    id       BIGSERIAL PRIMARY KEY,
    at       TEXT NOT NULL,
    terminal TEXT NOT NULL,
    kind     TEXT NOT NULL,
    entry_id TEXT,
    op_id    TEXT,
    detail   TEXT NOT NULL
);
",
    "
CREATE TABLE hub_enrollment_codes (
    code_hash  BYTEA PRIMARY KEY,
    terminal   TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
",
    "
ALTER TABLE hub_entries ADD COLUMN sig BYTEA;
CREATE INDEX hub_entries_key ON hub_entries (terminal, seq) WHERE length(sig) = 96;
",
];

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime")
}

/// Opens the store (the hub's migrations run), enrolls a terminal, and finds it by its
/// token.
fn open_and_use(rt: &tokio::runtime::Runtime, spec: &str) {
    let hub = rt.block_on(HubStore::open(spec)).expect("the store opens");
    let token = rt.block_on(hub.enroll("T01")).expect("enroll");
    let who = rt.block_on(hub.authenticate(&token)).expect("authenticate");
    assert_eq!(who.as_deref(), Some("T01"));
}

/// Every table's and index's SQL, whitespace collapsed, in name order.
fn sqlite_schema(path: &std::path::Path) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(path).expect("open");
    let mut stmt = conn
        .prepare("SELECT name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name")
        .expect("schema");
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .expect("rows");
    rows.map(|r| {
        let (name, sql) = r.expect("row");
        (name, sql.split_whitespace().collect::<Vec<_>>().join(" "))
    })
    .collect()
}

#[test]
fn a_released_sqlite_hub_file_opens_and_matches_a_new_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let released = dir.path().join("released.db");
    {
        let mut conn = rusqlite::Connection::open(&released).expect("create");
        let steps = rusqlite_migration::Migrations::new(
            SQLITE_RELEASED
                .iter()
                .map(|s| rusqlite_migration::M::up(s))
                .collect(),
        );
        steps.to_latest(&mut conn).expect("the released steps");
        conn.pragma_update(None, "application_id", 0x4344_4842)
            .expect("application_id");
    }
    let fresh = dir.path().join("fresh.db");
    let rt = runtime();
    open_and_use(&rt, &format!("sqlite:{}", released.display()));
    open_and_use(&rt, &format!("sqlite:{}", fresh.display()));
    let version = |p: &std::path::Path| -> usize {
        let c = rusqlite::Connection::open(p).expect("open");
        let v: i64 = c
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("user_version");
        v as usize
    };
    // The released steps 1 to 3 did not run again; steps 4 (the state tables), 5 (the
    // member index of partial books) and 6 (each entry's home) ran once.
    assert_eq!(version(&released), LATEST, "no released step ran again");
    assert_eq!(version(&fresh), LATEST);
    assert_eq!(sqlite_schema(&released), sqlite_schema(&fresh));
}

// ---------------------------------------------------------------------------------------
// PostgreSQL: two databases of their own.

impl PgDb {
    fn client(&self, rt: &tokio::runtime::Runtime) -> tokio_postgres::Client {
        let (client, conn) = rt
            .block_on(tokio_postgres::connect(&self.url, tokio_postgres::NoTls))
            .expect("connect");
        rt.spawn(conn);
        client
    }

    /// Columns and indexes of the hub's tables, in name order.
    fn schema(&self, rt: &tokio::runtime::Runtime) -> Vec<String> {
        let c = self.client(rt);
        let columns = rt
            .block_on(c.query(
                "SELECT table_name || '.' || column_name || ' ' || data_type || ' '
                        || is_nullable || ' ' || coalesce(column_default, '')
                 FROM information_schema.columns WHERE table_schema = 'public'
                 ORDER BY table_name, column_name",
                &[],
            ))
            .expect("columns");
        let indexes = rt
            .block_on(c.query(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname",
                &[],
            ))
            .expect("indexes");
        columns
            .iter()
            .chain(&indexes)
            .map(|r| r.get::<_, String>(0))
            .collect()
    }
}

#[test]
fn a_released_postgresql_hub_database_opens_and_matches_a_new_one() {
    let rt = runtime();
    let released = PgDb::create("schema_released");
    {
        let c = released.client(&rt);
        rt.block_on(c.batch_execute(
            "CREATE TABLE hub_schema (version INTEGER NOT NULL);
             INSERT INTO hub_schema (version) VALUES (3);",
        ))
        .expect("hub_schema");
        for step in PG_RELEASED {
            rt.block_on(c.batch_execute(step)).expect("a released step");
        }
    }
    let fresh = PgDb::create("schema_fresh");
    open_and_use(&rt, &released.url);
    open_and_use(&rt, &fresh.url);
    let version = |db: &PgDb| -> usize {
        let c = db.client(&rt);
        let v: i32 = rt
            .block_on(c.query_one("SELECT version FROM hub_schema", &[]))
            .expect("version")
            .get(0);
        v as usize
    };
    // The released steps 1 to 3 did not run again; steps 4 (the state tables), 5 (the
    // member index of partial books) and 6 (each entry's home) ran once.
    assert_eq!(version(&released), LATEST, "no released step ran again");
    assert_eq!(version(&fresh), LATEST);
    assert_eq!(released.schema(&rt), fresh.schema(&rt));
}

/// Step 6 gives the entries stored before it their home: the outlet their member was
/// registered at, '' for an entry naming no member, none while the member's
/// registration has not reached the hub.
#[test]
fn entries_stored_before_step_6_get_their_home() {
    use carddesk_hub::store::schema::{migrations, Dialect};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("step5.db");
    {
        let mut conn = rusqlite::Connection::open(&path).expect("create");
        let released = migrations(Dialect::Sqlite);
        let steps = rusqlite_migration::Migrations::new(
            released[..5]
                .iter()
                .map(|s| rusqlite_migration::M::up(s))
                .collect(),
        );
        steps.to_latest(&mut conn).expect("steps 1 to 5");
        conn.pragma_update(None, "application_id", 0x4344_4842)
            .expect("application_id");
        conn.execute_batch(
            "INSERT INTO hub_members (member_no, outlet) VALUES ('10000001', 'ktv');
             INSERT INTO hub_entries (terminal, seq, hlc, op_id, operator, outlet, member_no,
                 kind, body, reversal_of, offline, prev_hash, hash, received_at)
             VALUES ('T01', 1, 1, 'a', 'op', 'ktv', '10000001', 'member_registered', '{}',
                     NULL, 0, x'00', x'01', 'now'),
                    ('T01', 2, 2, 'b', 'op', 'ktv', NULL, 'shift_opened', '{}',
                     NULL, 0, x'01', x'02', 'now'),
                    ('T01', 3, 3, 'c', 'op', 'ktv', '20000001', 'topped_up', '{}',
                     NULL, 0, x'02', x'03', 'now');",
        )
        .expect("entries as step 5 stored them");
    }
    let rt = runtime();
    open_and_use(&rt, &format!("sqlite:{}", path.display()));
    let homes = || -> Vec<(i64, Option<String>)> {
        let c = rusqlite::Connection::open(&path).expect("open");
        let mut stmt = c
            .prepare("SELECT seq, home FROM hub_entries ORDER BY seq")
            .expect("homes");
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("rows");
        rows.map(|r| r.expect("row")).collect()
    };
    assert_eq!(
        homes(),
        vec![
            (1, Some("ktv".to_string())),
            (2, Some(String::new())),
            (3, None)
        ]
    );
}
