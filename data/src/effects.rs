//! Balance effects: what a money entry does to the projection tables. Every counter
//! operation's entry carries its effects, decided once and recorded, so that applying
//! an entry is a plain fold (the same on the terminal that wrote it, on replicas and in
//! `verify`), the effects of different entries commute, and a reversal is the
//! inverted list.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::OpError;
use crate::money::cents;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "effect", rename_all = "snake_case", deny_unknown_fields)]
pub enum Effect {
    /// Stored value principal (本金) moves by `delta`.
    Principal {
        delta: Decimal,
    },
    /// Stored value bonus (赠送) moves by `delta`.
    Bonus {
        delta: Decimal,
    },
    /// A new points lot.
    LotEarned {
        lot: String,
        points: i64,
        expires_on: NaiveDate,
    },
    /// Points taken from a lot (negative: given back).
    LotDrawn {
        lot: String,
        points: i64,
    },
    CouponIssued {
        code: String,
        template: String,
        valid_from: NaiveDate,
        valid_to: NaiveDate,
    },
    CouponRedeemed {
        code: String,
    },
    /// A redemption undone by a reversal: the coupon is usable again.
    CouponReturned {
        code: String,
    },
    CouponVoided {
        code: String,
    },
    /// A void undone by a reversal.
    CouponRestored {
        code: String,
    },
    CountCardSold {
        card: String,
        package: String,
        service: String,
        uses: i64,
        valid_from: NaiveDate,
        valid_to: NaiveDate,
    },
    /// Uses taken (negative: given back).
    CountCardUsed {
        card: String,
        uses: i64,
    },
    CountCardVoided {
        card: String,
    },
    /// What counts toward tiers, dated `day`.
    Activity {
        day: NaiveDate,
        spend: Decimal,
        nights: i64,
        points: i64,
    },
    TierSet {
        from: String,
        to: String,
    },
    /// Member debt (欠款) moves by `delta`: booked by the hub when offline spends overdrew
    /// the chain-wide balance, repaid by top-ups and settlements.
    Debt {
        delta: Decimal,
    },
}

/// Folds effects of the entry `entry_id` for `member_no` into the tables.
pub fn apply(
    conn: &Connection,
    entry_id: &str,
    hlc: i64,
    member_no: &str,
    effects: &[Effect],
) -> Result<(), OpError> {
    for e in effects {
        apply_one(conn, entry_id, hlc, member_no, e)?;
    }
    Ok(())
}

fn account_delta(
    conn: &Connection,
    member_no: &str,
    column: &str,
    delta: i64,
) -> Result<(), OpError> {
    conn.prepare_cached(&format!(
        "INSERT INTO accounts (member_no, {column}) VALUES (?1, ?2)
         ON CONFLICT(member_no) DO UPDATE SET {column} = {column} + ?2"
    ))?
    .execute(params![member_no, delta])?;
    Ok(())
}

fn apply_one(
    conn: &Connection,
    entry_id: &str,
    hlc: i64,
    member_no: &str,
    e: &Effect,
) -> Result<(), OpError> {
    match e {
        Effect::Principal { delta } => account_delta(conn, member_no, "principal", cents(*delta)?)?,
        Effect::Bonus { delta } => account_delta(conn, member_no, "bonus", cents(*delta)?)?,
        Effect::Debt { delta } => account_delta(conn, member_no, "debt", cents(*delta)?)?,
        Effect::LotEarned {
            lot,
            points,
            expires_on,
        } => {
            conn.prepare_cached(
                "INSERT INTO points_lots (lot, member_no, earned, remaining, expires_on)
                 VALUES (?1, ?2, ?3, ?3, ?4)",
            )?
            .execute(params![lot, member_no, points, expires_on.to_string()])?;
            account_delta(conn, member_no, "points", *points)?;
        }
        Effect::LotDrawn { lot, points } => {
            let n = conn
                .prepare_cached("UPDATE points_lots SET remaining = remaining - ?2 WHERE lot = ?1")?
                .execute(params![lot, points])?;
            if n == 0 {
                return Err(OpError::Storage(format!(
                    "entry {entry_id}: no points lot {lot}"
                )));
            }
            account_delta(conn, member_no, "points", -points)?;
        }
        Effect::CouponIssued {
            code,
            template,
            valid_from,
            valid_to,
        } => {
            conn.prepare_cached(
                "INSERT INTO coupons (code, member_no, template, status, valid_from, valid_to, issued_by)
                 VALUES (?1, ?2, ?3, 'issued', ?4, ?5, ?6)",
            )?
            .execute(params![
                code,
                member_no,
                template,
                valid_from.to_string(),
                valid_to.to_string(),
                entry_id
            ])?;
        }
        Effect::CouponRedeemed { code } => coupon_redeemed(conn, entry_id, hlc, code, 1)?,
        Effect::CouponReturned { code } => coupon_redeemed(conn, entry_id, hlc, code, -1)?,
        Effect::CouponVoided { code } => coupon_status(conn, entry_id, code, "voided")?,
        Effect::CouponRestored { code } => coupon_status(conn, entry_id, code, "restored")?,
        Effect::CountCardSold {
            card,
            package,
            service,
            uses,
            valid_from,
            valid_to,
        } => {
            conn.prepare_cached(
                "INSERT INTO count_cards (card, member_no, package, service, uses, remaining,
                     valid_from, valid_to, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, 'active')",
            )?
            .execute(params![
                card,
                member_no,
                package,
                service,
                uses,
                valid_from.to_string(),
                valid_to.to_string()
            ])?;
        }
        Effect::CountCardUsed { card, uses } => {
            let n = conn
                .prepare_cached(
                    "UPDATE count_cards SET remaining = remaining - ?2 WHERE card = ?1",
                )?
                .execute(params![card, uses])?;
            if n == 0 {
                return Err(OpError::Storage(format!(
                    "entry {entry_id}: no count card {card}"
                )));
            }
        }
        Effect::CountCardVoided { card } => {
            conn.prepare_cached("UPDATE count_cards SET status = 'voided' WHERE card = ?1")?
                .execute([card])?;
        }
        Effect::Activity {
            day,
            spend,
            nights,
            points,
        } => {
            conn.prepare_cached(
                "INSERT INTO activity (entry_id, member_no, day, spend, nights, points)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                entry_id,
                member_no,
                day.to_string(),
                cents(*spend)?,
                nights,
                points
            ])?;
        }
        Effect::TierSet { to, .. } => {
            conn.prepare_cached("UPDATE members SET tier = ?2 WHERE member_no = ?1")?
                .execute(params![member_no, to])?;
        }
    }
    Ok(())
}

/// A redemption (`step` 1) or its return (-1). The coupon counts as redeemed while any
/// redemption stands; `redeemed_by` is the earliest by HLC, so every replica names the
/// same first redemption whatever order it learnt of them in (equal HLCs of two
/// terminals: the lower entry id). A return clears the
/// redeemer only when it was the last standing one.
fn coupon_redeemed(
    conn: &Connection,
    entry_id: &str,
    hlc: i64,
    code: &str,
    step: i64,
) -> Result<(), OpError> {
    let n = if step > 0 {
        conn.prepare_cached(
            "UPDATE coupons SET redemptions = redemptions + 1,
                 status = CASE WHEN status = 'voided' THEN status ELSE 'redeemed' END,
                 redeemed_by = CASE WHEN redeemed_hlc IS NULL OR redeemed_hlc > ?3
                                         OR (redeemed_hlc = ?3 AND redeemed_by > ?2)
                                    THEN ?2 ELSE redeemed_by END,
                 redeemed_hlc = CASE WHEN redeemed_hlc IS NULL OR redeemed_hlc > ?3
                                         OR (redeemed_hlc = ?3 AND redeemed_by > ?2)
                                     THEN ?3 ELSE redeemed_hlc END
             WHERE code = ?1",
        )?
        .execute(params![code, entry_id, hlc])?
    } else {
        conn.prepare_cached(
            "UPDATE coupons SET redemptions = redemptions - 1,
                 status = CASE WHEN redemptions - 1 > 0 THEN 'redeemed' ELSE 'issued' END,
                 redeemed_by = CASE WHEN redemptions - 1 > 0 THEN redeemed_by END,
                 redeemed_hlc = CASE WHEN redemptions - 1 > 0 THEN redeemed_hlc END
             WHERE code = ?1",
        )?
        .execute(params![code])?
    };
    if n == 0 {
        return Err(OpError::Storage(format!(
            "entry {entry_id}: no coupon {code}"
        )));
    }
    Ok(())
}

/// `voided`, or `restored` (a void undone: redeemed while a redemption stands).
fn coupon_status(
    conn: &Connection,
    entry_id: &str,
    code: &str,
    status: &str,
) -> Result<(), OpError> {
    let n = conn
        .prepare_cached(
            "UPDATE coupons SET status = CASE ?2 WHEN 'voided' THEN 'voided'
                 ELSE CASE WHEN redemptions > 0 THEN 'redeemed' ELSE 'issued' END END
             WHERE code = ?1",
        )?
        .execute(params![code, status])?;
    if n == 0 {
        return Err(OpError::Storage(format!(
            "entry {entry_id}: no coupon {code}"
        )));
    }
    Ok(())
}

/// The effects that undo `effects`. Points earned are taken back from their lot even
/// if already spent (the lot goes negative and the reversal is flagged), never clipped.
/// Activity rows are keyed by entry, so the reversal's own row cancels the original's.
pub fn invert(effects: &[Effect]) -> Vec<Effect> {
    effects
        .iter()
        .rev()
        .map(|e| match e {
            Effect::Principal { delta } => Effect::Principal { delta: -*delta },
            Effect::Bonus { delta } => Effect::Bonus { delta: -*delta },
            Effect::Debt { delta } => Effect::Debt { delta: -*delta },
            Effect::LotEarned { lot, points, .. } => Effect::LotDrawn {
                lot: lot.clone(),
                points: *points,
            },
            Effect::LotDrawn { lot, points } => Effect::LotDrawn {
                lot: lot.clone(),
                points: -*points,
            },
            Effect::CouponIssued { code, .. } => Effect::CouponVoided { code: code.clone() },
            Effect::CouponRedeemed { code } => Effect::CouponReturned { code: code.clone() },
            Effect::CouponReturned { code } => Effect::CouponRedeemed { code: code.clone() },
            Effect::CouponVoided { code } => Effect::CouponRestored { code: code.clone() },
            Effect::CouponRestored { code } => Effect::CouponVoided { code: code.clone() },
            Effect::CountCardSold { card, .. } => Effect::CountCardVoided { card: card.clone() },
            Effect::CountCardUsed { card, uses } => Effect::CountCardUsed {
                card: card.clone(),
                uses: -*uses,
            },
            Effect::CountCardVoided { card } => Effect::CountCardVoided { card: card.clone() },
            Effect::Activity {
                day,
                spend,
                nights,
                points,
            } => Effect::Activity {
                day: *day,
                spend: -*spend,
                nights: -*nights,
                points: -*points,
            },
            Effect::TierSet { from, to } => Effect::TierSet {
                from: to.clone(),
                to: from.clone(),
            },
        })
        .collect()
}
