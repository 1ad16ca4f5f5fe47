//! Issuing, redeeming and voiding coupons.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ids::MemberNo;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueCoupon {
    /// The member's number (会员号).
    pub member_no: MemberNo,
    /// A coupon template id from `rules.coupons`.
    pub template: String,
    /// Why, in words; kept in the entry.
    pub reason: String,
}

/// Redeems a coupon outside a checkout (a free item handed over at the counter).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RedeemCoupon {
    /// The coupon's code as printed (case, spaces and dashes do not matter).
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VoidCoupon {
    /// The coupon's code as printed.
    pub code: String,
    /// Why, in words; kept in the entry.
    pub reason: String,
}
