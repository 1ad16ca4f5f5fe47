//! Selling and using count cards (次卡).

use crate::receipt::Tender;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ids::MemberNo;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SellCountCard {
    /// The member's number (会员号).
    pub member_no: MemberNo,
    /// A count-card package id from `rules.count_packages`.
    pub package: String,
    /// How the card is paid.
    #[serde(default)]
    pub tender: Tender,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UseCountCard {
    /// The count card's id (its selling entry's id).
    pub card: String,
    /// Uses to take; 1 when not given.
    #[serde(default = "one")]
    pub uses: i64,
    /// When given, the card must be this member's (the card was found on their screen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_no: Option<String>,
}

fn one() -> i64 {
    1
}
