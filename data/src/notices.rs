//! Notices to members (开卡/充值/消费/兑换 notices, points about to expire): the outbox.
//! An entry that warrants a notice queues one row in the same transaction (see
//! [`queue_for_entry`], called by the book's one write path); the daily job queues
//! expiry warnings ([`Book::queue_expiry_notices`]). Only the terminal that wrote the
//! entry queues it: replicated entries are applied, never written here, so a chain never
//! sends one notice from two terminals. Delivery is `carddesk notify`, never the counter.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::book::Book;
use crate::error::OpError;
use crate::journal::Entry;
use crate::kind::EntryKind;

/// What a notice tells the member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// 开卡
    Registered,
    /// 充值
    ToppedUp,
    /// 消费
    CheckedOut,
    /// 兑换 (gift or coupon)
    Redeemed,
    /// 积分即将过期
    PointsExpiring,
}

impl NoticeKind {
    pub const ALL: &'static [NoticeKind] = &[
        NoticeKind::Registered,
        NoticeKind::ToppedUp,
        NoticeKind::CheckedOut,
        NoticeKind::Redeemed,
        NoticeKind::PointsExpiring,
    ];

    pub fn word(self) -> &'static str {
        match self {
            NoticeKind::Registered => "registered",
            NoticeKind::ToppedUp => "topped_up",
            NoticeKind::CheckedOut => "checked_out",
            NoticeKind::Redeemed => "redeemed",
            NoticeKind::PointsExpiring => "points_expiring",
        }
    }

    pub fn parse(word: &str) -> Option<NoticeKind> {
        NoticeKind::ALL.iter().copied().find(|k| k.word() == word)
    }

    /// The notice an entry of `kind` warrants, if any.
    pub fn for_entry(kind: EntryKind) -> Option<NoticeKind> {
        match kind {
            EntryKind::MemberRegistered => Some(NoticeKind::Registered),
            EntryKind::ToppedUp => Some(NoticeKind::ToppedUp),
            EntryKind::CheckedOut => Some(NoticeKind::CheckedOut),
            EntryKind::GiftRedeemed | EntryKind::CouponRedeemed => Some(NoticeKind::Redeemed),
            _ => None,
        }
    }
}

/// Queues the notice `entry` warrants (inside the entry's own transaction).
pub(crate) fn queue_for_entry(
    conn: &Connection,
    entry: &Entry,
    now_ms: i64,
) -> Result<(), OpError> {
    let Some(kind) = NoticeKind::for_entry(entry.kind) else {
        return Ok(());
    };
    let Some(member_no) = entry.header.member_no.as_deref() else {
        return Ok(());
    };
    queue(conn, &entry.id(), kind, member_no, now_ms)?;
    Ok(())
}

fn queue(
    conn: &Connection,
    cause: &str,
    kind: NoticeKind,
    member_no: &str,
    now_ms: i64,
) -> Result<usize, OpError> {
    Ok(conn
        .prepare_cached(
            "INSERT OR IGNORE INTO notice_outbox (cause, kind, member_no, created_ms, next_ms)
         VALUES (?1, ?2, ?3, ?4, ?4)",
        )?
        .execute(params![cause, kind.word(), member_no, now_ms])?)
}

/// The outbox's newest row id: with [`forget_since`], a bulk write (an import, the
/// demo) queues no notices for members who were not just served at the counter.
pub(crate) fn mark(conn: &Connection) -> Result<i64, OpError> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(id), 0) FROM notice_outbox")?
        .query_row([], |r| r.get(0))?)
}

/// Drops the notices queued after `mark` (inside the same transaction).
pub(crate) fn forget_since(conn: &Connection, mark: i64) -> Result<(), OpError> {
    conn.prepare_cached("DELETE FROM notice_outbox WHERE id > ?1")?
        .execute([mark])?;
    Ok(())
}

/// A notice waiting to be delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Due {
    pub id: i64,
    /// The entry id, or `points_expiring:<member>:<date>`.
    pub cause: String,
    pub kind: NoticeKind,
    pub member_no: String,
    pub created_ms: i64,
    pub attempts: u32,
}

/// One delivery attempt's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    Delivered {
        http_status: u16,
    },
    /// Not sent: the member has not agreed to notices.
    NoConsent,
    Failed {
        http_status: Option<u16>,
        error: String,
        /// None: give up (status `failed`); Some: try again at this time.
        retry_at_ms: Option<i64>,
    },
}

/// A recorded attempt: (time in ms, HTTP status, error in words).
pub type AttemptRow = (i64, Option<u16>, Option<String>);

/// Counts of the outbox by status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OutboxCounts {
    pub pending: u64,
    pub sent: u64,
    pub skipped: u64,
    pub failed: u64,
}

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
