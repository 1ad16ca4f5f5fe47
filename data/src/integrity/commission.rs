//! Whether a card sale's effects and a commission (提成) follow from the body. The rules
//! that priced them are the selling terminal's, so the checks are that body and effects
//! agree and that no commission exceeds the money taken, never a re-decision.

use rust_decimal::Decimal;

use crate::effects::Effect;
use crate::journal::Entry;

use super::sums::agree;

/// At most one commission, to the operator who posted the entry, above zero and at most
/// `cap` (the money the entry took); `recorded` is what the body says it is, if it does.
pub(super) fn check_commission(
    e: &Entry,
    fx: &[Effect],
    recorded: Option<Decimal>,
    cap: Decimal,
) -> Result<(), String> {
    let paid: Vec<(&String, Decimal)> = fx
        .iter()
        .filter_map(|x| match x {
            Effect::Commission { operator, amount } => Some((operator, *amount)),
            _ => None,
        })
        .collect();
    let total = match paid.as_slice() {
        [] => Decimal::ZERO,
        [(operator, amount)] => {
            if **operator != e.header.operator {
                return Err(format!(
                    "pays a commission to {operator}, not to {} who posted it",
                    e.header.operator
                ));
            }
            if *amount <= Decimal::ZERO || *amount > cap {
                return Err(format!("a commission of {amount} on {cap} taken"));
            }
            *amount
        }
        _ => return Err("pays more than one commission".into()),
    };
    match recorded {
        Some(r) => agree("commission", r, total),
        None => Ok(()),
    }
}

/// A replacement fee is not negative, and one above zero says how it was paid.
pub(super) fn check_replacement_fee(fee: Decimal, tender: bool) -> Result<(), String> {
    if fee < Decimal::ZERO {
        return Err(format!("replacement fee {fee} is below zero"));
    }
    if fee > Decimal::ZERO && !tender {
        return Err("a replacement fee taken by no tender".into());
    }
    Ok(())
}

/// A card sale: the fee, at most one tier raised to the tier sold, and its commission.
pub(super) fn check_card_sold(
    e: &Entry,
    fx: &[Effect],
    tier: &str,
    fee: Decimal,
    commission: Decimal,
) -> Result<(), String> {
    if fee < Decimal::ZERO {
        return Err(format!("card fee {fee} is below zero"));
    }
    let mut tiers = 0;
    for x in fx {
        match x {
            Effect::TierSet { to, .. } if to == tier => tiers += 1,
            Effect::Commission { .. } => {}
            other => return Err(format!("a card sale cannot carry {other:?}")),
        }
    }
    if tiers > 1 {
        return Err("sets the tier more than once".into());
    }
    check_commission(e, fx, Some(commission), fee)
}
