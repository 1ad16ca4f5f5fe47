//! The book: one SQLite file holding the journal and its projections. All writes go
//! through [`Book::execute`].

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::clock::Clock;
use crate::error::OpError;
use crate::journal::{self, Entry, Header};
use crate::lookup::{self, Found, Member};
use crate::ops::{self, Actor, Outcome, Request, Terminal};
use crate::store::{self, OpenError};

pub struct Book {
    conn: Connection,
    path: PathBuf,
    terminal: Terminal,
    clock: Box<dyn Clock>,
}

impl Book {
    pub fn open(path: &Path, terminal: Terminal, clock: Box<dyn Clock>) -> Result<Book, OpenError> {
        let conn = store::open_connection(path)?;
        Ok(Book {
            conn,
            path: path.to_path_buf(),
            terminal,
            clock,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn terminal(&self) -> &Terminal {
        &self.terminal
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// Decides and commits one request atomically. A repeated `op_id` with the same
    /// request returns the first outcome (marked `replayed`) and writes nothing.
    pub fn execute(
        &mut self,
        actor: &Actor,
        op_id: &str,
        req: &Request,
    ) -> Result<Outcome, OpError> {
        let now_ms = self.clock.now().timestamp_millis();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let outcome = execute_in(&tx, &self.terminal, actor, op_id, req, now_ms, true)?;
        tx.commit()?;
        Ok(outcome)
    }

    /// Runs many requests in one transaction (the demo builder and imports): all or none.
    pub fn execute_batch<'a>(
        &mut self,
        actor: &Actor,
        requests: impl IntoIterator<Item = (String, &'a Request)>,
    ) -> Result<usize, OpError> {
        let now_ms = self.clock.now().timestamp_millis();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut n = 0;
        for (op_id, req) in requests {
            execute_in(&tx, &self.terminal, actor, &op_id, req, now_ms, false)?;
            n += 1;
        }
        tx.commit()?;
        Ok(n)
    }

    pub fn find(&self, query: &str) -> Result<Found, OpError> {
        lookup::find(&self.conn, query)
    }

    pub fn member(&self, member_no: &str) -> Result<Option<Member>, OpError> {
        lookup::member(&self.conn, member_no)
    }

    pub fn recent_entries(&self, member_no: &str, limit: usize) -> Result<Vec<Entry>, OpError> {
        journal::for_member(&self.conn, member_no, limit)
    }

    pub fn entry(&self, id: &str) -> Result<Option<Entry>, OpError> {
        journal::by_id(&self.conn, id)
    }

    /// Rebuilds every projection from the journal and compares; checks every chain.
    pub fn verify(&self) -> Result<crate::verify::Report, OpError> {
        crate::verify::verify(&self.conn, &self.path)
    }

    pub fn count_members(&self) -> Result<u64, OpError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM members", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    /// Raw connection for the data crate's own modules (bench, demo).
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

fn execute_in(
    conn: &Connection,
    terminal: &Terminal,
    actor: &Actor,
    op_id: &str,
    req: &Request,
    now_ms: i64,
    want_outcome: bool,
) -> Result<Outcome, OpError> {
    let op_id = op_id.trim();
    if op_id.is_empty() || op_id.len() > 128 {
        return Err(OpError::invalid(
            "op_id",
            "请求编号应为1到128个字符",
            "a request id is 1 to 128 characters",
        ));
    }
    let fingerprint = req.fingerprint();
    let seen: Option<(Vec<u8>, String)> = conn
        .prepare_cached("SELECT request_hash, result FROM op_results WHERE op_id = ?1")?
        .query_row([op_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((hash, result)) = seen {
        if hash != fingerprint {
            return Err(OpError::OpIdReused(op_id.to_string()));
        }
        let mut first: Outcome = serde_json::from_str(&result)?;
        first.replayed = true;
        return Ok(first);
    }
    let (next_seq, _) = journal::chain_tip(conn, &terminal.id)?;
    let decision = ops::decide_member(conn, terminal, next_seq, req)?;
    let header = Header {
        operator: actor.operator.clone(),
        outlet: actor.outlet.clone(),
        member_no: decision.member_no,
        reversal_of: decision.reversal_of,
        offline: false,
    };
    let entry = journal::append(conn, &terminal.id, now_ms, op_id, header, &decision.body)?;
    crate::apply::apply(conn, &entry)?;
    let member = match (&entry.header.member_no, want_outcome) {
        (Some(no), true) => lookup::member(conn, no)?,
        _ => None,
    };
    let outcome = Outcome {
        entry_id: entry.id(),
        kind: entry.kind.clone(),
        replayed: false,
        member,
    };
    conn.prepare_cached(
        "INSERT INTO op_results (op_id, request_hash, result) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![
        op_id,
        fingerprint,
        serde_json::to_string(&outcome)?
    ])?;
    Ok(outcome)
}
