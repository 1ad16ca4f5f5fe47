//! Operations: a request is decided against current state, then its entry is appended
//! and applied in the same transaction. A repeated idempotency key returns the first
//! answer and writes nothing.

mod checkout;
mod conflicts;
mod count_cards;
pub mod coupons;
mod members;
mod opening;
mod points;
mod reversal;
mod shifts;
pub(crate) mod staff;
mod stored_value;
pub(crate) mod tiers;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub(crate) use checkout::quote as quote_checkout;
pub use checkout::{Balances, Checkout, CheckoutQuote};
pub use conflicts::SettleConflict;
pub use count_cards::{SellCountCard, UseCountCard};
pub use coupons::{IssueCoupon, RedeemCoupon, VoidCoupon};
pub use members::{
    BindCredential, EditMember, FreezeMember, RegisterMember, ReplaceCredential, ReportLost,
    UnfreezeMember,
};
pub use opening::OpeningBalance;
pub use points::{AdjustPoints, ConvertInto, ConvertPoints, ExpirePoints, RedeemGift, StayPosting};
pub use reversal::Reverse;
pub use shifts::{CloseShift, OpenShift};
pub use staff::{
    AddOperator, ChangeOperatorPin, Operator, OperatorListing, SetOperatorActive, SetPaymentPin,
};
pub use stored_value::{RefundStoredValue, TopUp};

use crate::account::Account;
use crate::entry::EntryBody;
use crate::error::OpError;
use crate::lookup::Member;
use crate::permissions::{self, Action};
use crate::rules::Rules;

/// Everything that changes the books. `carddesk op KIND` reads these as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    AdjustPoints(AdjustPoints),
    RedeemGift(RedeemGift),
    ConvertPoints(ConvertPoints),
    ExpirePoints(ExpirePoints),
    SellCountCard(SellCountCard),
    UseCountCard(UseCountCard),
    IssueCoupon(IssueCoupon),
    RedeemCoupon(RedeemCoupon),
    VoidCoupon(VoidCoupon),
    Reverse(Reverse),
    OpenShift(OpenShift),
    CloseShift(CloseShift),
    SettleConflict(SettleConflict),
    /// Balances carried over from another system by `carddesk import`. Never read from
    /// `carddesk op` JSON: it creates money, so only the local import may post it.
    #[serde(skip_deserializing)]
    OpeningBalance(OpeningBalance),
}

impl Request {
    /// Fingerprint for "same idempotency key, different request". PINs are never
    /// serialized, so they are not part of it.
    pub fn fingerprint(&self) -> Vec<u8> {
        let json = serde_json::to_vec(self).unwrap_or_default();
        Sha256::digest(json).to_vec()
    }
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

/// What an operation decided: the entry to write.
pub(crate) struct Decision {
    pub member_no: Option<String>,
    pub reversal_of: Option<String>,
    pub body: EntryBody,
}

/// What a decision may look at: the state, the rules, who acts, when, and the id the
/// entry will get (points lots and count cards are named after their entry).
pub(crate) struct Ctx<'a> {
    pub conn: &'a Connection,
    pub terminal: &'a Terminal,
    pub actor: &'a Actor,
    /// The request's idempotency key (coupon codes are derived from it).
    pub op_id: &'a str,
    pub next_seq: i64,
    pub entry_id: String,
    pub now: DateTime<Utc>,
}

impl Ctx<'_> {
    pub fn rules(&self) -> &Rules {
        &self.terminal.rules
    }

    pub fn local(&self) -> NaiveDateTime {
        self.rules().local(self.now)
    }

    pub fn today(&self) -> NaiveDate {
        self.local().date()
    }

    /// A member who may transact: known and not frozen.
    pub fn active_member(&self, member_no: &str) -> Result<Member, OpError> {
        let m = members::existing(self.conn, member_no)?;
        if m.is_frozen() {
            return Err(OpError::MemberFrozen(m.member_no));
        }
        Ok(m)
    }

    pub fn account(&self, member_no: &str) -> Result<Account, OpError> {
        crate::account::account(self.conn, member_no)
    }

    /// Who authorizes `action`: the operator when their own role allows it, else the
    /// approver whose PIN was checked on the spot; or a refusal naming the role needed.
    pub fn authorize(&self, action: Action) -> Result<String, OpError> {
        let allowed = |id: &str| -> Result<bool, OpError> {
            Ok(staff::role_of(self.conn, id)?.is_some_and(|r| permissions::allows(r, action)))
        };
        if allowed(&self.actor.operator)? {
            return Ok(self.actor.operator.clone());
        }
        match &self.actor.approved_by {
            Some(id) if allowed(id)? => Ok(id.clone()),
            _ => Err(OpError::NeedsRole(action.needs().as_str())),
        }
    }
}

/// The answer to a committed request (stored, and given again on a retry).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub entry_id: String,
    pub kind: String,
    /// True when this answer is the stored first answer to a repeated request.
    #[serde(default)]
    pub replayed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<Member>,
    /// Balances after the operation, for money operations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<Account>,
    /// The entry's body: the receipt data (lines, codes issued, points, amounts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<EntryBody>,
    /// Entries written after this one in the same transaction (a tier change).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub follow_ups: Vec<String>,
}

pub(crate) fn decide(ctx: &Ctx, req: &Request) -> Result<Decision, OpError> {
    let for_member = |no: &str, body| Decision {
        member_no: Some(no.to_string()),
        reversal_of: None,
        body,
    };
    match req {
        Request::RegisterMember(_)
        | Request::EditMember(_)
        | Request::BindCredential(_)
        | Request::ReportLost(_)
        | Request::ReplaceCredential(_) => {
            members::decide(ctx.conn, ctx.terminal, ctx.next_seq, req)
        }
        Request::FreezeMember(_) | Request::UnfreezeMember(_) => {
            let action = if matches!(req, Request::FreezeMember(_)) {
                Action::FreezeMember
            } else {
                Action::UnfreezeMember
            };
            let approver = ctx.authorize(action)?;
            let mut d = members::decide(ctx.conn, ctx.terminal, ctx.next_seq, req)?;
            if let EntryBody::MemberFrozen { approved_by, .. }
            | EntryBody::MemberUnfrozen { approved_by, .. } = &mut d.body
            {
                *approved_by = Some(approver);
            }
            Ok(d)
        }
        Request::AddOperator(r) => staff::add_operator(ctx, r),
        Request::SetOperatorActive(r) => staff::set_active(ctx, r),
        Request::ChangeOperatorPin(r) => staff::change_pin(ctx, r),
        Request::SetPaymentPin(r) => {
            staff::set_payment_pin(ctx, r).map(|b| for_member(&r.member_no, b))
        }
        Request::TopUp(r) => stored_value::top_up(ctx, r).map(|b| for_member(&r.member_no, b)),
        Request::RefundStoredValue(r) => {
            stored_value::refund(ctx, r).map(|b| for_member(&r.member_no, b))
        }
        Request::Checkout(r) => checkout::commit(ctx, r).map(|b| for_member(&r.member_no, b)),
        Request::PostStay(r) => points::post_stay(ctx, r).map(|b| for_member(&r.member_no, b)),
        Request::AdjustPoints(r) => points::adjust(ctx, r).map(|b| for_member(&r.member_no, b)),
        Request::RedeemGift(r) => points::redeem_gift(ctx, r).map(|b| for_member(&r.member_no, b)),
        Request::ConvertPoints(r) => points::convert(ctx, r).map(|b| for_member(&r.member_no, b)),
        Request::ExpirePoints(r) => points::expire(ctx, r).map(|b| for_member(&r.member_no, b)),
        Request::SellCountCard(r) => count_cards::sell(ctx, r).map(|b| for_member(&r.member_no, b)),
        Request::UseCountCard(r) => count_cards::use_card(ctx, r),
        Request::IssueCoupon(r) => coupons::issue(ctx, r).map(|b| for_member(&r.member_no, b)),
        Request::RedeemCoupon(r) => coupons::redeem(ctx, r),
        Request::VoidCoupon(r) => coupons::void(ctx, r),
        Request::Reverse(r) => reversal::decide(ctx, r),
        Request::OpenShift(r) => shifts::open(ctx, r),
        Request::CloseShift(r) => shifts::close(ctx, r),
        Request::SettleConflict(r) => conflicts::settle(ctx, r),
        Request::OpeningBalance(r) => opening::decide(ctx, r).map(|b| for_member(&r.member_no, b)),
    }
}
