//! The requests that only read: lookups, balances, the checkout quote, reports and an
//! integrator's reconciliation. Typed like the writes, so `carddesk op` reads them with
//! the same strictness and `carddesk op --schema KIND` describes them.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::entry::EntryBody;
use crate::kind::EntryKind;
use crate::ops::Checkout;

/// What a refusal of a badly written day says (the op command names the field).
pub const DAY_EXPECTED: &str = "a business day written 2026-11-23";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FindMember {
    /// A card UID, code, phone (whole or its last 4 digits), member no., or the start
    /// of a name.
    pub query: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberRef {
    pub member_no: String,
}

/// A read that takes no fields beyond the envelope.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoFields {}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DayReportOf {
    /// The outlet; this terminal's when not given.
    #[serde(default)]
    pub outlet: Option<String>,
    /// The business day; today (in the chain's time zone) when not given.
    #[serde(default, deserialize_with = "day")]
    #[schemars(with = "Option<NaiveDate>")]
    pub day: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatementOf {
    pub member_no: String,
    /// First business day (inclusive); the opening balance folds every entry before it.
    #[serde(default, deserialize_with = "day")]
    #[schemars(with = "Option<NaiveDate>")]
    pub from: Option<NaiveDate>,
    /// Last business day (inclusive).
    #[serde(default, deserialize_with = "day")]
    #[schemars(with = "Option<NaiveDate>")]
    pub to: Option<NaiveDate>,
}

/// The commission report's window (`commission_report`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommissionOf {
    /// First business day (inclusive); today (in the chain's time zone) when not given.
    #[serde(default, deserialize_with = "day")]
    #[schemars(with = "Option<NaiveDate>")]
    pub from: Option<NaiveDate>,
    /// Last business day (inclusive); `from` when not given.
    #[serde(default, deserialize_with = "day")]
    #[schemars(with = "Option<NaiveDate>")]
    pub to: Option<NaiveDate>,
    /// Only this operator's line; every operator's when not given.
    #[serde(default)]
    pub operator: Option<String>,
    /// Only entries posted at this outlet; every outlet's when not given.
    #[serde(default)]
    pub outlet: Option<String>,
}

/// Exactly one of the two references.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryRefs {
    /// The restaurant or KTV bill a checkout carried.
    #[serde(default)]
    pub bill_ref: Option<String>,
    /// The hotel folio a stay posting carried.
    #[serde(default)]
    pub folio_ref: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CouponCode {
    /// The coupon's code as printed (case, spaces and dashes do not matter).
    pub code: String,
}

/// Every read, tagged by its kind as `carddesk op KIND` names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Read {
    FindMember(FindMember),
    ShowMember(MemberRef),
    MemberJournal(MemberRef),
    Account(MemberRef),
    QuoteCheckout(Checkout),
    ShiftReport(NoFields),
    DayReport(DayReportOf),
    MemberStatement(StatementOf),
    FindEntries(EntryRefs),
    CouponStatus(CouponCode),
    /// How many members a bulk issue would reach (`issue_coupons_bulk`'s preview).
    PreviewCouponsBulk(crate::ops::IssueCouponsBulk),
    CommissionReport(CommissionOf),
    /// A member's place in corporate accounts (协议单位).
    CompanyStanding(MemberRef),
    /// A company's charges and payments with what it owes (`member_no`: the company).
    CompanyStatement(StatementOf),
}

/// One line of `member_journal`: an entry with its body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct JournalEntry {
    pub entry_id: String,
    pub kind: EntryKind,
    pub hlc: i64,
    pub operator: String,
    pub outlet: String,
    pub reversal_of: Option<String>,
    pub body: EntryBody,
}

/// A business day: a string `2026-11-23`, surrounding spaces ignored; null for none.
fn day<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    let text: Option<String> =
        Option::deserialize(d).map_err(|_| <D::Error as serde::de::Error>::custom(DAY_EXPECTED))?;
    text.map(|t| {
        t.trim()
            .parse()
            .map_err(|_| <D::Error as serde::de::Error>::custom(DAY_EXPECTED))
    })
    .transpose()
}
