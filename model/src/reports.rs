//! Shift and day reports (交班报表, 日结) as views: totals of every tender and
//! operation kind.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TenderTotals {
    pub taken: Decimal,
    pub paid_out: Decimal,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KindTotals {
    pub count: i64,
    pub amount: Decimal,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Totals {
    /// By tender: "cash", "bank_card", "other".
    pub tenders: BTreeMap<String, TenderTotals>,
    /// By entry kind: how many, and the amount each moved (bill, top-up, price, refund).
    pub kinds: BTreeMap<String, KindTotals>,
    pub stored_value_in: Decimal,
    pub bonus_granted: Decimal,
    pub stored_value_spent: Decimal,
    pub points_earned: i64,
    pub points_spent: i64,
    /// Points taken back by no-shows (未入住扣分).
    #[serde(default)]
    pub points_deducted: i64,
    /// Membership card fees taken (卡费), net of reversals.
    #[serde(default, skip_serializing_if = "Decimal::is_zero")]
    pub card_fees: Decimal,
    /// Staff commission earned (提成), net of reversals.
    #[serde(default, skip_serializing_if = "Decimal::is_zero")]
    pub commission: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShiftReport {
    pub shift_id: String,
    pub operator: String,
    pub float: Decimal,
    /// Entries of this terminal after the opening entry and before `until` (an entry id).
    pub until: String,
    pub totals: Totals,
    pub expected_cash: Decimal,
    pub counted_cash: Option<Decimal>,
    /// Counted minus expected: positive over, negative short.
    pub over_short: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct DayReport {
    pub outlet: String,
    pub day: NaiveDate,
    pub entries: u64,
    pub totals: Totals,
}

/// The open shift of a terminal: its opening entry.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenShiftInfo {
    pub shift_id: String,
    pub terminal: String,
    pub seq: i64,
    pub operator: String,
    pub float: Decimal,
}
