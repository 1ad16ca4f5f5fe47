//! A supervisor settling a replication conflict.

use crate::conflict::Resolution;
use crate::receipt::Tender;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettleConflict {
    pub conflict_id: String,
    pub resolution: Resolution,
    /// For `collected`: what the member pays now (default: the debt the conflict booked,
    /// at most what the member still owes).
    #[serde(default, deserialize_with = "crate::money::exact_opt")]
    pub amount: Option<Decimal>,
    #[serde(default)]
    pub tender: Tender,
    pub note: String,
}
