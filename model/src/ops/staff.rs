//! Operators, their PINs, and a member's payment PIN.

use crate::entry::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddOperator {
    pub operator_id: String,
    pub name: String,
    pub role: Role,
    /// Never serialized: not in logs, fingerprints or the journal (only its hash is).
    #[serde(skip_serializing)]
    pub pin: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetPaymentPin {
    pub member_no: String,
    #[serde(skip_serializing)]
    pub pin: String,
    /// The member's current payment PIN. Without it, replacing a PIN that is set needs
    /// a supervisor (the member forgot it); the first PIN needs neither.
    #[serde(default, skip_serializing)]
    pub old_pin: Option<String>,
}

/// Switches an operator off (they can no longer log in or approve) or back on. Admin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetOperatorActive {
    pub operator_id: String,
    pub active: bool,
}

/// A new PIN for an operator: an admin for anyone, or the operator for themself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeOperatorPin {
    pub operator_id: String,
    #[serde(skip_serializing)]
    pub pin: String,
}

/// An operator as the admin's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorListing {
    pub operator_id: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
}

/// A logged-in operator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operator {
    pub operator_id: String,
    pub name: String,
    pub role: Role,
}
