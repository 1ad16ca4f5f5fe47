-- Counter operations: operators, balances, points lots, coupons, count cards, activity.
-- Every table here except pin_failures and daily_runs is a projection of the journal
-- (see effects.rs), rebuilt and compared by `carddesk verify`. Money is in cents.

CREATE TABLE operators (
    operator_id TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    pin_hash    TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1,
    changed_hlc INTEGER NOT NULL
) WITHOUT ROWID;

-- Local, not replicated: wrong-PIN counters guard this terminal's keyboard.
CREATE TABLE pin_failures (
    subject         TEXT PRIMARY KEY,
    failures        INTEGER NOT NULL,
    locked_until_ms INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE accounts (
    member_no    TEXT PRIMARY KEY REFERENCES members(member_no),
    principal    INTEGER NOT NULL DEFAULT 0,
    bonus        INTEGER NOT NULL DEFAULT 0,
    points       INTEGER NOT NULL DEFAULT 0,
    pay_pin_hash TEXT
) WITHOUT ROWID;

-- Points are earned in lots that expire; spending draws the oldest first.
CREATE TABLE points_lots (
    lot        TEXT PRIMARY KEY,
    member_no  TEXT NOT NULL REFERENCES members(member_no),
    earned     INTEGER NOT NULL,
    remaining  INTEGER NOT NULL,
    expires_on TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX points_lots_member ON points_lots(member_no, expires_on);

CREATE TABLE coupons (
    code        TEXT PRIMARY KEY,
    member_no   TEXT,
    template    TEXT NOT NULL,
    status      TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    valid_to    TEXT NOT NULL,
    issued_by   TEXT NOT NULL,
    redeemed_by TEXT
) WITHOUT ROWID;
CREATE INDEX coupons_member ON coupons(member_no);

CREATE TABLE count_cards (
    card       TEXT PRIMARY KEY,
    member_no  TEXT NOT NULL REFERENCES members(member_no),
    package    TEXT NOT NULL,
    service    TEXT NOT NULL,
    uses       INTEGER NOT NULL,
    remaining  INTEGER NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to   TEXT NOT NULL,
    status     TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX count_cards_member ON count_cards(member_no);

-- What counts toward tiers: own-money spend, nights and points earned, per entry.
CREATE TABLE activity (
    entry_id  TEXT PRIMARY KEY,
    member_no TEXT NOT NULL REFERENCES members(member_no),
    day       TEXT NOT NULL,
    spend     INTEGER NOT NULL,
    nights    INTEGER NOT NULL,
    points    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX activity_member ON activity(member_no, day);

-- Local: the days the daily job (expiry, tier period end) has run on this terminal.
CREATE TABLE daily_runs (
    day TEXT PRIMARY KEY
) WITHOUT ROWID;
