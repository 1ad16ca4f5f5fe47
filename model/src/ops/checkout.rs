//! A checkout (bill, tenders, coupons) and its quote.

use crate::account::Account;
use crate::money::two_places;
use crate::receipt::{CheckoutLines, Tender};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checkout {
    pub member_no: String,
    #[serde(deserialize_with = "crate::money::exact")]
    pub bill: Decimal,
    pub bill_ref: String,
    /// Coupon codes to redeem (at most `rules.checkout.coupons_per_checkout`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub coupons: Vec<String>,
    #[serde(default)]
    pub use_points: bool,
    #[serde(default)]
    pub use_stored_value: bool,
    /// Pays what is left after points and stored value.
    #[serde(default)]
    pub tender: Tender,
    /// The member's payment PIN, when the stored-value part needs it. Never serialized.
    #[serde(default, skip_serializing)]
    pub pin: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Balances {
    pub principal: Decimal,
    pub bonus: Decimal,
    pub points: i64,
}

impl From<&Account> for Balances {
    fn from(a: &Account) -> Self {
        Balances {
            principal: two_places(a.principal),
            bonus: two_places(a.bonus),
            points: a.points,
        }
    }
}

/// Everything the confirmation screen shows before the cashier commits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckoutQuote {
    pub lines: CheckoutLines,
    pub before: Balances,
    pub after: Balances,
    /// The stored-value part needs the member's payment PIN.
    pub pin_needed: bool,
}
