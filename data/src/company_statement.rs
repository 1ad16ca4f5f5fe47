//! A company's statement (协议单位对账单): the charges and payments on its account with
//! what it owes after each, folded from the entries' owed effects (the fold the
//! accounts table and `verify` use).

use carddesk_model::text::Why;
use chrono::{DateTime, NaiveDate};
use rusqlite::{params, Connection};
use rust_decimal::Decimal;

use crate::effects::Effect;
use crate::entry::EntryBody;
use crate::error::OpError;
use crate::hlc;
use crate::inquiry::{CompanyStanding, CompanyStatement, CompanyStatementLine};
use crate::journal;
use crate::money::two_places;
use crate::ops::corporate;
use crate::rules::Rules;

/// Where `member_no` stands: a company's limit and what it owes, or its company.
pub fn standing(conn: &Connection, member_no: &str) -> Result<CompanyStanding, OpError> {
    Ok(CompanyStanding {
        member_no: member_no.to_string(),
        credit_limit: corporate::credit_limit(conn, member_no)?,
        owed: crate::account::account(conn, member_no)?.owed,
        company: corporate::company_of(conn, member_no)?,
    })
}

pub fn statement(
    conn: &Connection,
    rules: &Rules,
    member_no: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<CompanyStatement, OpError> {
    let Some(credit_limit) = corporate::credit_limit(conn, member_no)? else {
        return Err(OpError::invalid(
            "member_no",
            Why::NotACompany {
                member_no: member_no.to_string(),
            },
        ));
    };
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            return Err(OpError::invalid("to", Why::ToBeforeFrom));
        }
    }
    let start = from.map(|d| rules.hlc_range(d, d).0).unwrap_or(i64::MIN);
    let end = to.map(|d| rules.hlc_range(d, d).1).unwrap_or(i64::MAX);
    let sql = format!(
        "SELECT {} FROM journal WHERE member_no = ?1 AND hlc < ?2
           AND kind IN ('company_charged', 'company_settled', 'reversed')
         ORDER BY hlc, terminal, seq",
        journal::COLUMNS
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![member_no, end], journal::from_row)?;
    let mut opening = Decimal::ZERO;
    let mut owed = Decimal::ZERO;
    let mut lines = Vec::new();
    for e in rows {
        let e = e?;
        let body = e.parsed_body()?;
        let delta: Decimal = body
            .effects()
            .iter()
            .filter_map(|x| match x {
                Effect::Owed { delta } => Some(*delta),
                _ => None,
            })
            .sum();
        if delta.is_zero() {
            continue;
        }
        owed += delta;
        if e.hlc < start {
            opening = owed;
            continue;
        }
        let (bill_ref, member) = match &body {
            EntryBody::CompanyCharged {
                bill_ref, member, ..
            } => (Some(bill_ref.clone()), member.clone()),
            _ => (None, None),
        };
        lines.push(CompanyStatementLine {
            entry_id: e.id(),
            kind: e.kind,
            time: DateTime::from_timestamp_millis(hlc::millis(e.hlc))
                .map(|t| t.with_timezone(&rules.zone()).to_rfc3339())
                .unwrap_or_default(),
            bill_ref,
            member,
            charged: two_places(delta.max(Decimal::ZERO)),
            paid: two_places((-delta).max(Decimal::ZERO)),
            owed: two_places(owed),
            reversal_of: e.header.reversal_of.clone(),
        });
    }
    Ok(CompanyStatement {
        member_no: member_no.to_string(),
        credit_limit: two_places(credit_limit),
        from,
        to,
        opening: two_places(opening),
        closing: two_places(owed),
        lines,
    })
}
