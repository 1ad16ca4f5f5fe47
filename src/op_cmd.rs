//! `carddesk op KIND`: one JSON request on stdin, one JSON result on stdout, so a hotel
//! PMS or a restaurant POS can integrate and support can script. The request is the
//! operation's fields plus an optional envelope: `op_id` (the idempotency key; pass one
//! so a retry posts once), `operator`, and `supervisor` ({"id": .., "pin": ..}) for the
//! privileged steps (refund, points adjustment, reversal), checked on the spot. A staff
//! id given as `operator` needs its `operator_pin`.

use carddesk_data::{Actor, Book, Checkout, Lang, OpError, Request, Role};
use serde_json::{json, Map, Value};

/// Kinds that only read.
const READS: &[&str] = &[
    "find_member",
    "show_member",
    "member_journal",
    "account",
    "quote_checkout",
    "shift_report",
    "day_report",
];

pub struct OpResult {
    pub json: Value,
    /// 0 done, 2 refused (a typed error with a stable code).
    pub exit_code: i32,
}

fn refused(e: &OpError, lang: Lang) -> OpResult {
    OpResult {
        json: json!({"ok": false, "error": {"code": e.code(), "message": e.message(lang), "message_en": e.message(Lang::En)}}),
        exit_code: 2,
    }
}

fn done(result: Value) -> OpResult {
    OpResult {
        json: json!({"ok": true, "result": result}),
        exit_code: 0,
    }
}

pub fn run(book: &mut Book, lang: Lang, kind: &str, input: &str) -> OpResult {
    match run_inner(book, kind, input) {
        Ok(v) => done(v),
        Err(e) => refused(&e, lang),
    }
}

fn take_str(m: &mut Map<String, Value>, key: &str) -> Result<Option<String>, OpError> {
    match m.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(OpError::invalid(key, "应为字符串", "must be a string")),
    }
}

fn bad_json(e: impl std::fmt::Display) -> OpError {
    OpError::invalid(
        "request",
        format!("JSON 无法解析：{e}"),
        format!("the JSON does not parse: {e}"),
    )
}

fn run_inner(book: &mut Book, kind: &str, input: &str) -> Result<Value, OpError> {
    let value: Value = if input.trim().is_empty() {
        json!({})
    } else {
        serde_json::from_str(input).map_err(bad_json)?
    };
    let Value::Object(mut fields) = value else {
        return Err(OpError::invalid(
            "request",
            "请求应为 JSON 对象",
            "the request must be a JSON object",
        ));
    };
    let operator = take_str(&mut fields, "operator")?.unwrap_or_else(|| "api".into());
    let operator_pin = take_str(&mut fields, "operator_pin")?;
    // A staff id acts with its role only when its PIN is given: naming an admin is not
    // being one. Other names (a PMS, a POS) are recorded as given, with no role.
    match operator_pin {
        Some(pin) => {
            book.login(&operator, &pin)?;
        }
        None if book.is_operator(&operator)? => {
            return Err(OpError::invalid(
                "operator_pin",
                format!("操作员 {operator} 须提供密码"),
                format!("operator {operator} must give their PIN"),
            ))
        }
        None => {}
    }
    let mut actor = Actor::new(operator, book.terminal().outlet.clone());
    if kind == "quote_checkout" {
        let checkout: Checkout = serde_json::from_value(Value::Object(fields)).map_err(bad_json)?;
        return Ok(serde_json::to_value(
            book.quote_checkout(&actor, &checkout)?,
        )?);
    }
    if READS.contains(&kind) {
        return read(book, kind, &mut fields);
    }
    let op_id = take_str(&mut fields, "op_id")?.unwrap_or_else(auto_op_id);
    if let Some(sup) = fields.remove("supervisor") {
        let id = sup.get("id").and_then(Value::as_str).unwrap_or_default();
        let pin = sup.get("pin").and_then(Value::as_str).unwrap_or_default();
        actor.approved_by = Some(book.approve(id, pin, Role::Supervisor)?.operator_id);
    }
    fields.insert("op".into(), Value::String(kind.to_string()));
    let request: Request = serde_json::from_value(Value::Object(fields)).map_err(|e| {
        if e.to_string().starts_with("unknown variant") {
            OpError::invalid(
                "op",
                format!("没有“{kind}”这种操作"),
                format!("there is no operation {kind:?}"),
            )
        } else {
            bad_json(e)
        }
    })?;
    let outcome = book.execute(&actor, &op_id, &request)?;
    Ok(serde_json::to_value(outcome)?)
}

fn read(book: &mut Book, kind: &str, fields: &mut Map<String, Value>) -> Result<Value, OpError> {
    let need = |fields: &mut Map<String, Value>, key: &str| -> Result<String, OpError> {
        take_str(fields, key)?.ok_or_else(|| OpError::invalid(key, "缺少此项", "is required"))
    };
    let result = match kind {
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
        return Err(OpError::invalid(extra, "不认识的字段", "unknown field"));
    }
    Ok(result)
}

/// A fresh id for a request that brought none (it then has no retry protection).
fn auto_op_id() -> String {
    let bytes: [u8; 12] = rand::random();
    format!("auto-{}", hex::encode(bytes))
}
