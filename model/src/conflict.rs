//! Replication conflicts (DESIGN.md §4): what only shows after terminals that were apart
//! sync. The hub finds them while it ingests entries, and writes one `conflict_raised`
//! entry per conflict under its own terminal id [`HUB_TERMINAL`] (so there is exactly one,
//! whichever terminal syncs first); terminals pull it like any other entry. A supervisor
//! settles it with a `conflict_settled` entry; nothing is dropped.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The terminal id under which the hub writes its own entries. Reserved: a terminal
/// configured with it is refused.
pub const HUB_TERMINAL: &str = "HUB";
/// The outlet and operator of the hub's entries.
pub const HUB_OUTLET: &str = "hub";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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

/// A conflict as the supervisor list shows it (the `conflicts` projection).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
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
