//! Shift and day reports (交班报表, 日结): totals of every tender and operation kind,
//! computed from the journal. A reversal counts against the totals of its day and shift,
//! with the original's amounts negated.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;

use crate::effects::Effect;
use crate::entry::EntryBody;
use crate::error::OpError;
use crate::journal::{self, entry_id, Entry};
use crate::money::two_places;
use crate::rules::Rules;

pub use carddesk_model::reports::*;

pub fn open_shift(conn: &Connection, terminal: &str) -> Result<Option<OpenShiftInfo>, OpError> {
    let sql = format!(
        "SELECT {} FROM journal WHERE terminal = ?1 AND kind IN ('shift_opened', 'shift_closed')
         ORDER BY seq DESC LIMIT 1",
        journal::COLUMNS
    );
    let last = conn
        .prepare_cached(&sql)?
        .query_row([terminal], journal::from_row)
        .optional()?;
    let Some(e) = last else { return Ok(None) };
    Ok(match e.parsed_body()? {
        EntryBody::ShiftOpened { float } => Some(OpenShiftInfo {
            shift_id: e.id(),
            terminal: e.terminal.clone(),
            seq: e.seq,
            operator: e.header.operator.clone(),
            float,
        }),
        _ => None,
    })
}

/// The report of `shift` over its entries before `until_seq`; with the counted cash,
/// the over/short.
pub fn shift_report(
    conn: &Connection,
    shift: &OpenShiftInfo,
    until_seq: i64,
    counted: Option<Decimal>,
) -> Result<ShiftReport, OpError> {
    let sql = format!(
        "SELECT {} FROM journal WHERE terminal = ?1 AND seq > ?2 AND seq < ?3 ORDER BY seq",
        journal::COLUMNS
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![shift.terminal, shift.seq, until_seq],
        journal::from_row,
    )?;
    let mut totals = Totals::default();
    for e in rows {
        add(conn, &mut totals, &e?)?;
    }
    tidy(&mut totals);
    let cash = totals.tenders.get("cash").cloned().unwrap_or_default();
    let expected_cash = two_places(shift.float + cash.taken - cash.paid_out);
    Ok(ShiftReport {
        shift_id: shift.shift_id.clone(),
        operator: shift.operator.clone(),
        float: two_places(shift.float),
        until: entry_id(&shift.terminal, until_seq),
        totals,
        expected_cash,
        counted_cash: counted.map(two_places),
        over_short: counted.map(|c| two_places(c - expected_cash)),
    })
}

/// 日结: every entry of `outlet` on the chain's local date `day`, all terminals.
pub fn day_report(
    conn: &Connection,
    rules: &Rules,
    outlet: &str,
    day: NaiveDate,
) -> Result<DayReport, OpError> {
    let (start, end) = rules.hlc_range(day, day);
    let sql = format!(
        "SELECT {} FROM journal WHERE outlet = ?1 AND hlc >= ?2 AND hlc < ?3 ORDER BY hlc",
        journal::COLUMNS
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![outlet, start, end], journal::from_row)?;
    let mut totals = Totals::default();
    let mut entries = 0;
    for e in rows {
        add(conn, &mut totals, &e?)?;
        entries += 1;
    }
    tidy(&mut totals);
    Ok(DayReport {
        outlet: outlet.to_string(),
        day,
        entries,
        totals,
    })
}

fn add(conn: &Connection, t: &mut Totals, e: &Entry) -> Result<(), OpError> {
    let body = e.parsed_body()?;
    let kind = t.kinds.entry(e.kind.to_string()).or_default();
    kind.count += 1;
    if let EntryBody::Reversed { .. } = body {
        // The original's money flows, negated. The original kind's line is net of it
        // (a reversed checkout no longer counts as a checkout); the reversal line
        // says what was reversed, negated.
        if let Some(original) = e.header.reversal_of.as_deref() {
            if let Some(o) = journal::by_id(conn, original)? {
                let amount = flows(t, &o.parsed_body()?, Decimal::NEGATIVE_ONE);
                let net = t.kinds.entry(o.kind.to_string()).or_default();
                net.count -= 1;
                net.amount += amount;
                t.kinds.entry(e.kind.to_string()).or_default().amount += amount;
            }
        }
        return Ok(());
    }
    let amount = flows(t, &body, Decimal::ONE);
    t.kinds.entry(e.kind.to_string()).or_default().amount += amount;
    Ok(())
}

/// Adds an entry's money flows × `sign`; returns its amount × `sign` for its kind's line.
fn flows(t: &mut Totals, body: &EntryBody, sign: Decimal) -> Decimal {
    let tender = |t: &mut Totals, name: &str, taken: Decimal, out: Decimal| {
        let e = t.tenders.entry(name.to_string()).or_default();
        e.taken += taken * sign;
        e.paid_out += out * sign;
    };
    for e in body.effects() {
        if let Effect::Commission { amount, .. } = e {
            t.commission += *amount * sign;
        }
    }
    let amount = match body {
        EntryBody::ToppedUp {
            amount,
            bonus,
            tender: how,
            ..
        } => {
            tender(t, how.as_str(), *amount, Decimal::ZERO);
            t.stored_value_in += *amount * sign;
            t.bonus_granted += *bonus * sign;
            *amount
        }
        EntryBody::CheckedOut { lines, .. } => {
            tender(t, lines.tender.as_str(), lines.tender_paid, Decimal::ZERO);
            t.stored_value_spent += (lines.bonus_paid + lines.principal_paid) * sign;
            t.points_spent += lines.points_used * sign_i(sign);
            t.points_earned += lines.points_earned * sign_i(sign);
            lines.bill
        }
        EntryBody::StoredValueRefunded {
            amount,
            tender: how,
            ..
        } => {
            tender(t, how.as_str(), Decimal::ZERO, *amount);
            t.stored_value_in -= *amount * sign;
            *amount
        }
        EntryBody::CountCardSold {
            price, tender: how, ..
        } => {
            tender(t, how.as_str(), *price, Decimal::ZERO);
            *price
        }
        EntryBody::CardSold {
            fee, tender: how, ..
        } => {
            tender(t, how.as_str(), *fee, Decimal::ZERO);
            t.card_fees += *fee * sign;
            *fee
        }
        EntryBody::CredentialReplaced {
            fee,
            tender: Some(how),
            ..
        } => {
            tender(t, how.as_str(), *fee, Decimal::ZERO);
            t.card_fees += *fee * sign;
            *fee
        }
        EntryBody::StayPosted {
            points,
            room_revenue,
            ..
        } => {
            t.points_earned += points * sign_i(sign);
            *room_revenue
        }
        // A charge takes no money now; a settlement takes it by its tender.
        EntryBody::CompanyCharged { amount, .. } => *amount,
        EntryBody::CompanySettled {
            amount,
            tender: how,
            ..
        } => {
            tender(t, how.as_str(), *amount, Decimal::ZERO);
            *amount
        }
        EntryBody::NoShowPosted { points, .. } => {
            t.points_deducted += points * sign_i(sign);
            Decimal::ZERO
        }
        // A tier bought with points spends them too (0 for the automatic changes).
        EntryBody::GiftRedeemed { points, .. }
        | EntryBody::PointsConverted { points, .. }
        | EntryBody::TierChanged { points, .. } => {
            t.points_spent += points * sign_i(sign);
            Decimal::ZERO
        }
        _ => Decimal::ZERO,
    };
    amount * sign
}

/// Every amount with two decimals, as on a printed report.
fn tidy(t: &mut Totals) {
    for v in t.tenders.values_mut() {
        v.taken = two_places(v.taken);
        v.paid_out = two_places(v.paid_out);
    }
    for v in t.kinds.values_mut() {
        v.amount = two_places(v.amount);
    }
    for v in [
        &mut t.stored_value_in,
        &mut t.bonus_granted,
        &mut t.stored_value_spent,
        &mut t.card_fees,
        &mut t.commission,
    ] {
        *v = two_places(*v);
    }
}

fn sign_i(sign: Decimal) -> i64 {
    if sign.is_sign_negative() {
        -1
    } else {
        1
    }
}
