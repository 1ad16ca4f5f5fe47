//! Config-time checks of `[rules]`, so a bad rule stops the program at start, not at
//! the till. Each message names the key.

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::{CouponValue, Rules};

impl Rules {
    pub fn validate(&self) -> Result<(), String> {
        if self.tiers.is_empty() {
            return Err("rules.tiers: at least one tier is needed".into());
        }
        if !(-14 * 60..=14 * 60).contains(&self.utc_offset_minutes) {
            return Err("rules.utc_offset_minutes: must be within -840..840".into());
        }
        if let Some(t) = &self.daily_terminal {
            if !crate::wire::valid_terminal(t.as_str()) {
                return Err(format!(
                    "rules.daily_terminal: {:?} is not a terminal id (1 to 32 letters, digits or _)",
                    t.as_str()
                ));
            }
        }
        unique("rules.tiers", self.tiers.iter().map(|t| t.name.as_str()))?;
        for t in &self.tiers {
            non_negative(
                &format!("rules.tiers {:?} earn_multiplier", t.name),
                t.earn_multiplier,
            )?;
            if t.discount_percent < Decimal::ZERO || t.discount_percent > Decimal::ONE_HUNDRED {
                return Err(format!("rules.tiers {:?} discount_percent: 0..100", t.name));
            }
            if t.min_visits.is_some_and(|v| v <= 0) {
                return Err(format!(
                    "rules.tiers {:?} min_visits: at least 1 visit (leave it out: visits do not count)",
                    t.name
                ));
            }
            if t.tier_price.is_some_and(|p| p <= 0) {
                return Err(format!(
                    "rules.tiers {:?} tier_price: at least 1 point (leave it out: not for points)",
                    t.name
                ));
            }
        }
        if self.tiers.first().is_some_and(|t| t.tier_price.is_some()) {
            return Err(
                "rules.tiers: the first tier is where members start; it has no tier_price".into(),
            );
        }
        let md = &self.tier_window.period_end;
        if chrono::NaiveDate::parse_from_str(&format!("2024-{md}"), "%Y-%m-%d").is_err() {
            return Err(format!(
                "rules.tier_window.period_end: {md:?} is not \"MM-DD\""
            ));
        }
        unique("rules.outlets", self.outlets.iter().map(|o| o.id.as_str()))?;
        for o in &self.outlets {
            non_negative(
                &format!("rules.outlets {:?} earn_per_unit", o.id),
                o.earn_per_unit,
            )?;
        }
        for p in &self.promotions {
            let key = format!("rules.promotions {:?}", p.name);
            non_negative(&format!("{key} multiplier"), p.multiplier)?;
            p.window.validate().map_err(|m| format!("{key}: {m}"))?;
        }
        let pts = &self.points;
        if pts.per_unit_offset <= 0 {
            return Err("rules.points.per_unit_offset: must be at least 1".into());
        }
        if pts.max_offset_share < Decimal::ZERO || pts.max_offset_share > Decimal::ONE {
            return Err("rules.points.max_offset_share: 0..1".into());
        }
        if pts.per_unit_stored_value < 0 {
            return Err("rules.points.per_unit_stored_value: 0 (off) or more".into());
        }
        if self.stay.no_show_points_per_night < 0 {
            return Err("rules.stay.no_show_points_per_night: 0 (off) or more".into());
        }
        let share = self.stay.booker_share;
        if share < Decimal::ZERO || share > Decimal::ONE {
            return Err("rules.stay.booker_share: 0 (off) to 1".into());
        }
        for b in &self.stored_value.bonus {
            non_negative("rules.stored_value.bonus threshold", b.threshold)?;
            non_negative("rules.stored_value.bonus bonus", b.bonus)?;
        }
        unique(
            "rules.coupon_templates",
            self.coupon_templates.iter().map(|c| c.id.as_str()),
        )?;
        for c in &self.coupon_templates {
            let key = format!("rules.coupon_templates {:?}", c.id);
            c.window.validate().map_err(|m| format!("{key}: {m}"))?;
            match &c.value {
                CouponValue::CashOff { amount } => non_negative(&key, *amount)?,
                CouponValue::PercentOff { percent, cap } => {
                    if *percent <= Decimal::ZERO || *percent > Decimal::ONE_HUNDRED {
                        return Err(format!("{key} percent: 0..100"));
                    }
                    non_negative(&key, *cap)?;
                }
                CouponValue::FreeItem { worth, .. } => non_negative(&key, *worth)?,
            }
        }
        for r in &self.coupon_rules {
            if self.coupon_template(&r.template).is_none() {
                return Err(format!(
                    "rules.coupon_rules: no coupon template {:?}",
                    r.template
                ));
            }
        }
        unique(
            "rules.count_packages",
            self.count_packages.iter().map(|p| p.id.as_str()),
        )?;
        for p in &self.count_packages {
            if p.uses <= 0 {
                return Err(format!("rules.count_packages {:?} uses: at least 1", p.id));
            }
            if p.points_price.is_some_and(|n| n <= 0) {
                return Err(format!(
                    "rules.count_packages {:?} points_price: at least 1 point (leave it out: money only)",
                    p.id
                ));
            }
        }
        unique("rules.gifts", self.gifts.iter().map(|g| g.id.as_str()))?;
        if self.staff.pin_max_failures == 0 || !(1..=1440).contains(&self.staff.pin_lockout_minutes)
        {
            return Err(
                "rules.staff: pin_max_failures at least 1, pin_lockout_minutes 1..1440".into(),
            );
        }
        let o = &self.offline;
        if !(1..=720).contains(&o.window_hours)
            || o.max_stored_value_per_member < Decimal::ZERO
            || o.max_terminal_exposure < Decimal::ZERO
            || o.max_points_per_member < 0
        {
            return Err(
                "rules.offline: window_hours 1..720, caps zero or more (0: no offline spends)"
                    .into(),
            );
        }
        self.validate_earn_brackets()?;
        self.validate_occasions()?;
        self.validate_rewards()?;
        self.validate_card_sales()?;
        self.validate_corporate()?;
        Ok(())
    }
}

fn unique<'a>(key: &str, ids: impl Iterator<Item = &'a str>) -> Result<(), String> {
    let mut seen = HashSet::new();
    for id in ids {
        if id.trim().is_empty() || !seen.insert(id) {
            return Err(format!("{key}: {id:?} is empty or repeated"));
        }
    }
    Ok(())
}

fn non_negative(key: &str, v: Decimal) -> Result<(), String> {
    if v < Decimal::ZERO {
        Err(format!("{key}: must not be negative"))
    } else {
        Ok(())
    }
}
