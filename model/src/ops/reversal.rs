//! Reversing an entry.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ids::EntryId;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reverse {
    /// The entry to reverse, e.g. `T01-42`.
    pub entry_id: EntryId,
    /// Why, in words; kept in the entry.
    pub reason: String,
}
