//! Opening and closing a shift.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenShift {
    #[serde(deserialize_with = "crate::money::exact")]
    pub float: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseShift {
    #[serde(deserialize_with = "crate::money::exact")]
    pub counted_cash: Decimal,
}
