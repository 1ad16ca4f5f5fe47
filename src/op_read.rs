//! The kinds of `carddesk op` that only read: lookups, the member's journal, balances,
//! the checkout quote and the reports. ID-document numbers are masked as the member
//! screen masks them unless the caller may see them whole (a supervisor or an admin
//! logged in with their PIN, or a supervisor's approval in the envelope).

use carddesk_data::inquiry::Reference;
use carddesk_data::{Actor, Book, Checkout, OpError};
use serde_json::{json, Map, Value};

use crate::op_json::take_str;
use crate::op_json::typed;

/// Kinds that only read.
pub const KINDS: &[&str] = &[
    "find_member",
    "show_member",
    "member_journal",
    "account",
    "quote_checkout",
    "shift_report",
    "day_report",
    "member_statement",
    "find_entries",
    "coupon_status",
];

pub fn read(
    book: &mut Book,
    actor: &Actor,
    may_see_ids: bool,
    kind: &str,
    mut fields: Map<String, Value>,
) -> Result<Value, OpError> {
    if kind == "quote_checkout" {
        let checkout: Checkout = typed(fields)?;
        let quote = book.quote_checkout(actor, &checkout)?;
        return Ok(serde_json::to_value(quote)?);
    }
    let fields = &mut fields;
    let need = |fields: &mut Map<String, Value>, key: &str| -> Result<String, OpError> {
        take_str(fields, key)?.ok_or_else(|| OpError::invalid(key, "缺少此项", "is required"))
    };
    let mut result = match kind {
        "find_member" => serde_json::to_value(book.find(&need(fields, "query")?)?)?,
        "show_member" => {
            let no = need(fields, "member_no")?;
            let member = book.member(&no)?.ok_or(OpError::UnknownMember(no))?;
            serde_json::to_value(member)?
        }
        "shift_report" => serde_json::to_value(book.current_shift()?)?,
        "day_report" => {
            let outlet =
                take_str(fields, "outlet")?.unwrap_or_else(|| book.terminal().outlet.clone());
            let day = match day(fields, "day")? {
                Some(d) => d,
                None => book.terminal().rules.local(book.now()).date(),
            };
            serde_json::to_value(book.day_report(&outlet, day)?)?
        }
        "account" => {
            let no = need(fields, "member_no")?;
            book.member(&no)?
                .ok_or_else(|| OpError::UnknownMember(no.clone()))?;
            serde_json::to_value(book.account(&no)?)?
        }
        "member_statement" => {
            let no = need(fields, "member_no")?;
            let (from, to) = (day(fields, "from")?, day(fields, "to")?);
            serde_json::to_value(book.member_statement(&no, from, to)?)?
        }
        "find_entries" => {
            let bill = take_str(fields, "bill_ref")?;
            let folio = take_str(fields, "folio_ref")?;
            let reference = match (&bill, &folio) {
                (Some(b), None) => Reference::Bill(b),
                (None, Some(f)) => Reference::Folio(f),
                (Some(_), Some(_)) => {
                    return Err(OpError::invalid(
                        "folio_ref",
                        "账单号和房单号只能给一个",
                        "cannot be given together with a bill reference; give one",
                    ))
                }
                (None, None) => {
                    return Err(OpError::invalid(
                        "bill_ref",
                        "须给出账单号或房单号之一",
                        "or a folio reference is required",
                    ))
                }
            };
            serde_json::to_value(book.find_entries(reference)?)?
        }
        "coupon_status" => serde_json::to_value(book.coupon_status(&need(fields, "code")?)?)?,
        _ => {
            let no = need(fields, "member_no")?;
            let entries = book.recent_entries(&no, 100)?;
            let list: Vec<Value> = entries
                .iter()
                .map(|e| {
                    json!({
                        "entry_id": e.id(), "kind": e.kind, "hlc": e.hlc, "operator": e.header.operator,
                        "outlet": e.header.outlet, "reversal_of": e.header.reversal_of,
                        "body": serde_json::from_str::<Value>(&e.body).unwrap_or(Value::Null),
                    })
                })
                .collect();
            Value::Array(list)
        }
    };
    if let Some(extra) = fields.keys().next() {
        return Err(OpError::invalid(
            extra,
            "本操作没有这一项",
            "is not part of this operation",
        ));
    }
    if !may_see_ids {
        crate::redact::id_docs(&mut result);
    }
    Ok(result)
}

/// A local business day written 2026-11-23, if given.
fn day(fields: &mut Map<String, Value>, key: &str) -> Result<Option<chrono::NaiveDate>, OpError> {
    take_str(fields, key)?
        .map(|d| {
            d.trim().parse().map_err(|_| {
                OpError::invalid(
                    key,
                    "日期格式应为 2026-11-23",
                    "a day is written 2026-11-23",
                )
            })
        })
        .transpose()
}
