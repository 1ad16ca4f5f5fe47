//! Scopes on the hub (partial books): the member index a push writes beside its
//! entries (each member's home outlet, every credential value it was given), and the
//! shapes of a scoped pull and of a fetch. The SQL is in `sqlite_scope.rs` and
//! `pg/scope.rs`; see docs/sync-protocol.md, "Partial books".

use std::collections::BTreeMap;

use carddesk_data::journal::Entry;
use carddesk_data::{EntryBody, EntryKind};

/// Rows of `hub_members` and `hub_credentials` a batch adds.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct IndexRows {
    /// (member no., the outlet it was registered at)
    pub homes: Vec<(String, String)>,
    /// (credential value, member no.)
    pub credentials: Vec<(String, String)>,
}

/// The index rows of `entries`: only registrations and credential changes are read.
pub fn index_rows(entries: &[Entry]) -> IndexRows {
    let mut rows = IndexRows::default();
    for e in entries {
        let Some(member) = e.header.member_no.as_deref() else {
            continue;
        };
        let reads = matches!(
            e.kind,
            EntryKind::MemberRegistered
                | EntryKind::MemberEdited
                | EntryKind::CredentialBound
                | EntryKind::CredentialLost
                | EntryKind::CredentialReplaced
        );
        if !reads {
            continue;
        }
        let Ok(body) = e.parsed_body() else { continue };
        let mut value = |v: &str| rows.credentials.push((v.to_string(), member.to_string()));
        match &body {
            EntryBody::MemberRegistered { credentials, .. } => {
                credentials.iter().for_each(|c| value(&c.value));
            }
            EntryBody::MemberEdited { credentials, .. } => {
                credentials.iter().for_each(|c| value(&c.credential.value));
            }
            EntryBody::CredentialBound { credential }
            | EntryBody::CredentialLost { credential } => value(&credential.value),
            EntryBody::CredentialReplaced { old, new, .. } => {
                value(&old.value);
                value(&new.value);
            }
            _ => {}
        }
        if e.kind == EntryKind::MemberRegistered {
            rows.homes
                .push((member.to_string(), e.header.outlet.clone()));
        }
    }
    rows.credentials.sort();
    rows.credentials.dedup();
    rows
}

/// Where a stored entry's home (schema step 6) comes from.
pub enum Home<'a> {
    /// Known from the entry: '' when it names no member, the outlet of a registration
    /// (no lookup: most of a new chain's entries are registrations).
    Is(&'a str),
    /// Its member's row in `hub_members`; none until the registration is at the hub
    /// (then `write_index` sets it).
    OfMember(&'a str),
}

pub fn home(e: &Entry) -> Home<'_> {
    match e.header.member_no.as_deref() {
        None => Home::Is(""),
        Some(_) if e.kind == EntryKind::MemberRegistered => Home::Is(&e.header.outlet),
        Some(m) => Home::OfMember(m),
    }
}

/// Most members one fetch returns (a value shared by more is a data problem, and the
/// counter narrows down by member no.).
pub const FETCH_MEMBERS: usize = 20;

/// The first window of a terminal's seqs a scoped pull reads (see [`windows`]).
pub const SCAN_WINDOW: i64 = 50_000;
/// The longest window: a dense stretch of the scope after a sparse one is read at most
/// this many entries at once.
pub const MAX_WINDOW: i64 = 8 * SCAN_WINDOW;

/// A scoped pull's answer: the entries, whether to ask again, and per terminal the seq
/// read up to.
#[derive(Debug, Default)]
pub struct ScopedPage {
    pub entries: Vec<Entry>,
    pub more: bool,
    pub positions: BTreeMap<String, i64>,
}

/// The windows (`lo`, `hi`] of a terminal's seqs a scoped pull reads, one after
/// another, after `from` up to its tip `tip`, until its page is full: the first
/// [`SCAN_WINDOW`] seqs, then each window twice the one before, up to [`MAX_WINDOW`]. A
/// read goes through the scope's index, so it costs what it finds, not what it passes
/// over; but it finds everything of its window before it keeps the page's first, so a
/// window must not be much bigger than what a page holds. Growing windows suit both: a
/// dense scope (every entry, or one in ten) fills its page in the first, a sparse one (a
/// group of 50,000 members in a chain of 10,000,000: one entry in 200) in a few more, in
/// one request rather than forty.
pub fn windows(from: i64, tip: i64) -> impl Iterator<Item = (i64, i64)> {
    let mut lo = from;
    let mut span = SCAN_WINDOW;
    std::iter::from_fn(move || {
        if lo >= tip {
            return None;
        }
        let hi = tip.min(lo.saturating_add(span));
        let window = (lo, hi);
        lo = hi;
        span = span.saturating_mul(2).min(MAX_WINDOW);
        Some(window)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_grow_from_the_first_and_end_at_the_tip() {
        let w: Vec<(i64, i64)> = windows(10, 10 + 7 * SCAN_WINDOW).collect();
        assert_eq!(
            w,
            vec![
                (10, 10 + SCAN_WINDOW),
                (10 + SCAN_WINDOW, 10 + 3 * SCAN_WINDOW),
                (10 + 3 * SCAN_WINDOW, 10 + 7 * SCAN_WINDOW),
            ]
        );
        // They stop growing at MAX_WINDOW.
        let long: Vec<i64> = windows(0, 100 * SCAN_WINDOW)
            .map(|(lo, hi)| hi - lo)
            .collect();
        assert_eq!(long[..5], [1, 2, 4, 8, 8].map(|k| k * SCAN_WINDOW));
        assert!(long.iter().all(|w| *w <= MAX_WINDOW));
        assert_eq!(long.iter().sum::<i64>(), 100 * SCAN_WINDOW);
        // Nothing new: no window; a short tail: one window, up to the tip.
        assert_eq!(windows(5, 5).count(), 0);
        assert_eq!(windows(5, 3).count(), 0);
        assert_eq!(windows(0, 42).collect::<Vec<_>>(), vec![(0, 42)]);
    }
}
