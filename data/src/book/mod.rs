//! The book: one SQLite file holding the journal and its projections. All writes go
//! through [`Book::execute`].

use std::path::{Path, PathBuf};

use carddesk_model::text::Why;

mod bulk;
mod ingest;
pub use ingest::Ingest;
mod inquiry;
mod notices;
mod partial;
mod progress;
mod rewards;
mod staff;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior};

use crate::account::{self, Account};
use crate::answers;
use crate::authorize::Authorizer;
use crate::clock::Clock;
use crate::effects::Effect;
use crate::entry::EntryBody;
use crate::error::OpError;
use crate::journal::{self, Entry, Header};
use crate::lookup::{self, Found, Member};
use crate::ops::{self, Actor, Checkout, CheckoutQuote, Outcome, Request, Terminal};
use crate::reports;
use crate::store::{self, OpenError};

pub use carddesk_model::ops::Preview;

pub struct Book {
    conn: Connection,
    path: PathBuf,
    terminal: Terminal,
    clock: Box<dyn Clock>,
    /// The hub, for spends; None: this terminal works alone.
    authorizer: Option<Box<dyn Authorizer>>,
    /// This terminal's signing key (see [`crate::signing`]); empty: entries unsigned.
    key: crate::signing::KeySlot,
    /// The hub, for members a partial book does not hold (see [`crate::partial`]).
    pub(crate) member_source: Option<Box<dyn crate::partial::MemberSource>>,
}

impl Book {
    /// Opens the existing book at `path`; a missing file is refused, never created.
    pub fn open(path: &Path, terminal: Terminal, clock: Box<dyn Clock>) -> Result<Book, OpenError> {
        let conn = store::open_connection(path)?;
        Ok(Book::with(conn, path, terminal, clock))
    }

    /// Makes a new, empty book at `path` and opens it; refused if any file is there.
    pub fn create(
        path: &Path,
        terminal: Terminal,
        clock: Box<dyn Clock>,
    ) -> Result<Book, OpenError> {
        let conn = store::create(path)?;
        Ok(Book::with(conn, path, terminal, clock))
    }

    fn with(conn: Connection, path: &Path, terminal: Terminal, clock: Box<dyn Clock>) -> Book {
        Book {
            conn,
            path: path.to_path_buf(),
            terminal,
            clock,
            authorizer: None,
            key: crate::signing::KeySlot::default(),
            member_source: None,
        }
    }

    /// Puts every spend to the hub before it commits (and under the offline caps when
    /// the hub cannot be reached).
    pub fn set_authorizer(&mut self, authorizer: Box<dyn Authorizer>) {
        self.authorizer = Some(authorizer);
    }

    /// Signs this terminal's entries from now on with the key in `path` (made there on
    /// the first write when missing).
    pub fn set_key_file(&mut self, path: PathBuf) {
        self.key = crate::signing::KeySlot::at(path);
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
        self.fetch_named(req)?;
        let now = self.clock.now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let t = &self.terminal;
        let from = self.key.begin(&tx, &t.id)?;
        let gate: Option<&mut dyn Authorizer> = match &mut self.authorizer {
            Some(a) => Some(a.as_mut()),
            None => None,
        };
        match execute_in(&tx, &self.terminal, gate, actor, op_id, req, now, true) {
            Ok(outcome) => {
                self.key.seal(&tx, &self.terminal.id, from)?;
                tx.commit()?;
                Ok(outcome)
            }
            Err(OpError::WrongPin { subject, .. }) => {
                // The refused operation rolls back; the wrong PIN still counts.
                drop(tx);
                Err(self.pin_failed(&subject, now))
            }
            Err(e) => Err(e),
        }
    }

    /// Computes a checkout without writing anything: what the confirmation screen shows.
    pub fn quote_checkout(&self, actor: &Actor, r: &Checkout) -> Result<CheckoutQuote, OpError> {
        self.quote_checkout_as(actor, "quote", r)
    }

    /// A checkout quote under the op id it will be posted with: the coupon codes its
    /// rules issue are the ones the posting will issue.
    pub fn quote_checkout_as(
        &self,
        actor: &Actor,
        op_id: &str,
        r: &Checkout,
    ) -> Result<CheckoutQuote, OpError> {
        let ctx = ops::Ctx::next(
            &self.conn,
            &self.terminal,
            actor,
            op_id.trim(),
            self.clock.now(),
        )?;
        ops::quote_checkout(&ctx, r)
    }

    /// Decides and applies `req` in a transaction that is rolled back: what the request
    /// would do (the entry body) and the member's balances before and after, for the
    /// confirmation screen of any operation. Writes nothing.
    pub fn preview(&mut self, actor: &Actor, req: &Request) -> Result<Preview, OpError> {
        self.preview_as(actor, "preview", req)
    }

    /// [`Book::preview`] for the request that will be executed with `op_id`: what it
    /// shows (coupon codes included) is what `execute` with that id posts.
    pub fn preview_as(
        &mut self,
        actor: &Actor,
        op_id: &str,
        req: &Request,
    ) -> Result<Preview, OpError> {
        self.fetch_named(req)?;
        let now = self.clock.now();
        let tx = self.conn.transaction()?;
        let entry = write(&tx, &self.terminal, actor, op_id.trim(), now, |ctx| {
            ops::decide(ctx, req).map(Some)
        })?
        .ok_or_else(|| OpError::Storage("an operation decided nothing".into()))?;
        let member_no = entry.header.member_no.clone().unwrap_or_default();
        let after = account::account(&tx, &member_no)?;
        drop(tx);
        Ok(Preview {
            before: account::account(&self.conn, &member_no)?,
            after,
            detail: entry.parsed_body()?,
        })
    }

    /// A coupon by its code (any case; the check character is verified).
    pub fn coupon(&self, code: &str) -> Result<Option<account::CouponView>, OpError> {
        match ops::coupons::normalize(code) {
            Ok(code) => account::coupon(&self.conn, &code),
            Err(_) => Ok(None),
        }
    }

    /// The terminal-wide journal, newest first: `limit` entries older than the HLC
    /// `before` (None: the newest).
    pub fn journal_page(&self, before: Option<i64>, limit: usize) -> Result<Vec<Entry>, OpError> {
        journal::page(&self.conn, before.unwrap_or(i64::MAX), limit)
    }

    /// The report of this terminal's open shift so far (an X report), if one is open.
    pub fn current_shift(&self) -> Result<Option<reports::ShiftReport>, OpError> {
        let Some(open) = reports::open_shift(&self.conn, &self.terminal.id)? else {
            return Ok(None);
        };
        let (next_seq, _) = journal::chain_tip(&self.conn, &self.terminal.id)?;
        Ok(Some(reports::shift_report(
            &self.conn, &open, next_seq, None,
        )?))
    }

    /// 日结: every entry of `outlet` on the chain's local date `day`, all terminals.
    pub fn day_report(
        &self,
        outlet: &str,
        day: chrono::NaiveDate,
    ) -> Result<reports::DayReport, OpError> {
        reports::day_report(&self.conn, &self.terminal.rules, outlet, day)
    }

    pub fn account(&self, member_no: &str) -> Result<Account, OpError> {
        account::account(&self.conn, member_no.trim())
    }

    /// Runs many requests in one transaction (the demo builder and imports): all or none;
    /// they queue no notices to members.
    pub fn execute_batch<'a>(
        &mut self,
        actor: &Actor,
        requests: impl IntoIterator<Item = (String, &'a Request)>,
    ) -> Result<usize, OpError> {
        let now = self.clock.now();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let t = &self.terminal;
        let from = self.key.begin(&tx, &t.id)?;
        let outbox_mark = crate::notices::mark(&tx)?;
        let mut n = 0;
        for (op_id, req) in requests {
            execute_in(&tx, &self.terminal, None, actor, &op_id, req, now, false)?;
            n += 1;
        }
        crate::notices::forget_since(&tx, outbox_mark)?;
        self.key.seal(&tx, &self.terminal.id, from)?;
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
        let mut report = crate::verify::verify(&self.conn, &self.path)?;
        if let Some(mine) = self.key.public_if_present()? {
            crate::verify::check_own_key(&self.conn, &self.terminal.id, &mine, &mut report)?;
        }
        Ok(report)
    }

    /// `carddesk doctor`'s quick check: SQLite's `quick_check` of the file's pages and
    /// indexes (seconds, where `verify` rebuilds every table). Its problems; none: sound.
    pub fn quick_check(&self) -> Result<Vec<String>, OpError> {
        let mut stmt = self.conn.prepare("PRAGMA quick_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let found = rows.collect::<Result<Vec<_>, _>>()?;
        Ok(found.into_iter().filter(|r| r != "ok").collect())
    }

    pub fn count_members(&self) -> Result<u64, OpError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM members", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    /// Raw connection for the data crate's own modules (bench, demo, daily).
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection to write on, and the key the writes are signed with.
    pub(crate) fn conn_and_key(&mut self) -> (&mut Connection, &crate::signing::KeySlot) {
        (&mut self.conn, &self.key)
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

#[allow(clippy::too_many_arguments)]
fn execute_in(
    conn: &Connection,
    terminal: &Terminal,
    gate: Option<&mut dyn Authorizer>,
    actor: &Actor,
    op_id: &str,
    req: &Request,
    now: DateTime<Utc>,
    want_outcome: bool,
) -> Result<Outcome, OpError> {
    let op_id = op_id.trim();
    if op_id.is_empty() || op_id.len() > 128 {
        return Err(OpError::invalid("op_id", Why::OpIdLength));
    }
    let fingerprint = req.fingerprint();
    if let Some(first) = answers::fingerprint(conn, op_id)? {
        if first != fingerprint {
            return Err(OpError::OpIdReused(op_id.to_string()));
        }
        // The stored answer is not replayed as it stands: it is rebuilt from the entry.
        return answers::replay(conn, op_id, want_outcome);
    }
    let entry = write_gated(
        conn,
        terminal,
        actor,
        op_id,
        now,
        |ctx| ops::decide(ctx, req).map(Some),
        gate,
    )?
    .ok_or_else(|| OpError::Storage("an operation decided nothing".into()))?;
    // Parsed once: the body decides the tier follow-up and is the receipt data.
    let body = entry.parsed_body()?;
    let mut follow_ups = Vec::new();
    if let (Some(no), true) = (&entry.header.member_no, touches_tiers(&body)) {
        if let Some(e) = follow_tier(conn, terminal, actor, op_id, now, no)? {
            follow_ups.push(e.id());
        }
    }
    follow_ups.extend(rewards::follow(
        conn, terminal, actor, op_id, now, &entry, &body,
    )?);
    let outcome = answers::outcome(conn, &entry, body, follow_ups, want_outcome)?;
    answers::record(conn, op_id, &fingerprint, &outcome)?;
    Ok(outcome)
}

/// Decides with a context for the next entry of this terminal, then appends and applies
/// the entry, if the decision was to write one.
pub(crate) fn write(
    conn: &Connection,
    terminal: &Terminal,
    actor: &Actor,
    op_id: &str,
    now: DateTime<Utc>,
    decide: impl FnOnce(&ops::Ctx) -> Result<Option<ops::Decision>, OpError>,
) -> Result<Option<Entry>, OpError> {
    write_gated(conn, terminal, actor, op_id, now, decide, None)
}

/// [`write`], with the decided entry's spends put to the hub first (`gate`).
fn write_gated(
    conn: &Connection,
    terminal: &Terminal,
    actor: &Actor,
    op_id: &str,
    now: DateTime<Utc>,
    decide: impl FnOnce(&ops::Ctx) -> Result<Option<ops::Decision>, OpError>,
    gate: Option<&mut dyn Authorizer>,
) -> Result<Option<Entry>, OpError> {
    let ctx = ops::Ctx::next(conn, terminal, actor, op_id, now)?;
    let Some(decision) = decide(&ctx)? else {
        return Ok(None);
    };
    let offline = match gate {
        Some(auth) => crate::authorize::gate(conn, terminal, auth, op_id, &decision, now)?,
        None => false,
    };
    let header = Header {
        operator: actor.operator.clone(),
        outlet: actor.outlet.clone(),
        member_no: decision.member_no,
        reversal_of: decision.reversal_of,
        offline,
    };
    let entry = journal::append(
        conn,
        &terminal.id,
        now.timestamp_millis(),
        op_id,
        header,
        &decision.body,
    )?;
    crate::apply::apply(conn, &entry)?;
    crate::notices::queue_for_entry(conn, &entry, now.timestamp_millis())?;
    Ok(Some(entry))
}

fn touches_tiers(body: &EntryBody) -> bool {
    body.effects()
        .iter()
        .any(|e| matches!(e, Effect::Activity { .. }))
}

/// Writes the tier upgrade an operation earned, as its own entry.
fn follow_tier(
    conn: &Connection,
    terminal: &Terminal,
    actor: &Actor,
    op_id: &str,
    now: DateTime<Utc>,
    member_no: &str,
) -> Result<Option<Entry>, OpError> {
    let Some(m) = lookup::member(conn, member_no)? else {
        return Ok(None);
    };
    write(
        conn,
        terminal,
        actor,
        &answers::tier_op_id(op_id),
        now,
        |ctx| {
            Ok(
                ops::tiers::upgrade(ctx, member_no, &m.tier)?.map(|body| ops::Decision {
                    member_no: Some(member_no.to_string()),
                    reversal_of: None,
                    body,
                }),
            )
        },
    )
}
