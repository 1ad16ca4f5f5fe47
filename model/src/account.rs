//! A member's balances as the counter sees them: stored value (principal and bonus),
//! points and their lots, count cards and coupons.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Account {
    pub member_no: String,
    pub principal: Decimal,
    pub bonus: Decimal,
    pub points: i64,
    /// Member debt (欠款) from offline spends beyond the chain-wide balance.
    #[serde(default)]
    pub debt: Decimal,
    /// What a company owes on its account (挂账); 0 for every other member.
    #[serde(default, skip_serializing_if = "Decimal::is_zero")]
    pub owed: Decimal,
    pub has_payment_pin: bool,
    pub count_cards: Vec<CountCardView>,
    pub coupons: Vec<CouponView>,
}

impl Account {
    pub fn stored_value(&self) -> Decimal {
        self.principal + self.bonus
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CountCardView {
    pub card: String,
    pub package: String,
    pub service: String,
    pub uses: i64,
    pub remaining: i64,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CouponView {
    pub code: String,
    pub member_no: Option<String>,
    pub template: String,
    pub status: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Lot {
    pub lot: String,
    pub remaining: i64,
    pub expires_on: NaiveDate,
}
