//! Bulk coupons (批量发券, `issue_coupons_bulk`): how far one issue may reach.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct BulkCouponRules {
    /// The most members one bulk issue may reach; a larger audience is refused, with
    /// the count, before anything is written. 0: no limit.
    pub max_members: u32,
}

impl BulkCouponRules {
    /// Whether an audience of `members` is too large to issue to.
    pub fn too_many(&self, members: usize) -> bool {
        self.max_members > 0 && members > self.max_members as usize
    }
}
