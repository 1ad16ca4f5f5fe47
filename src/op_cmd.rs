//! `carddesk op KIND`: one JSON request on stdin, one JSON result on stdout, so a hotel
//! PMS or a restaurant POS can integrate and support can script. The request is the
//! operation's fields plus an optional envelope: `op_id` (the idempotency key; pass one
//! so a retry posts once), `operator`, and `supervisor` ({"id": .., "pin": ..}) for the
//! privileged steps (refund, points adjustment, reversal), checked on the spot. A staff
//! id given as `operator` needs its `operator_pin`. Reads and quotes accept the same
//! envelope and ignore `op_id`.

use carddesk_data::{Actor, Book, Lang, OpError, Request, Role};
use carddesk_model::text::Why;
use serde_json::{json, Map, Value};

use crate::op_json::{parse, take_str};
use crate::op_read;

/// Every refusal code `carddesk op` can answer with (documented in docs/notes/d-op.md).
pub const CODES: &[&str] = &[
    "unknown_member",
    "not_found",
    "not_held",
    "credential_lost",
    "credential_taken",
    "unknown_credential",
    "member_frozen",
    "already_in_state",
    "invalid_input",
    "op_id_reused",
    "storage_error",
    "unknown_operator",
    "wrong_pin",
    "locked_out",
    "needs_supervisor",
    "pin_required",
    "insufficient_balance",
    "coupon_mistyped",
    "coupon_unknown",
    "coupon_refused",
    "count_card_refused",
    "already_reversed",
    "not_reversible",
    "unknown_rule",
    "hub_refused",
    "offline_limit",
    "offline_blocked",
    "needs_hub",
    "unknown_conflict",
    "conflict_settled",
    "duplicate_folio",
];

pub struct OpResult {
    pub json: Value,
    /// 0 done, 2 refused (a typed error with a stable code).
    pub exit_code: i32,
}

fn refused(e: &OpError, lang: Lang) -> OpResult {
    let mut error =
        json!({"code": e.code(), "message": e.message(lang), "message_en": e.message(Lang::En)});
    if let Some(field) = e.field() {
        error["field"] = Value::String(field.to_string());
    }
    OpResult {
        json: json!({"ok": false, "error": error}),
        exit_code: 2,
    }
}

fn done(mut result: Value) -> OpResult {
    crate::redact::value(&mut result);
    OpResult {
        json: json!({"ok": true, "result": result}),
        exit_code: 0,
    }
}

/// Runs one request given as the bytes read from stdin (decoded here, so that bytes
/// that are not UTF-8 are refused like any other bad request).
pub fn run(book: &mut Book, lang: Lang, kind: &str, input: &[u8]) -> OpResult {
    answer(
        parse(input).and_then(|fields| run_fields(book, kind, fields)),
        lang,
    )
}

/// The result a request's outcome is printed as.
pub(crate) fn answer(outcome: Result<Value, OpError>, lang: Lang) -> OpResult {
    match outcome {
        Ok(v) => done(v),
        Err(e) => refused(&e, lang),
    }
}

/// A PIN as sent: a string of 4 to 12 digits, checked before it is compared so that a
/// malformed PIN never counts against the lockout.
fn take_pin(m: &mut Map<String, Value>, key: &str) -> Result<Option<String>, OpError> {
    let pin = match m.remove(key) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) => s,
        Some(_) => return Err(OpError::invalid(key, Why::PinAsString)),
    };
    carddesk_data::pin::check_form(key, &pin)?;
    Ok(Some(pin))
}

/// The envelope every kind accepts.
struct Envelope {
    actor: Actor,
    /// The operator's own role, when they logged in with their PIN.
    role: Option<Role>,
    op_id: Option<String>,
}

fn envelope(book: &Book, fields: &mut Map<String, Value>) -> Result<Envelope, OpError> {
    let operator = take_str(fields, "operator")?.unwrap_or_else(|| "api".into());
    let operator_pin = take_pin(fields, "operator_pin")?;
    let op_id = take_str(fields, "op_id")?;
    let supervisor = match fields.remove("supervisor") {
        None | Some(Value::Null) => None,
        Some(Value::Object(mut sup)) => {
            let id = take_str(&mut sup, "id")?
                .ok_or_else(|| OpError::invalid("supervisor", Why::SupervisorIdMissing))?;
            let pin = take_pin(&mut sup, "pin")?
                .ok_or_else(|| OpError::invalid("supervisor", Why::SupervisorPinMissing))?;
            if let Some(extra) = sup.keys().next() {
                return Err(OpError::invalid(extra, Why::NotInApproval));
            }
            Some((id, pin))
        }
        Some(_) => return Err(OpError::invalid("supervisor", Why::ApprovalForm)),
    };
    // A staff id acts with its role only when its PIN is given: naming an admin is not
    // being one. Other names (a PMS, a POS) are recorded as given, with no role.
    let role = match operator_pin {
        Some(pin) => Some(book.login(&operator, &pin)?.role),
        None if book.is_operator(&operator)? => {
            return Err(OpError::invalid(
                "operator_pin",
                Why::OperatorPinMissing {
                    operator: operator.to_string(),
                },
            ))
        }
        None => None,
    };
    let mut actor = Actor::new(operator, book.terminal().outlet.clone());
    if let Some((id, pin)) = supervisor {
        actor.approved_by = Some(book.approve(&id, &pin, Role::Supervisor)?.operator_id);
    }
    Ok(Envelope { actor, role, op_id })
}

/// Runs the request `kind` with its fields already read (one `op`, or one line of
/// `op --batch`): each write is its own transaction inside [`Book::execute`].
pub(crate) fn run_fields(
    book: &mut Book,
    kind: &str,
    mut fields: Map<String, Value>,
) -> Result<Value, OpError> {
    let env = envelope(book, &mut fields)?;
    let may_see_ids =
        env.role.is_some_and(|r| r >= Role::Supervisor) || env.actor.approved_by.is_some();
    if crate::op_kinds::READS.contains(&kind) {
        return op_read::read(book, &env.actor, may_see_ids, kind, fields);
    }
    let op_id = env.op_id.unwrap_or_else(auto_op_id);
    if crate::op_kinds::BULK.contains(&kind) {
        let r = crate::op_json::typed::<carddesk_data::ops::IssueCouponsBulk>(fields)?;
        return Ok(serde_json::to_value(
            book.issue_coupons_bulk(&env.actor, &op_id, &r)?,
        )?);
    }
    let request = request(kind, fields)?;
    let outcome = book.execute(&env.actor, &op_id, &request)?;
    let mut answer = serde_json::to_value(outcome)?;
    // A posting's answer carries the member: masked as the reads are.
    if !may_see_ids {
        crate::redact::id_docs(&mut answer);
    }
    Ok(answer)
}

/// The write request `kind` names, read from `fields` (see [`crate::op_kinds`]).
fn request(kind: &str, fields: Map<String, Value>) -> Result<Request, OpError> {
    crate::op_kinds::write(kind, fields).unwrap_or_else(|| {
        Err(OpError::invalid(
            "op",
            Why::NoSuchOp {
                kind: kind.to_string(),
            },
        ))
    })
}

/// A fresh id for a request that brought none (it then has no retry protection).
fn auto_op_id() -> String {
    let bytes: [u8; 12] = rand::random();
    format!("auto-{}", hex::encode(bytes))
}
