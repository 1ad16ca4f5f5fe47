//! Tiers (等级): automatic upgrade when points, spend, nights or visits within the window reach
//! a higher tier's threshold, the configured downgrade at period end, and rising one
//! tier for its `tier_price` in points (积分提升等级). Each automatic change is its own
//! journal entry, written after the operation that caused it, so it applies from the
//! next operation.

use carddesk_model::ops::BuyTier;
use carddesk_model::text::Why;
use chrono::{Datelike, Months, NaiveDate};
use rusqlite::Connection;
use rust_decimal::Decimal;

use super::{points, Ctx};
use crate::account;
use crate::effects::Effect;
use crate::entry::EntryBody;
use crate::error::OpError;
use crate::rules::{Downgrade, Rules};

/// The highest tier the member's activity since the window start qualifies for.
pub(crate) fn qualified(ctx: &Ctx, member_no: &str) -> Result<usize, OpError> {
    let a = activity(ctx.conn, ctx.rules(), ctx.today(), member_no)?;
    Ok(qualified_rank(ctx.rules(), a))
}

/// What counts toward tiers within the window.
pub(crate) struct Activity {
    pub spend: Decimal,
    pub nights: i64,
    pub points: i64,
    pub visits: i64,
}

/// The member's activity within the tier window that ends on `today`: what upgrades
/// decide by, and the member screen's progress shows.
pub(crate) fn activity(
    conn: &Connection,
    rules: &Rules,
    today: NaiveDate,
    member_no: &str,
) -> Result<Activity, OpError> {
    let since = today
        .checked_sub_months(Months::new(rules.tier_window.months))
        .unwrap_or(NaiveDate::MIN);
    let (spend, nights, points) = account::activity_since(conn, member_no, since)?;
    // Visits are counted only where a tier asks for them (off by default).
    let visits = if rules.tiers.iter().any(|t| t.min_visits.is_some()) {
        let (from, _) = rules.hlc_range(since, since);
        account::visits_since(conn, member_no, from)?
    } else {
        0
    };
    Ok(Activity {
        spend,
        nights,
        points,
        visits,
    })
}

fn qualified_rank(rules: &Rules, a: Activity) -> usize {
    rules
        .tiers
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            t.min_points.is_some_and(|p| a.points >= p)
                || t.min_spend.is_some_and(|s| a.spend >= s)
                || t.min_nights.is_some_and(|n| a.nights >= n)
                || t.min_visits.is_some_and(|v| a.visits >= v)
        })
        .map(|(i, _)| i)
        .max()
        .unwrap_or(0)
}

/// After an operation: an upgrade entry when the member now qualifies higher.
pub(crate) fn upgrade(
    ctx: &Ctx,
    member_no: &str,
    current: &str,
) -> Result<Option<EntryBody>, OpError> {
    let rules = ctx.rules();
    let rank = qualified(ctx, member_no)?;
    if rank <= rules.tier_rank(current) {
        return Ok(None);
    }
    let to = rules.tiers[rank].name.clone();
    Ok(Some(change(current, &to, "upgrade")))
}

/// At period end: the configured downgrade for a member who no longer qualifies.
pub(crate) fn review(
    ctx: &Ctx,
    member_no: &str,
    current: &str,
) -> Result<Option<EntryBody>, OpError> {
    let rules = ctx.rules();
    if rules.tier_window.downgrade == Downgrade::None {
        return Ok(None);
    }
    let rank = qualified(ctx, member_no)?;
    if rank >= rules.tier_rank(current) {
        return Ok(None);
    }
    let to = rules.tiers[rank].name.clone();
    Ok(Some(change(current, &to, "period_end")))
}

/// Rising one tier for points: the next tier's `tier_price` drawn from the member's
/// lots, and the tier set, in one entry. The request names the tier it rises to, so a
/// posting takes exactly what its preview showed.
pub(crate) fn buy(ctx: &Ctx, r: &BuyTier) -> Result<EntryBody, OpError> {
    let m = ctx.active_member(&r.member_no)?;
    let rules = ctx.rules();
    let Some(next) = rules.tiers.get(rules.tier_rank(&m.tier) + 1) else {
        return Err(OpError::invalid("tier", Why::TopTier { tier: m.tier }));
    };
    if r.tier.trim() != next.name {
        return Err(OpError::invalid(
            "tier",
            Why::NotNextTier {
                next: next.name.clone(),
            },
        ));
    }
    let price = next.tier_price.ok_or_else(|| {
        OpError::invalid(
            "tier",
            Why::TierNotForPoints {
                tier: next.name.clone(),
            },
        )
    })?;
    let mut effects = points::draw(ctx, &m.member_no, price)?;
    effects.push(Effect::TierSet {
        from: m.tier.clone(),
        to: next.name.clone(),
    });
    Ok(EntryBody::TierChanged {
        from: m.tier,
        to: next.name.clone(),
        reason: "points".into(),
        points: price,
        effects,
    })
}

fn change(from: &str, to: &str, reason: &str) -> EntryBody {
    EntryBody::TierChanged {
        from: from.to_string(),
        to: to.to_string(),
        reason: reason.to_string(),
        points: 0,
        effects: vec![Effect::TierSet {
            from: from.to_string(),
            to: to.to_string(),
        }],
    }
}

/// The latest period end on or before `today` ("12-31" → Dec 31 of this or last year).
pub fn last_period_end(rules: &Rules, today: NaiveDate) -> Option<NaiveDate> {
    let md = &rules.tier_window.period_end;
    let this_year =
        NaiveDate::parse_from_str(&format!("{}-{md}", today.year()), "%Y-%m-%d").ok()?;
    if this_year <= today {
        Some(this_year)
    } else {
        NaiveDate::parse_from_str(&format!("{}-{md}", today.year() - 1), "%Y-%m-%d").ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn any_one_threshold_qualifies() {
        let mut r = Rules::default();
        r.tiers[1].min_visits = Some(6);
        let a = |spend, nights, points, visits| Activity {
            spend,
            nights,
            points,
            visits,
        };
        assert_eq!(qualified_rank(&r, a(dec!(0), 0, 0, 5)), 0);
        assert_eq!(qualified_rank(&r, a(dec!(0), 0, 0, 6)), 1);
        assert_eq!(qualified_rank(&r, a(dec!(2000), 0, 0, 0)), 1);
        assert_eq!(qualified_rank(&r, a(dec!(0), 20, 0, 0)), 2);
        assert_eq!(qualified_rank(&r, a(dec!(0), 0, 20000, 0)), 3);
    }

    #[test]
    fn the_period_end_is_the_latest_one_passed() {
        let r = Rules::default();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(last_period_end(&r, d("2026-11-23")), Some(d("2025-12-31")));
        assert_eq!(last_period_end(&r, d("2026-12-31")), Some(d("2026-12-31")));
    }
}
