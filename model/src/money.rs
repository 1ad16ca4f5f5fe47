//! Exact money: `Decimal` in memory and in the journal, integer cents in the tables.

use crate::why::Why;
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

/// An amount written the one accepted way: digits, optionally a point and one or two
/// decimals, optionally a leading minus ("388", "388.1", "-20.00"). No exponent, no
/// sign "+", no spaces, no thousands separators.
pub fn parse_exact(text: &str) -> Option<Decimal> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let fraction_ok = match fraction {
        None => true,
        Some(f) => plain(f) && f.len() <= 2,
    };
    if !(plain(whole) && whole.len() <= 15 && fraction_ok) {
        return None;
    }
    text.parse().ok()
}

/// Serde reader for money in requests: a decimal string or a plain JSON number, at most
/// two decimals (see [`parse_exact`]). An exponent never reaches here as text: `carddesk
/// op` refuses exponents in the JSON before the fields are read.
pub fn exact<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    d.deserialize_any(ExactVisitor)
}

/// [`exact`] for an amount that may be left out.
pub fn exact_opt<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    d.deserialize_option(OptVisitor)
}

/// An amount as a request writes it, for the schema: a decimal string or a plain
/// number, with at most two decimals and no exponent ([`exact`] refuses the rest).
pub struct Amount;

impl schemars::JsonSchema for Amount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Amount".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Money: a decimal string like \"388.10\" (preferred) or a plain number, at most two decimals, no exponent.",
            "anyOf": [
                {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]{1,2})?$"},
                {"type": "number", "multipleOf": 0.01}
            ]
        })
    }
}

/// Names the accepted spelling; `carddesk op` turns it into a refusal in words.
pub const EXPECTED: &str = "an amount: a decimal string or plain number with at most two decimals";

struct ExactVisitor;

impl serde::de::Visitor<'_> for ExactVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(EXPECTED)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse_exact(v).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(v), &self))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    /// A JSON number with a fraction arrives as f64; its shortest round-trip text is
    /// what was written (exponents were refused before), so that text is checked.
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Decimal, E> {
        let text = v.to_string();
        parse_exact(&text).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Float(v), &self))
    }
}

struct OptVisitor;

impl<'de> serde::de::Visitor<'de> for OptVisitor {
    type Value = Option<Decimal>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(EXPECTED)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        exact(d).map(Some)
    }
}

/// Checks an amount typed at the counter: positive, whole cents, at most `max`.
pub fn check_amount(field: &str, amount: Decimal, max: Decimal) -> Result<Decimal, OpError> {
    if amount <= Decimal::ZERO {
        return Err(OpError::invalid(field, Why::AmountPositive));
    }
    if amount.normalize().scale() > 2 {
        return Err(OpError::invalid(field, Why::AmountCents));
    }
    if amount > max {
        return Err(OpError::invalid(field, Why::AmountAbove { max }));
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
    fn money_has_one_spelling() {
        assert_eq!(parse_exact("388.1"), Some(dec!(388.1)));
        assert_eq!(parse_exact("-20.00"), Some(dec!(-20)));
        for bad in [
            "1e3", "1E3", "+5", " 5", "5.", ".5", "1.005", "1,000", "", "-", "0x10",
        ] {
            assert_eq!(parse_exact(bad), None, "{bad}");
        }
        let from_json = |j: &str| exact(&mut serde_json::Deserializer::from_str(j)).ok();
        assert_eq!(from_json("12.34"), Some(dec!(12.34)));
        assert_eq!(from_json("\"12.34\""), Some(dec!(12.34)));
        assert_eq!(from_json("12.345"), None);
        assert_eq!(from_json("\"1e3\""), None);
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
