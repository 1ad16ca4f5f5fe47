//! Taking other terminals' entries in page by page: an [`Ingest`] is one transaction
//! that checks and inserts each page as it arrives and, at [`Ingest::finish`], applies
//! everything it inserted in HLC order, read back from the journal. Memory stays that of
//! one page however long the pull (a new terminal's first pull of its scope, a whole
//! chain's history), and a refusal anywhere still writes nothing.
//!
//! A page's signatures are verified together on threads of their own while the next
//! page is checked and inserted ([`crate::signatures`]); nothing is applied or
//! committed before they are all verified.
//!
//! Two kinds of book take entries in: a whole book's chains have no gaps, so each
//! terminal's new entries must continue what it holds ([`check_chain`]); a partial
//! book's have gaps, and [`check_partial`] stands in (see [`crate::partial`]).

use std::collections::{BTreeMap, HashMap};

use rusqlite::{params, Transaction, TransactionBehavior};

use super::Book;
use crate::chain::{apply_inserted, check_chain, split_resent};
use crate::error::OpError;
use crate::journal::{self, Entry, Hash};
use crate::partial::ingest::{check_partial, store_key};
use crate::replication::IngestReport;
use crate::signatures::{Claims, Verifying, DOES_NOT_VERIFY};
use crate::wire::ReplicationError;

/// What a partial book keeps while taking entries in: each terminal's published key,
/// read once (a key page that arrives later replaces it).
type Keys = HashMap<String, Option<(i64, String)>>;

/// Entries being taken into the book, in one open transaction.
pub struct Ingest<'b> {
    tx: Transaction<'b>,
    own: String,
    /// The journal's last rowid before: what is above it was inserted here.
    after_rowid: i64,
    /// The lowest HLC inserted here, where applying starts.
    min_hlc: Option<i64>,
    max_hlc: i64,
    report: IngestReport,
    /// None for a whole book.
    partial: Option<Keys>,
    /// The page before's signatures, verified on another thread while this page is
    /// checked and inserted; joined before the next, and before anything is applied.
    verifying: Option<(Verifying, Vec<String>)>,
}

impl Book {
    /// Starts taking entries into a whole book (chains without gaps).
    pub fn begin_ingest(&mut self) -> Result<Ingest<'_>, ReplicationError> {
        self.begin(None)
    }

    /// Starts taking pulled or fetched entries into a partial book (chains with gaps).
    pub fn begin_partial_ingest(&mut self) -> Result<Ingest<'_>, ReplicationError> {
        self.begin(Some(Keys::new()))
    }

    fn begin(&mut self, partial: Option<Keys>) -> Result<Ingest<'_>, ReplicationError> {
        let own = self.terminal().id.clone();
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let after_rowid: i64 =
            tx.query_row("SELECT coalesce(max(rowid), 0) FROM journal", [], |r| {
                r.get(0)
            })?;
        Ok(Ingest {
            tx,
            own,
            after_rowid,
            min_hlc: None,
            max_hlc: 0,
            report: IngestReport::default(),
            partial,
            verifying: None,
        })
    }
}

impl Ingest<'_> {
    /// Checks and inserts one page of entries (applied at [`Ingest::finish`]). Entries
    /// already held must be identical, and are skipped; this terminal's own are skipped.
    pub fn add(&mut self, entries: Vec<Entry>) -> Result<(), ReplicationError> {
        let mut entries = entries;
        entries.sort_by(|a, b| (&a.terminal, a.seq).cmp(&(&b.terminal, b.seq)));
        entries.dedup_by(|a, b| a == b);
        let before = entries.len();
        entries.retain(|e| e.terminal != self.own);
        self.report.skipped += (before - entries.len()) as u64;
        let ids: Vec<String> = entries.iter().map(Entry::id).collect();
        let mut claims = Claims::default();
        let added = if self.partial.is_some() {
            self.add_partial(&entries, &mut claims)
        } else {
            self.add_whole(&entries, &mut claims)
        };
        // A refusal names the first entry refused: a bad signature of the page before
        // comes first, then one of this page before the entry refused here. A refusal
        // rolls back whatever was inserted.
        self.join_verifying()?;
        if let Err(refused) = added {
            claims.verify().map_err(|at| signature_refused(&ids, at))?;
            return Err(refused);
        }
        self.verifying = Some((claims.spawn(), ids));
        Ok(())
    }

    /// Waits for the page before's signatures.
    fn join_verifying(&mut self) -> Result<(), ReplicationError> {
        match self.verifying.take() {
            Some((verifying, ids)) => verifying.join().map_err(|at| signature_refused(&ids, at)),
            None => Ok(()),
        }
    }

    /// A partial book: the entries that published the keys of the terminals in the
    /// pages, checked and kept, before the pages they sign.
    pub fn add_keys(&mut self, keys: &[Entry]) -> Result<(), ReplicationError> {
        for k in keys.iter().filter(|k| k.terminal != self.own) {
            store_key(&self.tx, k)?;
            if let Some(known) = self.partial.as_mut() {
                known.remove(&k.terminal);
            }
        }
        Ok(())
    }

    /// Whether the book held the member before this ingest (its registration applied).
    pub fn holds(&self, member_no: &str) -> Result<bool, OpError> {
        super::partial::holds(&self.tx, member_no)
    }

    /// A whole book: each terminal's new entries continue its chain; what their
    /// signatures claim joins `claims`, numbered by their place in `entries`.
    fn add_whole(
        &mut self,
        entries: &[Entry],
        claims: &mut Claims,
    ) -> Result<(), ReplicationError> {
        let mut place = 0;
        for batch in entries.chunk_by(|a, b| a.terminal == b.terminal) {
            let terminal = &batch[0].terminal;
            let (next, tip_hash) = journal::chain_tip(&self.tx, terminal)?;
            let (resent, new) = split_resent(batch, next - 1);
            for e in resent {
                match journal::by_id(&self.tx, &e.id())? {
                    Some(stored) if &stored == e => self.report.skipped += 1,
                    _ => return Err(ReplicationError::ContentDiffers { entry_id: e.id() }),
                }
            }
            check_chain(terminal, next - 1, &tip_hash, new)?;
            let mut key = crate::signing::published_key(&self.tx, terminal)?;
            for (i, e) in new.iter().enumerate() {
                key = claims
                    .add(key.as_deref(), e, place + resent.len() + i)
                    .map_err(|detail| ReplicationError::Signature {
                        entry_id: e.id(),
                        detail,
                    })?;
            }
            for e in new {
                self.insert(e)?;
            }
            place += batch.len();
        }
        Ok(())
    }

    /// A partial book: see [`check_partial`]; what the signatures claim joins
    /// `claims`, numbered by their place in `entries`.
    fn add_partial(
        &mut self,
        entries: &[Entry],
        claims: &mut Claims,
    ) -> Result<(), ReplicationError> {
        let batch: HashMap<(String, i64), Hash> = entries
            .iter()
            .map(|e| ((e.terminal.clone(), e.seq), e.hash))
            .collect();
        let mut known = self.partial.take().unwrap_or_default();
        let result = (|| {
            for (at, e) in entries.iter().enumerate() {
                if let Some(stored) = journal::by_id(&self.tx, &e.id())? {
                    if &stored == e {
                        self.report.skipped += 1;
                        continue;
                    }
                    return Err(ReplicationError::ContentDiffers { entry_id: e.id() });
                }
                check_partial(&self.tx, e, &batch, &mut known, claims, at)?;
                self.insert(e)?;
            }
            Ok(())
        })();
        self.partial = Some(known);
        result
    }

    /// Inserts a checked entry whose op id must not be taken by another entry. Its
    /// (terminal, seq) was checked free, so a unique violation is the op id's.
    fn insert(&mut self, e: &Entry) -> Result<(), ReplicationError> {
        match journal::insert_row(&self.tx, e) {
            Ok(()) => {}
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
            {
                return Err(journal::op_id_reused(&self.tx, "journal", e)?);
            }
            Err(err) => return Err(err.into()),
        }
        self.min_hlc = Some(self.min_hlc.map_or(e.hlc, |m| m.min(e.hlc)));
        self.max_hlc = self.max_hlc.max(e.hlc);
        self.report.applied += 1;
        Ok(())
    }

    /// A whole book: applies what was inserted and commits.
    pub fn finish(self) -> Result<IngestReport, ReplicationError> {
        self.finish_with(|_, _| Ok(()))
    }

    /// A partial book: applies what was inserted; the pull positions move to
    /// `positions` (unless members were followed since `follow_seen`, the list the pull
    /// carried) and `follow` joins the followed members; then commits.
    pub fn finish_partial(
        self,
        positions: &BTreeMap<String, i64>,
        follow: &[String],
        follow_seen: Option<&[String]>,
    ) -> Result<IngestReport, ReplicationError> {
        let own = self.own.clone();
        self.finish_with(|tx, since| {
            // A member followed since the pull was asked for (a lookup's fetch
            // meanwhile): the pull did not carry its entries, so the positions stay and
            // the next pull reads on from them with it (what is held is skipped).
            let moved = match follow_seen {
                None => true,
                Some(seen) => {
                    let now: Vec<String> = tx
                        .prepare_cached(
                            "SELECT member_no FROM followed_members ORDER BY member_no",
                        )?
                        .query_map([], |r| r.get(0))?
                        .collect::<Result<_, _>>()?;
                    now.iter().all(|m| seen.contains(m))
                }
            };
            for (t, seq) in positions.iter().filter(|(t, _)| moved && **t != own) {
                tx.prepare_cached(
                    "INSERT INTO pull_positions (terminal, seq) VALUES (?1, ?2)
                     ON CONFLICT (terminal) DO UPDATE SET seq = max(seq, ?2)",
                )?
                .execute(params![t, seq])?;
            }
            for m in follow {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO followed_members (member_no, since_hlc) VALUES (?1, ?2)",
                )?
                .execute(params![m, since])?;
            }
            Ok(())
        })
    }

    fn finish_with(
        mut self,
        then: impl FnOnce(&Transaction<'_>, i64) -> Result<(), OpError>,
    ) -> Result<IngestReport, ReplicationError> {
        self.join_verifying()?;
        if let Some(min_hlc) = self.min_hlc {
            apply_inserted(&self.tx, self.after_rowid, min_hlc)?;
        }
        then(&self.tx, self.max_hlc)?;
        self.tx.commit()?;
        Ok(self.report)
    }
}

/// The refusal of the entry at `at` of a page whose ids are `ids`: its signature does
/// not verify.
fn signature_refused(ids: &[String], at: usize) -> ReplicationError {
    ReplicationError::Signature {
        entry_id: ids.get(at).cloned().unwrap_or_default(),
        detail: DOES_NOT_VERIFY.to_string(),
    }
}
