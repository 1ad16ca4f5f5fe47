//! Management report lines (`carddesk report KIND`) as views.

use crate::reports::ShiftReport;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

/// Local dates `from..=to` (the chain's `rules.utc_offset_minutes`), and optionally one
/// outlet: where the entry was posted, or for member lists where the member registered.
#[derive(Debug, Clone)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub outlet: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct StoredValueLiability {
    pub members: u64,
    pub principal: Decimal,
    pub bonus: Decimal,
    pub total: Decimal,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct PointsLiability {
    pub members: u64,
    pub points: i64,
    /// What the points are worth as a payment offset (`rules.points.per_unit_offset`).
    pub value: Decimal,
    /// Points in lots that expire within the window.
    pub expiring_in_window: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct CouponLine {
    pub template: String,
    pub issued: i64,
    pub redeemed: i64,
    pub voided: i64,
    /// Still unused, with `valid_to` inside the window and already past.
    pub expired: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct TierLine {
    pub tier: String,
    pub active: i64,
    pub frozen: i64,
}

/// A member in a list: `date` is the registration or last visit, `amount` the spend.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct MemberLine {
    pub member_no: String,
    pub name: String,
    pub phone: String,
    pub tier: String,
    pub outlet: String,
    pub date: String,
    pub amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ShiftLine {
    /// The closing entry, or "open" for this terminal's open shift (an X report).
    pub closed_by: String,
    pub report: ShiftReport,
}
/// A member's balances right after one entry: what its receipt prints, also when it is
/// reprinted long after.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct BalancesAfter {
    pub principal: Decimal,
    pub bonus: Decimal,
    pub points: i64,
}

/// A referrer in the referral ranking (转介绍排名): the members they brought who
/// registered in the window, and the referral rewards they were given in it (standing:
/// not reversed) with the points those gave.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct ReferralLine {
    pub rank: u32,
    pub member_no: String,
    pub name: String,
    pub tier: String,
    pub referred: i64,
    pub rewarded: i64,
    pub points: i64,
}

/// One operator's commission (提成) in a window (`carddesk report commission`): the
/// cards sold and top-ups taken that earned it, net of reversals, and the amount.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct CommissionLine {
    pub operator: String,
    /// Cards sold (net: a reversed sale counts −1).
    pub cards: i64,
    /// Top-ups taken (net).
    pub top_ups: i64,
    pub amount: rust_decimal::Decimal,
}
