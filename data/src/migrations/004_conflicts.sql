-- Replication conflicts (DESIGN.md §4). All projections of the journal, rebuilt and
-- compared by `carddesk verify`. Money is in cents.

-- Member debt (欠款): what offline spends took beyond the chain-wide balance. The next
-- top-up repays it first; a member with debt may not spend offline.
ALTER TABLE accounts ADD COLUMN debt INTEGER NOT NULL DEFAULT 0;

-- A coupon is redeemed by its first redemption in HLC order, whatever order replicas
-- learn of them in; `redemptions` counts the standing ones (a reversal gives one back).
ALTER TABLE coupons ADD COLUMN redeemed_hlc INTEGER;
ALTER TABLE coupons ADD COLUMN redemptions INTEGER NOT NULL DEFAULT 0;

-- One row per conflict the hub raised (the `conflict_raised` entry), open until a
-- supervisor settles it with a `conflict_settled` entry.
CREATE TABLE conflicts (
    conflict_id TEXT PRIMARY KEY,          -- the id of the conflict_raised entry
    member_no   TEXT NOT NULL,
    kind        TEXT NOT NULL,             -- overdraw | coupon_redeemed_twice
    asset       TEXT NOT NULL,             -- stored_value | points | count_card | coupon
    subject     TEXT NOT NULL,             -- the card or coupon code; '' for balances
    amount      TEXT NOT NULL,             -- the deficit, exact decimal text
    causes      TEXT NOT NULL,             -- JSON list of the entries that caused it
    raised_hlc  INTEGER NOT NULL,
    settled_by  TEXT,                      -- the first conflict_settled entry, HLC order
    settled_hlc INTEGER,
    resolution  TEXT
) WITHOUT ROWID;
CREATE INDEX conflicts_open ON conflicts(settled_by, raised_hlc);
CREATE INDEX conflicts_member ON conflicts(member_no);

-- Offline caps read this terminal's offline entries of the last hours.
CREATE INDEX journal_offline ON journal(terminal, hlc) WHERE offline = 1;

-- Two terminals apart can both reverse one entry (a reversal needs the hub when there is
-- one, but a book restored from backup or an old version may hold such a pair): a
-- replica must take both rather than stop syncing, so the index is no longer unique.
DROP INDEX journal_reversal;
CREATE INDEX journal_reversal ON journal(reversal_of) WHERE reversal_of IS NOT NULL;
