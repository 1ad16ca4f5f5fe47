//! Applying balance effects (model::effects) to the projection tables.

pub use carddesk_model::effects::*;

use rusqlite::{params, Connection};

use crate::error::OpError;
use crate::money::cents;

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
        Effect::Owed { delta } => account_delta(conn, member_no, "owed", cents(*delta)?)?,
        // The journal is the record of commissions (reports::commission): no table.
        Effect::Commission { .. } => {}
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
            // The same coupon issued by two entries (a birthday coupon, issued by two
            // terminals' daily jobs before they heard of each other) is one coupon: the
            // first entry by id is its issuer whatever the order the entries arrive in.
            // Any other code issued twice is refused, as before.
            let n = conn
                .prepare_cached(
                    "UPDATE coupons SET issued_by = min(issued_by, ?4)
                     WHERE code = ?1 AND member_no IS ?2 AND template = ?3
                       AND valid_from = ?5 AND valid_to = ?6",
                )?
                .execute(params![
                    code,
                    member_no,
                    template,
                    entry_id,
                    valid_from.to_string(),
                    valid_to.to_string()
                ])?;
            if n == 0 {
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
