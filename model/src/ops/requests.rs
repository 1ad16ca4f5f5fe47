//! The request envelope, who acts where, and the answer to a committed request.

use sha2::{Digest, Sha256};

use super::*;
use crate::account::Account;
use crate::entry::EntryBody;
use crate::ids::EntryId;
use crate::kind::EntryKind;
use crate::lookup::Member;
use crate::rules::Rules;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Everything that changes the books. `carddesk op KIND` reads these as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    RegisterMember(RegisterMember),
    EditMember(EditMember),
    FreezeMember(FreezeMember),
    UnfreezeMember(UnfreezeMember),
    BindCredential(BindCredential),
    ReportLost(ReportLost),
    ReplaceCredential(ReplaceCredential),
    AddOperator(AddOperator),
    SetOperatorActive(SetOperatorActive),
    ChangeOperatorPin(ChangeOperatorPin),
    SetPaymentPin(SetPaymentPin),
    TopUp(TopUp),
    RefundStoredValue(RefundStoredValue),
    Checkout(Checkout),
    PostStay(StayPosting),
    PostNoShow(NoShowPosting),
    AdjustPoints(AdjustPoints),
    RedeemGift(RedeemGift),
    ConvertPoints(ConvertPoints),
    BuyTier(BuyTier),
    ExpirePoints(ExpirePoints),
    SellCountCard(SellCountCard),
    SellCard(SellCard),
    UseCountCard(UseCountCard),
    IssueCoupon(IssueCoupon),
    RedeemCoupon(RedeemCoupon),
    VoidCoupon(VoidCoupon),
    Reverse(Reverse),
    OpenShift(OpenShift),
    CloseShift(CloseShift),
    SettleConflict(SettleConflict),
    OpenCompany(OpenCompany),
    LinkToCompany(LinkToCompany),
    UnlinkFromCompany(UnlinkFromCompany),
    ChargeCompany(ChargeCompany),
    SettleCompany(SettleCompany),
    /// Balances carried over from another system by `carddesk import`. Never read from
    /// `carddesk op` JSON: it creates money, so only the local import may post it.
    #[serde(skip_deserializing)]
    OpeningBalance(OpeningBalance),
}

impl Request {
    /// The member the request names, by member no. or by a credential's value (None:
    /// none, or only through an entry, a coupon or a count card). A partial book
    /// fetches that member from the hub before deciding, when it does not hold them.
    pub fn names_member(&self) -> Option<&str> {
        use Request::*;
        match self {
            EditMember(r) => Some(r.member_no.as_str()),
            FreezeMember(r) => Some(r.member_no.as_str()),
            UnfreezeMember(r) => Some(r.member_no.as_str()),
            BindCredential(r) => Some(r.member_no.as_str()),
            ReportLost(r) => Some(r.credential.value.as_str()),
            ReplaceCredential(r) => Some(r.old.value.as_str()),
            SetPaymentPin(r) => Some(r.member_no.as_str()),
            TopUp(r) => Some(r.member_no.as_str()),
            RefundStoredValue(r) => Some(r.member_no.as_str()),
            Checkout(r) => Some(r.member_no.as_str()),
            PostStay(r) => Some(r.member_no.as_str()),
            PostNoShow(r) => Some(r.member_no.as_str()),
            AdjustPoints(r) => Some(r.member_no.as_str()),
            RedeemGift(r) => Some(r.member_no.as_str()),
            ConvertPoints(r) => Some(r.member_no.as_str()),
            ExpirePoints(r) => Some(r.member_no.as_str()),
            SellCountCard(r) => Some(r.member_no.as_str()),
            BuyTier(r) => Some(r.member_no.as_str()),
            SellCard(r) => Some(r.member_no.as_str()),
            UseCountCard(r) => r.member_no.as_deref(),
            IssueCoupon(r) => Some(r.member_no.as_str()),
            OpeningBalance(r) => Some(r.member_no.as_str()),
            OpenCompany(r) => Some(r.member_no.as_str()),
            LinkToCompany(r) => Some(r.member_no.as_str()),
            UnlinkFromCompany(r) => Some(r.member_no.as_str()),
            ChargeCompany(r) => Some(r.member_no.as_str()),
            SettleCompany(r) => Some(r.member_no.as_str()),
            RegisterMember(_) | AddOperator(_) | SetOperatorActive(_) | ChangeOperatorPin(_)
            | RedeemCoupon(_) | VoidCoupon(_) | Reverse(_) | OpenShift(_) | CloseShift(_)
            | SettleConflict(_) => None,
        }
    }

    /// Fingerprint for "same idempotency key, different request". PINs are never
    /// serialized, so they are not part of it.
    pub fn fingerprint(&self) -> Vec<u8> {
        let json = serde_json::to_vec(self).unwrap_or_default();
        Sha256::digest(json).to_vec()
    }
}

/// What a request would do, computed without writing: the balances before and after,
/// and the entry's body exactly as posting it would write it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Preview {
    pub before: Account,
    pub after: Account,
    pub detail: EntryBody,
}

/// Who is acting, and where. `approved_by` names a supervisor whose PIN was checked
/// on the spot ([`crate::Book::approve`]) for a privileged step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub operator: String,
    pub outlet: String,
    pub approved_by: Option<String>,
}

impl Actor {
    pub fn new(operator: impl Into<String>, outlet: impl Into<String>) -> Actor {
        Actor {
            operator: operator.into(),
            outlet: outlet.into(),
            approved_by: None,
        }
    }
}

/// The terminal's identity and rules, as an operation sees them.
#[derive(Debug, Clone)]
pub struct Terminal {
    pub id: String,
    pub outlet: String,
    /// Prefix of member numbers registered here; unique per terminal in a chain.
    pub member_prefix: String,
    pub rules: Rules,
}

/// The answer to a committed request (stored, and given again on a retry).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Outcome {
    /// The entry written, e.g. `T01-42`.
    pub entry_id: EntryId,
    /// The entry's kind.
    pub kind: EntryKind,
    /// True when this answer is the stored first answer to a repeated request.
    #[serde(default)]
    pub replayed: bool,
    /// The member after the operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<Member>,
    /// Balances after the operation, for money operations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<Account>,
    /// The entry's body: the receipt data (lines, codes issued, points, amounts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<EntryBody>,
    /// Entries written after this one in the same transaction (a tier change, a reward
    /// by rule: welcome, referral, a stay's booker's share, or the reversal of a referral
    /// reward or booker's share).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub follow_ups: Vec<EntryId>,
}
