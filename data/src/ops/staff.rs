//! Staff: operators with a role and a PIN, and the member's payment PIN. The first
//! operator of an empty book is the admin who sets it up; after that only an admin adds
//! operators.

use carddesk_model::ops::{
    AddOperator, ChangeOperatorPin, Operator, OperatorListing, SetOperatorActive, SetPaymentPin,
};
use carddesk_model::text::Why;
use rusqlite::{Connection, OptionalExtension};

use super::{Ctx, Decision};
use crate::entry::{EntryBody, Role};
use crate::error::OpError;
use crate::permissions::Action;
use crate::pin;

pub(crate) fn add_operator(ctx: &Ctx, r: &AddOperator) -> Result<Decision, OpError> {
    if has_operators(ctx.conn)? {
        ctx.authorize(Action::ManageOperators)?;
    } else if r.role != Role::Admin {
        return Err(OpError::invalid("role", Why::FirstIsAdmin));
    }
    let id = r.operator_id.trim();
    if id.is_empty() || id.len() > 16 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(OpError::invalid("operator_id", Why::OperatorIdForm));
    }
    let name = r.name.trim();
    if name.is_empty() || name.chars().count() > 40 {
        return Err(OpError::invalid("name", Why::OperatorNameRequired));
    }
    pin::check_role_form("pin", &r.pin, r.role)?;
    Ok(Decision {
        member_no: None,
        reversal_of: None,
        body: EntryBody::OperatorAdded {
            operator_id: id.to_string(),
            name: name.to_string(),
            role: r.role,
            pin_hash: pin::hash(&r.pin)?,
        },
    })
}

pub(crate) fn set_payment_pin(ctx: &Ctx, r: &SetPaymentPin) -> Result<EntryBody, OpError> {
    let m = ctx.active_member(&r.member_no)?;
    pin::check_form("pin", &r.pin)?;
    let current = crate::account::payment_pin_hash(ctx.conn, &m.member_no)?;
    let approved_by = match (current, r.old_pin.as_deref()) {
        (None, _) => None,
        (Some(hash), Some(old)) => {
            pin::check_form("old_pin", old)?;
            let subject = format!("member:{}", m.member_no);
            pin::ensure_not_locked(ctx.conn, &subject, ctx.now.timestamp_millis())?;
            if !pin::matches(old, &hash) {
                // Counted by the book after this operation's transaction rolls back.
                return Err(OpError::WrongPin {
                    subject,
                    attempts_left: 0,
                });
            }
            None
        }
        (Some(_), None) => Some(ctx.authorize(Action::ResetPaymentPin)?),
    };
    Ok(EntryBody::PaymentPinSet {
        pin_hash: pin::hash(&r.pin)?,
        approved_by,
    })
}

pub fn has_operators(conn: &Connection) -> Result<bool, OpError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM operators LIMIT 1")?
        .query_row([], |_| Ok(()))
        .optional()?
        .is_some())
}

pub(crate) fn role_of(conn: &Connection, operator_id: &str) -> Result<Option<Role>, OpError> {
    Ok(operator(conn, operator_id)?.map(|(o, _)| o.role))
}

pub(crate) fn operator(
    conn: &Connection,
    operator_id: &str,
) -> Result<Option<(Operator, String)>, OpError> {
    let row: Option<(String, String, String, String)> = conn
        .prepare_cached(
            "SELECT operator_id, name, role, pin_hash FROM operators
             WHERE operator_id = ?1 AND active = 1",
        )?
        .query_row([operator_id.trim()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    Ok(row.map(|(operator_id, name, role, hash)| {
        (
            Operator {
                operator_id,
                name,
                role: Role::parse(&role).unwrap_or(Role::Cashier),
            },
            hash,
        )
    }))
}

/// Checks an operator's PIN (login or on-the-spot approval). Wrong PINs count toward a
/// lockout; the counters live outside any operation's transaction.
pub(crate) fn check_operator_pin(
    conn: &Connection,
    operator_id: &str,
    pin_entered: &str,
    now_ms: i64,
    policy: &crate::rules::StaffRules,
) -> Result<Operator, OpError> {
    let subject = format!("operator:{}", operator_id.trim());
    pin::ensure_not_locked(conn, &subject, now_ms)?;
    let Some((op, hash)) = operator(conn, operator_id)? else {
        return Err(OpError::UnknownOperator(operator_id.trim().to_string()));
    };
    if pin::verify(pin_entered, &hash)? {
        pin::clear_failures(conn, &subject)?;
        Ok(op)
    } else {
        Err(pin::record_failure(conn, &subject, now_ms, policy)?)
    }
}

fn exists_any(conn: &Connection, id: &str) -> Result<Option<bool>, OpError> {
    Ok(conn
        .prepare_cached("SELECT active FROM operators WHERE operator_id = ?1")?
        .query_row([id.trim()], |r| r.get::<_, bool>(0))
        .optional()?)
}

pub(crate) fn set_active(ctx: &Ctx, r: &SetOperatorActive) -> Result<Decision, OpError> {
    ctx.authorize(Action::ManageOperators)?;
    let id = r.operator_id.trim();
    let Some(active) = exists_any(ctx.conn, id)? else {
        return Err(OpError::UnknownOperator(id.to_string()));
    };
    if active == r.active {
        return Err(OpError::invalid("active", Why::OperatorAlready));
    }
    if !r.active && id == ctx.actor.operator {
        return Err(OpError::invalid("operator_id", Why::NotYourself));
    }
    Ok(Decision {
        member_no: None,
        reversal_of: None,
        body: EntryBody::OperatorActiveSet {
            operator_id: id.to_string(),
            active: r.active,
        },
    })
}

pub(crate) fn change_pin(ctx: &Ctx, r: &ChangeOperatorPin) -> Result<Decision, OpError> {
    let id = r.operator_id.trim();
    if id != ctx.actor.operator {
        ctx.authorize(Action::ManageOperators)?;
    }
    if exists_any(ctx.conn, id)?.is_none() {
        return Err(OpError::UnknownOperator(id.to_string()));
    }
    let role: Option<String> = ctx
        .conn
        .prepare_cached("SELECT role FROM operators WHERE operator_id = ?1")?
        .query_row([id], |row| row.get(0))
        .optional()?;
    let role = role
        .as_deref()
        .and_then(Role::parse)
        .unwrap_or(Role::Cashier);
    pin::check_role_form("pin", &r.pin, role)?;
    Ok(Decision {
        member_no: None,
        reversal_of: None,
        body: EntryBody::OperatorPinChanged {
            operator_id: id.to_string(),
            pin_hash: pin::hash(&r.pin)?,
        },
    })
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<OperatorListing>, OpError> {
    let mut stmt = conn.prepare_cached(
        "SELECT operator_id, name, role, active FROM operators ORDER BY operator_id",
    )?;
    let rows = stmt.query_map([], |r| {
        let role: String = r.get(2)?;
        Ok(OperatorListing {
            operator_id: r.get(0)?,
            name: r.get(1)?,
            role: Role::parse(&role).unwrap_or(Role::Cashier),
            active: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
