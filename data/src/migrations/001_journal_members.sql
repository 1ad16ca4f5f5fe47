PRAGMA application_id = 1128551243; -- 0x4344534B "CDSK", see store.rs

-- The journal is the book of record and the replication log: rows are appended, never
-- updated or deleted. Every other table below is a projection of it (see apply.rs).
CREATE TABLE journal (
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
    offline     INTEGER NOT NULL DEFAULT 0,
    prev_hash   BLOB    NOT NULL,
    hash        BLOB    NOT NULL,
    UNIQUE (terminal, seq)
);
CREATE INDEX journal_member ON journal(member_no, hlc) WHERE member_no IS NOT NULL;
CREATE INDEX journal_hlc ON journal(hlc);
CREATE UNIQUE INDEX journal_reversal ON journal(reversal_of) WHERE reversal_of IS NOT NULL;

-- Local, not replicated: the first answer given to each idempotency key, so a retried
-- request gets the same answer and writes nothing.
CREATE TABLE op_results (
    op_id        TEXT PRIMARY KEY,
    request_hash BLOB NOT NULL,
    result       TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE members (
    member_no   TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    phone       TEXT,
    gender      TEXT,
    birthday    TEXT,
    id_doc      TEXT,
    tier        TEXT NOT NULL,
    status      TEXT NOT NULL,
    notes       TEXT NOT NULL DEFAULT '',
    outlet      TEXT NOT NULL,
    referrer    TEXT,
    registered_at TEXT NOT NULL,
    -- last-writer-wins clocks: per profile field (JSON map) and for the status
    field_clock TEXT NOT NULL DEFAULT '{}',
    status_hlc  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX members_name ON members(name_key);

CREATE TABLE credentials (
    kind        TEXT NOT NULL,
    value       TEXT NOT NULL,
    member_no   TEXT NOT NULL REFERENCES members(member_no),
    status      TEXT NOT NULL,
    last4       TEXT,
    changed_hlc INTEGER NOT NULL,
    PRIMARY KEY (kind, value)
) WITHOUT ROWID;
CREATE INDEX credentials_value ON credentials(value);
CREATE INDEX credentials_last4 ON credentials(last4) WHERE last4 IS NOT NULL;
CREATE INDEX credentials_member ON credentials(member_no);
