//! New members and referrals (新会员注册优惠, 推荐奖励): points and/or a coupon given at
//! registration, and to the referrer when the member they brought first tops up or
//! spends.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Rules;

/// Points and/or a coupon, given by rule.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct WelcomeRules {
    /// Points given at registration; 0: none.
    pub points: i64,
    /// Coupon template issued at registration; absent: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coupon: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ReferralRules {
    /// Points given to the referrer; 0: none.
    pub points: i64,
    /// Coupon template issued to the referrer; absent: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coupon: Option<String>,
    /// The referred member's first top-up, or first checkout's own money, must be at
    /// least this to reward the referrer (0: any).
    pub min_amount: Decimal,
}

impl WelcomeRules {
    pub fn gives(&self) -> bool {
        self.points > 0 || self.coupon.is_some()
    }
}

impl ReferralRules {
    pub fn gives(&self) -> bool {
        self.points > 0 || self.coupon.is_some()
    }
}

/// Most points one reward may give (a typo guard).
pub const MAX_REWARD_POINTS: i64 = 1_000_000;

impl Rules {
    pub(super) fn validate_rewards(&self) -> Result<(), String> {
        let check = |key: &str, points: i64, coupon: &Option<String>| -> Result<(), String> {
            if !(0..=MAX_REWARD_POINTS).contains(&points) {
                return Err(format!("{key}.points: 0..{MAX_REWARD_POINTS}"));
            }
            match coupon {
                Some(c) if self.coupon_template(c).is_none() => {
                    Err(format!("{key}.coupon: no coupon template {c:?}"))
                }
                _ => Ok(()),
            }
        };
        check("rules.welcome", self.welcome.points, &self.welcome.coupon)?;
        check(
            "rules.referral",
            self.referral.points,
            &self.referral.coupon,
        )?;
        if self.referral.min_amount < Decimal::ZERO {
            return Err("rules.referral.min_amount: must not be negative".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewards_name_real_templates_and_sane_points() {
        let mut r = Rules::default();
        r.welcome.points = -5;
        assert!(r.validate().unwrap_err().contains("rules.welcome.points"));
        r.welcome.points = 100;
        r.referral.coupon = Some("nope".into());
        assert!(r.validate().unwrap_err().contains("rules.referral.coupon"));
        r.referral.coupon = Some("cash20".into());
        r.validate().unwrap();
        assert!(r.welcome.gives() && r.referral.gives());
    }
}
