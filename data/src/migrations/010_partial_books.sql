-- Partial books (see docs/design.md, "Partial books"). A terminal with
-- [sync] scope = "group" holds the members registered at its group's outlets, the
-- members it follows, and every entry that names no member; of each member it holds,
-- it holds every entry. None of these tables is a projection of the journal.

-- The scope this book was last synced with: 'chain' or 'group' with its outlets (a
-- JSON list). No row: a whole book that never synced with a scope. `partial`: the book
-- has been partial once, so its chains may have gaps (it stays so).
CREATE TABLE book_scope (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    scope   TEXT NOT NULL,
    outlets TEXT NOT NULL,
    partial INTEGER NOT NULL
);

-- Members fetched from the hub on lookup (not in the scope): pulls carry their entries.
CREATE TABLE followed_members (
    member_no TEXT PRIMARY KEY,
    since_hlc INTEGER NOT NULL
) WITHOUT ROWID;

-- Per terminal, the seq up to which the hub has been read for this book's scope (a
-- partial book's journal has gaps, so its last seq is no cursor).
CREATE TABLE pull_positions (
    terminal TEXT PRIMARY KEY,
    seq      INTEGER NOT NULL
) WITHOUT ROWID;

-- The entry that published each other terminal's signing key, kept whole (its hash and
-- signature are checked again by verify) when the journal does not hold it.
CREATE TABLE key_entries (
    terminal    TEXT PRIMARY KEY,
    seq         INTEGER NOT NULL,
    hlc         INTEGER NOT NULL,
    op_id       TEXT    NOT NULL,
    operator    TEXT    NOT NULL,
    outlet      TEXT    NOT NULL,
    member_no   TEXT,
    kind        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    reversal_of TEXT,
    offline     INTEGER NOT NULL DEFAULT 0,
    prev_hash   BLOB    NOT NULL,
    hash        BLOB    NOT NULL,
    sig         BLOB
) WITHOUT ROWID;
