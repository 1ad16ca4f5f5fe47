//! Exact money: `Decimal` in memory and in the journal, integer cents in the tables.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::error::OpError;

/// Cents of an amount that has at most two decimal places.
pub fn cents(amount: Decimal) -> Result<i64, OpError> {
    let scaled = amount * Decimal::ONE_HUNDRED;
    if scaled.fract() != Decimal::ZERO {
        return Err(OpError::Storage(format!(
            "{amount} is not a whole number of cents"
        )));
    }
    scaled
        .to_i64()
        .ok_or_else(|| OpError::Storage(format!("{amount} is out of range")))
}

/// The amount written with exactly two decimals ("20" becomes "20.00") for receipts.
pub fn two_places(amount: Decimal) -> Decimal {
    let mut a = amount.round_dp(2);
    a.rescale(2);
    a
}

pub fn from_cents(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

/// Checks an amount typed at the counter: positive, whole cents, at most `max`.
pub fn check_amount(field: &str, amount: Decimal, max: Decimal) -> Result<Decimal, OpError> {
    if amount <= Decimal::ZERO {
        return Err(OpError::invalid(
            field,
            "金额必须大于0",
            "the amount must be above 0",
        ));
    }
    if amount.normalize().scale() > 2 {
        return Err(OpError::invalid(
            field,
            "金额最多两位小数",
            "an amount has at most two decimals",
        ));
    }
    if amount > max {
        return Err(OpError::invalid(
            field,
            format!("金额超过上限 {max}"),
            format!("the amount is above the limit of {max}"),
        ));
    }
    Ok(amount.round_dp(2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn cents_are_exact_both_ways() {
        assert_eq!(cents(dec!(388.10)).unwrap(), 38810);
        assert_eq!(from_cents(38810), dec!(388.10));
        assert!(cents(dec!(0.001)).is_err());
    }

    #[test]
    fn counter_amounts_are_positive_whole_cents_under_the_limit() {
        assert!(check_amount("amount", dec!(0), dec!(100)).is_err());
        assert!(check_amount("amount", dec!(-5), dec!(100)).is_err());
        assert!(check_amount("amount", dec!(1.005), dec!(100)).is_err());
        assert!(check_amount("amount", dec!(101), dec!(100)).is_err());
        assert_eq!(
            check_amount("amount", dec!(99.50), dec!(100)).unwrap(),
            dec!(99.50)
        );
    }
}
