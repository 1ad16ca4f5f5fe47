//! Operators, their PINs, and a member's payment PIN.

use crate::entry::Role;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ids::MemberNo;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddOperator {
    /// The new operator's id (what they log in with).
    pub operator_id: String,
    /// Their name as shown on receipts and reports.
    pub name: String,
    /// `cashier`, `supervisor` or `admin`.
    pub role: Role,
    /// Never serialized: not in logs, fingerprints or the journal (only its hash is).
    #[serde(skip_serializing)]
    pub pin: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetPaymentPin {
    /// The member's number (会员号).
    pub member_no: MemberNo,
    /// The new payment PIN: a string of 6 digits.
    #[serde(skip_serializing)]
    pub pin: String,
    /// The member's current payment PIN. Without it, replacing a PIN that is set needs
    /// a supervisor (the member forgot it); the first PIN needs neither.
    #[serde(default, skip_serializing)]
    pub old_pin: Option<String>,
}

/// Switches an operator off (they can no longer log in or approve) or back on. Admin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetOperatorActive {
    /// The operator to switch off or on.
    pub operator_id: String,
    /// false: they can no longer log in; true: again.
    pub active: bool,
}

/// A new PIN for an operator: an admin for anyone, or the operator for themself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeOperatorPin {
    /// Whose PIN changes.
    pub operator_id: String,
    /// The new PIN: a string of digits.
    #[serde(skip_serializing)]
    pub pin: String,
}

/// An operator as the admin's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OperatorListing {
    pub operator_id: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
}

/// A logged-in operator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Operator {
    pub operator_id: String,
    pub name: String,
    pub role: Role,
}
