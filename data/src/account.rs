//! Reading a member's balances from the projection tables (the view types are in
//! model::account).

pub use carddesk_model::account::*;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::error::OpError;
use crate::money::from_cents;
use rusqlite::{params, Connection, OptionalExtension};

fn date(s: String) -> NaiveDate {
    s.parse().unwrap_or(NaiveDate::MIN)
}

/// Balances of `member_no`; zero for a member who never had a money entry.
pub fn account(conn: &Connection, member_no: &str) -> Result<Account, OpError> {
    let row: Option<(i64, i64, i64, Option<String>, i64, i64)> = conn
        .prepare_cached(
            "SELECT principal, bonus, points, pay_pin_hash, debt, owed FROM accounts
             WHERE member_no = ?1",
        )?
        .query_row([member_no], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .optional()?;
    let (principal, bonus, points, pin, debt, owed) = row.unwrap_or((0, 0, 0, None, 0, 0));
    Ok(Account {
        member_no: member_no.to_string(),
        principal: from_cents(principal),
        bonus: from_cents(bonus),
        points,
        debt: from_cents(debt),
        owed: from_cents(owed),
        has_payment_pin: pin.is_some(),
        count_cards: count_cards(conn, member_no)?,
        coupons: coupons(conn, member_no)?,
    })
}

pub fn count_cards(conn: &Connection, member_no: &str) -> Result<Vec<CountCardView>, OpError> {
    let mut stmt = conn.prepare_cached(
        "SELECT card, package, service, uses, remaining, valid_from, valid_to, status
         FROM count_cards WHERE member_no = ?1 ORDER BY valid_to, card",
    )?;
    let rows = stmt.query_map([member_no], card_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn count_card(
    conn: &Connection,
    card: &str,
) -> Result<Option<(String, CountCardView)>, OpError> {
    Ok(conn
        .prepare_cached(
            "SELECT card, package, service, uses, remaining, valid_from, valid_to, status, member_no
             FROM count_cards WHERE card = ?1",
        )?
        .query_row([card], |r| Ok((r.get(8)?, card_row(r)?)))
        .optional()?)
}

fn card_row(r: &rusqlite::Row) -> rusqlite::Result<CountCardView> {
    Ok(CountCardView {
        card: r.get(0)?,
        package: r.get(1)?,
        service: r.get(2)?,
        uses: r.get(3)?,
        remaining: r.get(4)?,
        valid_from: date(r.get(5)?),
        valid_to: date(r.get(6)?),
        status: r.get(7)?,
    })
}

/// Coupons a member holds that are still open, soonest expiry first.
pub fn coupons(conn: &Connection, member_no: &str) -> Result<Vec<CouponView>, OpError> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, member_no, template, status, valid_from, valid_to FROM coupons
         WHERE member_no = ?1 AND status = 'issued' ORDER BY valid_to, code",
    )?;
    let rows = stmt.query_map([member_no], coupon_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn coupon(conn: &Connection, code: &str) -> Result<Option<CouponView>, OpError> {
    Ok(conn
        .prepare_cached(
            "SELECT code, member_no, template, status, valid_from, valid_to FROM coupons
             WHERE code = ?1",
        )?
        .query_row([code], coupon_row)
        .optional()?)
}

fn coupon_row(r: &rusqlite::Row) -> rusqlite::Result<CouponView> {
    Ok(CouponView {
        code: r.get(0)?,
        member_no: r.get(1)?,
        template: r.get(2)?,
        status: r.get(3)?,
        valid_from: date(r.get(4)?),
        valid_to: date(r.get(5)?),
    })
}

/// Open points lots, oldest expiry first (the order they are spent in), not expired
/// on `today`.
pub fn open_lots(
    conn: &Connection,
    member_no: &str,
    today: NaiveDate,
) -> Result<Vec<Lot>, OpError> {
    let mut stmt = conn.prepare_cached(
        "SELECT lot, remaining, expires_on FROM points_lots
         WHERE member_no = ?1 AND remaining > 0 AND expires_on >= ?2 ORDER BY expires_on, lot",
    )?;
    let rows = stmt.query_map(params![member_no, today.to_string()], |r| {
        Ok(Lot {
            lot: r.get(0)?,
            remaining: r.get(1)?,
            expires_on: date(r.get(2)?),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Lots past their expiry with points left, per member: what the daily job expires.
pub fn expired_lots(
    conn: &Connection,
    member_no: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<(String, Lot)>, OpError> {
    let mut stmt = conn.prepare_cached(
        "SELECT member_no, lot, remaining, expires_on FROM points_lots
         WHERE remaining > 0 AND expires_on < ?1 AND (?2 IS NULL OR member_no = ?2)
         ORDER BY member_no, expires_on, lot",
    )?;
    let rows = stmt.query_map(params![today.to_string(), member_no], |r| {
        Ok((
            r.get(0)?,
            Lot {
                lot: r.get(1)?,
                remaining: r.get(2)?,
                expires_on: date(r.get(3)?),
            },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Own-money spend, nights and points earned since `since` (tier qualification).
pub fn activity_since(
    conn: &Connection,
    member_no: &str,
    since: NaiveDate,
) -> Result<(Decimal, i64, i64), OpError> {
    let (spend, nights, points): (i64, i64, i64) = conn
        .prepare_cached(
            "SELECT coalesce(sum(spend), 0), coalesce(sum(nights), 0), coalesce(sum(points), 0)
             FROM activity WHERE member_no = ?1 AND day >= ?2",
        )?
        .query_row(params![member_no, since.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    Ok((from_cents(spend), nights, points))
}

/// Visits (消费次数) since the HLC `since`: the member's checkouts and stay postings that
/// stand (not reversed), on any terminal whose entries this book holds.
pub fn visits_since(conn: &Connection, member_no: &str, since: i64) -> Result<i64, OpError> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM journal j
             WHERE j.member_no = ?1 AND j.hlc >= ?2
               AND j.kind IN ('checked_out', 'stay_posted')
               AND NOT EXISTS (SELECT 1 FROM journal r
                               WHERE r.reversal_of = j.terminal || '-' || j.seq)",
        )?
        .query_row(params![member_no, since], |r| r.get(0))?)
}

pub fn payment_pin_hash(conn: &Connection, member_no: &str) -> Result<Option<String>, OpError> {
    Ok(conn
        .prepare_cached("SELECT pay_pin_hash FROM accounts WHERE member_no = ?1")?
        .query_row([member_no], |r| r.get(0))
        .optional()?
        .flatten())
}
