//! Balances carried over from another system by `carddesk import`.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpeningBalance {
    pub member_no: String,
    pub principal: Decimal,
    pub bonus: Decimal,
    pub points: i64,
    /// Where the figures came from, e.g. `import members.csv line 12`.
    pub source: String,
}
