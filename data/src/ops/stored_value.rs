//! Stored value (储值): top-up with the bonus table (and the least first top-up and the
//! commission of card_sales.rs), and refund of principal only.
//! Payment is part of checkout.

use carddesk_model::ops::{RefundStoredValue, TopUp};
use rust_decimal::Decimal;

use super::members::reason;
use super::Ctx;
use crate::effects::Effect;
use crate::entry::EntryBody;
use crate::error::{Balance, OpError};
use crate::money::check_amount;
use crate::permissions::Action;

/// A top-up repays member debt first; the bonus is given on the whole amount paid.
pub(crate) fn top_up(ctx: &Ctx, r: &TopUp) -> Result<EntryBody, OpError> {
    let member = ctx.active_member(&r.member_no)?;
    let amount = check_amount("amount", r.amount, ctx.rules().stored_value.max_top_up)?;
    super::card_sales::check_first_top_up(ctx, &r.member_no, amount)?;
    let bonus = ctx.rules().top_up_bonus(&member.tier, amount);
    let repaid = ctx.account(&r.member_no)?.debt.clamp(Decimal::ZERO, amount);
    let mut effects = Vec::with_capacity(4);
    if repaid > Decimal::ZERO {
        effects.push(Effect::Debt { delta: -repaid });
    }
    if amount > repaid {
        effects.push(Effect::Principal {
            delta: amount - repaid,
        });
    }
    if bonus > Decimal::ZERO {
        effects.push(Effect::Bonus { delta: bonus });
    }
    let commission = ctx.rules().top_up_commission(amount);
    super::card_sales::push_commission(ctx, &mut effects, commission);
    Ok(EntryBody::ToppedUp {
        amount,
        bonus,
        tender: r.tender,
        effects,
    })
}

/// Refunds return principal only; the bonus is not money the member paid.
pub(crate) fn refund(ctx: &Ctx, r: &RefundStoredValue) -> Result<EntryBody, OpError> {
    let approved_by = ctx.authorize(Action::RefundStoredValue)?;
    ctx.active_member(&r.member_no)?;
    let reason = reason(&r.reason)?;
    let amount = check_amount("amount", r.amount, ctx.rules().stored_value.max_top_up)?;
    let account = ctx.account(&r.member_no)?;
    if amount > account.principal {
        return Err(OpError::InsufficientBalance {
            what: Balance::Principal,
            needed: amount,
            available: account.principal,
        });
    }
    Ok(EntryBody::StoredValueRefunded {
        amount,
        tender: r.tender,
        reason,
        approved_by,
        effects: vec![Effect::Principal { delta: -amount }],
    })
}
