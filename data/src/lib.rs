//! carddesk's books: the only crate that speaks SQL. It owns the schema, the journal
//! (the book of record and the replication log), the projections folded from it, every
//! rule about members, money, points, coupons and cards, and `verify`.

pub mod account;
pub mod analytics;
mod answers;
pub mod apply;
pub mod authorize;
pub mod backup;
pub mod bench;
mod birthdays;
pub mod book;
mod bulk_coupons;
pub mod chain;
pub mod clock;
mod commission;
pub mod company_statement;
pub mod conflict;
pub mod daily;
pub mod demo;
pub mod effects;
pub mod enrollment;
pub mod export;
pub mod files;
pub mod import;
pub mod inquiry;
pub mod integrity;
pub mod journal;
pub mod lookup;
pub mod notices;
pub mod ops;
pub mod partial;
pub mod pin;
pub mod referrals;
pub mod replication;
pub mod reports;
pub mod settlement;
pub mod signatures;
pub mod signing;
pub mod store;
pub mod verify;
mod verify_schema;
mod visits;

// The vocabulary lives in the model crate; these modules are re-exported whole so the
// data crate and its users name one type by one path.
pub use carddesk_model::{
    credential, entry, error, findings, hlc, lang, money, permissions, receipt, rules, text, view,
    wire,
};

pub use account::Account;
pub use book::{Book, Preview};
pub use carddesk_model::ids::{self, EntryId, MemberNo, OpId, OperatorId, TerminalId};
pub use carddesk_model::kind::{self, EntryKind};
pub use clock::{Clock, ManualClock, SystemClock};
pub use entry::Role;
pub use entry::{
    Credential, CredentialKind, CredentialStatus, EntryBody, Gender, Profile, ProfilePatch,
};
pub use error::OpError;
pub use lang::Lang;
pub use lookup::{Found, Member, MemberSummary};
pub use ops::{Actor, Checkout, CheckoutQuote, Operator, Outcome, Request, Terminal};
pub use receipt::Tender;
pub use rules::Rules;
pub use store::OpenError;
