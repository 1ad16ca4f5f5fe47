//! The book's side of the notice outbox (see [`crate::notices`]): what is due, each
//! attempt recorded, the counts, and the expiry warnings the daily job queues.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};

use super::Book;
use crate::error::OpError;
use crate::notices::{queue, Attempt, AttemptRow, Due, NoticeKind, OutboxCounts};

impl Book {
    /// Notices due at `now_ms`, oldest first.
    pub fn notices_due(&self, now_ms: i64, limit: usize) -> Result<Vec<Due>, OpError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, cause, kind, member_no, created_ms, attempts FROM notice_outbox
             WHERE status = 'pending' AND next_ms <= ?1 ORDER BY id LIMIT ?2",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![now_ms, limit], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?;
        let mut due = Vec::new();
        for row in rows {
            let (id, cause, kind, member_no, created_ms, attempts) = row?;
            let kind = NoticeKind::parse(&kind).ok_or_else(|| {
                OpError::Storage(format!("notice {id} has an unknown kind {kind:?}"))
            })?;
            due.push(Due {
                id,
                cause,
                kind,
                member_no,
                created_ms,
                attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
            });
        }
        Ok(due)
    }

    /// Records one attempt at notice `id` and moves it on (sent, skipped, failed, or
    /// pending until `retry_at_ms`).
    pub fn record_notice_attempt(
        &mut self,
        id: i64,
        now_ms: i64,
        attempt: &Attempt,
    ) -> Result<(), OpError> {
        let tx = self.conn_mut().transaction()?;
        let (status, http, error, next): (&str, Option<u16>, Option<&str>, Option<i64>) =
            match attempt {
                Attempt::Delivered { http_status } => ("sent", Some(*http_status), None, None),
                Attempt::NoConsent => ("skipped", None, Some("no consent"), None),
                Attempt::Failed {
                    http_status,
                    error,
                    retry_at_ms,
                } => (
                    if retry_at_ms.is_some() {
                        "pending"
                    } else {
                        "failed"
                    },
                    *http_status,
                    Some(error.as_str()),
                    *retry_at_ms,
                ),
            };
        if !matches!(attempt, Attempt::NoConsent) {
            tx.prepare_cached(
                "INSERT INTO notice_attempts (outbox_id, at_ms, http_status, error)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![id, now_ms, http, error])?;
        }
        let done = (status != "pending").then_some(now_ms);
        let counted = i64::from(!matches!(attempt, Attempt::NoConsent));
        tx.prepare_cached(
            "UPDATE notice_outbox SET status = ?2, attempts = attempts + ?3,
                    next_ms = coalesce(?4, next_ms), done_ms = ?5, last_error = ?6
             WHERE id = ?1",
        )?
        .execute(params![id, status, counted, next, done, error])?;
        tx.commit()?;
        Ok(())
    }

    /// The outbox by status.
    pub fn notice_counts(&self) -> Result<OutboxCounts, OpError> {
        let mut counts = OutboxCounts::default();
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT status, count(*) FROM notice_outbox GROUP BY status")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (status, n) = row?;
            let n = u64::try_from(n).unwrap_or(0);
            match status.as_str() {
                "pending" => counts.pending = n,
                "sent" => counts.sent = n,
                "skipped" => counts.skipped = n,
                _ => counts.failed += n,
            }
        }
        Ok(counts)
    }

    /// The attempts made at notice `id`: (time, HTTP status, error).
    pub fn notice_attempts(&self, id: i64) -> Result<Vec<AttemptRow>, OpError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT at_ms, http_status, error FROM notice_attempts WHERE outbox_id = ?1
             ORDER BY rowid",
        )?;
        let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The member's consent to notices as their profile says it (None: not given
    /// either way; the configured default applies).
    pub fn notice_consent(&self, member_no: &str) -> Result<Option<bool>, OpError> {
        let v: Option<Option<String>> = self
            .conn()
            .prepare_cached("SELECT notices FROM members WHERE member_no = ?1")?
            .query_row([member_no], |r| r.get(0))
            .optional()?;
        Ok(v.flatten().map(|s| s == "yes"))
    }

    /// Queues a points-expiring notice for every member with points that expire within
    /// `days` days of `today` (one per member and expiry date: running twice queues
    /// nothing twice). Returns how many were queued now.
    pub fn queue_expiry_notices(&mut self, today: NaiveDate, days: u32) -> Result<usize, OpError> {
        let until = today + chrono::Days::new(u64::from(days) + 1);
        let now_ms = self.now().timestamp_millis();
        let soon = crate::account::expired_lots(self.conn(), None, until)?;
        let tx = self.conn_mut().transaction()?;
        let mut queued = 0;
        for (member_no, lot) in soon {
            if lot.expires_on < today {
                continue;
            }
            let cause = format!("points_expiring:{member_no}:{}", lot.expires_on);
            queued += queue(&tx, &cause, NoticeKind::PointsExpiring, &member_no, now_ms)?;
        }
        tx.commit()?;
        Ok(queued)
    }
}
