//! Replication: `Book::ingest_remote`, which brings other terminals' entries into this
//! book after the checks in [`crate::chain`]; the wire types are in model::wire.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::book::Book;
use crate::error::OpError;
use crate::journal::{Entry, Hash};

// One path for the hub and the sync client: the wire types and the receiver's checks.
pub use crate::chain::*;
pub use crate::wire::*;

/// What `Book::ingest_remote` did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IngestReport {
    /// New entries inserted and applied.
    pub applied: u64,
    /// Entries this book already had (identical), and this terminal's own entries.
    pub skipped: u64,
}

impl Book {
    /// This terminal's entries after `after_seq`, oldest first, at most `limit`.
    pub fn own_entries_after(&self, after_seq: i64, limit: usize) -> Result<Vec<Entry>, OpError> {
        entries_after(self.conn(), &self.terminal().id, after_seq, limit)
    }

    /// Per terminal, the last seq and hash this book holds (every terminal, this one too).
    pub fn positions(&self) -> Result<BTreeMap<String, (i64, Hash)>, OpError> {
        let mut stmt = self.conn().prepare(
            "SELECT j.terminal, j.seq, j.hash FROM journal j
             JOIN (SELECT terminal, max(seq) AS seq FROM journal GROUP BY terminal) t
               ON t.terminal = j.terminal AND t.seq = j.seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Vec<u8>>(2)?,
            ))
        })?;
        let mut out = BTreeMap::new();
        for row in rows {
            let (t, seq, hash) = row?;
            out.insert(
                t,
                (seq, Hash::try_from(hash.as_slice()).unwrap_or([0xFF; 32])),
            );
        }
        Ok(out)
    }

    /// Brings entries of other terminals into this book, in one transaction: each remote
    /// terminal's sequence and hash chain must continue what the book holds, an entry
    /// the book already has must be identical, and an op id must not be taken by another
    /// entry. New entries are inserted, then applied in HLC order (so a member registered
    /// elsewhere exists before an edit of it is applied). This terminal's own entries
    /// coming back are skipped. All or nothing: a refusal writes nothing.
    pub fn ingest_remote(&mut self, entries: Vec<Entry>) -> Result<IngestReport, ReplicationError> {
        let mut ingest = self.begin_ingest()?;
        ingest.add(entries)?;
        ingest.finish()
    }
}
