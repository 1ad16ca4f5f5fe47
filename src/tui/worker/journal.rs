//! The journal browser's reads: entries matching a filter, newest first, a page at a
//! time, read in short steps so a filter that matches little never holds the worker
//! for long; and an entry or a conflict with its local time for the screens.

use carddesk_data::conflict::ConflictView;
use carddesk_data::journal::Entry;
use carddesk_data::view::{ConflictLine, JournalLine};
use carddesk_data::{Book, Lang, OpError, Rules};
use carddesk_screens::JournalFilter;

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
    // Business days in the chain's time zone (model::rules::day), like the reports.
    let rules = &book.terminal().rules;
    let from = f.from.map(|d| rules.hlc_range(d, d).0);
    let to = f.to.map(|d| rules.hlc_range(d, d).1);
    let mut cursor = match (before, to) {
        (Some(b), Some(t)) => Some(b.min(t)),
        (b, t) => b.or(t),
    };
    let kind = f.kind.to_lowercase();
    let matches = |e: &Entry| {
        (f.operator.is_empty() || e.header.operator.eq_ignore_ascii_case(f.operator.trim()))
            && (f.member_no.is_empty() || e.header.member_no.as_deref() == Some(f.member_no.trim()))
            && (kind.is_empty()
                || e.kind.as_str().contains(&kind)
                || e.kind.label(Lang::Zh).contains(f.kind.trim())
                || e.kind.label(Lang::En).to_lowercase().contains(&kind))
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
                out.push(journal_line(rules, &e));
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
                out.push(journal_line(rules, e));
                if out.len() >= JOURNAL_PAGE {
                    return Ok(out);
                }
            }
        }
    }
    Ok(out)
}

/// An entry as the lists show it: its time in the chain's zone, its body without
/// secrets.
pub fn journal_line(rules: &Rules, e: &Entry) -> JournalLine {
    JournalLine {
        entry_id: e.id(),
        hlc: e.hlc,
        at: Some(rules.local_of_hlc(e.hlc)),
        kind: e.kind,
        header: e.header.clone(),
        body: crate::redact::body(&e.body),
    }
}

/// A conflict for the conflicts screen, with the time (chain's zone) it was raised.
pub fn conflict_line(rules: &Rules, c: ConflictView) -> ConflictLine {
    ConflictLine {
        raised_at: Some(rules.local_of_hlc(c.raised_hlc)),
        conflict: c,
    }
}
