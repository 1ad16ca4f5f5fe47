//! Typed refusals. Every refusal has a stable code (for `carddesk op` and scripts) and a
//! message in the operator's language (for the counter), from the text catalogue.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::entry::Role;
use crate::why::Why;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OpError {
    #[error("unknown member {0}")]
    UnknownMember(String),
    #[error("nothing matches {0:?}")]
    NotFound(String),
    /// A partial book does not hold the member and no hub answered the fetch.
    #[error("the member for {0:?} is not held here and the hub is unreachable")]
    NotHeld(String),
    #[error("credential {kind}:{value} was reported lost (member {member_no})")]
    CredentialLost {
        kind: String,
        value: String,
        member_no: String,
    },
    #[error("credential {kind}:{value} already belongs to member {member_no}")]
    CredentialTaken {
        kind: String,
        value: String,
        member_no: String,
    },
    #[error("credential {kind}:{value} is not bound to this member")]
    UnknownCredential { kind: String, value: String },
    #[error("member {0} is frozen")]
    MemberFrozen(String),
    #[error("member {0} is already {state}", state = .1.as_str())]
    AlreadyInState(String, MemberState),
    #[error("invalid {field}: {}", .why.get(crate::Lang::En))]
    Invalid { field: String, why: Why },
    #[error("request id {0} was already used for a different request")]
    OpIdReused(String),
    #[error("storage error: {0}")]
    Storage(String),
    #[error("unknown operator {0}")]
    UnknownOperator(String),
    #[error("wrong PIN for {subject} ({attempts_left} attempts left)")]
    WrongPin { subject: String, attempts_left: u32 },
    #[error("{subject} is locked for {minutes} more minutes after repeated wrong PINs")]
    LockedOut { subject: String, minutes: i64 },
    #[error("this needs a {} (supervisor approval)", .0.as_str())]
    NeedsRole(Role),
    #[error("a payment PIN is needed above {0}")]
    PinRequired(Decimal),
    #[error("balance too low: {what:?} needs {needed}, has {available}")]
    InsufficientBalance {
        what: Balance,
        needed: Decimal,
        available: Decimal,
    },
    #[error("coupon {code}: {reason:?}")]
    CouponRefused { code: String, reason: CouponRefusal },
    #[error("count card {card}: {reason:?}")]
    CountCardRefused {
        card: String,
        reason: CountCardRefusal,
    },
    #[error("entry {0} was already reversed")]
    AlreadyReversed(String),
    #[error("entry {0} cannot be reversed ({why})", why = .1.as_str())]
    NotReversible(String, NotReversible),
    #[error("unknown {} {id:?} in the rules", .what.as_str())]
    UnknownRule { what: RuleItem, id: String },
    #[error("the hub refused: {message_en}")]
    HubRefused { message: String, message_en: String },
    #[error("offline limit {what:?}: {used} used of {limit}, {asked} more asked")]
    OfflineLimit {
        what: OfflineLimit,
        limit: Decimal,
        used: Decimal,
        asked: Decimal,
    },
    #[error(
        "member {member_no} may not spend offline (debt {debt}, {open_conflicts} open conflicts)"
    )]
    OfflineBlocked {
        member_no: String,
        debt: Decimal,
        open_conflicts: i64,
    },
    #[error("this needs the hub, which cannot be reached")]
    NeedsHub,
    #[error("folio {folio_ref} was already posted for this member (entry {entry_id})")]
    DuplicateFolio { folio_ref: String, entry_id: String },
    #[error("unknown conflict {0}")]
    UnknownConflict(String),
    #[error("conflict {0} is already settled")]
    ConflictSettled(String),
}

/// The state a member was asked into and is already in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberState {
    Frozen,
    Active,
}

impl MemberState {
    /// The English word, for logs (the operator reads the catalogue's).
    pub fn as_str(self) -> &'static str {
        match self {
            MemberState::Frozen => "frozen",
            MemberState::Active => "active",
        }
    }
}

/// Why an entry cannot be reversed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotReversible {
    /// It is itself a reversal: post the original operation again instead.
    IsReversal,
    /// A hub's conflict booking or its settlement: settled, never reversed.
    ConflictBooking,
    /// A birthday coupon (two terminals may have issued the one coupon): void it.
    BirthdayCoupon,
    NoBalanceEffect,
    NoMember,
    /// A coupon it issued was redeemed or voided since.
    CouponUsed,
}

impl NotReversible {
    /// The English words, for logs (the operator reads the catalogue's).
    pub fn as_str(self) -> &'static str {
        match self {
            NotReversible::IsReversal => "a reversal",
            NotReversible::ConflictBooking => "a conflict booking",
            NotReversible::BirthdayCoupon => "a birthday coupon: void the coupon instead",
            NotReversible::NoBalanceEffect => "no balance effect",
            NotReversible::NoMember => "no member",
            NotReversible::CouponUsed => "a coupon it issued was used",
        }
    }
}

/// A kind of item the rules define, named by id in a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleItem {
    CouponTemplate,
    Gift,
    CountCardPackage,
}

impl RuleItem {
    /// The English words, for logs (the operator reads the catalogue's).
    pub fn as_str(self) -> &'static str {
        match self {
            RuleItem::CouponTemplate => "coupon template",
            RuleItem::Gift => "gift",
            RuleItem::CountCardPackage => "count card package",
        }
    }
}

/// Which offline cap a spend would pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfflineLimit {
    MemberStoredValue,
    MemberPoints,
    MemberSpends,
    TerminalExposure,
}

/// Which balance was too low.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Balance {
    StoredValue,
    Principal,
    Points,
}

/// Why a coupon was refused: the operator is told which restriction failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CouponRefusal {
    /// The check character does not match: a typing or scanning slip.
    Mistyped,
    Unknown,
    AlreadyRedeemed,
    Voided,
    NotYetValid(NaiveDate),
    Expired(NaiveDate),
    MinimumSpend(Decimal),
    WrongOutlet,
    WrongWeekday,
    OutsideHours(String),
    OnePerCheckout,
    /// Not for this member (a coupon issued to someone else).
    OtherMember,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountCardRefusal {
    Unknown,
    NotYetValid(NaiveDate),
    Expired(NaiveDate),
    NotEnoughUses(i64),
    OtherMember,
}

impl OpError {
    /// A request field refused, and why.
    pub fn invalid(field: &str, why: Why) -> Self {
        OpError::Invalid {
            field: field.to_string(),
            why,
        }
    }

    /// Stable machine-readable code; scripts and the POS integration match on this.
    pub fn code(&self) -> &'static str {
        match self {
            OpError::UnknownMember(_) => "unknown_member",
            OpError::NotFound(_) => "not_found",
            OpError::NotHeld(_) => "not_held",
            OpError::CredentialLost { .. } => "credential_lost",
            OpError::CredentialTaken { .. } => "credential_taken",
            OpError::UnknownCredential { .. } => "unknown_credential",
            OpError::MemberFrozen(_) => "member_frozen",
            OpError::AlreadyInState(..) => "already_in_state",
            OpError::Invalid { .. } => "invalid_input",
            OpError::OpIdReused(_) => "op_id_reused",
            OpError::Storage(_) => "storage_error",
            OpError::UnknownOperator(_) => "unknown_operator",
            OpError::WrongPin { .. } => "wrong_pin",
            OpError::LockedOut { .. } => "locked_out",
            OpError::NeedsRole(_) => "needs_supervisor",
            OpError::PinRequired(_) => "pin_required",
            OpError::InsufficientBalance { .. } => "insufficient_balance",
            OpError::CouponRefused { reason, .. } => match reason {
                CouponRefusal::Mistyped => "coupon_mistyped",
                CouponRefusal::Unknown => "coupon_unknown",
                _ => "coupon_refused",
            },
            OpError::CountCardRefused { .. } => "count_card_refused",
            OpError::AlreadyReversed(_) => "already_reversed",
            OpError::NotReversible(..) => "not_reversible",
            OpError::UnknownRule { .. } => "unknown_rule",
            OpError::HubRefused { .. } => "hub_refused",
            OpError::OfflineLimit { .. } => "offline_limit",
            OpError::OfflineBlocked { .. } => "offline_blocked",
            OpError::NeedsHub => "needs_hub",
            OpError::DuplicateFolio { .. } => "duplicate_folio",
            OpError::UnknownConflict(_) => "unknown_conflict",
            OpError::ConflictSettled(_) => "conflict_settled",
        }
    }

    /// The message for the operator, in their language (from the text catalogue).
    pub fn message(&self, lang: crate::Lang) -> String {
        lang.texts().refusal(self)
    }

    /// The request field a refusal concerns, where there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            OpError::Invalid { field, .. } => Some(field),
            OpError::PinRequired(_) => Some("pin"),
            OpError::CouponRefused { .. } => Some("code"),
            OpError::OpIdReused(_) => Some("op_id"),
            OpError::DuplicateFolio { .. } => Some("folio_ref"),
            _ => None,
        }
    }
}

#[cfg(feature = "rusqlite")]
impl From<rusqlite::Error> for OpError {
    fn from(e: rusqlite::Error) -> Self {
        OpError::Storage(e.to_string())
    }
}

impl From<serde_json::Error> for OpError {
    fn from(e: serde_json::Error) -> Self {
        OpError::Storage(format!("journal body: {e}"))
    }
}
