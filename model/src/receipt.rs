//! What a checkout decided, line by line: recorded in its journal entry, shown on the
//! confirmation screen (as a quote) and printed on the receipt.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// External tender: recorded, not processed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Tender {
    #[default]
    Cash,
    BankCard,
    Other,
}

impl Tender {
    pub fn as_str(self) -> &'static str {
        match self {
            Tender::Cash => "cash",
            Tender::BankCard => "bank_card",
            Tender::Other => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckoutLines {
    pub bill: Decimal,
    pub bill_ref: String,
    pub outlet: String,
    pub tier: String,
    pub tier_discount: Decimal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon: Option<String>,
    pub coupon_off: Decimal,
    pub points_used: i64,
    pub points_off: Decimal,
    pub bonus_paid: Decimal,
    pub principal_paid: Decimal,
    pub tender: Tender,
    pub tender_paid: Decimal,
    pub points_earned: i64,
    /// Tier multiplier × promotions × occasions, as applied.
    pub earn_multiplier: Decimal,
    /// Own money cut by spend bracket (`rules.earn_brackets`), when brackets are on.
    /// Boxed: most checkouts have none, and every entry body is as big as its largest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earn_brackets: Option<Box<EarnBrackets>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub promotions: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub coupons_issued: Vec<String>,
    /// The birthday and member days that applied, each by name with what it gave.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub occasions: Vec<OccasionLine>,
}

/// One occasion (生日, a member day) on a checkout: its discount, taken off the bill
/// after the tier discount, and the multiplier it put on the points earned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OccasionLine {
    pub name: String,
    pub discount: Decimal,
    pub earn_multiplier: Decimal,
}

/// How a checkout's own money was weighed by spend bracket: points earned =
/// floor(Σ amount × multiplier × `earn_per_unit` × the lines' `earn_multiplier`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EarnBrackets {
    /// The outlet's points per 1.00, so the points can be recomputed from the entry.
    pub earn_per_unit: Decimal,
    /// Each bracket that holds money, lowest first.
    pub parts: Vec<BracketLine>,
}

/// The part of a checkout's own money in one spend bracket and what it earns at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BracketLine {
    pub from: Decimal,
    pub multiplier: Decimal,
    pub amount: Decimal,
}

impl CheckoutLines {
    /// What the member paid with their own money (earns points).
    pub fn own_money(&self) -> Decimal {
        self.principal_paid + self.tender_paid
    }

    /// What the occasions took off the bill.
    pub fn occasion_discount(&self) -> Decimal {
        self.occasions.iter().map(|o| o.discount).sum()
    }
}
