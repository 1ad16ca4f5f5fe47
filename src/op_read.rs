//! The kinds of `carddesk op` that only read: lookups, the member's journal, balances,
//! the checkout quote and the reports. ID-document numbers are masked as the member
//! screen masks them unless the caller may see them whole (a supervisor or an admin
//! logged in with their PIN, or a supervisor's approval in the envelope).

use carddesk_data::lookup::mask_id;
use carddesk_data::{Actor, Book, Checkout, OpError};
use serde_json::{json, Map, Value};

use crate::op_cmd::take_str;
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
            let day = match take_str(fields, "day")? {
                Some(d) => d.parse().map_err(|_| {
                    OpError::invalid(
                        "day",
                        "日期格式应为 2026-11-23",
                        "a day is written 2026-11-23",
                    )
                })?,
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
        mask_id_docs(&mut result);
    }
    Ok(result)
}

/// Masks every ID-document number in a journal body: `id_doc` values, and the value
/// of a credential of kind `id_doc`.
fn mask_id_docs(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(s)) = m.get_mut("id_doc") {
                *s = mask_id(s);
            }
            if m.get("kind").and_then(Value::as_str) == Some("id_doc") {
                if let Some(Value::String(s)) = m.get_mut("value") {
                    *s = mask_id(s);
                }
            }
            m.values_mut().for_each(mask_id_docs);
        }
        Value::Array(items) => items.iter_mut().for_each(mask_id_docs),
        _ => {}
    }
}
