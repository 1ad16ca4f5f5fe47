//! The book's side of partial books (see [`crate::partial`]): its scope, the members it
//! follows, lookups that fetch a member it does not hold, and taking pulled or fetched
//! entries into chains with gaps.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension};

use super::Book;
use crate::error::OpError;
use crate::journal::Entry;
use crate::lookup::{self, Found};
use crate::partial::{BookScope, MemberSource};
use crate::replication::IngestReport;
use crate::wire::ReplicationError;

impl Book {
    /// Fetches members this (partial) book does not hold from the hub on lookup.
    pub fn set_member_source(&mut self, source: Box<dyn MemberSource>) {
        self.member_source = Some(source);
    }

    /// The scope the book was last synced with (None: never with a scope) and whether
    /// it has been partial once.
    pub fn scope(&self) -> Result<(Option<BookScope>, bool), OpError> {
        let row: Option<(String, String, bool)> = self
            .conn()
            .query_row(
                "SELECT scope, outlets, partial FROM book_scope WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        Ok(match row {
            None => (None, false),
            Some((scope, outlets, partial)) => {
                let scope = if scope == "group" {
                    BookScope::Group {
                        outlets: serde_json::from_str(&outlets)?,
                    }
                } else {
                    BookScope::Chain
                };
                (Some(scope), partial)
            }
        })
    }

    /// True when the book's chains may have gaps (it has been synced with a group).
    pub fn is_partial(&self) -> Result<bool, OpError> {
        Ok(self.scope()?.1)
    }

    /// Records the scope the next pulls use. A whole book becoming a group's keeps
    /// what it holds and reads on from its positions, following every member it holds
    /// outside the group (so each stays whole); a partial book becoming the whole
    /// chain's reads every terminal again from the start (what it holds is skipped).
    pub fn set_scope(&mut self, scope: &BookScope) -> Result<(), OpError> {
        let (before, partial) = self.scope()?;
        if before.as_ref() == Some(scope) {
            return Ok(());
        }
        let own = self.terminal().id.clone();
        let becomes_partial = matches!(scope, BookScope::Group { .. }) && !partial;
        let positions = if becomes_partial {
            self.positions()?
        } else {
            BTreeMap::new()
        };
        let tx = self.conn_mut().transaction()?;
        let partial = match scope {
            BookScope::Group { .. } if !partial => {
                for (t, (seq, _)) in positions.iter().filter(|(t, _)| **t != own) {
                    tx.execute(
                        "INSERT OR REPLACE INTO pull_positions (terminal, seq) VALUES (?1, ?2)",
                        params![t, seq],
                    )?;
                }
                true
            }
            BookScope::Chain if partial => {
                tx.execute("DELETE FROM pull_positions", [])?;
                true
            }
            _ => partial,
        };
        // Every member held stays whole: those not registered at the group's outlets
        // are followed from now on (a whole book becoming a group's follows the rest
        // of the chain it holds; start a group's terminal from an empty book instead).
        if let BookScope::Group { outlets } = scope {
            tx.execute(
                "INSERT OR IGNORE INTO followed_members (member_no, since_hlc)
                 SELECT member_no, status_hlc FROM members
                 WHERE outlet NOT IN (SELECT value FROM json_each(?1))",
                params![serde_json::to_string(outlets)?],
            )?;
        }
        let (name, outlets) = match scope {
            BookScope::Chain => ("chain", "[]".to_string()),
            BookScope::Group { outlets } => ("group", serde_json::to_string(outlets)?),
        };
        tx.execute(
            "INSERT OR REPLACE INTO book_scope (id, scope, outlets, partial) VALUES (1, ?1, ?2, ?3)",
            params![name, outlets, partial],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A partial book's pull positions: per terminal, the seq the hub was read up to.
    pub fn pull_positions(&self) -> Result<BTreeMap<String, i64>, OpError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT terminal, seq FROM pull_positions")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The members this book follows (fetched on lookup), in member-no. order.
    pub fn followed(&self) -> Result<Vec<String>, OpError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT member_no FROM followed_members ORDER BY member_no")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether the book holds the member (its registration is in the journal).
    pub fn holds(&self, member_no: &str) -> Result<bool, OpError> {
        holds(self.conn(), member_no)
    }

    /// Before a request is decided: on a partial book with a hub, the member it names
    /// ([`crate::ops::Request::names_member`]) is fetched when the book does not hold
    /// them, so `carddesk op` works on any member of the chain as the counter does. With
    /// no hub answering the request is refused as not held here; an unknown member is
    /// left to the request's own refusal.
    pub(crate) fn fetch_named(&mut self, req: &crate::ops::Request) -> Result<(), OpError> {
        let Some(named) = req.names_member() else {
            return Ok(());
        };
        if self.member_source.is_none() || !self.is_partial()? {
            return Ok(());
        }
        let named = named.to_string();
        // The usual case, a member no. held here, is one indexed probe.
        if self.holds(&named)? {
            return Ok(());
        }
        match self.find_or_fetch(&named) {
            Err(e @ (OpError::NotHeld(_) | OpError::Storage(_))) => Err(e),
            _ => Ok(()),
        }
    }

    /// [`Book::find`], and on a partial book with a hub, a member it does not hold
    /// fetched from the hub, kept and followed from then on. With no hub answering,
    /// such a member is refused as not held here ([`OpError::NotHeld`]): the counter
    /// can still take cash without a member.
    pub fn find_or_fetch(&mut self, query: &str) -> Result<Found, OpError> {
        match lookup::find(self.conn(), query) {
            Err(OpError::NotFound(q)) if self.member_source.is_some() && self.is_partial()? => {
                let mut values = vec![query.trim().to_string()];
                for form in crate::credential::lookup_forms(query.trim()) {
                    if !values.contains(&form) {
                        values.push(form);
                    }
                }
                let fetched = match self.member_source.as_mut() {
                    Some(source) => source.fetch(&values),
                    None => return Err(OpError::NotFound(q)),
                };
                match fetched {
                    Ok(f) if f.members.is_empty() => Err(OpError::NotFound(q)),
                    Ok(f) => {
                        let members = f.members.clone();
                        self.ingest_partial(f.entries, f.keys, &BTreeMap::new(), &members, None)
                            .map_err(|e| OpError::Storage(e.to_string()))?;
                        lookup::find(self.conn(), query)
                    }
                    Err(detail) => {
                        tracing::warn!("member {q:?} not held, and no hub answered: {detail}");
                        Err(OpError::NotHeld(q))
                    }
                }
            }
            other => other,
        }
    }
}

impl Book {
    /// Takes pulled or fetched entries into a partial book, in one transaction: the
    /// keys first, then each entry not held yet, checked ([`check_partial`]) and
    /// inserted, then applied in HLC order; the pull positions move to `positions`
    /// (unless members were followed since `follow_seen`, the list the pull carried)
    /// and `follow` joins the followed members. Entries already held must be identical
    /// (then they are skipped); this terminal's own entries are skipped.
    pub fn ingest_partial(
        &mut self,
        entries: Vec<Entry>,
        keys: Vec<Entry>,
        positions: &BTreeMap<String, i64>,
        follow: &[String],
        follow_seen: Option<&[String]>,
    ) -> Result<IngestReport, ReplicationError> {
        let mut ingest = self.begin_partial_ingest()?;
        ingest.add_keys(&keys)?;
        ingest.add(entries)?;
        ingest.finish_partial(positions, follow, follow_seen)
    }
}

/// Whether the book on `conn` holds the member: its registration is applied.
pub(super) fn holds(conn: &rusqlite::Connection, member_no: &str) -> Result<bool, OpError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM members WHERE member_no = ?1")?
        .exists([member_no])?)
}
