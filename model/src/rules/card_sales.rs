//! Selling the card itself and staff commission (购买型会员卡, 充值门槛, 提成): the card
//! fee per tier, the least first top-up, and what the operator who sold a card or took
//! a top-up earns. All off by default.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Rules;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CardSalesRules {
    /// The card fee (卡费) by tier name; a tier not named here is not sold. Empty: no
    /// card sales.
    pub fees: BTreeMap<String, Decimal>,
    /// A member's first top-up must be at least this (最低门槛); 0: any amount.
    pub min_first_top_up: Decimal,
    /// The fee for replacing a member's credential (补卡费), taken by a tender; 0: none.
    pub replacement_fee: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CommissionRules {
    /// What the seller earns per card sold, by the tier sold; a tier not named: none.
    pub card: BTreeMap<String, Decimal>,
    /// What the operator who takes a top-up earns: this fixed amount ...
    pub top_up_fixed: Decimal,
    /// ... plus this share of the amount topped up (0.01 = 1%), 0..1.
    pub top_up_rate: Decimal,
}

impl Rules {
    /// The fee of a card of `tier`, when such cards are sold.
    pub fn card_fee(&self, tier: &str) -> Option<Decimal> {
        self.card_sales.fees.get(tier).copied()
    }

    /// The commission on a card of `tier` sold.
    pub fn card_commission(&self, tier: &str) -> Decimal {
        self.commission
            .card
            .get(tier)
            .copied()
            .unwrap_or(Decimal::ZERO)
    }

    /// The commission on a top-up of `amount`: the fixed part plus the rate, rounded.
    pub fn top_up_commission(&self, amount: Decimal) -> Decimal {
        let c = &self.commission;
        if c.top_up_fixed.is_zero() && c.top_up_rate.is_zero() {
            return Decimal::ZERO;
        }
        // Never more than the money taken (verify bounds it so).
        self.round(c.top_up_fixed + amount * c.top_up_rate)
            .min(amount)
    }

    pub(super) fn validate_card_sales(&self) -> Result<(), String> {
        let tiers = |key: &str, map: &BTreeMap<String, Decimal>| -> Result<(), String> {
            for (tier, v) in map {
                if !self.has_tier(tier) {
                    return Err(format!("{key}: no tier {tier:?} in rules.tiers"));
                }
                if *v < Decimal::ZERO {
                    return Err(format!("{key} {tier:?}: must not be negative"));
                }
            }
            Ok(())
        };
        tiers("rules.card_sales.fees", &self.card_sales.fees)?;
        tiers("rules.commission.card", &self.commission.card)?;
        for (tier, c) in &self.commission.card {
            if self.card_fee(tier).is_none_or(|fee| *c > fee) {
                return Err(format!(
                    "rules.commission.card {tier:?}: at most the card's fee in rules.card_sales.fees"
                ));
            }
        }
        if self.card_sales.min_first_top_up < Decimal::ZERO
            || self.card_sales.min_first_top_up > self.stored_value.max_top_up
        {
            return Err(
                "rules.card_sales.min_first_top_up: 0 (off) up to rules.stored_value.max_top_up"
                    .into(),
            );
        }
        let mut seen = std::collections::HashSet::new();
        for t in &self.stored_value.tier_bonus {
            if !self.has_tier(&t.tier) || !seen.insert(&t.tier) {
                return Err(format!(
                    "rules.stored_value.tier_bonus: {:?} is no tier of rules.tiers, or given twice",
                    t.tier
                ));
            }
            if t.bonus
                .iter()
                .any(|b| b.threshold < Decimal::ZERO || b.bonus < Decimal::ZERO)
            {
                return Err(format!(
                    "rules.stored_value.tier_bonus {:?}: must not be negative",
                    t.tier
                ));
            }
        }
        if self.card_sales.replacement_fee < Decimal::ZERO {
            return Err("rules.card_sales.replacement_fee: must not be negative".into());
        }
        if self.commission.top_up_fixed < Decimal::ZERO {
            return Err("rules.commission.top_up_fixed: must not be negative".into());
        }
        if self.commission.top_up_rate < Decimal::ZERO || self.commission.top_up_rate > Decimal::ONE
        {
            return Err("rules.commission.top_up_rate: 0..1 (0.01 = 1%)".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    #[test]
    fn card_rules_name_real_tiers_and_sane_amounts() {
        let mut r = Rules::default();
        r.card_sales.fees.insert("钻石".into(), dec!(200));
        let e = r.validate().unwrap_err();
        assert!(
            e.contains("rules.card_sales.fees") && e.contains("钻石"),
            "{e}"
        );
        r.card_sales.fees = BTreeMap::from([("金卡".to_string(), dec!(200))]);
        r.commission.top_up_rate = dec!(1.5);
        assert!(r.validate().unwrap_err().contains("top_up_rate"));
        r.commission.top_up_rate = dec!(0.01);
        r.commission.top_up_fixed = dec!(2);
        r.validate().unwrap();
        assert_eq!(r.card_fee("金卡"), Some(dec!(200)));
        assert_eq!(r.card_fee("银卡"), None);
        assert_eq!(r.top_up_commission(dec!(555)), dec!(7.55));
    }
}
