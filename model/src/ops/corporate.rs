//! Corporate accounts (协议单位 / 公司卡): opening a company, linking personal members to
//! it, charging bills to its account (挂账) and settling the account.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ids::MemberNo;
use crate::receipt::Tender;

/// A supervisor opens a company account on a member (or sets the credit limit of one
/// already open).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenCompany {
    /// The company's member no. (会员号): an existing member.
    pub member_no: MemberNo,
    /// The most the company may owe on its account (挂账额度); 0: no charges.
    #[serde(deserialize_with = "crate::money::exact")]
    #[schemars(with = "crate::money::Amount")]
    pub credit_limit: Decimal,
}

/// A personal member put under a company.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkToCompany {
    /// The personal member's number.
    pub member_no: MemberNo,
    /// The company's member no.
    pub company_no: MemberNo,
}

/// A personal member taken from under their company.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnlinkFromCompany {
    /// The personal member's number.
    pub member_no: MemberNo,
}

/// A bill charged to a company's account (挂账), by the company itself or by a member
/// linked to it. The entry is the company's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChargeCompany {
    /// Who charges: the company's member no., or a member linked to it.
    pub member_no: MemberNo,
    /// The bill's amount.
    #[serde(deserialize_with = "crate::money::exact")]
    #[schemars(with = "crate::money::Amount")]
    pub amount: Decimal,
    /// The bill / folio reference: one charge per bill.
    pub bill_ref: String,
}

/// A supervisor records a payment on a company's account: it reduces what is owed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SettleCompany {
    /// The company's member no.
    pub member_no: MemberNo,
    /// What the company pays: at most what it owes.
    #[serde(deserialize_with = "crate::money::exact")]
    #[schemars(with = "crate::money::Amount")]
    pub amount: Decimal,
    /// How it pays.
    #[serde(default)]
    pub tender: Tender,
    /// A note kept in the entry (e.g. the bank transfer's reference).
    #[serde(default)]
    pub note: String,
}
