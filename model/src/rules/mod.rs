//! Business rules from config.toml's `[rules]`: tiers, outlets and earning, promotions,
//! points, stored value, stays, coupons, count-card packages and gifts. Every money rule
//! the data crate applies is read from here; `validate` runs at start so a bad rule stops
//! the program before the till opens.

mod bulk;
mod card_sales;
mod corporate;
mod day;
pub mod earn;
mod example;
mod model;
pub mod occasions;
pub mod rewards;
mod validate;
pub mod windows;

pub use bulk::BulkCouponRules;
pub use card_sales::{CardSalesRules, CommissionRules};
pub use corporate::{CorporateRules, GuestPoints};
pub use earn::EarnBracket;
pub use model::*;
pub use occasions::{BirthdayRules, BirthdayWindow, MemberDay, Occasion, Perk, TierPerk};
pub use rewards::{ReferralRules, WelcomeRules};
pub use windows::{Weekdays, Window};

use rust_decimal::{Decimal, RoundingStrategy};

impl Rules {
    pub fn entry_tier(&self) -> &str {
        self.tiers.first().map(|t| t.name.as_str()).unwrap_or("")
    }

    pub fn has_tier(&self, name: &str) -> bool {
        self.tiers.iter().any(|t| t.name == name)
    }

    pub fn tier(&self, name: &str) -> Option<&Tier> {
        self.tiers.iter().find(|t| t.name == name)
    }

    pub fn tier_rank(&self, name: &str) -> usize {
        self.tiers.iter().position(|t| t.name == name).unwrap_or(0)
    }

    pub fn outlet(&self, id: &str) -> Option<&Outlet> {
        self.outlets.iter().find(|o| o.id == id)
    }

    pub fn coupon_template(&self, id: &str) -> Option<&CouponTemplate> {
        self.coupon_templates.iter().find(|c| c.id == id)
    }

    pub fn package(&self, id: &str) -> Option<&CountPackage> {
        self.count_packages.iter().find(|p| p.id == id)
    }

    pub fn gift(&self, id: &str) -> Option<&Gift> {
        self.gifts.iter().find(|g| g.id == id)
    }

    /// Rounds a money amount to the cent by the configured rule.
    pub fn round(&self, amount: Decimal) -> Decimal {
        let strategy = match self.rounding {
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::Down => RoundingStrategy::ToZero,
        };
        amount.round_dp_with_strategy(2, strategy)
    }

    /// The bonus a top-up of `amount` by a member of `tier` earns: the tier's own table
    /// (`stored_value.tier_bonus`) if it has one, else `stored_value.bonus`; the highest
    /// threshold reached applies.
    pub fn top_up_bonus(&self, tier: &str, amount: Decimal) -> Decimal {
        let sv = &self.stored_value;
        sv.tier_bonus
            .iter()
            .find(|t| t.tier == tier)
            .map_or(&sv.bonus, |t| &t.bonus)
            .iter()
            .filter(|b| amount >= b.threshold)
            .max_by_key(|b| b.threshold)
            .map(|b| b.bonus)
            .unwrap_or(Decimal::ZERO)
    }
}
