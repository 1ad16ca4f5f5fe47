//! Opening balances (期初余额): stored value and points a member brings from another
//! system, posted once by `carddesk import` right after the member's registration. The
//! amounts are what the old system said; no bonus table, multiplier or tier activity
//! applies, because none of it was earned here.

use carddesk_model::ops::OpeningBalance;
use carddesk_model::text::Why;
use chrono::Months;
use rusqlite::OptionalExtension;
use rust_decimal::Decimal;

use super::Ctx;
use crate::effects::Effect;
use crate::entry::EntryBody;
use crate::error::OpError;

/// Largest opening stored value accepted (principal or bonus): far above any real card,
/// low enough that a shifted column (a phone number read as money) is caught.
const MAX_AMOUNT: i64 = 1_000_000;
const MAX_POINTS: i64 = 100_000_000;

fn amount(field: &str, v: Decimal) -> Result<Decimal, OpError> {
    if v < Decimal::ZERO || v.normalize().scale() > 2 || v > Decimal::from(MAX_AMOUNT) {
        return Err(OpError::invalid(
            field,
            Why::OpeningAmount { max: MAX_AMOUNT },
        ));
    }
    Ok(crate::money::two_places(v))
}

pub(crate) fn decide(ctx: &Ctx, r: &OpeningBalance) -> Result<EntryBody, OpError> {
    let m = super::members::existing(ctx.conn, &r.member_no)?;
    let principal = amount("principal", r.principal)?;
    let bonus = amount("bonus", r.bonus)?;
    if !(0..=MAX_POINTS).contains(&r.points) {
        return Err(OpError::invalid(
            "points",
            Why::OpeningPoints { max: MAX_POINTS },
        ));
    }
    let source = r.source.trim();
    if source.is_empty() {
        return Err(OpError::invalid("source", Why::OpeningSource));
    }
    // Once per member: a second one would double the carried-over money.
    let earlier: Option<i64> = ctx
        .conn
        .prepare_cached(
            "SELECT seq FROM journal WHERE member_no = ?1 AND kind = 'opening_balance' LIMIT 1",
        )?
        .query_row([&m.member_no], |row| row.get(0))
        .optional()?;
    if earlier.is_some() {
        return Err(OpError::invalid(
            "opening_balance",
            Why::OpeningTwice {
                member_no: m.member_no.to_string(),
            },
        ));
    }
    let mut effects = Vec::new();
    if principal > Decimal::ZERO {
        effects.push(Effect::Principal { delta: principal });
    }
    if bonus > Decimal::ZERO {
        effects.push(Effect::Bonus { delta: bonus });
    }
    if r.points > 0 {
        let months = ctx.rules().points.expire_months;
        effects.push(Effect::LotEarned {
            lot: ctx.entry_id.clone(),
            points: r.points,
            expires_on: ctx
                .today()
                .checked_add_months(Months::new(months))
                .unwrap_or(chrono::NaiveDate::MAX),
        });
    }
    if effects.is_empty() {
        return Err(OpError::invalid("opening_balance", Why::OpeningAllZero));
    }
    Ok(EntryBody::OpeningBalance {
        principal,
        bonus,
        points: r.points,
        source: source.to_string(),
        effects,
    })
}
