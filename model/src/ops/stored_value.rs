//! Stored value: top-ups and refunds.

use crate::receipt::Tender;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopUp {
    pub member_no: String,
    #[serde(deserialize_with = "crate::money::exact")]
    pub amount: Decimal,
    #[serde(default)]
    pub tender: Tender,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefundStoredValue {
    pub member_no: String,
    #[serde(deserialize_with = "crate::money::exact")]
    pub amount: Decimal,
    #[serde(default)]
    pub tender: Tender,
    pub reason: String,
}
