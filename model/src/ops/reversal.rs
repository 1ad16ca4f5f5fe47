//! Reversing an entry.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reverse {
    /// The entry to reverse, e.g. `T01-42`.
    pub entry_id: String,
    /// Why, in words; kept in the entry.
    pub reason: String,
}
