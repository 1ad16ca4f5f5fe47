//! What a list of effects moves, summed per balance.

use rust_decimal::Decimal;

use crate::effects::Effect;

/// Totals of an effect list.
#[derive(Default, Debug, PartialEq)]
pub(super) struct Sums {
    pub(super) principal: Decimal,
    pub(super) bonus: Decimal,
    pub(super) debt: Decimal,
    pub(super) earned: i64,
    pub(super) drawn: i64,
}

impl Sums {
    pub(super) fn of(effects: &[Effect]) -> Sums {
        let mut s = Sums::default();
        for e in effects {
            match e {
                Effect::Principal { delta } => s.principal += delta,
                Effect::Bonus { delta } => s.bonus += delta,
                Effect::Debt { delta } => s.debt += delta,
                Effect::LotEarned { points, .. } => s.earned += points,
                Effect::LotDrawn { points, .. } => s.drawn += points,
                _ => {}
            }
        }
        s
    }
}

/// The body and its effects name the same number.
pub(super) fn agree<T: PartialEq + std::fmt::Display>(
    what: &str,
    body: T,
    effects: T,
) -> Result<(), String> {
    if body == effects {
        Ok(())
    } else {
        Err(format!(
            "the body says {what} {body}, the effects move {effects}"
        ))
    }
}
