//! The journal browser's reads: entries matching a filter, newest first, a page at a
//! time, read in short steps so a filter that matches little never holds the worker
//! for long; and an entry or a conflict with its local time for the screens.

use carddesk_data::conflict::ConflictView;
use carddesk_data::journal::Entry;
use carddesk_data::view::{ConflictLine, JournalLine};
use carddesk_data::{hlc, Book, Lang, OpError};
use carddesk_screens::i18n::entry_kind;
use carddesk_screens::JournalFilter;
use chrono::{NaiveDateTime, TimeZone};

/// Entries per journal-browser answer (the screen asks for older ones with N).
const JOURNAL_PAGE: usize = carddesk_screens::JOURNAL_PAGE;
/// Entries read per step while filtering the whole journal, and the most read for
/// one answer.
const JOURNAL_SCAN_STEP: usize = 500;
const JOURNAL_SCAN_MAX: usize = 50_000;
/// A member's journal is read whole up to this many entries, then filtered.
const MEMBER_JOURNAL_MAX: usize = 5_000;

/// Journal entries matching `f`, newest first, older than `before`.
pub fn journal(
    book: &Book,
    f: &JournalFilter,
    before: Option<i64>,
) -> Result<Vec<JournalLine>, OpError> {
    let from = f.from.and_then(hlc_of_day);
    let to = f.to.and_then(|d| d.succ_opt()).and_then(hlc_of_day);
    let mut cursor = match (before, to) {
        (Some(b), Some(t)) => Some(b.min(t)),
        (b, t) => b.or(t),
    };
    let kind = f.kind.to_lowercase();
    let matches = |e: &Entry| {
        (f.operator.is_empty() || e.header.operator.eq_ignore_ascii_case(f.operator.trim()))
            && (f.member_no.is_empty() || e.header.member_no.as_deref() == Some(f.member_no.trim()))
            && (kind.is_empty()
                || e.kind.contains(&kind)
                || entry_kind(&e.kind, Lang::Zh).contains(f.kind.trim())
                || entry_kind(&e.kind, Lang::En).to_lowercase().contains(&kind))
    };
    let mut out = Vec::new();
    if !f.member_no.is_empty() {
        // A member's entries come from the member index.
        for e in book.recent_entries(f.member_no.trim(), MEMBER_JOURNAL_MAX)? {
            if cursor.is_some_and(|c| e.hlc >= c) {
                continue;
            }
            if from.is_some_and(|t| e.hlc < t) || out.len() >= JOURNAL_PAGE {
                break;
            }
            if matches(&e) {
                out.push(journal_line(&e));
            }
        }
        return Ok(out);
    }
    let mut scanned = 0;
    while scanned < JOURNAL_SCAN_MAX {
        let page = book.journal_page(cursor, JOURNAL_SCAN_STEP)?;
        let Some(last) = page.last() else { break };
        cursor = Some(last.hlc);
        scanned += page.len();
        for e in &page {
            if from.is_some_and(|t| e.hlc < t) {
                return Ok(out);
            }
            if matches(e) {
                out.push(journal_line(e));
                if out.len() >= JOURNAL_PAGE {
                    return Ok(out);
                }
            }
        }
    }
    Ok(out)
}

/// An entry as the lists show it: its local time, its body without secrets.
pub fn journal_line(e: &Entry) -> JournalLine {
    JournalLine {
        entry_id: e.id(),
        hlc: e.hlc,
        at: local_time(e.hlc),
        kind: e.kind.clone(),
        header: e.header.clone(),
        body: crate::redact::body(&e.body),
    }
}

/// A conflict for the conflicts screen, with the local time it was raised.
pub fn conflict_line(c: ConflictView) -> ConflictLine {
    ConflictLine {
        raised_at: local_time(c.raised_hlc),
        conflict: c,
    }
}

/// The local time of an HLC (the screens read no clock and no time zone).
fn local_time(hlc_value: i64) -> Option<NaiveDateTime> {
    match chrono::Local.timestamp_millis_opt(hlc::millis(hlc_value)) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            Some(t.naive_local())
        }
        chrono::LocalResult::None => None,
    }
}

/// The HLC of local midnight starting `day` (the journal browser's date filters).
fn hlc_of_day(day: chrono::NaiveDate) -> Option<i64> {
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    match chrono::Local.from_local_datetime(&midnight) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            Some(t.timestamp_millis() << hlc::LOGICAL_BITS)
        }
        chrono::LocalResult::None => None,
    }
}
