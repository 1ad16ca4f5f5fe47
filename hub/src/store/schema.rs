//! The hub's tables, declared once for both stores. Each step is written with the type
//! names spelled per backend ([`Dialect`]); SQLite applies the steps with
//! rusqlite_migration (`user_version`), PostgreSQL with its `hub_schema` table. A step,
//! once released, is never changed or renumbered: stores already migrated by it keep
//! their version. A new column or table is a new step at the end.

use carddesk_data::journal::COLUMNS;

/// The database a store speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// How a dialect spells the few types the hub's tables use.
struct Spelling {
    bytes: &'static str,
    int: &'static str,
    bool: &'static str,
    /// When the hub received an entry: SQLite stores the text the hub writes,
    /// PostgreSQL its own clock.
    received_at: &'static str,
    /// An increasing row id as the primary key.
    serial_key: &'static str,
    /// After a table with a primary key of its own (SQLite keeps no rowid beside it).
    keyed: &'static str,
}

impl Dialect {
    fn spelling(self) -> Spelling {
        match self {
            Dialect::Sqlite => Spelling {
                bytes: "BLOB",
                int: "INTEGER",
                bool: "INTEGER",
                received_at: "TEXT NOT NULL",
                serial_key: "INTEGER PRIMARY KEY AUTOINCREMENT",
                keyed: " WITHOUT ROWID",
            },
            Dialect::Postgres => Spelling {
                bytes: "BYTEA",
                int: "BIGINT",
                bool: "BOOLEAN",
                received_at: "TIMESTAMPTZ NOT NULL DEFAULT now()",
                serial_key: "BIGSERIAL PRIMARY KEY",
                keyed: "",
            },
        }
    }
}

/// An entry's columns as the hub stores and selects them: the book's journal columns
/// (see `carddesk_data::journal`), so one row reader serves both.
pub const ENTRY_COLS: &str = COLUMNS;

/// Every migration step, in order, in `dialect`.
pub fn migrations(dialect: Dialect) -> Vec<String> {
    let Spelling {
        bytes,
        int,
        bool,
        received_at,
        serial_key,
        keyed,
    } = dialect.spelling();
    let backfill = credential_backfill(dialect);
    vec![
        // 1: terminals with their token and tip, the entries (the journal's columns,
        // but `sig`, which came with step 3), the alarms.
        format!(
            "
CREATE TABLE hub_terminals (
    terminal    TEXT PRIMARY KEY,
    token_hash  {bytes} NOT NULL UNIQUE,
    enrolled_at TEXT NOT NULL,
    tip_seq     {int} NOT NULL DEFAULT 0,
    tip_hash    {bytes} NOT NULL
){keyed};
CREATE TABLE hub_entries (
    terminal    TEXT    NOT NULL,
    seq         {int} NOT NULL,
    hlc         {int} NOT NULL,
    op_id       TEXT    NOT NULL UNIQUE,
    operator    TEXT    NOT NULL,
    outlet      TEXT    NOT NULL,
    member_no   TEXT,
    kind        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    reversal_of TEXT,
    offline     {bool} NOT NULL,
    prev_hash   {bytes} NOT NULL,
    hash        {bytes} NOT NULL,
    received_at {received_at},
    PRIMARY KEY (terminal, seq)
){keyed};
CREATE TABLE hub_alarms (
    id       {serial_key},
    at       TEXT NOT NULL,
    terminal TEXT NOT NULL,
    kind     TEXT NOT NULL,
    entry_id TEXT,
    op_id    TEXT,
    detail   TEXT NOT NULL
);
"
        ),
        // 2: single-use enrollment codes (hashed), each for one terminal, until it
        // expires.
        format!(
            "
CREATE TABLE hub_enrollment_codes (
    code_hash  {bytes} PRIMARY KEY,
    terminal   TEXT NOT NULL,
    expires_at TEXT NOT NULL
){keyed};
"
        ),
        // 3: each terminal's signature of an entry's hash (see carddesk_data::signing);
        // the index finds the entry that published a terminal's key.
        format!(
            "
ALTER TABLE hub_entries ADD COLUMN sig {bytes};
CREATE INDEX hub_entries_key ON hub_entries (terminal, seq) WHERE length(sig) = 96;
"
        ),
        // 4: the authorization state, once in each hub process's memory: balances
        // (with debt and points), count-card uses, coupon redemptions, conflicts and
        // their settling, reversed entries, and holds of approvals whose entries have
        // not arrived. Every table is keyed by member first (a distribution column);
        // a member's balance row is the row its lock is taken on. `hub_state_built`
        // says the tables were built from the entries stored before this step.
        format!(
            "
CREATE TABLE hub_balances (
    member_no TEXT PRIMARY KEY,
    principal {int} NOT NULL DEFAULT 0,
    bonus     {int} NOT NULL DEFAULT 0,
    debt      {int} NOT NULL DEFAULT 0,
    points    {int} NOT NULL DEFAULT 0
){keyed};
CREATE TABLE hub_count_cards (
    member_no TEXT NOT NULL,
    card      TEXT NOT NULL,
    uses      {int} NOT NULL,
    PRIMARY KEY (member_no, card)
){keyed};
CREATE TABLE hub_coupons (
    member_no   TEXT NOT NULL,
    code        TEXT NOT NULL,
    redemptions TEXT NOT NULL,
    exceptions  {int} NOT NULL,
    PRIMARY KEY (member_no, code)
){keyed};
CREATE TABLE hub_conflicts (
    member_no   TEXT NOT NULL,
    conflict_id TEXT NOT NULL,
    settled     {int} NOT NULL,
    PRIMARY KEY (member_no, conflict_id)
){keyed};
CREATE TABLE hub_reversals (
    member_no TEXT NOT NULL,
    entry_id  TEXT NOT NULL,
    PRIMARY KEY (member_no, entry_id)
){keyed};
CREATE TABLE hub_holds (
    member_no  TEXT NOT NULL,
    op_id      TEXT NOT NULL,
    request    TEXT NOT NULL,
    spends     TEXT NOT NULL,
    expires_ms {int} NOT NULL,
    PRIMARY KEY (member_no, op_id)
){keyed};
CREATE INDEX hub_holds_op ON hub_holds (op_id);
CREATE TABLE hub_state_built (built_at TEXT NOT NULL);
"
        ),
        // 5: partial books (scopes). Each member's home outlet (where it was
        // registered) and every credential value it was ever given, both keyed by
        // member, so a scoped pull keeps an outlet group's members and a lookup finds
        // an unheld member by card, code, phone or ID document; an index of the entries
        // by member (a fetch reads one member's entries) and one of the entries that
        // name no member (they go to every terminal). Existing entries are indexed here.
        format!(
            "
CREATE TABLE hub_members (
    member_no TEXT PRIMARY KEY,
    outlet    TEXT NOT NULL
){keyed};
CREATE INDEX hub_members_outlet ON hub_members (outlet, member_no);
CREATE TABLE hub_credentials (
    value     TEXT NOT NULL,
    member_no TEXT NOT NULL,
    PRIMARY KEY (value, member_no)
){keyed};
CREATE INDEX hub_entries_member ON hub_entries (member_no, terminal, seq)
    WHERE member_no IS NOT NULL;
CREATE INDEX hub_entries_chainwide ON hub_entries (terminal, seq) WHERE member_no IS NULL;
INSERT INTO hub_members (member_no, outlet)
    SELECT member_no, min(outlet) FROM hub_entries
    WHERE kind = 'member_registered' AND member_no IS NOT NULL GROUP BY member_no;
{backfill}
"
        ),
        // 6: each entry's home, so a scoped pull reads only its scope's entries, not
        // the whole chain's: the outlet its member was registered at, '' for an entry
        // naming no member (it goes to every terminal), NULL while the member's
        // registration has not reached the hub (set when it does, found through the
        // nearly empty `hub_entries_homeless`). Existing entries are given theirs here.
        "
ALTER TABLE hub_entries ADD COLUMN home TEXT;
UPDATE hub_entries SET home = '' WHERE member_no IS NULL;
UPDATE hub_entries SET home = (SELECT h.outlet FROM hub_members h
                               WHERE h.member_no = hub_entries.member_no)
    WHERE member_no IS NOT NULL;
CREATE INDEX hub_entries_home ON hub_entries (terminal, home, seq);
CREATE INDEX hub_entries_homeless ON hub_entries (member_no) WHERE home IS NULL;
"
        .to_string(),
    ]
}

/// Step 5's credential index of the entries stored before it: every `value` a
/// member's entries bound (registered with, edited in, bound, lost, replaced).
fn credential_backfill(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => {
            "
INSERT OR IGNORE INTO hub_credentials (value, member_no)
    SELECT json_extract(c.value, '$.value'), e.member_no
    FROM hub_entries e, json_each(e.body, '$.credentials') c
    WHERE e.kind = 'member_registered' AND e.member_no IS NOT NULL
    UNION SELECT json_extract(c.value, '$.credential.value'), e.member_no
    FROM hub_entries e, json_each(e.body, '$.credentials') c
    WHERE e.kind = 'member_edited' AND e.member_no IS NOT NULL
    UNION SELECT json_extract(e.body, '$.credential.value'), e.member_no FROM hub_entries e
    WHERE e.kind IN ('credential_bound', 'credential_lost') AND e.member_no IS NOT NULL
    UNION SELECT json_extract(e.body, '$.new.value'), e.member_no FROM hub_entries e
    WHERE e.kind = 'credential_replaced' AND e.member_no IS NOT NULL
    UNION SELECT json_extract(e.body, '$.old.value'), e.member_no FROM hub_entries e
    WHERE e.kind = 'credential_replaced' AND e.member_no IS NOT NULL;"
        }
        Dialect::Postgres => {
            "
INSERT INTO hub_credentials (value, member_no)
    SELECT v, member_no FROM (
        SELECT c->>'value' AS v, e.member_no
        FROM hub_entries e, jsonb_array_elements(e.body::jsonb->'credentials') c
        WHERE e.kind = 'member_registered' AND e.member_no IS NOT NULL
        UNION SELECT c->'credential'->>'value', e.member_no
        FROM hub_entries e, jsonb_array_elements(e.body::jsonb->'credentials') c
        WHERE e.kind = 'member_edited' AND e.member_no IS NOT NULL
        UNION SELECT e.body::jsonb->'credential'->>'value', e.member_no FROM hub_entries e
        WHERE e.kind IN ('credential_bound', 'credential_lost') AND e.member_no IS NOT NULL
        UNION SELECT e.body::jsonb->'new'->>'value', e.member_no FROM hub_entries e
        WHERE e.kind = 'credential_replaced' AND e.member_no IS NOT NULL
        UNION SELECT e.body::jsonb->'old'->>'value', e.member_no FROM hub_entries e
        WHERE e.kind = 'credential_replaced' AND e.member_no IS NOT NULL
    ) found WHERE v IS NOT NULL
    ON CONFLICT DO NOTHING;"
        }
    }
}
