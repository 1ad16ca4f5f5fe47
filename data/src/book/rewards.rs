//! The rewards an operation brings with it, written as their own entries in its
//! transaction (see ops::rewards): the welcome reward of a registration, the referrer's
//! reward for a referred member's first top-up or checkout, and, when that top-up or
//! checkout is reversed, the reversal of the reward it earned.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::write;
use crate::entry::EntryBody;
use crate::error::OpError;
use crate::journal::Entry;
use crate::ops::{self, Actor, Reverse, Terminal};

/// Op ids of follow-ups: the operation's own, then `#` and what follows.
pub(crate) fn welcome_op_id(op_id: &str) -> String {
    format!("{op_id}#welcome")
}

pub(crate) fn referral_op_id(op_id: &str) -> String {
    format!("{op_id}#referral")
}

pub(crate) fn company_op_id(op_id: &str) -> String {
    format!("{op_id}#company")
}

/// Writes the rewards `entry` (just written, body `body`) brings; their entry ids.
pub(super) fn follow(
    conn: &Connection,
    terminal: &Terminal,
    actor: &Actor,
    op_id: &str,
    now: DateTime<Utc>,
    entry: &Entry,
    body: &EntryBody,
) -> Result<Vec<String>, OpError> {
    let Some(member_no) = entry.header.member_no.as_deref() else {
        return Ok(Vec::new());
    };
    let first = entry.id();
    let written = match body {
        EntryBody::MemberRegistered { .. } => {
            write(conn, terminal, actor, &welcome_op_id(op_id), now, |ctx| {
                ops::rewards::welcome(ctx, member_no)
            })?
        }
        EntryBody::ToppedUp { amount, .. } => {
            write(conn, terminal, actor, &referral_op_id(op_id), now, |ctx| {
                ops::rewards::referral(ctx, member_no, &first, *amount)
            })?
        }
        EntryBody::CheckedOut { lines, .. } => {
            write(conn, terminal, actor, &referral_op_id(op_id), now, |ctx| {
                ops::rewards::referral(ctx, member_no, &first, lines.own_money())
            })?
        }
        EntryBody::StayPosted { nights, .. } => {
            write(conn, terminal, actor, &company_op_id(op_id), now, |ctx| {
                ops::corporate::stay_reward(ctx, member_no, &first, *nights)
            })?
        }
        EntryBody::Reversed { reason, .. } => {
            let Some(original) = entry.header.reversal_of.as_deref() else {
                return Ok(Vec::new());
            };
            // A stay's company points go with the stay (see ops::corporate).
            if let Some(reward) = ops::corporate::standing_stay_reward(conn, original)? {
                let req = Reverse {
                    entry_id: reward.as_str().into(),
                    reason: format!("{reason} ({original})"),
                };
                let written = write(conn, terminal, actor, &company_op_id(op_id), now, |ctx| {
                    ops::decide_reversal(ctx, &req).map(Some)
                })?;
                return Ok(written.map(|e| vec![e.id()]).unwrap_or_default());
            }
            let Some(reward) = ops::rewards::standing_referral(conn, member_no, Some(original))?
            else {
                return Ok(Vec::new());
            };
            let req = Reverse {
                entry_id: reward.as_str().into(),
                reason: format!("{reason} ({original})"),
            };
            // A reward whose coupon the referrer already used cannot be taken back: it
            // stands (and, standing, is not given a second time).
            match write(conn, terminal, actor, &referral_op_id(op_id), now, |ctx| {
                ops::decide_reversal(ctx, &req).map(Some)
            }) {
                Err(OpError::NotReversible(..)) => None,
                other => other?,
            }
        }
        _ => None,
    };
    Ok(written.map(|e| vec![e.id()]).unwrap_or_default())
}
