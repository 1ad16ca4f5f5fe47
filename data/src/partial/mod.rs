//! Partial books: a terminal whose `[sync] scope` is an outlet group keeps the members
//! registered at the group's outlets, the members it follows (fetched from the hub on
//! lookup through a [`MemberSource`], then kept; the book's side is in `book/partial.rs`), and every entry that names no member.
//! Of each member it holds it holds every entry, so balances, verify and reports of
//! that member are those of a whole book. Its chains have gaps; the checks that stand
//! in for a gap-free sequence are in [`ingest`].

pub(crate) mod ingest;

use crate::journal::Entry;

pub use ingest::{known_key, store_key};

/// What a terminal keeps: the whole chain, or an outlet group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookScope {
    Chain,
    Group { outlets: Vec<String> },
}

impl BookScope {
    /// The outlets whose registered members the book keeps; empty: every member.
    pub fn outlets(&self) -> &[String] {
        match self {
            BookScope::Chain => &[],
            BookScope::Group { outlets } => outlets,
        }
    }
}

/// The members a fetch found, with every entry of theirs and the key-publishing
/// entries of the terminals that wrote them.
#[derive(Debug, Clone, Default)]
pub struct Fetched {
    pub members: Vec<String>,
    pub entries: Vec<Entry>,
    pub keys: Vec<Entry>,
}

/// Where a partial book gets a member it does not hold: the hub (`POST /v1/members`).
pub trait MemberSource: Send {
    /// The members whose credential or member no. is one of `values`, whole. An error
    /// (its text, for the log) when no hub answered or the answer was unusable.
    fn fetch(&mut self, values: &[String]) -> Result<Fetched, String>;
}
