//! What a journal entry says. The body records the decided outcome (who, what, which
//! credential, which fields), never an instruction to re-decide, so applying it is
//! mechanical, idempotent and the same on every replica.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::conflict::{ConflictAsset, ConflictKind, Resolution};
pub use crate::credential::{
    normalize_phone, Credential, CredentialChange, CredentialKind, CredentialStatus,
};
use crate::effects::Effect;
use crate::kind::EntryKind;
use crate::receipt::{CheckoutLines, Tender};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Female,
    Male,
    Other,
}

/// The member's profile as registered. Optional fields are absent, not empty.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthday: Option<chrono::NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_doc: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer: Option<String>,
    /// Consent to notices (SMS / WeChat): absent, the configured default applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notices: Option<bool>,
}

/// An edit names only the fields it changes. `Some("")` clears an optional text field.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfilePatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthday: Option<chrono::NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_doc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer: Option<String>,
    /// Consent to notices (SMS / WeChat): absent, the configured default applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notices: Option<bool>,
}

impl ProfilePatch {
    pub fn is_empty(&self) -> bool {
        *self == ProfilePatch::default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum EntryBody {
    MemberRegistered {
        profile: Profile,
        tier: String,
        credentials: Vec<Credential>,
    },
    MemberEdited {
        changes: ProfilePatch,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        credentials: Vec<CredentialChange>,
    },
    MemberFrozen {
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        approved_by: Option<String>,
    },
    MemberUnfrozen {
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        approved_by: Option<String>,
    },
    CredentialBound {
        credential: Credential,
    },
    CredentialLost {
        credential: Credential,
    },
    CredentialReplaced {
        old: Credential,
        new: Credential,
        /// The replacement fee (补卡费) taken, by `tender`; 0: none.
        #[serde(default, skip_serializing_if = "Decimal::is_zero")]
        fee: Decimal,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tender: Option<Tender>,
    },
    /// An operator is switched off (left the company) or back on.
    OperatorActiveSet {
        operator_id: String,
        active: bool,
    },
    OperatorPinChanged {
        operator_id: String,
        pin_hash: String,
    },
    OperatorAdded {
        operator_id: String,
        name: String,
        role: Role,
        pin_hash: String,
    },
    PaymentPinSet {
        pin_hash: String,
        /// The supervisor who approved replacing a PIN without the old one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        approved_by: Option<String>,
    },
    ToppedUp {
        amount: Decimal,
        bonus: Decimal,
        tender: Tender,
        effects: Vec<Effect>,
    },
    CheckedOut {
        lines: CheckoutLines,
        /// The supervisor who approved a stored-value payment above the threshold.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        approved_by: Option<String>,
        effects: Vec<Effect>,
    },
    StayPosted {
        nights: u32,
        room_revenue: Decimal,
        folio_ref: String,
        points: i64,
        /// The member who booked the stay for this guest, the share of `points` they
        /// earn (the rule as it was) and what that came to, rounded down: their own
        /// `reward_given` entry in the same transaction gives them `booker_points`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        booker: Option<String>,
        #[serde(default, skip_serializing_if = "Decimal::is_zero")]
        booker_share: Decimal,
        #[serde(default, skip_serializing_if = "is_zero")]
        booker_points: i64,
        effects: Vec<Effect>,
    },
    /// A no-show: `points` is what was deducted (at most the member's usable points).
    NoShowPosted {
        nights: u32,
        folio_ref: String,
        points: i64,
        effects: Vec<Effect>,
    },
    PointsAdjusted {
        points: i64,
        reason: String,
        approved_by: String,
        effects: Vec<Effect>,
    },
    GiftRedeemed {
        gift: String,
        points: i64,
        effects: Vec<Effect>,
    },
    PointsConverted {
        points: i64,
        /// "stored_value", a coupon template id or a count-card package id (the effects
        /// say which: a coupon issued or a card sold).
        into: String,
        effects: Vec<Effect>,
    },
    StoredValueRefunded {
        amount: Decimal,
        tender: Tender,
        reason: String,
        approved_by: String,
        effects: Vec<Effect>,
    },
    CountCardSold {
        package: String,
        price: Decimal,
        tender: Tender,
        effects: Vec<Effect>,
    },
    /// A membership card sold (购买型会员卡): the card fee of the tier sold, paid by
    /// `tender`; no points. The tier is set when it is above the member's.
    CardSold {
        tier: String,
        fee: Decimal,
        tender: Tender,
        /// The seller's commission (提成), also one of the effects; 0: none.
        #[serde(default, skip_serializing_if = "Decimal::is_zero")]
        commission: Decimal,
        effects: Vec<Effect>,
    },
    CountCardUsed {
        card: String,
        uses: i64,
        effects: Vec<Effect>,
    },
    CouponIssued {
        template: String,
        reason: String,
        approved_by: String,
        effects: Vec<Effect>,
    },
    CouponRedeemed {
        code: String,
        effects: Vec<Effect>,
    },
    CouponVoided {
        code: String,
        reason: String,
        approved_by: String,
        effects: Vec<Effect>,
    },
    PointsExpired {
        effects: Vec<Effect>,
    },
    TierChanged {
        from: String,
        to: String,
        /// "upgrade", "period_end" or "points" (bought with points: `buy_tier`).
        reason: String,
        /// Points spent to rise (reason "points"); 0 and left out otherwise.
        #[serde(default, skip_serializing_if = "is_zero")]
        points: i64,
        effects: Vec<Effect>,
    },
    ShiftOpened {
        float: Decimal,
    },
    /// Repeated wrong PINs locked an operator id or a member's payment PIN.
    PinLocked {
        subject: String,
        minutes: i64,
    },
    ShiftClosed {
        shift_id: String,
        counted_cash: Decimal,
        report: Box<crate::reports::ShiftReport>,
    },
    /// Balances carried over from another system (an import), as of the import.
    OpeningBalance {
        principal: Decimal,
        bonus: Decimal,
        points: i64,
        /// Where they came from, e.g. `import members.csv line 12`.
        source: String,
        effects: Vec<Effect>,
    },
    /// Written by the hub (terminal `HUB`): offline spends overdrew a balance, or a
    /// coupon was redeemed twice. For stored value the effects zero the balance and book
    /// the rest as member debt; the sales stand.
    ConflictRaised {
        conflict: ConflictKind,
        asset: ConflictAsset,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        subject: String,
        /// The deficit (money, points or uses; 1 for a coupon).
        amount: Decimal,
        /// The part of it booked as member debt.
        debt: Decimal,
        /// The entries that caused it.
        causes: Vec<String>,
        effects: Vec<Effect>,
    },
    /// Debt repaid from stored value principal (written by the hub after a top-up made
    /// where the debt was not yet known). A negative amount gives back an over-repayment
    /// (two terminals both repaid the same debt while apart).
    DebtRepaid {
        amount: Decimal,
        effects: Vec<Effect>,
    },
    /// Written by the hub: terminals apart drew principal and bonus in proportions that
    /// left one below zero while the total sufficed; the split is put right. Not a
    /// conflict: the member had the money.
    StoredValueRebalanced {
        effects: Vec<Effect>,
    },
    /// A supervisor settled a conflict.
    ConflictSettled {
        conflict_id: String,
        resolution: Resolution,
        /// Debt collected or written off by this settlement.
        amount: Decimal,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tender: Option<Tender>,
        note: String,
        approved_by: String,
        effects: Vec<Effect>,
    },
    /// Points and/or a coupon given by rule (see [`RewardOccasion`]).
    RewardGiven {
        occasion: RewardOccasion,
        #[serde(default)]
        points: i64,
        /// The coupon template issued, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        coupon: Option<String>,
        effects: Vec<Effect>,
    },
    /// The member opened as a company (协议单位), or the company's credit limit set.
    CompanyOpened {
        credit_limit: Decimal,
        approved_by: String,
    },
    /// The member put under `company` (a member opened as a company).
    CompanyLinked {
        company: String,
    },
    /// The member taken from under `company`.
    CompanyUnlinked {
        company: String,
    },
    /// A bill charged to the company's account (挂账): the entry is the company's;
    /// `member` is the linked member who charged it (absent: the company itself).
    CompanyCharged {
        amount: Decimal,
        bill_ref: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        member: Option<String>,
        effects: Vec<Effect>,
    },
    /// A payment on the company's account, recorded by a supervisor.
    CompanySettled {
        amount: Decimal,
        tender: Tender,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
        approved_by: String,
        effects: Vec<Effect>,
    },
    Reversed {
        original_kind: String,
        reason: String,
        approved_by: String,
        /// A balance went below zero (points earned were already spent): shown to
        /// supervisors, never silently clipped.
        negative_balance: bool,
        effects: Vec<Effect>,
    },
}

/// Why a reward was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RewardOccasion {
    /// The member registered (新会员注册优惠): in the registration's transaction.
    Welcome,
    /// The member's birthday in `year` (生日礼遇): by the daily job, once a year.
    Birthday { year: i32 },
    /// `referred`, whom this member brought, first topped up or spent in entry `first`
    /// (推荐奖励). Reversing `first` reverses this reward too.
    Referral { referred: String, first: String },
    /// This member booked `guest`'s stay `stay` (代订): their share of the guest's points.
    /// Reversing `stay` reverses this reward too.
    Booking { guest: String, stay: String },
    /// `guest`, a member under this company, stayed (entry `stay`): the company's points
    /// per room night (协议单位积分). Reversing the stay reverses this reward too.
    CompanyStay { guest: String, stay: String },
}

/// Staff roles, lowest to highest.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Cashier,
    Supervisor,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Cashier => "cashier",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "cashier" => Some(Role::Cashier),
            "supervisor" => Some(Role::Supervisor),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

impl EntryBody {
    /// The `kind` column: the same word as the body's tag.
    pub fn kind(&self) -> EntryKind {
        match self {
            EntryBody::MemberRegistered { .. } => EntryKind::MemberRegistered,
            EntryBody::MemberEdited { .. } => EntryKind::MemberEdited,
            EntryBody::MemberFrozen { .. } => EntryKind::MemberFrozen,
            EntryBody::MemberUnfrozen { .. } => EntryKind::MemberUnfrozen,
            EntryBody::CredentialBound { .. } => EntryKind::CredentialBound,
            EntryBody::CredentialLost { .. } => EntryKind::CredentialLost,
            EntryBody::CredentialReplaced { .. } => EntryKind::CredentialReplaced,
            EntryBody::OperatorAdded { .. } => EntryKind::OperatorAdded,
            EntryBody::OperatorActiveSet { .. } => EntryKind::OperatorActiveSet,
            EntryBody::OperatorPinChanged { .. } => EntryKind::OperatorPinChanged,
            EntryBody::PaymentPinSet { .. } => EntryKind::PaymentPinSet,
            EntryBody::ToppedUp { .. } => EntryKind::ToppedUp,
            EntryBody::CheckedOut { .. } => EntryKind::CheckedOut,
            EntryBody::StayPosted { .. } => EntryKind::StayPosted,
            EntryBody::NoShowPosted { .. } => EntryKind::NoShowPosted,
            EntryBody::PointsAdjusted { .. } => EntryKind::PointsAdjusted,
            EntryBody::GiftRedeemed { .. } => EntryKind::GiftRedeemed,
            EntryBody::PointsConverted { .. } => EntryKind::PointsConverted,
            EntryBody::StoredValueRefunded { .. } => EntryKind::StoredValueRefunded,
            EntryBody::CountCardSold { .. } => EntryKind::CountCardSold,
            EntryBody::CardSold { .. } => EntryKind::CardSold,
            EntryBody::CountCardUsed { .. } => EntryKind::CountCardUsed,
            EntryBody::CouponIssued { .. } => EntryKind::CouponIssued,
            EntryBody::CouponRedeemed { .. } => EntryKind::CouponRedeemed,
            EntryBody::CouponVoided { .. } => EntryKind::CouponVoided,
            EntryBody::PointsExpired { .. } => EntryKind::PointsExpired,
            EntryBody::TierChanged { .. } => EntryKind::TierChanged,
            EntryBody::RewardGiven { .. } => EntryKind::RewardGiven,
            EntryBody::Reversed { .. } => EntryKind::Reversed,
            EntryBody::ShiftOpened { .. } => EntryKind::ShiftOpened,
            EntryBody::PinLocked { .. } => EntryKind::PinLocked,
            EntryBody::ShiftClosed { .. } => EntryKind::ShiftClosed,
            EntryBody::OpeningBalance { .. } => EntryKind::OpeningBalance,
            EntryBody::ConflictRaised { .. } => EntryKind::ConflictRaised,
            EntryBody::DebtRepaid { .. } => EntryKind::DebtRepaid,
            EntryBody::StoredValueRebalanced { .. } => EntryKind::StoredValueRebalanced,
            EntryBody::ConflictSettled { .. } => EntryKind::ConflictSettled,
            EntryBody::CompanyOpened { .. } => EntryKind::CompanyOpened,
            EntryBody::CompanyLinked { .. } => EntryKind::CompanyLinked,
            EntryBody::CompanyUnlinked { .. } => EntryKind::CompanyUnlinked,
            EntryBody::CompanyCharged { .. } => EntryKind::CompanyCharged,
            EntryBody::CompanySettled { .. } => EntryKind::CompanySettled,
        }
    }

    /// The balance effects of a counter operation (empty for member and staff entries).
    pub fn effects(&self) -> &[Effect] {
        match self {
            EntryBody::ToppedUp { effects, .. }
            | EntryBody::CheckedOut { effects, .. }
            | EntryBody::StayPosted { effects, .. }
            | EntryBody::NoShowPosted { effects, .. }
            | EntryBody::PointsAdjusted { effects, .. }
            | EntryBody::GiftRedeemed { effects, .. }
            | EntryBody::PointsConverted { effects, .. }
            | EntryBody::StoredValueRefunded { effects, .. }
            | EntryBody::CountCardSold { effects, .. }
            | EntryBody::CardSold { effects, .. }
            | EntryBody::CountCardUsed { effects, .. }
            | EntryBody::CouponIssued { effects, .. }
            | EntryBody::CouponRedeemed { effects, .. }
            | EntryBody::CouponVoided { effects, .. }
            | EntryBody::PointsExpired { effects, .. }
            | EntryBody::TierChanged { effects, .. }
            | EntryBody::OpeningBalance { effects, .. }
            | EntryBody::ConflictRaised { effects, .. }
            | EntryBody::DebtRepaid { effects, .. }
            | EntryBody::StoredValueRebalanced { effects }
            | EntryBody::ConflictSettled { effects, .. }
            | EntryBody::RewardGiven { effects, .. }
            | EntryBody::CompanyCharged { effects, .. }
            | EntryBody::CompanySettled { effects, .. }
            | EntryBody::Reversed { effects, .. } => effects,
            _ => &[],
        }
    }
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}
