//! The hub on SQLite (one outlet): one file, WAL, synchronous=FULL, one writer at a time.
//! rusqlite is blocking, so every call runs on tokio's blocking pool.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use carddesk_data::conflict::HUB_TERMINAL;
use carddesk_data::journal::{self, Entry, Hash, GENESIS};
use carddesk_data::replication::{Scope, Tip};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::ledger::rows::{self, Rows};
use super::ledger::{Ledger, Refusal};
use super::schema::ENTRY_COLS;
use super::scope::{home, index_rows, Home, ScopedPage};
use super::storage::{now_text, plan, to_hash, Answer, Author, Decide, Storage};
use super::{sqlite_scope, sqlite_state};
use super::{Alarm, HubError, NewAlarm, Pushed};

pub struct SqliteHub {
    conn: Arc<Mutex<Connection>>,
}

impl SqliteHub {
    pub async fn open(path: &str) -> Result<SqliteHub, HubError> {
        let path = path.to_string();
        let conn = blocking(move || super::sqlite_open::open_sync(Path::new(&path))).await?;
        Ok(SqliteHub {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    async fn with<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, HubError> + Send + 'static,
    ) -> Result<T, HubError> {
        let conn = Arc::clone(&self.conn);
        blocking(move || {
            let mut guard = conn
                .lock()
                .map_err(|_| HubError::Storage("hub connection poisoned".into()))?;
            f(&mut guard)
        })
        .await
    }
}

impl Storage for SqliteHub {
    fn kind(&self) -> &'static str {
        "sqlite"
    }

    fn enroll<'a>(&'a self, terminal: &'a str, hash: Vec<u8>) -> Answer<'a, ()> {
        let terminal = terminal.to_string();
        Box::pin(self.with(move |c| {
            c.execute(
                "INSERT INTO hub_terminals (terminal, token_hash, enrolled_at, tip_seq, tip_hash)
                 VALUES (?1, ?2, ?3, 0, ?4)
                 ON CONFLICT (terminal) DO UPDATE SET token_hash = ?2, enrolled_at = ?3",
                params![terminal, hash, now_text(), &GENESIS[..]],
            )?;
            Ok(())
        }))
    }

    fn issue_code<'a>(
        &'a self,
        terminal: &'a str,
        hash: Vec<u8>,
        expires_at: String,
    ) -> Answer<'a, ()> {
        let terminal = terminal.to_string();
        Box::pin(self.with(move |c| {
            c.execute(
                "INSERT INTO hub_enrollment_codes (code_hash, terminal, expires_at) VALUES (?1, ?2, ?3)",
                params![hash, terminal, expires_at],
            )?;
            Ok(())
        }))
    }

    fn redeem<'a>(
        &'a self,
        code_hash: Vec<u8>,
        terminal: &'a str,
        token_hash: Vec<u8>,
        now: String,
    ) -> Answer<'a, bool> {
        let terminal = terminal.to_string();
        Box::pin(self.with(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let expires_at: Option<String> = tx
                .query_row(
                    "DELETE FROM hub_enrollment_codes WHERE code_hash = ?1 AND terminal = ?2
                     RETURNING expires_at",
                    params![code_hash, terminal],
                    |r| r.get(0),
                )
                .optional()?;
            if !matches!(expires_at, Some(at) if at > now) {
                tx.commit()?;
                return Ok(false);
            }
            tx.execute(
                "INSERT INTO hub_terminals (terminal, token_hash, enrolled_at, tip_seq, tip_hash)
                 VALUES (?1, ?2, ?3, 0, ?4)
                 ON CONFLICT (terminal) DO UPDATE SET token_hash = ?2, enrolled_at = ?3",
                params![terminal, token_hash, now_text(), &GENESIS[..]],
            )?;
            tx.commit()?;
            Ok(true)
        }))
    }

    fn replace_token<'a>(&'a self, terminal: &'a str, hash: Vec<u8>) -> Answer<'a, bool> {
        let terminal = terminal.to_string();
        Box::pin(self.with(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let n = tx.execute(
                "UPDATE hub_terminals SET token_hash = ?2 WHERE terminal = ?1",
                params![terminal, hash],
            )?;
            tx.execute(
                "DELETE FROM hub_enrollment_codes WHERE terminal = ?1",
                [&terminal],
            )?;
            tx.commit()?;
            Ok(n == 1)
        }))
    }

    fn authenticate(&self, hash: Vec<u8>) -> Answer<'_, Option<String>> {
        Box::pin(self.with(move |c| {
            Ok(
                c.prepare_cached("SELECT terminal FROM hub_terminals WHERE token_hash = ?1")?
                    .query_row([hash], |r| r.get(0))
                    .optional()?,
            )
        }))
    }

    fn entry<'a>(&'a self, terminal: &'a str, seq: i64) -> Answer<'a, Option<Entry>> {
        let terminal = terminal.to_string();
        Box::pin(self.with(move |c| Ok(range(c, &terminal, seq, seq)?.pop())))
    }

    fn key_entry<'a>(&'a self, terminal: &'a str) -> Answer<'a, Option<Entry>> {
        let terminal = terminal.to_string();
        Box::pin(self.with(move |c| {
            // Named: seeing `ORDER BY seq LIMIT 1`, the planner would walk the key
            // (terminal, seq) and test every entry, all of a terminal's history when its
            // key came late or never (a terminal from before signing), on every push.
            Ok(c.prepare_cached(&format!(
                "SELECT {ENTRY_COLS} FROM hub_entries INDEXED BY hub_entries_key
                 WHERE terminal = ?1 AND length(sig) = 96 ORDER BY seq LIMIT 1"
            ))?
            .query_row([terminal], journal::from_row)
            .optional()?)
        }))
    }

    fn tip<'a>(&'a self, terminal: &'a str) -> Answer<'a, Option<Tip>> {
        let terminal = terminal.to_string();
        Box::pin(self.with(move |c| {
            Ok(
                c.prepare_cached(
                    "SELECT tip_seq, tip_hash FROM hub_terminals WHERE terminal = ?1",
                )?
                .query_row([terminal], |r| {
                    Ok(Tip {
                        seq: r.get(0)?,
                        hash: hex::encode(r.get::<_, Vec<u8>>(1)?),
                    })
                })
                .optional()?,
            )
        }))
    }

    fn tips(&self) -> Answer<'_, BTreeMap<String, Tip>> {
        Box::pin(self.with(|c| {
            let mut stmt =
                c.prepare_cached("SELECT terminal, tip_seq, tip_hash FROM hub_terminals")?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Tip {
                        seq: r.get(1)?,
                        hash: hex::encode(r.get::<_, Vec<u8>>(2)?),
                    },
                ))
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        }))
    }

    fn push<'a>(
        &'a self,
        terminal: &'a str,
        entries: &'a [Entry],
        author: Author,
    ) -> Answer<'a, Pushed> {
        let terminal = terminal.to_string();
        let entries = entries.to_vec();
        Box::pin(self.with(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let tip: Option<(i64, Vec<u8>)> = tx
                .prepare_cached("SELECT tip_seq, tip_hash FROM hub_terminals WHERE terminal = ?1")?
                .query_row([&terminal], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let Some((tip_seq, tip_hash)) = tip else {
                return Err(HubError::NotEnrolled(terminal));
            };
            let tip_hash = to_hash(&tip_hash);
            let stored = match entries.first() {
                Some(first) if first.seq <= tip_seq => {
                    let last = entries.last().map_or(first.seq, |e| e.seq);
                    range(&tx, &terminal, first.seq, tip_seq.min(last))?
                }
                _ => Vec::new(),
            };
            let (new, duplicates) = plan(&terminal, tip_seq, &tip_hash, &entries, &stored)?;
            insert_all(&tx, new)?;
            sqlite_scope::write_index(&tx, &index_rows(new))?;
            let (tip_seq, tip_hash) = match new.last() {
                Some(last) => {
                    set_tip(&tx, &terminal, last.seq, &last.hash)?;
                    (last.seq, last.hash)
                }
                None => (tip_seq, tip_hash),
            };
            // The hub's own entries the batch calls for, in the same transaction.
            let hub_tip: (i64, Vec<u8>) = tx
                .prepare_cached("SELECT tip_seq, tip_hash FROM hub_terminals WHERE terminal = ?1")?
                .query_row([HUB_TERMINAL], |r| Ok((r.get(0)?, r.get(1)?)))?;
            // The working set of the batch's members; SQLite's single writer is their lock.
            let members = rows::members_of(new);
            let before = sqlite_state::load(&tx, &members, None)?;
            let mut working = Ledger::from_rows(&before);
            working.observe(sqlite_state::hub_hlc(&tx)?);
            let booked = author(new, (hub_tip.0, to_hash(&hub_tip.1)), &mut working);
            sqlite_state::apply(&tx, &rows::diff(&before, &working.to_rows()))?;
            insert_all(&tx, &booked)?;
            if let Some(last) = booked.last() {
                set_tip(&tx, HUB_TERMINAL, last.seq, &last.hash)?;
            }
            tx.commit()?;
            Ok(Pushed {
                accepted: new.len() as u64,
                duplicates,
                tip_seq,
                tip_hash,
                booked,
            })
        }))
    }

    fn pull<'a>(
        &'a self,
        after: &'a BTreeMap<String, i64>,
        exclude: Option<&'a str>,
        limit: usize,
    ) -> Answer<'a, (Vec<Entry>, bool)> {
        let after = after.clone();
        let exclude = exclude.map(str::to_string);
        Box::pin(self.with(move |c| {
            // One read transaction: a consistent snapshot across terminals.
            let tx = c.transaction_with_behavior(TransactionBehavior::Deferred)?;
            let terminals: Vec<(String, i64)> = {
                let mut stmt = tx.prepare_cached(
                    "SELECT terminal, tip_seq FROM hub_terminals ORDER BY terminal",
                )?;
                let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<Result<_, _>>()?
            };
            let mut out = Vec::new();
            let mut more = false;
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT {ENTRY_COLS} FROM hub_entries WHERE terminal = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3"
            ))?;
            for (t, tip) in terminals {
                if exclude.as_deref() == Some(t.as_str()) {
                    continue;
                }
                let from = after.get(&t).copied().unwrap_or(0);
                if tip <= from {
                    continue;
                }
                let room = limit - out.len();
                if room == 0 {
                    more = true;
                    break;
                }
                let rows = stmt.query_map(params![t, from, room as i64], journal::from_row)?;
                for row in rows {
                    out.push(row?);
                }
                if (tip - from) as usize > room {
                    more = true;
                    break;
                }
            }
            drop(stmt);
            tx.commit()?;
            Ok((out, more))
        }))
    }

    fn pull_scoped<'a>(
        &'a self,
        after: &'a BTreeMap<String, i64>,
        exclude: Option<&'a str>,
        limit: usize,
        scope: &'a Scope,
    ) -> Answer<'a, ScopedPage> {
        let (after, scope) = (after.clone(), scope.clone());
        let exclude = exclude.map(str::to_string);
        Box::pin(
            self.with(move |c| {
                sqlite_scope::pull_scoped(c, &after, exclude.as_deref(), limit, &scope)
            }),
        )
    }

    fn fetch<'a>(&'a self, values: &'a [String]) -> Answer<'a, (Vec<String>, Vec<Entry>)> {
        let values = values.to_vec();
        Box::pin(self.with(move |c| sqlite_scope::fetch(c, &values)))
    }

    fn alarms(&self) -> Answer<'_, Vec<Alarm>> {
        Box::pin(self.with(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, at, terminal, kind, entry_id, op_id, detail FROM hub_alarms ORDER BY id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(Alarm {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    terminal: r.get(2)?,
                    kind: r.get(3)?,
                    entry_id: r.get(4)?,
                    op_id: r.get(5)?,
                    detail: r.get(6)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        }))
    }

    fn authorize<'a>(
        &'a self,
        member_no: &'a str,
        op_id: &'a str,
        decide: Decide,
    ) -> Answer<'a, Result<(), Refusal>> {
        let member = vec![member_no.to_string()];
        let op_id = op_id.to_string();
        Box::pin(self.with(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let before = sqlite_state::load(&tx, &member, Some(&op_id))?;
            let mut working = Ledger::from_rows(&before);
            let result = decide(&mut working);
            sqlite_state::apply(&tx, &rows::diff(&before, &working.to_rows()))?;
            tx.commit()?;
            Ok(result)
        }))
    }

    fn state_built(&self) -> Answer<'_, bool> {
        Box::pin(self.with(|c| sqlite_state::built(c)))
    }

    fn build_state(&self, rows: Rows) -> Answer<'_, ()> {
        Box::pin(self.with(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if !sqlite_state::built(&tx)? {
                sqlite_state::apply(&tx, &rows::diff(&Rows::new(), &rows))?;
                tx.execute(
                    "INSERT INTO hub_state_built (built_at) VALUES (?1)",
                    [now_text()],
                )?;
            }
            tx.commit()?;
            Ok(())
        }))
    }

    fn raise(&self, a: NewAlarm) -> Answer<'_, ()> {
        Box::pin(self.with(move |c| {
            c.execute(
                "INSERT INTO hub_alarms (at, terminal, kind, entry_id, op_id, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    now_text(),
                    a.terminal,
                    a.kind,
                    a.entry_id,
                    a.op_id,
                    a.detail
                ],
            )?;
            Ok(())
        }))
    }
}

fn insert_all(tx: &Connection, entries: &[Entry]) -> Result<(), HubError> {
    let now = now_text();
    let mut insert = tx.prepare_cached(&format!(
        "INSERT INTO hub_entries ({ENTRY_COLS}, received_at, home)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
    ))?;
    let mut home_of = tx.prepare_cached("SELECT outlet FROM hub_members WHERE member_no = ?1")?;
    for e in entries {
        let home: Option<String> = match home(e) {
            Home::Is(h) => Some(h.to_string()),
            Home::OfMember(m) => home_of.query_row([m], |r| r.get(0)).optional()?,
        };
        // The tip was checked, so (terminal, seq) is free: a unique violation here is
        // the op id, already taken by another entry.
        let mut row = carddesk_data::journal::row_params(e).to_vec();
        row.push(&now);
        row.push(&home);
        match insert.execute(&row[..]) {
            Ok(_) => {}
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
            {
                return Err(HubError::Refused(journal::op_id_reused(
                    tx,
                    "hub_entries",
                    e,
                )?));
            }
            Err(err) => return Err(err.into()),
        }
    }
    Ok(())
}

fn set_tip(tx: &Connection, terminal: &str, seq: i64, hash: &Hash) -> Result<(), HubError> {
    tx.prepare_cached("UPDATE hub_terminals SET tip_seq = ?2, tip_hash = ?3 WHERE terminal = ?1")?
        .execute(params![terminal, seq, &hash[..]])?;
    Ok(())
}

fn range(tx: &Connection, terminal: &str, from: i64, to: i64) -> Result<Vec<Entry>, HubError> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {ENTRY_COLS} FROM hub_entries WHERE terminal = ?1 AND seq BETWEEN ?2 AND ?3 ORDER BY seq"
    ))?;
    let rows = stmt.query_map(params![terminal, from, to], journal::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, HubError> + Send + 'static,
) -> Result<T, HubError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| HubError::Storage(format!("hub worker: {e}")))?
}
