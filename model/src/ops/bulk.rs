//! Bulk coupons (批量发券): one coupon template to every member of an audience (the
//! dormant list, a tier, a birthday month) in one supervised operation. Each member's
//! coupon is its own `coupon_issued` entry; the operation's answer counts them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ids::EntryId;

/// Issues `template` to every active member of `audience` held in this book (frozen
/// members are skipped). Needs a supervisor (as `issue_coupon` does). Idempotent by
/// `op_id`: the same op id again posts nothing and gives the same answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueCouponsBulk {
    /// A coupon template id from `rules.coupons`.
    pub template: String,
    /// Who gets one: the members of a report.
    pub audience: Audience,
    /// Why, in words; kept in every member's entry.
    pub reason: String,
}

/// The members a bulk issue goes to (active members only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Audience {
    /// 沉睡会员: no visit in the last `days` days (as `carddesk report dormant`).
    Dormant {
        /// Days without a visit (1 or more).
        days: u32,
    },
    /// Every member of a tier.
    Tier {
        /// A tier id from `rules.tiers`.
        tier: String,
    },
    /// Members whose birthday falls in a month.
    BirthdayMonth {
        /// The month, 1 to 12.
        month: u32,
    },
}

/// The answer to a bulk issue, and its preview (`preview_coupons_bulk`, which writes
/// nothing and names no entries).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BulkCoupons {
    /// The coupon template issued.
    pub template: String,
    /// Members who get (or got) a coupon: one entry each.
    pub members: u64,
    /// Members of the audience left out because they are frozen.
    pub skipped_frozen: u64,
    /// The first and last entries written (consecutive on this terminal); absent in a
    /// preview or when nobody got one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_entry: Option<EntryId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_entry: Option<EntryId>,
    /// True when this answer is for a repeated op id (nothing new was posted).
    #[serde(default)]
    pub replayed: bool,
}
