//! The hub on PostgreSQL (a chain). tokio-postgres with a deadpool pool; the schema is
//! created and migrated on start under an advisory lock, so several hub processes may
//! start at once. A batch is inserted with one `INSERT … SELECT FROM UNNEST(arrays)`.

use std::collections::BTreeMap;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::{NoTls, Row};

use super::{now_text, plan, to_hash, Alarm, Author, HubError, NewAlarm, Pushed};
use carddesk_data::conflict::HUB_TERMINAL;
use carddesk_data::journal::{self, Entry, Header, GENESIS};
use carddesk_data::replication::{ReplicationError, Tip};

/// Each step runs once, in order; `hub_schema` records how far a database is.
const MIGRATIONS: &[&str] = &[
    "
CREATE TABLE hub_terminals (
    terminal    TEXT PRIMARY KEY,
    token_hash  BYTEA NOT NULL UNIQUE,
    enrolled_at TEXT NOT NULL,
    tip_seq     BIGINT NOT NULL DEFAULT 0,
    tip_hash    BYTEA NOT NULL
);
CREATE TABLE hub_entries (
    terminal    TEXT    NOT NULL,
    seq         BIGINT  NOT NULL,
    hlc         BIGINT  NOT NULL,
    op_id       TEXT    NOT NULL UNIQUE,
    operator    TEXT    NOT NULL,
    outlet      TEXT    NOT NULL,
    member_no   TEXT,
    kind        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    reversal_of TEXT,
    offline     BOOLEAN NOT NULL,
    prev_hash   BYTEA   NOT NULL,
    hash        BYTEA   NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (terminal, seq)
);
CREATE TABLE hub_alarms (
    id       BIGSERIAL PRIMARY KEY,
    at       TEXT NOT NULL,
    terminal TEXT NOT NULL,
    kind     TEXT NOT NULL,
    entry_id TEXT,
    op_id    TEXT,
    detail   TEXT NOT NULL
);
",
    "
CREATE TABLE hub_enrollment_codes (
    code_hash  BYTEA PRIMARY KEY,
    terminal   TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
",
    "
-- Each terminal's signature of an entry's hash (see signing.rs).
ALTER TABLE hub_entries ADD COLUMN sig BYTEA;
CREATE INDEX hub_entries_key ON hub_entries (terminal, seq) WHERE length(sig) = 96;
",
];

/// Advisory lock key for migrations: "CDHB".
const MIGRATION_LOCK: i64 = 0x4344_4842;

const ENTRY_COLS: &str = "terminal, seq, hlc, op_id, operator, outlet, member_no, kind, body, reversal_of, offline, prev_hash, hash, sig";

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
        if version as usize > MIGRATIONS.len() {
            return Err(HubError::Storage(format!(
                "the database is at hub schema {version}, newer than this carddesk knows ({}): upgrade carddesk",
                MIGRATIONS.len()
            )));
        }
        for (i, step) in MIGRATIONS.iter().enumerate().skip(version as usize) {
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

    pub async fn enroll(&self, terminal: &str, hash: Vec<u8>) -> Result<(), HubError> {
        let c = self.client().await?;
        c.execute(
            "INSERT INTO hub_terminals (terminal, token_hash, enrolled_at, tip_seq, tip_hash)
             VALUES ($1, $2, $3, 0, $4)
             ON CONFLICT (terminal) DO UPDATE SET token_hash = $2, enrolled_at = $3",
            &[&terminal, &hash, &now_text(), &&GENESIS[..]],
        )
        .await?;
        Ok(())
    }

    pub async fn issue_code(
        &self,
        terminal: &str,
        hash: Vec<u8>,
        expires_at: String,
    ) -> Result<(), HubError> {
        let c = self.client().await?;
        c.execute(
            "INSERT INTO hub_enrollment_codes (code_hash, terminal, expires_at) VALUES ($1, $2, $3)",
            &[&hash, &terminal, &expires_at],
        )
        .await?;
        Ok(())
    }

    /// See [`super::SqliteHub::redeem`].
    pub async fn redeem(
        &self,
        code_hash: Vec<u8>,
        terminal: &str,
        token_hash: Vec<u8>,
    ) -> Result<bool, HubError> {
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
        if !matches!(expires_at, Some(at) if at > now_text()) {
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
    }

    /// See [`super::SqliteHub::replace_token`].
    pub async fn replace_token(&self, terminal: &str, hash: Vec<u8>) -> Result<bool, HubError> {
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
    }

    pub async fn authenticate(&self, hash: Vec<u8>) -> Result<Option<String>, HubError> {
        let c = self.client().await?;
        let stmt = c
            .prepare_cached("SELECT terminal FROM hub_terminals WHERE token_hash = $1")
            .await?;
        Ok(c.query_opt(&stmt, &[&hash]).await?.map(|r| r.get(0)))
    }

    /// One stored entry of `terminal`.
    pub async fn entry(&self, terminal: &str, seq: i64) -> Result<Option<Entry>, HubError> {
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
    }

    /// The entry that published `terminal`'s signing key, if any.
    pub async fn key_entry(&self, terminal: &str) -> Result<Option<Entry>, HubError> {
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
    }

    pub async fn tips(&self) -> Result<BTreeMap<String, Tip>, HubError> {
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
    }

    pub async fn push(
        &self,
        terminal: &str,
        entries: &[Entry],
        author: Author,
    ) -> Result<Pushed, HubError> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        let tip = tx
            .query_opt(
                "SELECT tip_seq, tip_hash FROM hub_terminals WHERE terminal = $1 FOR UPDATE",
                &[&terminal],
            )
            .await?;
        let Some(tip) = tip else {
            return Err(HubError::NotEnrolled(terminal.to_string()));
        };
        let tip_seq: i64 = tip.get(0);
        let tip_hash = to_hash(&tip.get::<_, Vec<u8>>(1));
        let stored = match (entries.first(), entries.last()) {
            (Some(first), Some(last)) if first.seq <= tip_seq => {
                let rows = tx
                    .query(
                        &format!(
                            "SELECT {ENTRY_COLS} FROM hub_entries
                             WHERE terminal = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq"
                        ),
                        &[&terminal, &first.seq, &tip_seq.min(last.seq)],
                    )
                    .await?;
                rows.iter().map(row_entry).collect::<Result<Vec<_>, _>>()?
            }
            _ => Vec::new(),
        };
        let (new, duplicates) = plan(terminal, tip_seq, &tip_hash, entries, &stored)?;
        if let Some(last) = new.last() {
            let ops: Vec<&str> = new.iter().map(|e| e.op_id.as_str()).collect();
            let taken = tx
                .query_opt(
                    "SELECT op_id, terminal, seq FROM hub_entries WHERE op_id = ANY($1) LIMIT 1",
                    &[&ops],
                )
                .await?;
            if let Some(row) = taken {
                let op_id: String = row.get(0);
                let entry_id = new
                    .iter()
                    .find(|e| e.op_id == op_id)
                    .map(Entry::id)
                    .unwrap_or_default();
                return Err(HubError::Refused(ReplicationError::OpIdReused {
                    entry_id,
                    op_id,
                    other: journal::entry_id(&row.get::<_, String>(1), row.get(2)),
                }));
            }
            insert_batch(&tx, new).await?;
            tx.execute(
                "UPDATE hub_terminals SET tip_seq = $2, tip_hash = $3 WHERE terminal = $1",
                &[&terminal, &last.seq, &&last.hash[..]],
            )
            .await?;
        }
        let (tip_seq, tip_hash) = new.last().map_or((tip_seq, tip_hash), |l| (l.seq, l.hash));
        // The hub's own entries the batch calls for, in the same transaction.
        let hub_tip = tx
            .query_one(
                "SELECT tip_seq, tip_hash FROM hub_terminals WHERE terminal = $1 FOR UPDATE",
                &[&HUB_TERMINAL],
            )
            .await?;
        let booked = author(
            new,
            (hub_tip.get(0), to_hash(&hub_tip.get::<_, Vec<u8>>(1))),
        );
        if let Some(last) = booked.last() {
            insert_batch(&tx, &booked).await?;
            tx.execute(
                "UPDATE hub_terminals SET tip_seq = $2, tip_hash = $3 WHERE terminal = $1",
                &[&HUB_TERMINAL, &last.seq, &&last.hash[..]],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(Pushed {
            accepted: new.len() as u64,
            duplicates,
            tip_seq,
            tip_hash,
            booked,
        })
    }

    pub async fn pull(
        &self,
        after: &BTreeMap<String, i64>,
        exclude: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<Entry>, bool), HubError> {
        let mut c = self.client().await?;
        // One snapshot across terminals.
        let tx = c
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await?;
        let terminals = tx
            .query(
                "SELECT terminal, tip_seq FROM hub_terminals ORDER BY terminal",
                &[],
            )
            .await?;
        let stmt = tx
            .prepare(&format!(
                "SELECT {ENTRY_COLS} FROM hub_entries WHERE terminal = $1 AND seq > $2
                 ORDER BY seq LIMIT $3"
            ))
            .await?;
        let mut out = Vec::new();
        let mut more = false;
        for row in terminals {
            let t: String = row.get(0);
            let tip: i64 = row.get(1);
            if exclude == Some(t.as_str()) {
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
            for r in tx.query(&stmt, &[&t, &from, &(room as i64)]).await? {
                out.push(row_entry(&r)?);
            }
            if (tip - from) as usize > room {
                more = true;
                break;
            }
        }
        tx.commit().await?;
        Ok((out, more))
    }

    pub async fn alarms(&self) -> Result<Vec<Alarm>, HubError> {
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
    }

    pub(crate) async fn raise(&self, a: &NewAlarm) -> Result<(), HubError> {
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
    }
}

/// One `INSERT … SELECT FROM UNNEST(arrays)` for a run of entries.
async fn insert_batch(
    tx: &deadpool_postgres::Transaction<'_>,
    new: &[Entry],
) -> Result<(), HubError> {
    let col = |f: fn(&Entry) -> &str| new.iter().map(f).collect::<Vec<&str>>();
    let terminals = col(|e| &e.terminal);
    let seqs: Vec<i64> = new.iter().map(|e| e.seq).collect();
    let hlcs: Vec<i64> = new.iter().map(|e| e.hlc).collect();
    let op_ids = col(|e| &e.op_id);
    let operators = col(|e| &e.header.operator);
    let outlets = col(|e| &e.header.outlet);
    let members: Vec<Option<&str>> = new.iter().map(|e| e.header.member_no.as_deref()).collect();
    let kinds = col(|e| &e.kind);
    let bodies = col(|e| &e.body);
    let reversals: Vec<Option<&str>> = new
        .iter()
        .map(|e| e.header.reversal_of.as_deref())
        .collect();
    let offline: Vec<bool> = new.iter().map(|e| e.header.offline).collect();
    let prevs: Vec<&[u8]> = new.iter().map(|e| &e.prev_hash[..]).collect();
    let hashes: Vec<&[u8]> = new.iter().map(|e| &e.hash[..]).collect();
    let sigs: Vec<Option<&[u8]>> = new.iter().map(|e| e.sig.as_deref()).collect();
    let inserted = tx
        .execute(
            &format!(
                "INSERT INTO hub_entries ({ENTRY_COLS})
                 SELECT * FROM UNNEST($1::text[], $2::int8[], $3::int8[], $4::text[],
                     $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                     $10::text[], $11::bool[], $12::bytea[], $13::bytea[], $14::bytea[])"
            ),
            &[
                &terminals, &seqs, &hlcs, &op_ids, &operators, &outlets, &members, &kinds, &bodies,
                &reversals, &offline, &prevs, &hashes, &sigs,
            ],
        )
        .await;
    if let Err(e) = inserted {
        // A concurrent batch of another terminal took one of these op ids first.
        if e.code() == Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION) {
            return Err(HubError::Refused(ReplicationError::OpIdReused {
                entry_id: new[0].id(),
                op_id: new[0].op_id.clone(),
                other: "(a concurrent batch)".into(),
            }));
        }
        return Err(e.into());
    }
    Ok(())
}

fn row_entry(r: &Row) -> Result<Entry, HubError> {
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
        kind: r.try_get(7)?,
        body: r.try_get(8)?,
        prev_hash: to_hash(r.try_get::<_, &[u8]>(11)?),
        hash: to_hash(r.try_get::<_, &[u8]>(12)?),
        sig: r.try_get::<_, Option<Vec<u8>>>(13)?,
    })
}
