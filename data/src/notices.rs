//! Notices to members (开卡/充值/消费/兑换 notices, points about to expire): the outbox.
//! An entry that warrants a notice queues one row in the same transaction (see
//! [`queue_for_entry`], called by the book's one write path); the daily job queues
//! expiry warnings (`Book::queue_expiry_notices`, in `book/notices.rs`). Only the terminal that wrote the
//! entry queues it: replicated entries are applied, never written here, so a chain never
//! sends one notice from two terminals. Delivery is `carddesk notify`, never the counter.

use rusqlite::{params, Connection};
use serde::Serialize;

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

pub(crate) fn queue(
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
