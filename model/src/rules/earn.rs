//! Earn rates by spend bracket (消费多级积分): the own money of one checkout is cut at
//! each bracket's `from`, and each part earns at its bracket's multiplier ("the first
//! 500 at ×1, the rest at ×1.5"). The weighted amount then earns like own money did
//! before: × the outlet's `earn_per_unit` × tier × occasions × promotions. No brackets:
//! every 1.00 weighs 1.00, as before.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Rules;
use crate::money::two_places;
use crate::receipt::BracketLine;

/// One bracket: own money from `from` up to the next bracket's `from` (the last: no
/// end) earns at `multiplier`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EarnBracket {
    pub from: Decimal,
    pub multiplier: Decimal,
}

impl Rules {
    /// `own` cut into the configured brackets, lowest first, each part that holds money.
    /// Empty when no brackets are configured (or nothing was paid).
    pub fn bracket_lines(&self, own: Decimal) -> Vec<BracketLine> {
        cut(&self.earn_brackets, own)
    }

    pub(super) fn validate_earn_brackets(&self) -> Result<(), String> {
        let key = "rules.earn_brackets";
        if let Some(first) = self.earn_brackets.first() {
            if !first.from.is_zero() {
                return Err(format!("{key}: the first bracket must start at from = 0"));
            }
        }
        for pair in self.earn_brackets.windows(2) {
            if pair[1].from <= pair[0].from {
                return Err(format!(
                    "{key}: each from above the one before ({} after {})",
                    pair[1].from, pair[0].from
                ));
            }
        }
        for b in &self.earn_brackets {
            if b.from.normalize().scale() > 2 {
                return Err(format!("{key} from {}: an amount in whole cents", b.from));
            }
            if b.multiplier <= Decimal::ZERO {
                return Err(format!(
                    "{key} from {} multiplier: must be above zero",
                    b.from
                ));
            }
        }
        Ok(())
    }
}

/// The parts of `own` in each bracket (validated: ascending from 0).
fn cut(brackets: &[EarnBracket], own: Decimal) -> Vec<BracketLine> {
    let mut out = Vec::new();
    for (i, b) in brackets.iter().enumerate() {
        if own <= b.from {
            break;
        }
        let end = brackets.get(i + 1).map_or(own, |next| next.from.min(own));
        out.push(BracketLine {
            from: b.from,
            multiplier: b.multiplier,
            // Exact: own money and every from are whole cents.
            amount: two_places(end - b.from),
        });
    }
    out
}

/// What the parts weigh together: the amount that earns at the outlet's rate.
pub fn weighted(lines: &[BracketLine]) -> Decimal {
    lines.iter().map(|l| l.amount * l.multiplier).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn rules(brackets: &[(Decimal, Decimal)]) -> Rules {
        Rules {
            earn_brackets: brackets
                .iter()
                .map(|&(from, multiplier)| EarnBracket { from, multiplier })
                .collect(),
            ..Rules::default()
        }
    }

    #[test]
    fn a_bill_is_cut_at_each_from() {
        let r = rules(&[
            (dec!(0), dec!(1)),
            (dec!(500), dec!(1.5)),
            (dec!(2000), dec!(2)),
        ]);
        let lines = r.bracket_lines(dec!(800));
        assert_eq!(
            lines.iter().map(|l| l.amount).collect::<Vec<_>>(),
            [dec!(500), dec!(300)]
        );
        assert_eq!(weighted(&lines), dec!(950));
        let lines = r.bracket_lines(dec!(2500.50));
        assert_eq!(weighted(&lines), dec!(500) + dec!(2250) + dec!(1001.00));
        assert_eq!(weighted(&r.bracket_lines(dec!(120))), dec!(120));
        assert!(r.bracket_lines(dec!(0)).is_empty());
        assert!(rules(&[]).bracket_lines(dec!(800)).is_empty());
    }

    #[test]
    fn bad_brackets_are_refused_by_name() {
        let bad = [
            rules(&[(dec!(100), dec!(1))]),
            rules(&[
                (dec!(0), dec!(1)),
                (dec!(500), dec!(1.5)),
                (dec!(500), dec!(2)),
            ]),
            rules(&[
                (dec!(0), dec!(1)),
                (dec!(500), dec!(1.5)),
                (dec!(300), dec!(2)),
            ]),
            rules(&[(dec!(0), dec!(1)), (dec!(500), dec!(0))]),
            rules(&[(dec!(0), dec!(-1))]),
            rules(&[(dec!(0), dec!(1)), (dec!(99.999), dec!(2))]),
        ];
        for r in bad {
            let err = r.validate().expect_err("refused");
            assert!(err.starts_with("rules.earn_brackets"), "{err}");
        }
        assert_eq!(rules(&[]).validate(), Ok(()));
        assert_eq!(
            rules(&[(dec!(0), dec!(1)), (dec!(500), dec!(1.5))]).validate(),
            Ok(())
        );
    }
}
