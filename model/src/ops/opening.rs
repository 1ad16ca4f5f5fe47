//! Balances carried over from another system by `carddesk import`.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ids::MemberNo;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpeningBalance {
    /// The member's number (会员号).
    pub member_no: MemberNo,
    /// Stored value paid in money, carried over.
    pub principal: Decimal,
    /// Stored value given, carried over.
    pub bonus: Decimal,
    /// Points carried over (one lot).
    pub points: i64,
    /// Where the figures came from, e.g. `import members.csv line 12`.
    pub source: String,
}
