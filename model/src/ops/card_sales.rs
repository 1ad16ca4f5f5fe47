//! Selling the membership card itself (购买型会员卡).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ids::MemberNo;
use crate::receipt::Tender;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SellCard {
    /// The member's number (会员号).
    pub member_no: MemberNo,
    /// The tier of the card sold: a tier with a fee in `rules.card_sales.fees`.
    pub tier: String,
    /// How the card fee is paid.
    #[serde(default)]
    pub tender: Tender,
}
