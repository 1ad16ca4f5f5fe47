//! Spending points to rise a tier (积分提升等级).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ids::MemberNo;

/// Spends the `tier_price` of the tier just above the member's to rise into it: one
/// `tier_changed` entry (reason `points`) with the points drawn and the tier set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BuyTier {
    /// The member's number (会员号).
    pub member_no: MemberNo,
    /// The tier to rise to: the one just above the member's, named so that a posting
    /// takes exactly what its preview showed (refused if the member is no longer just
    /// below it).
    pub tier: String,
}
