//! Bulk coupons (批量发券) on the book (the book's side is `book/bulk.rs`): the preview
//! (how many members, writes nothing) and the issue, one `coupon_issued` entry per
//! member, all in one transaction. The
//! members and the checks are `ops::bulk`'s. Idempotent by op id: a retry (on this
//! terminal, or on another once the entries have synced) finds the members' entries,
//! whose op ids are derived from the bulk's, posts nothing and answers as the first time.

use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::answers;
use crate::error::OpError;
use crate::findings::{Problem, Report};
use crate::journal;
use crate::ops::{self, bulk, Actor, BulkCoupons, IssueCouponsBulk, Terminal};

/// Runs `f` with a decision context for this terminal's next entry (nothing written).
pub(crate) fn with_ctx<T>(
    conn: &Connection,
    terminal: &Terminal,
    actor: &Actor,
    now: chrono::DateTime<chrono::Utc>,
    f: impl FnOnce(&ops::Ctx) -> Result<T, OpError>,
) -> Result<T, OpError> {
    f(&ops::Ctx::next(conn, terminal, actor, "bulk", now)?)
}

/// The request's fingerprint, told apart from every single request's.
pub(crate) fn fingerprint(r: &IssueCouponsBulk) -> Vec<u8> {
    let json = serde_json::to_vec(&("issue_coupons_bulk", r)).unwrap_or_default();
    Sha256::digest(json).to_vec()
}

/// Whether an entry has `op_id` itself (another request's: a bulk writes none).
pub(crate) fn journal_has(conn: &Connection, op_id: &str) -> Result<bool, OpError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM journal WHERE op_id = ?1")?
        .exists([op_id])?)
}

/// The answer to a bulk already posted (here, or elsewhere and synced), rebuilt from
/// its members' entries; None when there are none. Refused when they issued another
/// template (the op id was another request's).
pub(crate) fn replay(
    conn: &Connection,
    op_id: &str,
    template: &str,
) -> Result<Option<BulkCoupons>, OpError> {
    let prefix = bulk::prefix(op_id);
    // '#' .. '$': every op id that starts with "<prefix>#" (the op id index finds them).
    let row: Option<Members> = conn
        .prepare_cached(
            "SELECT count(*), min(terminal || '-' || printf('%020d', seq)),
                    max(terminal || '-' || printf('%020d', seq)),
                    min(json_extract(body, '$.template')),
                    count(DISTINCT json_extract(body, '$.template'))
             FROM journal
             WHERE op_id > ?1 || '#' AND op_id < ?1 || '$' AND kind = 'coupon_issued'",
        )?
        .query_row(params![prefix], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
            ))
        })
        .optional()?;
    let Some((n, first, last, issued, templates)) = row.filter(|r| r.0 > 0) else {
        return Ok(None);
    };
    if templates != 1 || issued.as_deref() != Some(template) {
        return Err(OpError::OpIdReused(op_id.to_string()));
    }
    let stored: Option<BulkCoupons> =
        answers::stored_json(conn, op_id)?.and_then(|json| serde_json::from_str(&json).ok());
    Ok(Some(BulkCoupons {
        template: template.to_string(),
        members: n as u64,
        skipped_frozen: stored.map_or(0, |s| s.skipped_frozen),
        first_entry: first.map(|id| unpad(&id).into()),
        last_entry: last.map(|id| unpad(&id).into()),
        replayed: true,
    }))
}

/// Whether a stored answer is a bulk issue's (it counts members; a single request's
/// names its entry).
pub(crate) fn is_bulk_answer(result: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(result)
        .is_ok_and(|v| v.get("members").is_some() && v.get("entry_id").is_none())
}

/// `verify`: a bulk issue's stored answer agrees with the journal: as many member
/// entries under its op id as it counted, from its first entry to its last.
pub(crate) fn check_answer(
    conn: &Connection,
    op_id: &str,
    result: &str,
    report: &mut Report,
) -> Result<(), OpError> {
    let Ok(stored) = serde_json::from_str::<BulkCoupons>(result) else {
        report.push(Problem::AnswerDiffers {
            op_id: op_id.to_string(),
            field: "result".into(),
            expected: "an answer".into(),
            found: result.to_string(),
        });
        return Ok(());
    };
    let found = match replay(conn, op_id, &stored.template) {
        Ok(found) => found.unwrap_or(BulkCoupons {
            members: 0,
            first_entry: None,
            last_entry: None,
            ..stored.clone()
        }),
        Err(_) => {
            report.push(Problem::AnswerDiffers {
                op_id: op_id.to_string(),
                field: "template".into(),
                expected: "one template".into(),
                found: stored.template.clone(),
            });
            return Ok(());
        }
    };
    let show = |e: &Option<crate::EntryId>| e.as_ref().map(ToString::to_string).unwrap_or_default();
    for (field, expected, got) in [
        (
            "members",
            found.members.to_string(),
            stored.members.to_string(),
        ),
        (
            "first_entry",
            show(&found.first_entry),
            show(&stored.first_entry),
        ),
        (
            "last_entry",
            show(&found.last_entry),
            show(&stored.last_entry),
        ),
    ] {
        if expected != got {
            report.push(Problem::AnswerDiffers {
                op_id: op_id.to_string(),
                field: field.into(),
                expected,
                found: got,
            });
        }
    }
    Ok(())
}

/// What the journal holds under a bulk's op id: how many entries, the first and last
/// (padded for ordering), a template they issued and how many different ones.
type Members = (i64, Option<String>, Option<String>, Option<String>, i64);

/// `T01-00000000000000000042` → `T01-42`.
fn unpad(id: &str) -> String {
    match id.rsplit_once('-') {
        Some((t, seq)) => journal::entry_id(t, seq.parse().unwrap_or_default()),
        None => id.to_string(),
    }
}
