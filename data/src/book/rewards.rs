//! The rewards an operation brings with it, written as their own entries in its
//! transaction (see ops::rewards): the welcome reward of a registration, the referrer's
//! reward for a referred member's first top-up or checkout, and, when that top-up or
//! checkout is reversed, the reversal of the reward it earned; the same for the share
//! of a stay's booker (代订) and of the company a guest stays for (协议单位), and the
//! stay's reversal.

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

pub(crate) fn booking_op_id(op_id: &str) -> String {
    format!("{op_id}#booking")
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
        EntryBody::StayPosted {
            booker,
            booker_points,
            nights,
            ..
        } => {
            // The booker's share (代订) and the company's points (协议单位), each its
            // own entry of its own member.
            let mut written = Vec::new();
            if let Some(booker) = booker {
                let e = write(conn, terminal, actor, &booking_op_id(op_id), now, |ctx| {
                    ops::rewards::booking(ctx, member_no, &first, booker, *booker_points)
                })?;
                written.extend(e.map(|e| e.id()));
            }
            let e = write(conn, terminal, actor, &company_op_id(op_id), now, |ctx| {
                ops::corporate::stay_reward(ctx, member_no, &first, *nights)
            })?;
            written.extend(e.map(|e| e.id()));
            return Ok(written);
        }
        EntryBody::Reversed { reason, .. } => {
            let Some(original) = entry.header.reversal_of.as_deref() else {
                return Ok(Vec::new());
            };
            let mut written = Vec::new();
            let referral = ops::rewards::standing_referral(conn, member_no, Some(original))?;
            if let Some(reward) = referral {
                let id = referral_op_id(op_id);
                written.extend(take_back(
                    conn, terminal, actor, &id, now, &reward, reason, original,
                )?);
            }
            // A stay's booker gives back their share with the stay.
            if let Some(reward) = ops::rewards::standing_booking(conn, original)? {
                let id = booking_op_id(op_id);
                written.extend(take_back(
                    conn, terminal, actor, &id, now, &reward, reason, original,
                )?);
            }
            // A stay's company points go with the stay (see ops::corporate).
            if let Some(reward) = ops::corporate::standing_stay_reward(conn, original)? {
                let id = company_op_id(op_id);
                written.extend(take_back(
                    conn,
                    terminal,
                    actor,
                    &id,
                    now,
                    reward.as_str(),
                    reason,
                    original,
                )?);
            }
            return Ok(written);
        }
        _ => None,
    };
    Ok(written.map(|e| vec![e.id()]).unwrap_or_default())
}

/// Reverses `reward`, which `original` (just reversed, for `reason`) earned. A reward
/// whose coupon was already used cannot be taken back: it stands (and, standing, is not
/// given a second time).
#[allow(clippy::too_many_arguments)]
fn take_back(
    conn: &Connection,
    terminal: &Terminal,
    actor: &Actor,
    op_id: &str,
    now: DateTime<Utc>,
    reward: &str,
    reason: &str,
    original: &str,
) -> Result<Option<String>, OpError> {
    let req = Reverse {
        entry_id: reward.into(),
        reason: format!("{reason} ({original})"),
    };
    match write(conn, terminal, actor, op_id, now, |ctx| {
        ops::decide_reversal(ctx, &req).map(Some)
    }) {
        Err(OpError::NotReversible(..)) => Ok(None),
        other => Ok(other?.map(|e| e.id())),
    }
}
