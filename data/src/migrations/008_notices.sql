-- Notices to members (开卡/充值/消费/兑换, points about to expire): the outbox. It is
-- local delivery state, not journal: rows are written in the same transaction as the
-- entry that causes them, only by the terminal that wrote that entry (replicated entries
-- queue nothing), so two terminals never send one notice twice. Rows hold ids only; the
-- text is made at delivery from the member's current profile.
CREATE TABLE notice_outbox (
    id          INTEGER PRIMARY KEY,
    -- what caused it: an entry id, or `points_expiring:<member>:<date>`; unique, so a
    -- daily job run twice queues nothing twice
    cause       TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    member_no   TEXT NOT NULL,
    created_ms  INTEGER NOT NULL,
    -- pending, sent, skipped (no consent), failed (gave up)
    status      TEXT NOT NULL DEFAULT 'pending',
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_ms     INTEGER NOT NULL,
    done_ms     INTEGER,
    last_error  TEXT
);
CREATE INDEX notice_outbox_due ON notice_outbox (next_ms) WHERE status = 'pending';
-- Every delivery attempt: its time, the HTTP status (NULL when none came back) and the
-- error in words (never the webhook address or member data).
CREATE TABLE notice_attempts (
    outbox_id   INTEGER NOT NULL REFERENCES notice_outbox(id),
    at_ms       INTEGER NOT NULL,
    http_status INTEGER,
    error       TEXT
);
CREATE INDEX notice_attempts_outbox ON notice_attempts (outbox_id);
-- The member's consent to notices (profile field `notices`): 'yes', 'no', or NULL (not
-- given either way: `[notices] consent_default` applies). Replicated like every profile
-- field.
ALTER TABLE members ADD COLUMN notices TEXT;
