//! Who allows a spend (DESIGN.md §4). With a hub configured, every spend of stored value,
//! points, count-card uses or a coupon is first put to the hub, which checks it against
//! the chain-wide balance (one round trip, idempotent by op id, carrying this terminal's
//! entries the hub lacks). When the hub cannot be reached the spend is allowed only within
//! the offline caps of `[rules.offline]`, and its entry is marked `offline`. A terminal
//! without a hub is the whole truth: no round trip, no caps.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::effects::Effect;
use crate::entry::EntryBody;
use crate::error::{OfflineLimit, OpError};
use crate::journal::Entry;
use crate::ops::{Decision, Terminal};
use crate::wire::{Tip, WireEntry};

/// What an entry takes from a member, as the hub authorizes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "asset", rename_all = "snake_case", deny_unknown_fields)]
pub enum Spend {
    /// Principal and bonus together.
    StoredValue {
        amount: Decimal,
    },
    Points {
        points: i64,
    },
    CountCard {
        card: String,
        uses: i64,
    },
    Coupon {
        code: String,
    },
    /// Settling a conflict: only one supervisor may settle it.
    Conflict {
        conflict_id: String,
    },
    /// Reversing an entry: only once, chain-wide.
    Reversal {
        entry_id: String,
    },
}

/// `POST /v1/authorize`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorizeRequest {
    pub op_id: String,
    pub member_no: String,
    pub spends: Vec<Spend>,
    /// This terminal's entries the hub may not have yet, ingested before the check so
    /// the hub sees what this terminal sees (a top-up made a minute ago).
    #[serde(default)]
    pub pending: Vec<WireEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorizeReply {
    pub approved: bool,
    /// Why not: `insufficient`, `debt`, `coupon_taken`, `conflict_settled`, `unknown`,
    /// `op_id_reused` (the op id was approved for a different request).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub code: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message_en: String,
    /// The hub's tip of the asking terminal after `pending` was stored.
    pub tip: Tip,
}

/// The hub's answer as the book sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthAnswer {
    Approved,
    Refused {
        message: String,
        message_en: String,
    },
    /// No answer in time: the counter goes on offline, within the caps.
    Unreachable,
}

/// The counter's link to the hub for spends (implemented over HTTP by the binary; the
/// data crate stays free of networking).
pub trait Authorizer: Send {
    /// The last seq of this terminal the hub holds; None when that is unknown because
    /// the hub cannot be reached.
    fn hub_tip(&mut self) -> Option<i64>;
    fn authorize(
        &mut self,
        op_id: &str,
        member_no: &str,
        spends: &[Spend],
        pending: &[Entry],
    ) -> AuthAnswer;
}

/// The spends of a counter operation's entry; empty for everything that only gives
/// (top-ups, earning, sales) and for the hub's own and system entries.
pub fn spends_of(body: &EntryBody) -> Vec<Spend> {
    match body {
        EntryBody::CheckedOut { .. }
        | EntryBody::GiftRedeemed { .. }
        | EntryBody::PointsConverted { .. }
        // A tier bought with points (`buy_tier`) spends them; the automatic changes don't.
        | EntryBody::TierChanged { points: 1.., .. }
        | EntryBody::StoredValueRefunded { .. }
        | EntryBody::CountCardUsed { .. }
        | EntryBody::CouponRedeemed { .. } => {}
        EntryBody::ConflictSettled { conflict_id, .. } => {
            return vec![Spend::Conflict {
                conflict_id: conflict_id.clone(),
            }]
        }
        _ => return Vec::new(),
    }
    let mut money = Decimal::ZERO;
    let mut points = 0;
    let mut out = Vec::new();
    for e in body.effects() {
        match e {
            Effect::Principal { delta } | Effect::Bonus { delta } if *delta < Decimal::ZERO => {
                money -= delta
            }
            Effect::LotDrawn { points: p, .. } if *p > 0 => points += p,
            Effect::CountCardUsed { card, uses } if *uses > 0 => out.push(Spend::CountCard {
                card: card.clone(),
                uses: *uses,
            }),
            Effect::CouponRedeemed { code } => out.push(Spend::Coupon { code: code.clone() }),
            _ => {}
        }
    }
    if points > 0 {
        out.insert(0, Spend::Points { points });
    }
    if money > Decimal::ZERO {
        out.insert(0, Spend::StoredValue { amount: money });
    }
    out
}

/// Puts the spends of `body` to the hub. Ok(false): allowed online (or nothing to ask);
/// Ok(true): allowed offline within the caps, to be marked offline.
pub(crate) fn gate(
    conn: &Connection,
    terminal: &Terminal,
    auth: &mut dyn Authorizer,
    op_id: &str,
    decision: &Decision,
    now: DateTime<Utc>,
) -> Result<bool, OpError> {
    let mut spends = spends_of(&decision.body);
    if let Some(id) = &decision.reversal_of {
        spends.push(Spend::Reversal {
            entry_id: id.to_string(),
        });
    }
    let (Some(member_no), false) = (decision.member_no.as_deref(), spends.is_empty()) else {
        return Ok(false);
    };
    let answer = match auth.hub_tip() {
        None => AuthAnswer::Unreachable,
        Some(tip) => {
            let pending = crate::chain::entries_after(conn, &terminal.id, tip, PENDING_LIMIT)?;
            auth.authorize(op_id, member_no, &spends, &pending)
        }
    };
    match answer {
        AuthAnswer::Approved => Ok(false),
        AuthAnswer::Refused {
            message,
            message_en,
        } => Err(OpError::HubRefused {
            message,
            message_en,
        }),
        AuthAnswer::Unreachable => {
            offline_check(conn, terminal, member_no, &spends, now)?;
            Ok(true)
        }
    }
}

/// Entries carried by one authorization; more wait for the background sync.
const PENDING_LIMIT: usize = 2_000;

/// What this terminal already let go offline in the window.
#[derive(Debug, Default)]
struct OfflineUse {
    member_money: Decimal,
    member_points: i64,
    member_spends: u32,
    terminal_money: Decimal,
}

/// The offline caps: refuses a spend that would pass one, and any offline spend of a
/// member with debt or an open conflict.
fn offline_check(
    conn: &Connection,
    terminal: &Terminal,
    member_no: &str,
    spends: &[Spend],
    now: DateTime<Utc>,
) -> Result<(), OpError> {
    // Settling and reversing must be done once chain-wide: they wait for the hub.
    if spends
        .iter()
        .any(|s| matches!(s, Spend::Conflict { .. } | Spend::Reversal { .. }))
    {
        return Err(OpError::NeedsHub);
    }
    let debt = crate::account::account(conn, member_no)?.debt;
    let open: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM conflicts WHERE member_no = ?1 AND settled_by IS NULL",
        )?
        .query_row([member_no], |r| r.get(0))?;
    if debt > Decimal::ZERO || open > 0 {
        return Err(OpError::OfflineBlocked {
            member_no: member_no.to_string(),
            debt,
            open_conflicts: open,
        });
    }
    let caps = &terminal.rules.offline;
    let used = offline_use(conn, &terminal.id, member_no, caps.window_hours, now)?;
    let money: Decimal = spends
        .iter()
        .map(|s| match s {
            Spend::StoredValue { amount } => *amount,
            _ => Decimal::ZERO,
        })
        .sum();
    let points: i64 = spends
        .iter()
        .map(|s| match s {
            Spend::Points { points } => *points,
            _ => 0,
        })
        .sum();
    let over = |what, limit: Decimal, used: Decimal, asked: Decimal| {
        (asked > Decimal::ZERO && used + asked > limit).then_some(OpError::OfflineLimit {
            what,
            limit,
            used,
            asked,
        })
    };
    let refusal = over(
        OfflineLimit::MemberSpends,
        caps.max_spends_per_member.into(),
        used.member_spends.into(),
        Decimal::ONE,
    )
    .or_else(|| {
        over(
            OfflineLimit::MemberStoredValue,
            caps.max_stored_value_per_member,
            used.member_money,
            money,
        )
    })
    .or_else(|| {
        over(
            OfflineLimit::MemberPoints,
            caps.max_points_per_member.into(),
            used.member_points.into(),
            points.into(),
        )
    })
    .or_else(|| {
        over(
            OfflineLimit::TerminalExposure,
            caps.max_terminal_exposure,
            used.terminal_money,
            money,
        )
    });
    match refusal {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn offline_use(
    conn: &Connection,
    terminal: &str,
    member_no: &str,
    window_hours: i64,
    now: DateTime<Utc>,
) -> Result<OfflineUse, OpError> {
    let since =
        (now - Duration::hours(window_hours)).timestamp_millis() << crate::hlc::LOGICAL_BITS;
    let mut stmt = conn.prepare_cached(
        "SELECT member_no, body FROM journal WHERE terminal = ?1 AND offline = 1 AND hlc >= ?2",
    )?;
    let rows = stmt.query_map(params![terminal, since], |r| {
        Ok((r.get::<_, Option<String>>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut used = OfflineUse::default();
    for row in rows {
        let (member, body) = row?;
        let body: EntryBody = serde_json::from_str(&body)?;
        let spends = spends_of(&body);
        let mine = member.as_deref() == Some(member_no);
        if mine && !spends.is_empty() {
            used.member_spends += 1;
        }
        for s in spends {
            match s {
                Spend::StoredValue { amount } => {
                    used.terminal_money += amount;
                    if mine {
                        used.member_money += amount;
                    }
                }
                Spend::Points { points } if mine => used.member_points += points,
                _ => {}
            }
        }
    }
    Ok(used)
}
