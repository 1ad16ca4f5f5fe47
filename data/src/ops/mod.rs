//! Operations: a request is decided against current state, then its entry is appended
//! and applied in the same transaction. A repeated idempotency key returns the first
//! answer and writes nothing.

pub(crate) mod bulk;
mod card_sales;
mod checkout;
mod conflicts;
pub(crate) mod corporate;
mod count_cards;
pub mod coupons;
mod lots;
mod members;
mod no_show;
pub(crate) mod occasions;
mod opening;
mod points;
mod reversal;
pub(crate) mod rewards;
mod shifts;
pub(crate) mod staff;
mod stored_value;
pub(crate) mod tiers;

use carddesk_model::text::Why;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rusqlite::Connection;

pub use carddesk_model::ops::*;
pub(crate) use checkout::quote as quote_checkout;
pub(crate) use reversal::decide as decide_reversal;
pub use rewards::birthday_code;

use crate::account::Account;
use crate::entry::EntryBody;
use crate::error::OpError;
use crate::lookup::Member;
use crate::permissions::{self, Action};
use crate::rules::Rules;

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

impl<'a> Ctx<'a> {
    /// The context of `terminal`'s next entry, as its chain stands in `conn`.
    pub fn next(
        conn: &'a Connection,
        terminal: &'a Terminal,
        actor: &'a Actor,
        op_id: &'a str,
        now: DateTime<Utc>,
    ) -> Result<Ctx<'a>, OpError> {
        let (next_seq, _) = crate::journal::chain_tip(conn, &terminal.id)?;
        Ok(Ctx {
            conn,
            terminal,
            actor,
            op_id,
            next_seq,
            entry_id: crate::journal::entry_id(&terminal.id, next_seq),
            now,
        })
    }

    pub fn rules(&self) -> &Rules {
        &self.terminal.rules
    }

    pub fn local(&self) -> NaiveDateTime {
        self.rules().local(self.now)
    }

    pub fn today(&self) -> NaiveDate {
        self.rules().business_day(self.now)
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
            _ => Err(OpError::NeedsRole(action.needs())),
        }
    }
}

/// Where the rules say so, money is taken only while a shift is open at this terminal:
/// otherwise it would belong to no shift report.
fn takes_money_in_a_shift(ctx: &Ctx, req: &Request) -> Result<(), OpError> {
    let takes_money = matches!(
        req,
        Request::TopUp(_)
            | Request::Checkout(_)
            | Request::SellCountCard(_)
            | Request::SellCard(_)
            | Request::SettleCompany(_)
    );
    if !takes_money || !ctx.rules().staff.money_needs_shift {
        return Ok(());
    }
    if crate::reports::open_shift(ctx.conn, &ctx.terminal.id)?.is_some() {
        return Ok(());
    }
    Err(OpError::invalid("shift", Why::NoShiftForMoney))
}

pub(crate) fn decide(ctx: &Ctx, req: &Request) -> Result<Decision, OpError> {
    let for_member = |no: &str, body| Decision {
        member_no: Some(no.to_string()),
        reversal_of: None,
        body,
    };
    takes_money_in_a_shift(ctx, req)?;
    match req {
        Request::RegisterMember(_)
        | Request::EditMember(_)
        | Request::BindCredential(_)
        | Request::ReportLost(_)
        | Request::ReplaceCredential(_) => members::decide(ctx, req),
        Request::FreezeMember(_) | Request::UnfreezeMember(_) => {
            let action = if matches!(req, Request::FreezeMember(_)) {
                Action::FreezeMember
            } else {
                Action::UnfreezeMember
            };
            let approver = ctx.authorize(action)?;
            let mut d = members::decide(ctx, req)?;
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
        Request::PostNoShow(r) => no_show::post(ctx, r).map(|b| for_member(&r.member_no, b)),
        Request::AdjustPoints(r) => points::adjust(ctx, r).map(|b| for_member(&r.member_no, b)),
        Request::RedeemGift(r) => points::redeem_gift(ctx, r).map(|b| for_member(&r.member_no, b)),
        Request::ConvertPoints(r) => points::convert(ctx, r).map(|b| for_member(&r.member_no, b)),
        Request::BuyTier(r) => tiers::buy(ctx, r).map(|b| for_member(&r.member_no, b)),
        Request::ExpirePoints(r) => points::expire(ctx, r).map(|b| for_member(&r.member_no, b)),
        Request::SellCountCard(r) => count_cards::sell(ctx, r).map(|b| for_member(&r.member_no, b)),
        Request::SellCard(r) => card_sales::sell(ctx, r).map(|b| for_member(&r.member_no, b)),
        Request::UseCountCard(r) => count_cards::use_card(ctx, r),
        Request::IssueCoupon(r) => coupons::issue(ctx, r).map(|b| for_member(&r.member_no, b)),
        Request::RedeemCoupon(r) => coupons::redeem(ctx, r),
        Request::VoidCoupon(r) => coupons::void(ctx, r),
        Request::Reverse(r) => reversal::decide(ctx, r),
        Request::OpenShift(r) => shifts::open(ctx, r),
        Request::CloseShift(r) => shifts::close(ctx, r),
        Request::SettleConflict(r) => conflicts::settle(ctx, r),
        Request::OpeningBalance(r) => opening::decide(ctx, r).map(|b| for_member(&r.member_no, b)),
        Request::OpenCompany(r) => corporate::open(ctx, r).map(|b| for_member(&r.member_no, b)),
        Request::LinkToCompany(r) => corporate::link(ctx, r).map(|b| for_member(&r.member_no, b)),
        Request::UnlinkFromCompany(r) => {
            corporate::unlink(ctx, r).map(|b| for_member(&r.member_no, b))
        }
        Request::ChargeCompany(r) => corporate::charge(ctx, r),
        Request::SettleCompany(r) => corporate::settle(ctx, r).map(|b| for_member(&r.member_no, b)),
    }
}
