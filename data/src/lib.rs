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
pub mod book;
pub mod clock;
pub mod conflict;
pub mod credential;
pub mod daily;
pub mod demo;
pub mod effects;
pub mod entry;
pub mod error;
mod error_text;
pub mod export;
pub mod files;
pub mod findings;
pub mod hlc;
#[cfg(feature = "hub")]
pub mod hub;
pub mod import;
pub mod inquiry;
pub mod integrity;
pub mod journal;
pub mod lang;
pub mod lookup;
pub mod money;
pub mod ops;
pub mod permissions;
pub mod pin;
pub mod receipt;
pub mod replication;
pub mod reports;
pub mod rules;
pub mod settlement;
pub mod signing;
pub mod store;
pub mod verify;
mod verify_schema;
pub mod view;

pub use account::Account;
pub use book::{Book, Preview};
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
