//! Stored value: top-ups and refunds.

use crate::receipt::Tender;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ids::MemberNo;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopUp {
    /// The member's number (会员号).
    pub member_no: MemberNo,
    /// The money paid in; the bonus table adds bonus on top.
    #[serde(deserialize_with = "crate::money::exact")]
    #[schemars(with = "crate::money::Amount")]
    pub amount: Decimal,
    /// How it was paid: `cash`, `bank_card` or `other` (recorded, not processed).
    #[serde(default)]
    pub tender: Tender,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RefundStoredValue {
    /// The member's number (会员号).
    pub member_no: MemberNo,
    /// Principal paid back to the member.
    #[serde(deserialize_with = "crate::money::exact")]
    #[schemars(with = "crate::money::Amount")]
    pub amount: Decimal,
    /// How it was paid back.
    #[serde(default)]
    pub tender: Tender,
    /// Why, in words; kept in the entry.
    pub reason: String,
}
