//! Birthdays (生日礼遇) and member days (会员日): occasions on which a member gets an
//! extra discount and/or points multiplier at checkout, per tier where the config says
//! so. The birthday also brings a coupon, issued by the daily job once per member and
//! year. Everything here is pure: the dates are the rules' business days (day.rs).

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Rules, Window};

/// When a member's birthday is celebrated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BirthdayWindow {
    /// No birthday rules: no flag, no coupon, no multiplier or discount.
    #[default]
    Off,
    /// The whole birthday month.
    Month,
    /// The birthday itself (29 February: 28 February in other years).
    Day,
}

/// What an occasion gives: an extra discount, a points multiplier and (birthdays only)
/// a coupon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Perk {
    /// Percent off the bill after the tier discount (5 = 5% off).
    #[serde(default)]
    pub discount_percent: Decimal,
    /// Points earned are multiplied by this too (on top of tier and promotions).
    #[serde(default = "one")]
    pub earn_multiplier: Decimal,
    /// Coupon template issued by the daily job in the window (birthdays only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupon: Option<String>,
}

impl Default for Perk {
    fn default() -> Self {
        Perk {
            discount_percent: Decimal::ZERO,
            earn_multiplier: Decimal::ONE,
            coupon: None,
        }
    }
}

fn one() -> Decimal {
    Decimal::ONE
}

/// A tier's own perk, in place of the occasion's general one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TierPerk {
    pub tier: String,
    #[serde(flatten)]
    pub perk: Perk,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct BirthdayRules {
    pub window: BirthdayWindow,
    #[serde(flatten)]
    pub perk: Perk,
    /// Per tier: replaces the perk above for members of that tier.
    pub tiers: Vec<TierPerk>,
}

/// A member day: a weekday or a day of the month (and optionally outlets, hours and a
/// date range) with a discount and/or points multiplier for members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberDay {
    /// The word on the status bar, the quote and the receipt, e.g. "周三会员日".
    pub name: String,
    /// Days of the month (1..31); empty: not restricted by day of the month.
    #[serde(default)]
    pub days_of_month: Vec<u32>,
    #[serde(flatten)]
    pub window: Window,
    #[serde(flatten)]
    pub perk: Perk,
    /// Per tier: replaces the perk above for members of that tier.
    #[serde(default)]
    pub tiers: Vec<TierPerk>,
}

impl MemberDay {
    /// Open at `outlet` at local time `at`.
    pub fn active(&self, outlet: &str, at: NaiveDateTime) -> bool {
        (self.days_of_month.is_empty() || self.days_of_month.contains(&at.day()))
            && self.window.admits(outlet, at)
    }
}

/// One occasion applied to a checkout: its name and what it gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occasion<'a> {
    /// "生日" for the birthday, else the member day's name.
    pub name: String,
    pub perk: &'a Perk,
}

/// The word the birthday goes by on quotes, receipts and the member screen.
pub const BIRTHDAY_NAME: &str = "生日";

fn for_tier<'a>(general: &'a Perk, tiers: &'a [TierPerk], tier: &str) -> &'a Perk {
    tiers
        .iter()
        .find(|t| t.tier == tier)
        .map(|t| &t.perk)
        .unwrap_or(general)
}

impl BirthdayRules {
    /// The dates of the window in `year` for a member born on `birthday`; None when off.
    pub fn window_in(&self, birthday: NaiveDate, year: i32) -> Option<(NaiveDate, NaiveDate)> {
        let day = NaiveDate::from_ymd_opt(year, birthday.month(), birthday.day())
            .or_else(|| NaiveDate::from_ymd_opt(year, birthday.month(), 28))?;
        match self.window {
            BirthdayWindow::Off => None,
            BirthdayWindow::Day => Some((day, day)),
            BirthdayWindow::Month => {
                let first = day.with_day(1)?;
                let next = first.checked_add_months(chrono::Months::new(1))?;
                Some((first, next.pred_opt()?))
            }
        }
    }

    /// Whether `today` is in the birthday window of a member born on `birthday`.
    pub fn contains(&self, birthday: Option<NaiveDate>, today: NaiveDate) -> bool {
        birthday
            .and_then(|b| self.window_in(b, today.year()))
            .is_some_and(|(from, to)| from <= today && today <= to)
    }

    /// The perk for a member of `tier`.
    pub fn perk(&self, tier: &str) -> &Perk {
        for_tier(&self.perk, &self.tiers, tier)
    }
}

impl Rules {
    /// The occasions that apply to a member of `tier` born on `birthday` at `outlet` at
    /// local time `at`: the birthday first, then member days in config order.
    pub fn occasions(
        &self,
        tier: &str,
        birthday: Option<NaiveDate>,
        outlet: &str,
        at: NaiveDateTime,
    ) -> Vec<Occasion<'_>> {
        let mut out = Vec::new();
        if self.birthday.contains(birthday, at.date()) {
            out.push(Occasion {
                name: BIRTHDAY_NAME.to_string(),
                perk: self.birthday.perk(tier),
            });
        }
        for d in self.member_days.iter().filter(|d| d.active(outlet, at)) {
            out.push(Occasion {
                name: d.name.clone(),
                perk: for_tier(&d.perk, &d.tiers, tier),
            });
        }
        out
    }

    /// Member days open at `outlet` at local time `at` (the status bar).
    pub fn member_days_at(&self, outlet: &str, at: NaiveDateTime) -> Vec<&MemberDay> {
        self.member_days
            .iter()
            .filter(|d| d.active(outlet, at))
            .collect()
    }

    pub(super) fn validate_occasions(&self) -> Result<(), String> {
        let perk = |key: &str, p: &Perk| -> Result<(), String> {
            if p.discount_percent < Decimal::ZERO || p.discount_percent > Decimal::ONE_HUNDRED {
                return Err(format!("{key} discount_percent: 0..100"));
            }
            if p.earn_multiplier < Decimal::ZERO {
                return Err(format!("{key} earn_multiplier: must not be negative"));
            }
            match &p.coupon {
                Some(c) if self.coupon_template(c).is_none() => {
                    Err(format!("{key} coupon: no coupon template {c:?}"))
                }
                _ => Ok(()),
            }
        };
        let tiers = |key: &str, list: &[TierPerk]| -> Result<(), String> {
            let mut seen = std::collections::HashSet::new();
            for t in list {
                if !self.has_tier(&t.tier) || !seen.insert(t.tier.as_str()) {
                    return Err(format!(
                        "{key} tiers: {:?} is not a tier of rules.tiers, or is repeated",
                        t.tier
                    ));
                }
                perk(&format!("{key} tier {:?}", t.tier), &t.perk)?;
            }
            Ok(())
        };
        perk("rules.birthday", &self.birthday.perk)?;
        tiers("rules.birthday", &self.birthday.tiers)?;
        let mut names = std::collections::HashSet::new();
        for d in &self.member_days {
            let key = format!("rules.member_days {:?}", d.name);
            if d.name.trim().is_empty() || d.name.chars().count() > 20 || !names.insert(&d.name) {
                return Err(format!("{key}: a name of 1 to 20 characters, not repeated"));
            }
            if d.coupon_given() {
                return Err(format!(
                    "{key} coupon: member days give no coupon (the birthday's is issued by the daily job)"
                ));
            }
            if let Some(n) = d.days_of_month.iter().find(|n| !(1..=31).contains(*n)) {
                return Err(format!("{key} days_of_month: {n} is not 1..31"));
            }
            if d.days_of_month.is_empty() && d.window.weekdays.0.is_empty() {
                return Err(format!(
                    "{key}: give weekdays or days_of_month (else every day is a member day)"
                ));
            }
            d.window.validate().map_err(|m| format!("{key}: {m}"))?;
            perk(&key, &d.perk)?;
            tiers(&key, &d.tiers)?;
        }
        Ok(())
    }
}

impl MemberDay {
    fn coupon_given(&self) -> bool {
        self.perk.coupon.is_some() || self.tiers.iter().any(|t| t.perk.coupon.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_birthday_window_is_the_month_or_the_day() {
        let mut b = BirthdayRules {
            window: BirthdayWindow::Month,
            ..BirthdayRules::default()
        };
        let born = Some(d("1990-03-15"));
        assert!(b.contains(born, d("2026-03-01")));
        assert!(b.contains(born, d("2026-03-31")));
        assert!(!b.contains(born, d("2026-04-01")));
        b.window = BirthdayWindow::Day;
        assert!(b.contains(born, d("2026-03-15")));
        assert!(!b.contains(born, d("2026-03-16")));
        // 29 February is kept on the 28th in other years.
        assert!(b.contains(Some(d("2000-02-29")), d("2026-02-28")));
        b.window = BirthdayWindow::Off;
        assert!(!b.contains(born, d("2026-03-15")));
        assert!(!BirthdayRules::default().contains(None, d("2026-03-15")));
    }

    #[test]
    fn a_tier_perk_replaces_the_general_one() {
        let mut r = Rules {
            birthday: BirthdayRules {
                window: BirthdayWindow::Day,
                perk: Perk {
                    earn_multiplier: dec!(2),
                    ..Perk::default()
                },
                tiers: vec![TierPerk {
                    tier: "金卡".into(),
                    perk: Perk {
                        earn_multiplier: dec!(3),
                        discount_percent: dec!(5),
                        coupon: None,
                    },
                }],
            },
            ..Rules::default()
        };
        r.member_days = vec![MemberDay {
            name: "周一会员日".into(),
            days_of_month: vec![],
            window: Window {
                weekdays: super::super::Weekdays(vec![1]),
                ..Window::default()
            },
            perk: Perk {
                discount_percent: dec!(8),
                ..Perk::default()
            },
            tiers: vec![],
        }];
        r.validate().unwrap();
        // 2026-03-16 is a Monday.
        let at = d("2026-03-16").and_hms_opt(12, 0, 0).unwrap();
        let gold = r.occasions("金卡", Some(d("1990-03-16")), "rooms", at);
        let names: Vec<_> = gold.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["生日", "周一会员日"]);
        assert_eq!(gold[0].perk.earn_multiplier, dec!(3));
        let plain = r.occasions("普通", Some(d("1990-03-16")), "rooms", at);
        assert_eq!(plain[0].perk.earn_multiplier, dec!(2));
        assert!(r
            .occasions("普通", None, "rooms", at + chrono::Days::new(1))
            .is_empty());
    }

    #[test]
    fn bad_occasions_are_refused_by_key() {
        let mut r = Rules::default();
        r.birthday.perk.coupon = Some("cake".into());
        assert!(r.validate().unwrap_err().contains("rules.birthday coupon"));
        let mut r = Rules {
            member_days: vec![MemberDay {
                name: "会员日".into(),
                days_of_month: vec![32],
                window: Window::default(),
                perk: Perk::default(),
                tiers: vec![],
            }],
            ..Rules::default()
        };
        assert!(r.validate().unwrap_err().contains("days_of_month"));
        r.member_days[0].days_of_month = vec![];
        assert!(r
            .validate()
            .unwrap_err()
            .contains("weekdays or days_of_month"));
        r.member_days[0].days_of_month = vec![8];
        r.member_days[0].tiers = vec![TierPerk {
            tier: "钻石".into(),
            perk: Perk::default(),
        }];
        assert!(r.validate().unwrap_err().contains("\"钻石\""));
    }
}
