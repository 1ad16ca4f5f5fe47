//! Opening and closing a shift.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenShift {
    /// Cash in the drawer at the start (备用金).
    #[serde(deserialize_with = "crate::money::exact")]
    #[schemars(with = "crate::money::Amount")]
    pub float: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseShift {
    /// Cash counted in the drawer at the end.
    #[serde(deserialize_with = "crate::money::exact")]
    #[schemars(with = "crate::money::Amount")]
    pub counted_cash: Decimal,
}
