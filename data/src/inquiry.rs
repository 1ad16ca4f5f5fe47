//! Reads an integrator needs to reconcile with carddesk: a member's statement with
//! running balances, the entries that carry a bill or folio reference, and where a
//! coupon stands. Read-only; balances are folded from the recorded effects, the same
//! fold the projections and `verify` use.

use carddesk_model::text::Why;
use chrono::{DateTime, NaiveDate};
use rusqlite::{params, Connection};
use rust_decimal::Decimal;

use crate::analytics::BalancesAfter;
use crate::error::{CouponRefusal, OpError};
use crate::journal::{self, Entry};
use crate::money::two_places;
use crate::ops::coupons::normalize;
use crate::rules::Rules;
use crate::{account, hlc};

pub use carddesk_model::inquiry::*;

/// When `e` was written, in the chain's time zone, with its offset (RFC 3339).
fn time(rules: &Rules, e: &Entry) -> String {
    DateTime::from_timestamp_millis(hlc::millis(e.hlc))
        .map(|t| t.with_timezone(&rules.zone()).to_rfc3339())
        .unwrap_or_default()
}

/// The statement of `member_no` from `from` to `to`; the opening balance folds every
/// entry before `from`.
pub fn statement(
    conn: &Connection,
    rules: &Rules,
    member_no: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Statement, OpError> {
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            return Err(OpError::invalid("to", Why::ToBeforeFrom));
        }
    }
    let start = from.map(|d| rules.hlc_range(d, d).0).unwrap_or(i64::MIN);
    let end = to.map(|d| rules.hlc_range(d, d).1).unwrap_or(i64::MAX);
    let sql = format!(
        "SELECT {} FROM journal WHERE member_no = ?1 AND hlc < ?2 ORDER BY hlc, terminal, seq",
        journal::COLUMNS
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![member_no, end], journal::from_row)?;
    // Written "0.00" like every other amount, also before the first entry.
    let zero = BalancesAfter {
        principal: two_places(Decimal::ZERO),
        bonus: two_places(Decimal::ZERO),
        points: 0,
    };
    let mut opening = zero.clone();
    let mut balance = zero;
    let mut entries = Vec::new();
    for e in rows {
        let e = e?;
        let amounts = Amounts::of(&e)?;
        amounts.add_to(&mut balance);
        if e.hlc < start {
            opening = balance.clone();
            continue;
        }
        entries.push(StatementLine {
            entry_id: e.id(),
            kind: e.kind,
            time: time(rules, &e),
            amounts,
            balance: balance.clone(),
            reversal_of: e.header.reversal_of.clone(),
        });
    }
    Ok(Statement {
        member_no: member_no.to_string(),
        from,
        to,
        opening,
        closing: balance,
        entries,
    })
}

/// Which reference [`find_entries`] looks for.
pub enum Reference<'a> {
    /// A checkout's bill reference.
    Bill(&'a str),
    /// A stay posting's folio reference.
    Folio(&'a str),
}

/// Every entry carrying the reference, oldest first, with whether it was reversed.
pub fn find_entries(
    conn: &Connection,
    rules: &Rules,
    reference: Reference,
) -> Result<Vec<FoundEntry>, OpError> {
    let (kind, path, value) = match reference {
        Reference::Bill(v) => ("checked_out", "$.lines.bill_ref", v),
        Reference::Folio(v) => ("stay_posted", "$.folio_ref", v),
    };
    let sql = format!(
        "SELECT {} FROM journal WHERE kind = ?1 AND json_extract(body, ?2) = ?3
         ORDER BY hlc, terminal, seq",
        journal::COLUMNS
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![kind, path, value.trim()], journal::from_row)?;
    let mut found = Vec::new();
    for e in rows {
        let e = e?;
        let reversed_by = journal::reversal_of(conn, &e.id())?;
        found.push(FoundEntry {
            entry_id: e.id(),
            member_no: e.header.member_no.clone(),
            kind: e.kind,
            time: time(rules, &e),
            amounts: Amounts::of(&e)?,
            reversed: reversed_by.is_some(),
            reversed_by,
        });
    }
    Ok(found)
}

/// The coupon `input` names (any case, spaces and dashes, check character verified)
/// as of the local day `today`. A mistyped or unknown code is the coupon refusal the
/// counter gives.
pub fn coupon_status(
    conn: &Connection,
    rules: &Rules,
    input: &str,
    today: NaiveDate,
) -> Result<CouponStatus, OpError> {
    let refused = |code: &str, reason| OpError::CouponRefused {
        code: code.to_string(),
        reason,
    };
    let code = normalize(input).map_err(|r| refused(input.trim(), r))?;
    let c = account::coupon(conn, &code)?.ok_or_else(|| refused(&code, CouponRefusal::Unknown))?;
    let (issued_entry, redeemed_entry): (String, Option<String>) = conn
        .prepare_cached("SELECT issued_by, redeemed_by FROM coupons WHERE code = ?1")?
        .query_row([&code], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let state = match c.status.as_str() {
        "voided" => "voided",
        "redeemed" => "redeemed",
        _ if c.valid_to < today => "expired",
        _ => "open",
    };
    let template = rules.coupon_template(&c.template);
    Ok(CouponStatus {
        code,
        name: template.map(|t| t.name.clone()),
        value: template.map(|t| t.value.clone()),
        template: c.template,
        state,
        member_no: c.member_no,
        issued_entry,
        redeemed_entry,
        valid_from: c.valid_from,
        valid_to: c.valid_to,
    })
}
