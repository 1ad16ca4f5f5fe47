//! Issuing, redeeming and voiding coupons.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueCoupon {
    pub member_no: String,
    pub template: String,
    pub reason: String,
}

/// Redeems a coupon outside a checkout (a free item handed over at the counter).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedeemCoupon {
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoidCoupon {
    pub code: String,
    pub reason: String,
}
