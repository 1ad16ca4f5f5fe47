//! Bulk coupons (批量发券) on the book: the preview (how many members, writes nothing)
//! and the issue, one `coupon_issued` entry per member, all in one transaction. The
//! members and the checks are `ops::bulk`'s. Idempotent by op id: a retry (on this
//! terminal, or on another once the entries have synced) finds the members' entries,
//! whose op ids are derived from the bulk's, posts nothing and answers as the first time.

use carddesk_model::text::Why;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};

use crate::answers;
use crate::book::{write, Book};
use crate::error::OpError;
use crate::findings::{Problem, Report};
use crate::journal;
use crate::ops::{self, bulk, Actor, BulkCoupons, IssueCouponsBulk, Terminal};

impl Book {
    /// What issuing `r` would do now: the template and how many members get one (and
    /// how many are left out, frozen). Refused as the issue would be. Writes nothing.
    pub fn preview_coupons_bulk(
        &self,
        actor: &Actor,
        r: &IssueCouponsBulk,
    ) -> Result<BulkCoupons, OpError> {
        let members = with_ctx(self.conn(), self.terminal(), actor, self.now(), |ctx| {
            bulk::audience(ctx, r)
        })?;
        Ok(BulkCoupons {
            template: r.template.clone(),
            members: members.active.len() as u64,
            skipped_frozen: members.frozen,
            first_entry: None,
            last_entry: None,
            replayed: false,
        })
    }

    /// Issues `r`'s template to every active member of its audience, each as its own
    /// entry, all or none. The same `op_id` again posts nothing and gives the same
    /// answer (marked `replayed`); with another request it is refused.
    pub fn issue_coupons_bulk(
        &mut self,
        actor: &Actor,
        op_id: &str,
        r: &IssueCouponsBulk,
    ) -> Result<BulkCoupons, OpError> {
        let op_id = op_id.trim();
        if op_id.is_empty() || op_id.len() > 128 {
            return Err(OpError::invalid("op_id", Why::OpIdLength));
        }
        let fingerprint = fingerprint(r);
        let now = self.now();
        let terminal = self.terminal().clone();
        let (conn, key) = self.conn_and_key();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let answered = answers::fingerprint(&tx, op_id)?;
        if answered.as_ref().is_some_and(|first| *first != fingerprint) {
            return Err(OpError::OpIdReused(op_id.to_string()));
        }
        if let Some(done) = replay(&tx, op_id, &r.template)? {
            return Ok(done);
        }
        if answered.is_some() {
            // Answered before, with nobody to issue to: that answer again.
            if let Some(json) = answers::stored_json(&tx, op_id)? {
                let mut first: BulkCoupons = serde_json::from_str(&json)?;
                first.replayed = true;
                return Ok(first);
            }
        }
        if journal_has(&tx, op_id)? {
            // Another request's id (posted elsewhere and synced).
            return Err(OpError::OpIdReused(op_id.to_string()));
        }
        let from = key.begin(&tx, &terminal.id)?;
        let members = with_ctx(&tx, &terminal, actor, now, |ctx| bulk::audience(ctx, r))?;
        let mut answer = BulkCoupons {
            template: r.template.clone(),
            members: 0,
            skipped_frozen: members.frozen,
            first_entry: None,
            last_entry: None,
            replayed: false,
        };
        for member_no in &members.active {
            let id = bulk::member_op_id(op_id, member_no);
            let entry = write(&tx, &terminal, actor, &id, now, |ctx| {
                bulk::member_entry(ctx, r, member_no).map(Some)
            })?;
            if let Some(e) = entry {
                answer.members += 1;
                answer.first_entry.get_or_insert_with(|| e.id().into());
                answer.last_entry = Some(e.id().into());
            }
        }
        answers::record_json(&tx, op_id, &fingerprint, &serde_json::to_string(&answer)?)?;
        key.seal(&tx, &terminal.id, from)?;
        tx.commit()?;
        Ok(answer)
    }
}

/// Runs `f` with a decision context for this terminal's next entry (nothing written).
fn with_ctx<T>(
    conn: &Connection,
    terminal: &Terminal,
    actor: &Actor,
    now: chrono::DateTime<chrono::Utc>,
    f: impl FnOnce(&ops::Ctx) -> Result<T, OpError>,
) -> Result<T, OpError> {
    let (next_seq, _) = journal::chain_tip(conn, &terminal.id)?;
    f(&ops::Ctx {
        conn,
        terminal,
        actor,
        op_id: "bulk",
        next_seq,
        entry_id: journal::entry_id(&terminal.id, next_seq),
        now,
    })
}

/// The request's fingerprint, told apart from every single request's.
fn fingerprint(r: &IssueCouponsBulk) -> Vec<u8> {
    let json = serde_json::to_vec(&("issue_coupons_bulk", r)).unwrap_or_default();
    Sha256::digest(json).to_vec()
}

/// Whether an entry has `op_id` itself (another request's: a bulk writes none).
fn journal_has(conn: &Connection, op_id: &str) -> Result<bool, OpError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM journal WHERE op_id = ?1")?
        .exists([op_id])?)
}

/// The answer to a bulk already posted (here, or elsewhere and synced), rebuilt from
/// its members' entries; None when there are none. Refused when they issued another
/// template (the op id was another request's).
fn replay(conn: &Connection, op_id: &str, template: &str) -> Result<Option<BulkCoupons>, OpError> {
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
