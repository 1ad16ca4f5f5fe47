//! When and where a promotion or a coupon applies: outlets, dates, weekdays, hours.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// ISO weekdays, 1 = Monday .. 7 = Sunday. Empty: every day.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Weekdays(pub Vec<u32>);

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Window {
    /// Outlet ids; empty: every outlet.
    pub outlets: Vec<String>,
    pub weekdays: Weekdays,
    /// "HH:MM-HH:MM" local time; may wrap past midnight ("20:00-02:00").
    pub hours: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// The first restriction of a window that a moment fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    Outlet,
    Weekday,
    Hours(String),
    NotYet(NaiveDate),
    Over(NaiveDate),
}

impl Window {
    pub fn check(&self, outlet: &str, at: NaiveDateTime) -> Result<(), Miss> {
        if !self.outlets.is_empty() && !self.outlets.iter().any(|o| o == outlet) {
            return Err(Miss::Outlet);
        }
        if let Some(from) = self.from.filter(|f| at.date() < *f) {
            return Err(Miss::NotYet(from));
        }
        if let Some(to) = self.to.filter(|t| at.date() > *t) {
            return Err(Miss::Over(to));
        }
        if !self.weekdays.0.is_empty()
            && !self.weekdays.0.contains(&at.weekday().number_from_monday())
        {
            return Err(Miss::Weekday);
        }
        if let Some(h) = &self.hours {
            let (start, end) = parse_hours(h).ok_or_else(|| Miss::Hours(h.clone()))?;
            let t = at.time();
            let inside = if start <= end {
                t >= start && t < end
            } else {
                t >= start || t < end
            };
            if !inside {
                return Err(Miss::Hours(h.clone()));
            }
        }
        Ok(())
    }

    pub fn admits(&self, outlet: &str, at: NaiveDateTime) -> bool {
        self.check(outlet, at).is_ok()
    }

    /// A config-time check of the window's own fields.
    pub fn validate(&self) -> Result<(), String> {
        if let Some(d) = self.weekdays.0.iter().find(|d| !(1..=7).contains(*d)) {
            return Err(format!("weekday {d} is not 1 (Monday) .. 7 (Sunday)"));
        }
        if let Some(h) = &self.hours {
            if parse_hours(h).is_none() {
                return Err(format!("hours {h:?} is not \"HH:MM-HH:MM\""));
            }
        }
        if let (Some(f), Some(t)) = (self.from, self.to) {
            if f > t {
                return Err(format!("from {f} is after to {t}"));
            }
        }
        Ok(())
    }
}

fn parse_hours(h: &str) -> Option<(NaiveTime, NaiveTime)> {
    let (a, b) = h.split_once('-')?;
    let t = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").ok();
    Some((t(a)?, t(b)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn hours_may_wrap_past_midnight() {
        let w = Window {
            hours: Some("20:00-02:00".into()),
            ..Window::default()
        };
        assert!(w.admits("ktv", at("2026-11-23 23:30")));
        assert!(w.admits("ktv", at("2026-11-24 01:59")));
        assert_eq!(
            w.check("ktv", at("2026-11-24 02:00")),
            Err(Miss::Hours("20:00-02:00".into()))
        );
    }

    #[test]
    fn weekdays_outlets_and_dates_each_refuse_by_name() {
        let w = Window {
            outlets: vec!["ktv".into()],
            weekdays: Weekdays(vec![6, 7]),
            from: NaiveDate::from_ymd_opt(2026, 11, 1),
            to: NaiveDate::from_ymd_opt(2026, 11, 30),
            hours: None,
        };
        // 2026-11-28 is a Saturday.
        assert!(w.admits("ktv", at("2026-11-28 12:00")));
        assert_eq!(w.check("rooms", at("2026-11-28 12:00")), Err(Miss::Outlet));
        assert_eq!(w.check("ktv", at("2026-11-23 12:00")), Err(Miss::Weekday));
        assert!(matches!(
            w.check("ktv", at("2026-12-05 12:00")),
            Err(Miss::Over(_))
        ));
        assert!(matches!(
            w.check("ktv", at("2026-10-31 12:00")),
            Err(Miss::NotYet(_))
        ));
    }
}
