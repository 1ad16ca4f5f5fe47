//! The hub on PostgreSQL (a chain). tokio-postgres with a deadpool pool; the schema is
//! created and migrated on start under an advisory lock, so several hub processes may
//! start at once. Batches are in `batch.rs`.

mod batch;
mod scope;
mod state;

use std::collections::BTreeMap;

use carddesk_data::conflict::HUB_TERMINAL;
use carddesk_data::journal::{Entry, Header, GENESIS};
use carddesk_data::replication::{Scope, Tip};
use carddesk_data::EntryKind;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::{NoTls, Row};

use crate::store::ledger::rows::Rows;
use crate::store::ledger::Refusal;
use crate::store::schema::{self, Dialect, ENTRY_COLS};
use crate::store::scope::ScopedPage;
use crate::store::storage::{now_text, to_hash, Answer, Author, Decide, Storage};
use crate::store::{Alarm, HubError, NewAlarm, Pushed};

/// Advisory lock key for migrations: "CDHB".
const MIGRATION_LOCK: i64 = 0x4344_4842;

pub struct PgHub {
    pool: Pool,
}

fn pool_err(e: impl std::fmt::Display) -> HubError {
    HubError::Storage(format!("postgresql: {e}"))
}

impl PgHub {
    pub async fn open(url: &str) -> Result<PgHub, HubError> {
        let config: tokio_postgres::Config = url.parse().map_err(pool_err)?;
        let mut config = config;
        config.connect_timeout(std::time::Duration::from_secs(10));
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(8)
            .build()
            .map_err(pool_err)?;
        let hub = PgHub { pool };
        hub.migrate().await?;
        Ok(hub)
    }

    async fn client(&self) -> Result<deadpool_postgres::Object, HubError> {
        self.pool.get().await.map_err(pool_err)
    }

    async fn migrate(&self) -> Result<(), HubError> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS hub_schema (version INTEGER NOT NULL)")
            .await?;
        let version: Option<i32> = tx
            .query_opt("SELECT version FROM hub_schema", &[])
            .await?
            .map(|r| r.get(0));
        let version = match version {
            Some(v) => v,
            None => {
                tx.execute("INSERT INTO hub_schema (version) VALUES (0)", &[])
                    .await?;
                0
            }
        };
        let steps = schema::migrations(Dialect::Postgres);
        if version as usize > steps.len() {
            return Err(HubError::Storage(format!(
                "the database is at hub schema {version}, newer than this carddesk knows ({}): upgrade carddesk",
                steps.len()
            )));
        }
        for (i, step) in steps.iter().enumerate().skip(version as usize) {
            tx.batch_execute(step).await?;
            tx.execute("UPDATE hub_schema SET version = $1", &[&(i as i32 + 1)])
                .await?;
        }
        // The hub's own chain; its token is random and never given out.
        let token: Vec<u8> = rand::random::<[u8; 32]>().to_vec();
        tx.execute(
            "INSERT INTO hub_terminals (terminal, token_hash, enrolled_at, tip_seq, tip_hash)
             VALUES ($1, $2, $3, 0, $4) ON CONFLICT (terminal) DO NOTHING",
            &[&HUB_TERMINAL, &token, &now_text(), &&GENESIS[..]],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Storage for PgHub {
    fn kind(&self) -> &'static str {
        "postgresql"
    }

    fn enroll<'a>(&'a self, terminal: &'a str, hash: Vec<u8>) -> Answer<'a, ()> {
        Box::pin(async move {
            let c = self.client().await?;
            c.execute(
                "INSERT INTO hub_terminals (terminal, token_hash, enrolled_at, tip_seq, tip_hash)
             VALUES ($1, $2, $3, 0, $4)
             ON CONFLICT (terminal) DO UPDATE SET token_hash = $2, enrolled_at = $3",
                &[&terminal, &hash, &now_text(), &&GENESIS[..]],
            )
            .await?;
            Ok(())
        })
    }

    fn issue_code<'a>(
        &'a self,
        terminal: &'a str,
        hash: Vec<u8>,
        expires_at: String,
    ) -> Answer<'a, ()> {
        Box::pin(async move {
            let c = self.client().await?;
            c.execute(
                "INSERT INTO hub_enrollment_codes (code_hash, terminal, expires_at)
                 VALUES ($1, $2, $3)",
                &[&hash, &terminal, &expires_at],
            )
            .await?;
            Ok(())
        })
    }

    fn redeem<'a>(
        &'a self,
        code_hash: Vec<u8>,
        terminal: &'a str,
        token_hash: Vec<u8>,
        now: String,
    ) -> Answer<'a, bool> {
        Box::pin(async move {
            let mut c = self.client().await?;
            let tx = c.transaction().await?;
            let expires_at: Option<String> = tx
                .query_opt(
                    "DELETE FROM hub_enrollment_codes WHERE code_hash = $1 AND terminal = $2
                 RETURNING expires_at",
                    &[&code_hash, &terminal],
                )
                .await?
                .map(|r| r.get(0));
            if !matches!(expires_at, Some(at) if at > now) {
                tx.commit().await?;
                return Ok(false);
            }
            tx.execute(
                "INSERT INTO hub_terminals (terminal, token_hash, enrolled_at, tip_seq, tip_hash)
             VALUES ($1, $2, $3, 0, $4)
             ON CONFLICT (terminal) DO UPDATE SET token_hash = $2, enrolled_at = $3",
                &[&terminal, &token_hash, &now_text(), &&GENESIS[..]],
            )
            .await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    fn replace_token<'a>(&'a self, terminal: &'a str, hash: Vec<u8>) -> Answer<'a, bool> {
        Box::pin(async move {
            let mut c = self.client().await?;
            let tx = c.transaction().await?;
            let n = tx
                .execute(
                    "UPDATE hub_terminals SET token_hash = $2 WHERE terminal = $1",
                    &[&terminal, &hash],
                )
                .await?;
            tx.execute(
                "DELETE FROM hub_enrollment_codes WHERE terminal = $1",
                &[&terminal],
            )
            .await?;
            tx.commit().await?;
            Ok(n == 1)
        })
    }

    fn authenticate(&self, hash: Vec<u8>) -> Answer<'_, Option<String>> {
        Box::pin(async move {
            let c = self.client().await?;
            let stmt = c
                .prepare_cached("SELECT terminal FROM hub_terminals WHERE token_hash = $1")
                .await?;
            Ok(c.query_opt(&stmt, &[&hash]).await?.map(|r| r.get(0)))
        })
    }

    fn entry<'a>(&'a self, terminal: &'a str, seq: i64) -> Answer<'a, Option<Entry>> {
        Box::pin(async move {
            let c = self.client().await?;
            let stmt = c
                .prepare_cached(&format!(
                    "SELECT {ENTRY_COLS} FROM hub_entries WHERE terminal = $1 AND seq = $2"
                ))
                .await?;
            c.query_opt(&stmt, &[&terminal, &seq])
                .await?
                .map(|r| row_entry(&r))
                .transpose()
        })
    }

    fn key_entry<'a>(&'a self, terminal: &'a str) -> Answer<'a, Option<Entry>> {
        Box::pin(async move {
            let c = self.client().await?;
            let stmt = c
                .prepare_cached(&format!(
                    "SELECT {ENTRY_COLS} FROM hub_entries WHERE terminal = $1 AND length(sig) = 96
                 ORDER BY seq LIMIT 1"
                ))
                .await?;
            c.query_opt(&stmt, &[&terminal])
                .await?
                .map(|r| row_entry(&r))
                .transpose()
        })
    }

    fn tip<'a>(&'a self, terminal: &'a str) -> Answer<'a, Option<Tip>> {
        Box::pin(async move {
            let c = self.client().await?;
            let stmt = c
                .prepare_cached("SELECT tip_seq, tip_hash FROM hub_terminals WHERE terminal = $1")
                .await?;
            Ok(c.query_opt(&stmt, &[&terminal]).await?.map(|r| Tip {
                seq: r.get(0),
                hash: hex::encode(r.get::<_, Vec<u8>>(1)),
            }))
        })
    }

    fn tips(&self) -> Answer<'_, BTreeMap<String, Tip>> {
        Box::pin(async move {
            let c = self.client().await?;
            let rows = c
                .query("SELECT terminal, tip_seq, tip_hash FROM hub_terminals", &[])
                .await?;
            Ok(rows
                .iter()
                .map(|r| {
                    (
                        r.get::<_, String>(0),
                        Tip {
                            seq: r.get(1),
                            hash: hex::encode(r.get::<_, Vec<u8>>(2)),
                        },
                    )
                })
                .collect())
        })
    }

    fn push<'a>(
        &'a self,
        terminal: &'a str,
        entries: &'a [Entry],
        author: Author,
    ) -> Answer<'a, Pushed> {
        Box::pin(self.push_batch(terminal, entries, author))
    }

    fn pull<'a>(
        &'a self,
        after: &'a BTreeMap<String, i64>,
        exclude: Option<&'a str>,
        limit: usize,
    ) -> Answer<'a, (Vec<Entry>, bool)> {
        Box::pin(self.pull_after(after, exclude, limit))
    }

    fn pull_scoped<'a>(
        &'a self,
        after: &'a BTreeMap<String, i64>,
        exclude: Option<&'a str>,
        limit: usize,
        scope: &'a Scope,
    ) -> Answer<'a, ScopedPage> {
        Box::pin(self.pull_in_scope(after, exclude, limit, scope))
    }

    fn fetch<'a>(&'a self, values: &'a [String]) -> Answer<'a, (Vec<String>, Vec<Entry>)> {
        Box::pin(self.fetch_members(values))
    }

    fn alarms(&self) -> Answer<'_, Vec<Alarm>> {
        Box::pin(async move {
            let c = self.client().await?;
            let rows = c
            .query(
                "SELECT id, at, terminal, kind, entry_id, op_id, detail FROM hub_alarms ORDER BY id",
                &[],
            )
            .await?;
            Ok(rows
                .iter()
                .map(|r| Alarm {
                    id: r.get(0),
                    at: r.get(1),
                    terminal: r.get(2),
                    kind: r.get(3),
                    entry_id: r.get(4),
                    op_id: r.get(5),
                    detail: r.get(6),
                })
                .collect())
        })
    }

    fn authorize<'a>(
        &'a self,
        member_no: &'a str,
        op_id: &'a str,
        decide: Decide,
    ) -> Answer<'a, Result<(), Refusal>> {
        Box::pin(self.authorize_member(member_no, op_id, decide))
    }

    fn state_built(&self) -> Answer<'_, bool> {
        Box::pin(self.state_is_built())
    }

    fn build_state(&self, rows: Rows) -> Answer<'_, ()> {
        Box::pin(self.write_state(rows))
    }

    fn raise(&self, a: NewAlarm) -> Answer<'_, ()> {
        Box::pin(async move {
            let c = self.client().await?;
            c.execute(
                "INSERT INTO hub_alarms (at, terminal, kind, entry_id, op_id, detail)
             VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    &now_text(),
                    &a.terminal,
                    &a.kind,
                    &a.entry_id,
                    &a.op_id,
                    &a.detail,
                ],
            )
            .await?;
            Ok(())
        })
    }
}

pub(super) fn row_entry(r: &Row) -> Result<Entry, HubError> {
    Ok(Entry {
        terminal: r.try_get(0)?,
        seq: r.try_get(1)?,
        hlc: r.try_get(2)?,
        op_id: r.try_get(3)?,
        header: Header {
            operator: r.try_get(4)?,
            outlet: r.try_get(5)?,
            member_no: r.try_get(6)?,
            reversal_of: r.try_get(9)?,
            offline: r.try_get(10)?,
        },
        kind: {
            let word: &str = r.try_get(7)?;
            EntryKind::parse(word)
                .ok_or_else(|| HubError::Storage(format!("no entry kind {word:?}")))?
        },
        body: r.try_get(8)?,
        prev_hash: to_hash(r.try_get::<_, &[u8]>(11)?),
        hash: to_hash(r.try_get::<_, &[u8]>(12)?),
        sig: r.try_get::<_, Option<Vec<u8>>>(13)?,
    })
}
