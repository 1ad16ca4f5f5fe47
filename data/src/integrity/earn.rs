//! Whether a checkout's spend brackets (消费多级积分) hold together and give the points
//! it earned. The brackets and the outlet rate are recorded in the lines, so the points
//! are recomputed from the entry alone, not re-decided with this book's rules.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::receipt::CheckoutLines;
use crate::rules::earn::weighted;

use super::sums::agree;

pub(super) fn check_brackets(lines: &CheckoutLines) -> Result<(), String> {
    // Brackets off: nothing recorded to recompute with (as before brackets).
    let Some(eb) = &lines.earn_brackets else {
        return Ok(());
    };
    let (b, rate) = (&eb.parts, eb.earn_per_unit);
    if b.first().is_none_or(|f| !f.from.is_zero()) {
        return Err("its first spend bracket does not start at 0".into());
    }
    for pair in b.windows(2) {
        // Each bracket below the last is full: the money fills them lowest first.
        if pair[1].from <= pair[0].from || pair[0].amount != pair[1].from - pair[0].from {
            return Err(format!(
                "its spend bracket from {} is not filled up to {}",
                pair[0].from, pair[1].from
            ));
        }
    }
    for l in b {
        if l.amount <= Decimal::ZERO || l.multiplier <= Decimal::ZERO {
            return Err(format!(
                "its spend bracket from {} is empty or earns nothing",
                l.from
            ));
        }
    }
    if rate < Decimal::ZERO || lines.earn_multiplier < Decimal::ZERO {
        return Err("earns at a rate below zero".into());
    }
    let total: Decimal = b.iter().map(|l| l.amount).sum();
    agree(
        "own money cut into spend brackets",
        lines.own_money(),
        total,
    )?;
    let points = (weighted(b) * rate * lines.earn_multiplier)
        .floor()
        .to_i64()
        .unwrap_or(0)
        .max(0);
    agree(
        "points earned by its spend brackets",
        lines.points_earned,
        points,
    )
}
