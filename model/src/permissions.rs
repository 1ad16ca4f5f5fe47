//! Who may do what: one table. A step above the operator's own role needs a
//! supervisor (or admin) to enter their PIN on the spot; the entry then names both the
//! operator and the approver.

use schemars::JsonSchema;
use serde::Serialize;

use crate::entry::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    RefundStoredValue,
    Reverse,
    AdjustPoints,
    FreezeMember,
    UnfreezeMember,
    VoidCoupon,
    IssueCouponManually,
    /// A stored-value payment above `rules.stored_value.supervisor_above`.
    LargeStoredValuePayment,
    ManageOperators,
    /// Settling a replication conflict (collecting or writing off member debt).
    SettleConflict,
    /// Anything that changes the rules or the configuration.
    ChangeConfig,
    /// Replacing a member's payment PIN without the old one (the member forgot it).
    ResetPaymentPin,
    /// Opening a company account (协议单位) or setting its credit limit.
    OpenCompany,
    /// Recording a payment on a company's account.
    SettleCompany,
}

impl Action {
    pub const ALL: [Action; 14] = [
        Action::RefundStoredValue,
        Action::Reverse,
        Action::AdjustPoints,
        Action::FreezeMember,
        Action::UnfreezeMember,
        Action::VoidCoupon,
        Action::IssueCouponManually,
        Action::LargeStoredValuePayment,
        Action::ManageOperators,
        Action::SettleConflict,
        Action::ChangeConfig,
        Action::ResetPaymentPin,
        Action::OpenCompany,
        Action::SettleCompany,
    ];

    /// The lowest role that may do this.
    pub fn needs(self) -> Role {
        match self {
            Action::RefundStoredValue
            | Action::Reverse
            | Action::AdjustPoints
            | Action::FreezeMember
            | Action::UnfreezeMember
            | Action::VoidCoupon
            | Action::IssueCouponManually
            | Action::LargeStoredValuePayment
            | Action::SettleConflict
            | Action::ResetPaymentPin
            | Action::OpenCompany
            | Action::SettleCompany => Role::Supervisor,
            Action::ManageOperators | Action::ChangeConfig => Role::Admin,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Action::RefundStoredValue => "refund_stored_value",
            Action::Reverse => "reverse",
            Action::AdjustPoints => "adjust_points",
            Action::FreezeMember => "freeze_member",
            Action::UnfreezeMember => "unfreeze_member",
            Action::VoidCoupon => "void_coupon",
            Action::IssueCouponManually => "issue_coupon",
            Action::LargeStoredValuePayment => "large_stored_value_payment",
            Action::ManageOperators => "manage_operators",
            Action::SettleConflict => "settle_conflict",
            Action::ChangeConfig => "change_config",
            Action::ResetPaymentPin => "reset_payment_pin",
            Action::OpenCompany => "open_company",
            Action::SettleCompany => "settle_company",
        }
    }
}

/// Whether `role` may do `action` without anyone else's PIN.
pub fn allows(role: Role, action: Action) -> bool {
    role >= action.needs()
}
