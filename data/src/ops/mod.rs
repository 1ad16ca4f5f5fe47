//! Operations: a request is decided against current state, then its entry is appended
//! and applied in the same transaction. A repeated idempotency key returns the first
//! answer and writes nothing.

mod members;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use members::{
    BindCredential, EditMember, FreezeMember, RegisterMember, ReplaceCredential, ReportLost,
    UnfreezeMember,
};

use crate::entry::EntryBody;
use crate::lookup::Member;
use crate::rules::Rules;

/// Everything that changes the books. `carddesk op KIND` reads these as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    RegisterMember(RegisterMember),
    EditMember(EditMember),
    FreezeMember(FreezeMember),
    UnfreezeMember(UnfreezeMember),
    BindCredential(BindCredential),
    ReportLost(ReportLost),
    ReplaceCredential(ReplaceCredential),
}

impl Request {
    /// Fingerprint for "same idempotency key, different request".
    pub fn fingerprint(&self) -> Vec<u8> {
        let json = serde_json::to_vec(self).unwrap_or_default();
        Sha256::digest(json).to_vec()
    }
}

/// Who is acting, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub operator: String,
    pub outlet: String,
}

/// The terminal's identity and rules, as an operation sees them.
#[derive(Debug, Clone)]
pub struct Terminal {
    pub id: String,
    pub outlet: String,
    /// Prefix of member numbers registered here; unique per terminal in a chain.
    pub member_prefix: String,
    pub rules: Rules,
}

/// What an operation decided: the entry to write.
pub(crate) struct Decision {
    pub member_no: Option<String>,
    pub reversal_of: Option<String>,
    pub body: EntryBody,
}

/// The answer to a committed request (stored, and given again on a retry).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub entry_id: String,
    pub kind: String,
    /// True when this answer is the stored first answer to a repeated request.
    #[serde(default)]
    pub replayed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<Member>,
}

pub(crate) use members::decide as decide_member;
