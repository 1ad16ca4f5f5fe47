//! Bulk coupons (批量发券): who an audience is, and each member's own entry. The
//! transaction that writes them all is the book's (`crate::bulk_coupons`).

use carddesk_model::ops::{Audience, IssueCoupon, IssueCouponsBulk};
use carddesk_model::text::Why;
use rusqlite::params;
use sha2::{Digest, Sha256};

use super::members::reason;
use super::{coupons, Ctx, Decision};
use crate::error::{OpError, RuleItem};
use crate::permissions::Action;
use crate::visits::VISITS;

/// The longest dormant window a bulk issue takes (ten years).
const MAX_DORMANT_DAYS: u32 = 3650;
/// Request ids are at most this long (`Why::OpIdLength`), derived ones too.
const MAX_OP_ID: usize = 128;

/// The members of an audience this book holds: active ones (who get a coupon, in
/// member-no. order) and how many are frozen (who do not).
#[derive(Debug, Default)]
pub(crate) struct Members {
    pub active: Vec<String>,
    pub frozen: u64,
}

/// Checks a bulk issue (the approval, the reason, the template, the audience) and
/// finds its members. Writes nothing.
pub(crate) fn audience(ctx: &Ctx, r: &IssueCouponsBulk) -> Result<Members, OpError> {
    ctx.authorize(Action::IssueCouponManually)?;
    reason(&r.reason)?;
    if ctx.rules().coupon_template(&r.template).is_none() {
        return Err(OpError::UnknownRule {
            what: RuleItem::CouponTemplate,
            id: r.template.clone(),
        });
    }
    let rows: Vec<(String, String)> = match &r.audience {
        Audience::Dormant { days } => {
            if !(1..=MAX_DORMANT_DAYS).contains(days) {
                return Err(OpError::invalid("days", Why::DormantDays));
            }
            let cutoff =
                (ctx.now - chrono::Duration::days(i64::from(*days))).timestamp_millis() << 16;
            query(
                ctx,
                &format!(
                    "SELECT member_no, status FROM (
                       SELECT m.member_no, m.status,
                              (SELECT max(j.hlc) FROM journal j WHERE j.member_no = m.member_no
                                 AND j.kind IN ({VISITS})) AS last
                       FROM members m)
                     WHERE last IS NULL OR last < ?1 ORDER BY member_no"
                ),
                params![cutoff],
            )?
        }
        Audience::Tier { tier } => {
            if ctx.rules().tier(tier).is_none() {
                return Err(OpError::invalid(
                    "tier",
                    Why::NoSuchTier { tier: tier.clone() },
                ));
            }
            query(
                ctx,
                "SELECT member_no, status FROM members WHERE tier = ?1 ORDER BY member_no",
                params![tier],
            )?
        }
        Audience::BirthdayMonth { month } => {
            if !(1..=12).contains(month) {
                return Err(OpError::invalid("month", Why::MonthRange));
            }
            query(
                ctx,
                "SELECT member_no, status FROM members
                 WHERE birthday IS NOT NULL AND substr(birthday, 6, 2) = ?1 ORDER BY member_no",
                params![format!("{month:02}")],
            )?
        }
    };
    let mut out = Members::default();
    for (member_no, status) in rows {
        if status == "frozen" {
            out.frozen += 1;
        } else {
            out.active.push(member_no);
        }
    }
    let limit = &ctx.rules().bulk_coupons;
    if limit.too_many(out.active.len()) {
        return Err(OpError::invalid(
            "audience",
            Why::BulkTooMany {
                members: out.active.len(),
                max: limit.max_members,
            },
        ));
    }
    Ok(out)
}

fn query(
    ctx: &Ctx,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<(String, String)>, OpError> {
    let mut stmt = ctx.conn.prepare(sql)?;
    let rows = stmt.query_map(params, |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// What every member entry's op id of the bulk `op_id` starts with, before `#`: the
/// bulk's own id, or (when a member's id would pass 128 characters) a digest of it.
pub(crate) fn prefix(op_id: &str) -> String {
    if op_id.len() <= 64 {
        op_id.to_string()
    } else {
        format!(
            "bulk-{}",
            &hex::encode(Sha256::digest(op_id.as_bytes()))[..32]
        )
    }
}

/// The op id of `member_no`'s entry in the bulk `op_id`: derived, so a replica or the
/// hub accepts it (1 to 128 characters, unique chain-wide) and a retry finds it. Its
/// coupon's code is derived from it, as every coupon a request issues.
pub(crate) fn member_op_id(op_id: &str, member_no: &str) -> String {
    let id = format!("{}#{member_no}", prefix(op_id));
    if id.len() <= MAX_OP_ID {
        return id;
    }
    let digest = hex::encode(Sha256::digest(member_no.as_bytes()));
    format!("{}#{}", prefix(op_id), &digest[..32])
}

/// One member's entry: a `coupon_issued` like `issue_coupon`'s, approved as the bulk
/// was, its code derived from the member's op id (the context's).
pub(crate) fn member_entry(
    ctx: &Ctx,
    r: &IssueCouponsBulk,
    member_no: &str,
) -> Result<Decision, OpError> {
    let body = coupons::issue(
        ctx,
        &IssueCoupon {
            member_no: member_no.into(),
            template: r.template.clone(),
            reason: r.reason.clone(),
        },
    )?;
    Ok(Decision {
        member_no: Some(member_no.to_string()),
        reversal_of: None,
        body,
    })
}
