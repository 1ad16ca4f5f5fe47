//! What the hub needs of its database, as one trait: [`super::SqliteHub`] and
//! [`super::PgHub`] implement it, and [`super::HubStore`] holds either behind it. Both
//! make the same checks of a batch ([`plan`]) inside one transaction, under a lock on
//! the posting terminal's tip.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

use carddesk_data::journal::{Entry, Hash};
use carddesk_data::replication::{ReplicationError, Scope, Tip};
use serde::Serialize;

use super::ledger::rows::Rows;
use super::ledger::{Ledger, Refusal};
use super::scope::ScopedPage;
use super::HubError;

/// A storage call's answer, to be awaited.
pub type Answer<'a, T> = Pin<Box<dyn Future<Output = Result<T, HubError>> + Send + 'a>>;

/// Given a checked batch about to be stored, the hub's own tip and the working set of
/// the batch's members (loaded under their locks), the hub's entries the batch calls for
/// (see [`super::Ledger::bookings`]), with the batch and them folded into the working
/// set; run inside the batch's transaction, which then writes the working set back.
pub type Author = Box<dyn FnOnce(&[Entry], (i64, Hash), &mut Ledger) -> Vec<Entry> + Send>;

/// Decides an authorization on the working set of one member (see
/// [`super::Ledger::authorize`]).
pub type Decide = Box<dyn FnOnce(&mut Ledger) -> Result<(), Refusal> + Send>;

/// The hub's tables (see [`super::schema`]): terminals with their token hashes and tips,
/// the entries, enrollment codes and alarms.
pub trait Storage: Send + Sync {
    /// `sqlite` or `postgresql`.
    fn kind(&self) -> &'static str;

    /// Enrolls `terminal` with the token of `token_hash`, or replaces its token.
    fn enroll<'a>(&'a self, terminal: &'a str, token_hash: Vec<u8>) -> Answer<'a, ()>;

    fn issue_code<'a>(
        &'a self,
        terminal: &'a str,
        code_hash: Vec<u8>,
        expires_at: String,
    ) -> Answer<'a, ()>;

    /// Spends `terminal`'s code (whether or not it has expired) and, when it was still
    /// valid at `now` (RFC 3339, the hub's clock), gives the terminal the token of
    /// `token_hash`: one transaction.
    fn redeem<'a>(
        &'a self,
        code_hash: Vec<u8>,
        terminal: &'a str,
        token_hash: Vec<u8>,
        now: String,
    ) -> Answer<'a, bool>;

    /// Replaces an enrolled terminal's token hash and drops its unspent codes; false
    /// when the terminal is not enrolled.
    fn replace_token<'a>(&'a self, terminal: &'a str, token_hash: Vec<u8>) -> Answer<'a, bool>;

    /// The terminal whose token hashes to `token_hash`.
    fn authenticate(&self, token_hash: Vec<u8>) -> Answer<'_, Option<String>>;

    /// One stored entry of `terminal`.
    fn entry<'a>(&'a self, terminal: &'a str, seq: i64) -> Answer<'a, Option<Entry>>;

    /// The entry that published `terminal`'s signing key, if any.
    fn key_entry<'a>(&'a self, terminal: &'a str) -> Answer<'a, Option<Entry>>;

    fn tips(&self) -> Answer<'_, BTreeMap<String, Tip>>;

    /// One terminal's tip (None: not enrolled). Every push and authorization reads its
    /// terminal's, and a chain has thousands of terminals.
    fn tip<'a>(&'a self, terminal: &'a str) -> Answer<'a, Option<Tip>>;

    /// Stores a batch of `terminal` (sorted by seq) as `plan` allows, and the hub's
    /// own entries `author` books for it, in one transaction.
    fn push<'a>(
        &'a self,
        terminal: &'a str,
        entries: &'a [Entry],
        author: Author,
    ) -> Answer<'a, Pushed>;

    /// Entries after the given positions (see [`super::HubStore::pull`]), from one
    /// snapshot; `limit` is at least 1.
    fn pull<'a>(
        &'a self,
        after: &'a BTreeMap<String, i64>,
        exclude: Option<&'a str>,
        limit: usize,
    ) -> Answer<'a, (Vec<Entry>, bool)>;

    /// Entries of a scope after the given positions (see [`super::HubStore::pull_scoped`]),
    /// from one snapshot; `limit` is at least 1.
    fn pull_scoped<'a>(
        &'a self,
        after: &'a BTreeMap<String, i64>,
        exclude: Option<&'a str>,
        limit: usize,
        scope: &'a Scope,
    ) -> Answer<'a, ScopedPage>;

    /// The members whose credential value or member no. is one of `values` (at most
    /// [`super::scope::FETCH_MEMBERS`]) and every entry of theirs, from one snapshot.
    fn fetch<'a>(&'a self, values: &'a [String]) -> Answer<'a, (Vec<String>, Vec<Entry>)>;

    fn alarms(&self) -> Answer<'_, Vec<Alarm>>;

    /// Runs `decide` on the working set of `member_no` (and the hold of `op_id`) under
    /// the member's lock, and writes it back: one transaction.
    fn authorize<'a>(
        &'a self,
        member_no: &'a str,
        op_id: &'a str,
        decide: Decide,
    ) -> Answer<'a, Result<(), Refusal>>;

    /// Whether the state tables were built from the entries stored before them.
    fn state_built(&self) -> Answer<'_, bool>;

    /// Writes the state folded from every stored entry and marks it built, unless
    /// another process did first: one transaction.
    fn build_state(&self, rows: Rows) -> Answer<'_, ()>;

    fn raise(&self, alarm: NewAlarm) -> Answer<'_, ()>;
}

/// A problem the hub raised for people to look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alarm {
    pub id: i64,
    pub at: String,
    /// The terminal whose token posted the batch.
    pub terminal: String,
    /// `conflict` (an id re-sent with other content, or an op id taken),
    /// `impersonation` (entries of another terminal) or `tampering` (an entry altered
    /// after it was written, or effects its body does not explain).
    pub kind: String,
    pub entry_id: Option<String>,
    pub op_id: Option<String>,
    pub detail: String,
}

/// An alarm to store (its id and time are the store's).
pub struct NewAlarm {
    pub terminal: String,
    pub kind: &'static str,
    pub entry_id: Option<String>,
    pub op_id: Option<String>,
    pub detail: String,
}

/// What one push stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    pub accepted: u64,
    pub duplicates: u64,
    pub tip_seq: i64,
    pub tip_hash: Hash,
    /// The hub's own entries the batch called for (conflicts, debt repaid).
    pub booked: Vec<Entry>,
}

pub(crate) fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// The checks of one batch, given the locked tip and the stored copies of the re-sent
/// entries: returns the new entries to insert (already checked) and the duplicates.
pub(crate) fn plan<'a>(
    terminal: &str,
    tip_seq: i64,
    tip_hash: &Hash,
    entries: &'a [Entry],
    stored_resent: &[Entry],
) -> Result<(&'a [Entry], u64), ReplicationError> {
    let (resent, new) = carddesk_data::replication::split_resent(entries, tip_seq);
    let mut duplicates = 0;
    for e in resent {
        match stored_resent.iter().find(|s| s.seq == e.seq) {
            Some(s) if s == e => duplicates += 1,
            _ => return Err(ReplicationError::ContentDiffers { entry_id: e.id() }),
        }
    }
    carddesk_data::replication::check_chain(terminal, tip_seq, tip_hash, new)?;
    Ok((new, duplicates))
}

pub(crate) fn to_hash(b: &[u8]) -> Hash {
    Hash::try_from(b).unwrap_or([0xFF; 32])
}
