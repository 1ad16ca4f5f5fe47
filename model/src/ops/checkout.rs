//! A checkout (bill, tenders, coupons) and its quote.

use crate::account::Account;
use crate::money::two_places;
use crate::receipt::{CheckoutLines, Tender};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ids::MemberNo;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Checkout {
    /// The member's number (会员号).
    pub member_no: MemberNo,
    /// The bill's total, before the tier discount and coupons.
    #[serde(deserialize_with = "crate::money::exact")]
    #[schemars(with = "crate::money::Amount")]
    pub bill: Decimal,
    /// The POS bill number (restaurant, KTV); one checkout per bill.
    pub bill_ref: String,
    /// Coupon codes to redeem (at most `rules.checkout.coupons_per_checkout`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub coupons: Vec<String>,
    /// Pay part of the bill with points, at the rules' rate.
    #[serde(default)]
    pub use_points: bool,
    /// Use at most this many points (so `use_points` need not be set too); without it,
    /// all the points that apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_points: Option<u64>,
    /// Pay part of the bill with stored value (bonus or principal first, as the rules say).
    #[serde(default)]
    pub use_stored_value: bool,
    /// Pay at most this much with stored value (so `use_stored_value` need not be set
    /// too); without it, all the stored value that applies.
    #[serde(
        default,
        deserialize_with = "crate::money::exact_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<crate::money::Amount>")]
    pub max_stored_value: Option<Decimal>,
    /// Pays what is left after points and stored value.
    #[serde(default)]
    pub tender: Tender,
    /// The member's payment PIN, when the stored-value part needs it. Never serialized.
    #[serde(default, skip_serializing)]
    pub pin: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CheckoutQuote {
    pub lines: CheckoutLines,
    pub before: Balances,
    pub after: Balances,
    /// The stored-value part needs the member's payment PIN.
    pub pin_needed: bool,
}
