//! What `carddesk verify` finds: the problems, each precise enough to act on, and the
//! report that gathers them. Its own module so the checks in verify, answers and
//! verify_schema all write into it without importing one another.

use std::fmt;

use serde::Serialize;

/// Past this many, more problems are counted but not listed.
const MAX_LISTED: usize = 200;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    SequenceGap {
        terminal: String,
        expected: i64,
        found: i64,
    },
    ChainBroken {
        entry_id: String,
    },
    ContentChanged {
        entry_id: String,
    },
    UnreadableBody {
        entry_id: String,
        error: String,
    },
    ApplyFailed {
        entry_id: String,
        error: String,
    },
    /// Not signed, or not by its terminal's published key (see the data crate's `signing`).
    SignatureInvalid {
        entry_id: String,
        detail: String,
    },
    /// The effects do not follow from the body (see the data crate's `integrity`).
    EffectsUnsound {
        entry_id: String,
        detail: String,
    },
    RowDiffers {
        table: String,
        key: String,
        column: String,
        expected: String,
        found: String,
    },
    RowMissing {
        table: String,
        key: String,
    },
    RowUnexplained {
        table: String,
        key: String,
    },
    AnswerWithoutEntry {
        op_id: String,
        entry_id: String,
    },
    /// A stored answer (`op_results`) that does not match the entry its request wrote.
    AnswerDiffers {
        op_id: String,
        field: String,
        expected: String,
        found: String,
    },
    /// A table, index, trigger or view that the schema does not have, or lacks, or has
    /// differently.
    SchemaDiffers {
        object: String,
        expected: String,
        found: String,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::SequenceGap {
                terminal,
                expected,
                found,
            } => {
                write!(f, "terminal {terminal}: sequence jumps from {expected} to {found} (entries missing or reordered)")
            }
            Problem::ChainBroken { entry_id } => {
                write!(f, "entry {entry_id}: prev_hash does not match the entry before it (history rewritten)")
            }
            Problem::ContentChanged { entry_id } => {
                write!(f, "entry {entry_id}: content does not match its hash (changed after it was written)")
            }
            Problem::UnreadableBody { entry_id, error } => {
                write!(f, "entry {entry_id}: unreadable body: {error}")
            }
            Problem::ApplyFailed { entry_id, error } => {
                write!(f, "entry {entry_id}: cannot be applied: {error}")
            }
            Problem::SignatureInvalid { entry_id, detail } => {
                write!(f, "entry {entry_id}: {detail}")
            }
            Problem::EffectsUnsound { entry_id, detail } => {
                write!(f, "entry {entry_id}: its balance effects do not follow from its body (forged?): {detail}")
            }
            Problem::RowDiffers {
                table,
                key,
                column,
                expected,
                found,
            } => {
                write!(
                    f,
                    "{table} [{key}] {column}: journal says {expected}, table has {found}"
                )
            }
            Problem::RowMissing { table, key } => {
                write!(f, "{table} [{key}]: missing (the journal creates it)")
            }
            Problem::RowUnexplained { table, key } => {
                write!(f, "{table} [{key}]: no journal entry explains this row")
            }
            Problem::AnswerWithoutEntry { op_id, entry_id } => {
                write!(f, "request {op_id} was answered with entry {entry_id}, which is not in the journal")
            }
            Problem::AnswerDiffers {
                op_id,
                field,
                expected,
                found,
            } => {
                write!(f, "request {op_id}: the stored answer's {field} is {found}, the journal says {expected} (answer rewritten)")
            }
            Problem::SchemaDiffers {
                object,
                expected,
                found,
            } => {
                write!(
                    f,
                    "schema {object}: expected {expected}, the book has {found}"
                )
            }
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub entries: u64,
    pub terminals: Vec<(String, i64)>,
    pub rows_checked: u64,
    /// Per terminal, its entries written before it published a signing key: not
    /// signed (books older than signing). Not a problem, but not authenticated.
    pub unsigned_legacy: Vec<(String, u64)>,
    pub problems: Vec<Problem>,
    /// Problems found beyond the listed ones.
    pub unlisted: u64,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// Records a problem; past the listing limit only counts it.
    pub fn push(&mut self, p: Problem) {
        if self.problems.len() < MAX_LISTED {
            self.problems.push(p);
        } else {
            self.unlisted += 1;
        }
    }
}
