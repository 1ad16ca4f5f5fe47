//! What the hub says: its refusals travel to the terminal in zh-CN and en (the wire's
//! `message` and `message_en`), and its command-line messages. Each language says them
//! in `<language>/hub_msg.rs`; a replication refusal is said by `<language>/replication.rs`.

use rust_decimal::Decimal;

use crate::wire::ReplicationError;

/// A message of the hub, with its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HubMsg {
    /// A terminal's token posted another terminal's entries.
    Forbidden {
        token_terminal: String,
        entry_terminal: String,
    },
    /// An entry the hub refused.
    Refused(ReplicationError),
    /// A terminal the hub does not know.
    NotEnrolled(String),
    /// The hub's store failed.
    Storage(String),
    /// A store named neither sqlite:PATH nor postgres://….
    BadSpec(String),
    /// An enrolment code unknown, spent, expired or another terminal's.
    EnrollRefused { terminal: String },
    /// A pull's `after` is not TERMINAL:SEQ,….
    BadCursor,
    /// No token, or one the hub does not know.
    Unauthorized,
    /// A request body that does not parse.
    BadBody(String),
    /// An authorization's request id was used for another one.
    HoldOpIdReused { op_id: String },
    /// The member owes a debt: top up first.
    MemberOwes { debt: Decimal },
    /// The chain-wide stored value is not enough.
    ChainStoredValue { available: Decimal },
    /// The chain-wide points are not enough.
    ChainPoints { available: i64 },
    /// A count card's chain-wide uses are not enough.
    ChainUses { card: String, left: i64 },
    /// A coupon already used at another terminal.
    CouponTaken { code: String },
    /// A conflict the hub does not have.
    NoConflict { conflict_id: String },
    /// A conflict settled at another terminal.
    ConflictSettledElsewhere { conflict_id: String },
    /// A conflict being settled at another terminal.
    ConflictBeingSettled { conflict_id: String },
    /// An entry already reversed at another terminal.
    ReversedElsewhere { entry_id: String },
    /// `carddesk hub serve` cannot listen.
    CannotListen { listen: String, detail: String },
    /// `carddesk hub enroll` before the hub made its certificate.
    NoCertificate { path: String },
}

impl HubMsg {
    /// This message in a language.
    pub fn get(&self, lang: crate::Lang) -> String {
        lang.texts().hub_msg(self)
    }
}

impl ReplicationError {
    /// This refusal in a language.
    pub fn message(&self, lang: crate::Lang) -> String {
        lang.texts().replication(self)
    }
}
