//! Selling the card itself (购买型会员卡) and staff commission (提成): the card fee of
//! the tier sold, the tier raised to it, and the seller's commission as an effect of
//! the entry, so a reversal takes it back with the rest.

use carddesk_model::ops::SellCard;
use carddesk_model::text::Why;
use rusqlite::OptionalExtension;
use rust_decimal::Decimal;

use super::Ctx;
use crate::effects::Effect;
use crate::entry::EntryBody;
use crate::error::OpError;

pub(crate) fn sell(ctx: &Ctx, r: &SellCard) -> Result<EntryBody, OpError> {
    let member = ctx.active_member(&r.member_no)?;
    let rules = ctx.rules();
    let tier = r.tier.trim();
    let fee = rules.card_fee(tier).ok_or_else(|| {
        OpError::invalid(
            "tier",
            Why::CardNotSold {
                tier: tier.to_string(),
                sold: rules.card_sales.fees.keys().cloned().collect(),
            },
        )
    })?;
    let mut effects = Vec::with_capacity(2);
    // A card of a higher tier raises the member to it; a lower one leaves the tier.
    if rules.tier_rank(tier) > rules.tier_rank(&member.tier) {
        effects.push(Effect::TierSet {
            from: member.tier.clone(),
            to: tier.to_string(),
        });
    }
    let commission = rules.card_commission(tier);
    push_commission(ctx, &mut effects, commission);
    Ok(EntryBody::CardSold {
        tier: tier.to_string(),
        fee,
        tender: r.tender,
        commission,
        effects,
    })
}

/// The acting operator's commission, when there is one.
pub(crate) fn push_commission(ctx: &Ctx, effects: &mut Vec<Effect>, amount: Decimal) {
    if amount > Decimal::ZERO {
        effects.push(Effect::Commission {
            operator: ctx.actor.operator.clone(),
            amount,
        });
    }
}

/// Refuses a member's first top-up below `rules.card_sales.min_first_top_up`. A top-up
/// that was reversed does not count as one.
pub(crate) fn check_first_top_up(
    ctx: &Ctx,
    member_no: &str,
    amount: Decimal,
) -> Result<(), OpError> {
    let min = ctx.rules().card_sales.min_first_top_up;
    if min.is_zero() || amount >= min {
        return Ok(());
    }
    let earlier: Option<i64> = ctx
        .conn
        .prepare_cached(
            "SELECT 1 FROM journal j WHERE j.member_no = ?1 AND j.kind = 'topped_up'
             AND NOT EXISTS (SELECT 1 FROM journal r
                             WHERE r.reversal_of = j.terminal || '-' || j.seq)
             LIMIT 1",
        )?
        .query_row([member_no], |r| r.get(0))
        .optional()?;
    match earlier {
        Some(_) => Ok(()),
        None => Err(OpError::invalid("amount", Why::FirstTopUpBelow { min })),
    }
}
