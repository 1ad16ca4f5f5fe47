//! A journal entry as stored, and its hash. Each terminal's entries form a gap-free
//! sequence and a SHA-256 hash chain, so a change to history is detectable by `verify`
//! and by the hub on ingest.

use sha2::{Digest, Sha256};

use crate::entry::EntryBody;
use crate::kind::EntryKind;

pub type Hash = [u8; 32];
pub const GENESIS: Hash = [0u8; 32];

/// Who asked for an entry and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub operator: String,
    pub outlet: String,
    pub member_no: Option<String>,
    pub reversal_of: Option<String>,
    pub offline: bool,
}

/// One journal entry as stored. `body` is kept as the exact stored text because the
/// hash covers those bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub terminal: String,
    pub seq: i64,
    pub hlc: i64,
    pub op_id: String,
    pub header: Header,
    pub kind: EntryKind,
    pub body: String,
    pub prev_hash: Hash,
    pub hash: Hash,
    /// The terminal's Ed25519 signature of `hash` (see [`crate::signing`]); None on
    /// entries written before the terminal published its key, and on the hub's own.
    pub sig: Option<Vec<u8>>,
}

impl Entry {
    /// The chain-wide id, e.g. `T01-42`.
    pub fn id(&self) -> String {
        entry_id(&self.terminal, self.seq)
    }

    pub fn parsed_body(&self) -> Result<EntryBody, serde_json::Error> {
        serde_json::from_str(&self.body)
    }

    pub fn computed_hash(&self) -> Hash {
        compute_hash(self)
    }
}

pub fn entry_id(terminal: &str, seq: i64) -> String {
    format!("{terminal}-{seq}")
}

/// Length-prefixed fields so that no two different entries hash the same bytes.
fn compute_hash(e: &Entry) -> Hash {
    let mut h = Sha256::new();
    let mut field = |b: &[u8]| {
        h.update((b.len() as u64).to_le_bytes());
        h.update(b);
    };
    field(b"carddesk-entry-v1");
    field(&e.prev_hash);
    field(e.terminal.as_bytes());
    field(&e.seq.to_le_bytes());
    field(&e.hlc.to_le_bytes());
    field(e.op_id.as_bytes());
    field(e.header.operator.as_bytes());
    field(e.header.outlet.as_bytes());
    field(
        e.header
            .member_no
            .as_deref()
            .unwrap_or("\u{0}none")
            .as_bytes(),
    );
    field(
        e.header
            .reversal_of
            .as_deref()
            .unwrap_or("\u{0}none")
            .as_bytes(),
    );
    field(&[e.header.offline as u8]);
    field(e.kind.as_str().as_bytes());
    field(e.body.as_bytes());
    h.finalize().into()
}
