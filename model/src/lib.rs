//! carddesk's vocabulary, at the bottom of the crate picture: what an entry, a request,
//! a member, a balance, a quote, a report and a refusal are, and the rules model. Pure:
//! no I/O, no SQL and no clock, so the screens, the data crate and the hub all speak it
//! and nothing here can block or fail on a device.

pub mod account;
pub mod analytics;
pub mod conflict;
pub mod credential;
pub mod effects;
pub mod entry;
pub mod error;
pub mod findings;
pub mod hlc;
pub mod ids;
pub mod inquiry;
pub mod journal;
pub mod kind;
pub mod lang;
pub mod lookup;
pub mod money;
pub mod ops;
pub mod permissions;
pub mod reads;
pub mod receipt;
pub mod reports;
pub mod rules;
pub mod text;
pub mod view;
pub mod why;
pub mod wire;

pub use account::Account;
pub use entry::{
    Credential, CredentialKind, CredentialStatus, EntryBody, Gender, Profile, ProfilePatch, Role,
};
pub use error::OpError;
pub use ids::{EntryId, MemberNo, OpId, OperatorId, TerminalId};
pub use kind::EntryKind;
pub use lang::Lang;
pub use lookup::{Found, Member, MemberSummary};
pub use ops::{Actor, Checkout, CheckoutQuote, Operator, Outcome, Preview, Request, Terminal};
pub use receipt::Tender;
pub use rules::Rules;
