//! Corporate accounts (协议单位 / 公司卡): a company is a member with a credit limit;
//! personal members linked to it earn it stay points per room night, and may charge
//! bills to its account (挂账), which a supervisor settles. Off when `[rules.corporate]`
//! is absent.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Rules;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CorporateRules {
    /// Points the company earns per room night a linked member stays (7天: 77).
    pub points_per_night: i64,
    /// Whether the guest still earns their own stay points beside the company's.
    pub guest_points: GuestPoints,
    /// The highest credit limit a company may be given (a typo guard).
    pub max_credit_limit: Decimal,
}

impl Default for CorporateRules {
    fn default() -> Self {
        CorporateRules {
            points_per_night: 77,
            guest_points: GuestPoints::Both,
            max_credit_limit: dec!(100000),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GuestPoints {
    /// The guest earns their own stay points as well.
    #[default]
    Both,
    /// Only the company earns: the guest's stay counts toward tiers but earns no points.
    CompanyOnly,
}

impl Rules {
    pub(super) fn validate_corporate(&self) -> Result<(), String> {
        let Some(c) = &self.corporate else {
            return Ok(());
        };
        if !(0..=100_000).contains(&c.points_per_night) {
            return Err("rules.corporate.points_per_night: 0 (none) up to 100000".into());
        }
        if c.max_credit_limit < Decimal::ZERO || c.max_credit_limit > dec!(100000000) {
            return Err("rules.corporate.max_credit_limit: 0 (no credit) up to 100000000".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corporate_rules_are_checked_only_when_present() {
        let mut r = Rules::default();
        assert!(r.validate().is_ok());
        r.corporate = Some(CorporateRules::default());
        assert!(r.validate().is_ok());
        r.corporate = Some(CorporateRules {
            points_per_night: -1,
            ..CorporateRules::default()
        });
        let e = r.validate().unwrap_err();
        assert!(e.contains("rules.corporate.points_per_night"), "{e}");
        r.corporate = Some(CorporateRules {
            max_credit_limit: dec!(-5),
            ..CorporateRules::default()
        });
        let e = r.validate().unwrap_err();
        assert!(e.contains("rules.corporate.max_credit_limit"), "{e}");
    }

    #[test]
    fn guest_points_reads_its_words() {
        let c: CorporateRules =
            serde_json::from_str(r#"{"points_per_night": 77, "guest_points": "company_only"}"#)
                .unwrap();
        assert_eq!(c.guest_points, GuestPoints::CompanyOnly);
        assert!(serde_json::from_str::<CorporateRules>(r#"{"guest_points": "guest"}"#).is_err());
    }
}
