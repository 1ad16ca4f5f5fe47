//! Typed refusals. Every refusal has a stable code (for `carddesk op` and scripts) and a
//! message in zh-CN and en (for the counter).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::lang::Lang;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OpError {
    #[error("unknown member {0}")]
    UnknownMember(String),
    #[error("nothing matches {0:?}")]
    NotFound(String),
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
    #[error("member {0} is already {1}")]
    AlreadyInState(String, &'static str),
    #[error("invalid {field}: {reason_en}")]
    Invalid {
        field: String,
        reason_zh: String,
        reason_en: String,
    },
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
    #[error("this needs a {0} (supervisor approval)")]
    NeedsRole(&'static str),
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
    #[error("entry {0} cannot be reversed ({1})")]
    NotReversible(String, &'static str),
    #[error("unknown {what} {id:?} in the rules")]
    UnknownRule { what: &'static str, id: String },
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
    pub fn invalid(
        field: &str,
        reason_zh: impl Into<String>,
        reason_en: impl Into<String>,
    ) -> Self {
        OpError::Invalid {
            field: field.to_string(),
            reason_zh: reason_zh.into(),
            reason_en: reason_en.into(),
        }
    }

    /// Stable machine-readable code; scripts and the POS integration match on this.
    pub fn code(&self) -> &'static str {
        match self {
            OpError::UnknownMember(_) => "unknown_member",
            OpError::NotFound(_) => "not_found",
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

    /// The message for the operator, in their language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (OpError::UnknownMember(no), Lang::Zh) => format!("会员 {no} 不存在"),
            (OpError::UnknownMember(no), Lang::En) => format!("No member {no}"),
            (OpError::NotFound(q), Lang::Zh) => format!("未找到“{q}”对应的会员"),
            (OpError::NotFound(q), Lang::En) => format!("No member matches \"{q}\""),
            (OpError::CredentialLost { member_no, .. }, Lang::Zh) => {
                format!("此卡/凭证已挂失（会员 {member_no}），不能使用")
            }
            (OpError::CredentialLost { member_no, .. }, Lang::En) => {
                format!("This card was reported lost (member {member_no}) and cannot be used")
            }
            (OpError::CredentialTaken { member_no, .. }, Lang::Zh) => {
                format!("此卡/凭证已绑定会员 {member_no}")
            }
            (OpError::CredentialTaken { member_no, .. }, Lang::En) => {
                format!("This card is already bound to member {member_no}")
            }
            (OpError::UnknownCredential { kind, value }, Lang::Zh) => {
                format!("该会员没有凭证 {kind}:{value}")
            }
            (OpError::UnknownCredential { kind, value }, Lang::En) => {
                format!("The member holds no credential {kind}:{value}")
            }
            (OpError::MemberFrozen(no), Lang::Zh) => format!("会员 {no} 已冻结，不能办理"),
            (OpError::MemberFrozen(no), Lang::En) => format!("Member {no} is frozen"),
            (OpError::AlreadyInState(no, state), Lang::Zh) => {
                let s = if *state == "frozen" {
                    "冻结"
                } else {
                    "正常"
                };
                format!("会员 {no} 已是{s}状态")
            }
            (OpError::AlreadyInState(no, state), Lang::En) => {
                format!("Member {no} is already {state}")
            }
            (
                OpError::Invalid {
                    field, reason_zh, ..
                },
                Lang::Zh,
            ) => format!("{}：{reason_zh}", crate::error_text::field_words(field).0),
            (
                OpError::Invalid {
                    field, reason_en, ..
                },
                Lang::En,
            ) => format!("{}: {reason_en}", crate::error_text::field_words(field).1),
            (OpError::OpIdReused(id), Lang::Zh) => format!("请求编号 {id} 已用于另一笔不同的操作"),
            (OpError::OpIdReused(id), Lang::En) => {
                format!("Request id {id} was already used for a different operation")
            }
            // The database's own text is English: it stays in message_en and the log.
            (OpError::Storage(_), Lang::Zh) => "数据库出错，操作未完成".to_string(),
            (OpError::Storage(e), Lang::En) => format!("Database error: {e}"),
            (other, lang) => crate::error_text::message(other, lang),
        }
    }
}

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
