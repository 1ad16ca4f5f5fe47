//! Reversal (冲正): a supervisor undoes an operation with a reason, as a new entry that
//! names the original and carries its inverted effects. A second reversal is refused,
//! and so is reversing a reversal (post the operation again instead).

use carddesk_model::ops::Reverse;

use super::members::reason;
use super::{Ctx, Decision};
use crate::effects::{invert, Effect};
use crate::entry::EntryBody;
use crate::error::{NotReversible, OpError};
use crate::journal;
use crate::permissions::Action;

pub(crate) fn decide(ctx: &Ctx, r: &Reverse) -> Result<Decision, OpError> {
    let approved_by = ctx.authorize(Action::Reverse)?;
    let reason = reason(&r.reason)?;
    let id = r.entry_id.trim();
    let original =
        journal::by_id(ctx.conn, id)?.ok_or_else(|| OpError::NotFound(id.to_string()))?;
    if journal::reversal_of(ctx.conn, id)?.is_some() {
        return Err(OpError::AlreadyReversed(id.to_string()));
    }
    let body = original.parsed_body()?;
    if matches!(body, EntryBody::Reversed { .. }) {
        return Err(OpError::NotReversible(
            id.to_string(),
            NotReversible::IsReversal,
        ));
    }
    // The hub's bookings and their settlements are undone by settling, not reversing.
    if matches!(
        body,
        EntryBody::ConflictRaised { .. }
            | EntryBody::DebtRepaid { .. }
            | EntryBody::StoredValueRebalanced { .. }
            | EntryBody::ConflictSettled { .. }
    ) {
        return Err(OpError::NotReversible(
            id.to_string(),
            NotReversible::ConflictBooking,
        ));
    }
    // Two terminals may both have issued one member's birthday coupon (one coupon, two
    // entries): it is voided, never reversed.
    if let EntryBody::RewardGiven {
        occasion: crate::entry::RewardOccasion::Birthday { .. },
        ..
    } = body
    {
        return Err(OpError::NotReversible(
            id.to_string(),
            NotReversible::BirthdayCoupon,
        ));
    }
    if body.effects().is_empty() {
        return Err(OpError::NotReversible(
            id.to_string(),
            NotReversible::NoBalanceEffect,
        ));
    }
    let Some(member_no) = original.header.member_no.clone() else {
        return Err(OpError::NotReversible(
            id.to_string(),
            NotReversible::NoMember,
        ));
    };
    // A redeemed or voided coupon that the original issued cannot be taken back.
    for e in body.effects() {
        if let Effect::CouponIssued { code, .. } = e {
            if let Some(c) = crate::account::coupon(ctx.conn, code)? {
                if c.status != "issued" {
                    return Err(OpError::NotReversible(
                        id.to_string(),
                        NotReversible::CouponUsed,
                    ));
                }
            }
        }
    }
    let mut effects = Vec::new();
    for e in invert(body.effects()) {
        match e {
            // Earned points go back from wherever they now are (see take_back).
            Effect::LotDrawn { lot, points } if points > 0 && earned_here(&body, &lot) => {
                effects.extend(super::points::take_back(ctx, &member_no, &lot, points)?)
            }
            other => effects.push(other),
        }
    }
    let negative_balance = goes_negative(ctx, &member_no, &effects)?;
    Ok(Decision {
        member_no: Some(member_no),
        reversal_of: Some(id.to_string()),
        body: EntryBody::Reversed {
            original_kind: original.kind.to_string(),
            reason,
            approved_by,
            negative_balance,
            effects,
        },
    })
}

fn earned_here(body: &EntryBody, lot: &str) -> bool {
    body.effects()
        .iter()
        .any(|e| matches!(e, Effect::LotEarned { lot: l, .. } if l == lot))
}

/// Whether applying `effects` takes a balance below zero (flagged, never clipped).
fn goes_negative(ctx: &Ctx, member_no: &str, effects: &[Effect]) -> Result<bool, OpError> {
    let a = ctx.account(member_no)?;
    let (mut principal, mut bonus, mut points, mut owed) = (a.principal, a.bonus, a.points, a.owed);
    for e in effects {
        match e {
            Effect::Owed { delta } => owed += delta,
            Effect::Principal { delta } => principal += delta,
            Effect::Bonus { delta } => bonus += delta,
            Effect::LotDrawn { points: p, .. } => points -= p,
            _ => {}
        }
    }
    Ok(principal < rust_decimal::Decimal::ZERO
        || bonus < rust_decimal::Decimal::ZERO
        || owed < rust_decimal::Decimal::ZERO
        || points < 0)
}
