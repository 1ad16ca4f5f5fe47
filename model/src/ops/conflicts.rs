//! A supervisor settling a replication conflict.

use crate::conflict::Resolution;
use crate::receipt::Tender;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SettleConflict {
    /// The conflict to settle (from the conflict list).
    pub conflict_id: String,
    /// `accepted`, `collected` (the member pays now) or `written_off` (the chain forgives).
    pub resolution: Resolution,
    /// For `collected`: what the member pays now (default: the debt the conflict booked,
    /// at most what the member still owes).
    #[serde(default, deserialize_with = "crate::money::exact_opt")]
    #[schemars(with = "Option<crate::money::Amount>")]
    pub amount: Option<Decimal>,
    /// How a collected debt was paid.
    #[serde(default)]
    pub tender: Tender,
    /// A note kept in the entry.
    pub note: String,
}
