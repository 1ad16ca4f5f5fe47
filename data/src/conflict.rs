//! Replication conflicts (DESIGN.md §4): what only shows after terminals that were apart
//! sync. The hub finds them while it ingests entries, and writes one `conflict_raised`
//! entry per conflict under its own terminal id [`HUB_TERMINAL`] (so there is exactly one,
//! whichever terminal syncs first); terminals pull it like any other entry. A supervisor
//! settles it with a `conflict_settled` entry; nothing is dropped.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::entry::EntryBody;
use crate::journal::{Entry, Hash, Header, GENESIS};

/// The terminal id under which the hub writes its own entries. Reserved: a terminal
/// configured with it is refused.
pub const HUB_TERMINAL: &str = "HUB";
/// The outlet and operator of the hub's entries.
pub const HUB_OUTLET: &str = "hub";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// Offline spends took more than the chain-wide balance held.
    Overdraw,
    /// A coupon was redeemed at two terminals while they were apart.
    CouponRedeemedTwice,
}

impl ConflictKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictKind::Overdraw => "overdraw",
            ConflictKind::CouponRedeemedTwice => "coupon_redeemed_twice",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictAsset {
    StoredValue,
    Points,
    CountCard,
    Coupon,
}

impl ConflictAsset {
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictAsset::StoredValue => "stored_value",
            ConflictAsset::Points => "points",
            ConflictAsset::CountCard => "count_card",
            ConflictAsset::Coupon => "coupon",
        }
    }
}

/// How a supervisor settled a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// The outcome stands as booked (debt stays to be repaid by the next top-up; a
    /// double coupon use is accepted as goodwill; a negative points or uses balance is
    /// left for later earning or a sale to fill).
    Accepted,
    /// The member paid the debt now, at the counter (`tender`).
    Collected,
    /// The chain forgives the debt (a loss, approved by a supervisor).
    WrittenOff,
}

impl Resolution {
    pub fn as_str(self) -> &'static str {
        match self {
            Resolution::Accepted => "accepted",
            Resolution::Collected => "collected",
            Resolution::WrittenOff => "written_off",
        }
    }

    pub fn parse(s: &str) -> Option<Resolution> {
        match s {
            "accepted" => Some(Resolution::Accepted),
            "collected" => Some(Resolution::Collected),
            "written_off" => Some(Resolution::WrittenOff),
            _ => None,
        }
    }
}

/// The hub's entry `seq`, chained after `prev`. Its op id names the hub's seq, so it is
/// unique by construction.
pub fn hub_entry(seq: i64, prev: Hash, hlc: i64, member_no: &str, body: &EntryBody) -> Entry {
    let mut e = Entry {
        terminal: HUB_TERMINAL.to_string(),
        seq,
        hlc,
        op_id: format!("{HUB_TERMINAL}-{seq}:{}", body.kind()),
        header: Header {
            operator: HUB_OUTLET.to_string(),
            outlet: HUB_OUTLET.to_string(),
            member_no: Some(member_no.to_string()),
            reversal_of: None,
            offline: false,
        },
        kind: body.kind().to_string(),
        body: serde_json::to_string(body).unwrap_or_default(),
        prev_hash: prev,
        hash: GENESIS,
        sig: None,
    };
    e.hash = e.computed_hash();
    e
}

/// A conflict as the supervisor list shows it (the `conflicts` projection).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictView {
    pub conflict_id: String,
    pub member_no: String,
    pub member_name: Option<String>,
    pub kind: String,
    pub asset: String,
    /// The card or coupon code; empty for stored value and points.
    pub subject: String,
    /// The deficit: money for stored value, points or uses otherwise, 1 for a coupon.
    pub amount: Decimal,
    /// When the hub raised it (HLC).
    pub raised_hlc: i64,
    /// The entries that caused it.
    pub causes: Vec<String>,
    pub settled_by: Option<String>,
    pub resolution: Option<String>,
}

impl crate::Book {
    /// Conflicts, open ones first then the newest; `all` includes settled ones.
    pub fn conflicts(&self, all: bool, limit: usize) -> Result<Vec<ConflictView>, crate::OpError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.conflict_id, c.member_no, m.name, c.kind, c.asset, c.subject, c.amount,
                    c.raised_hlc, c.causes, c.settled_by, c.resolution
             FROM conflicts c LEFT JOIN members m ON m.member_no = c.member_no
             WHERE ?1 OR c.settled_by IS NULL
             ORDER BY c.settled_by IS NOT NULL, c.raised_hlc DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(rusqlite::params![all, limit as i64], |r| {
            Ok(ConflictView {
                conflict_id: r.get(0)?,
                member_no: r.get(1)?,
                member_name: r.get(2)?,
                kind: r.get(3)?,
                asset: r.get(4)?,
                subject: r.get(5)?,
                amount: r.get::<_, String>(6)?.parse().unwrap_or_default(),
                raised_hlc: r.get(7)?,
                causes: serde_json::from_str(&r.get::<_, String>(8)?).unwrap_or_default(),
                settled_by: r.get(9)?,
                resolution: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many conflicts are open (the status bar's count for supervisors).
    pub fn open_conflicts(&self) -> Result<u64, crate::OpError> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM conflicts WHERE settled_by IS NULL",
            [],
            |r| r.get::<_, i64>(0),
        )? as u64)
    }
}
