//! The member screen's progress toward the next tier: the same window activity that
//! upgrades decide by (ops::tiers), against the next tier's thresholds.

use super::Book;
use crate::error::OpError;
use crate::lookup::Member;
use crate::ops::tiers;
use crate::view::{TierProgress, Toward};

impl Book {
    /// `m`'s progress toward the tier above theirs; None at the top tier (or a tier
    /// the rules no longer name).
    pub fn tier_progress(&self, m: &Member) -> Result<Option<TierProgress>, OpError> {
        let rules = &self.terminal().rules;
        if !rules.has_tier(&m.tier) {
            return Ok(None);
        }
        let Some(next) = rules.tiers.get(rules.tier_rank(&m.tier) + 1) else {
            return Ok(None);
        };
        let today = rules.business_day(self.now());
        let a = tiers::activity(&self.conn, rules, today, &m.member_no)?;
        Ok(Some(TierProgress {
            next: next.name.clone(),
            points: toward(a.points, next.min_points),
            spend: toward(a.spend, next.min_spend),
            nights: toward(a.nights, next.min_nights),
            visits: toward(a.visits, next.min_visits),
        }))
    }
}

/// A threshold the next tier has, against what the member has of it.
fn toward<T>(have: T, need: Option<T>) -> Option<Toward<T>> {
    need.map(|need| Toward { have, need })
}
