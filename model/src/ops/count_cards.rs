//! Selling and using count cards (次卡).

use crate::receipt::Tender;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SellCountCard {
    pub member_no: String,
    pub package: String,
    #[serde(default)]
    pub tender: Tender,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UseCountCard {
    pub card: String,
    #[serde(default = "one")]
    pub uses: i64,
    /// When given, the card must be this member's (the card was found on their screen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_no: Option<String>,
}

fn one() -> i64 {
    1
}
