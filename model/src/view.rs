//! What the counter's screens draw that the book keeps in another shape: a journal
//! entry and a conflict with their local time. Pure values: no SQL, no clock (the
//! local time is worked out by whoever reads the book).

use chrono::NaiveDateTime;
use rust_decimal::Decimal;

use crate::conflict::ConflictView;
use crate::journal::Header;
use crate::kind::EntryKind;

/// One journal entry as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalLine {
    pub entry_id: String,
    /// The entry's hybrid logical clock: lists page by it.
    pub hlc: i64,
    /// The entry's time on the local clock (None: no such local time).
    pub at: Option<NaiveDateTime>,
    pub kind: EntryKind,
    pub header: Header,
    /// The entry's body as JSON text, without secrets (PIN hashes).
    pub body: String,
}

/// A conflict as the conflicts list shows it, with the local time it was raised.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictLine {
    pub conflict: ConflictView,
    pub raised_at: Option<NaiveDateTime>,
}

/// How far a member is toward the next tier within the tier window (the member
/// screen's progress): each threshold the next tier has, what the member has against
/// what it needs. Reaching any one of them qualifies.
#[derive(Debug, Clone, PartialEq)]
pub struct TierProgress {
    /// The tier just above the member's.
    pub next: String,
    pub points: Option<Toward<i64>>,
    pub spend: Option<Toward<Decimal>>,
    pub nights: Option<Toward<i64>>,
    /// Visits (消费次数), shown only when the next tier has `min_visits`.
    pub visits: Option<Toward<i64>>,
}

/// What a member has of a threshold and what it needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Toward<T> {
    pub have: T,
    pub need: T,
}
