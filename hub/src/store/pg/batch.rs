//! The hub's batches on PostgreSQL: a push under `SELECT … FOR UPDATE` on the terminal's
//! tip, inserted with one `INSERT … SELECT FROM UNNEST(arrays)`; a pull from one
//! repeatable-read snapshot.

use std::collections::BTreeMap;

use carddesk_data::conflict::HUB_TERMINAL;
use carddesk_data::journal::{self, Entry};
use carddesk_data::replication::ReplicationError;

use super::{row_entry, state, PgHub};
use crate::store::ledger::rows;
use crate::store::ledger::Ledger;
use crate::store::schema::ENTRY_COLS;
use crate::store::scope::{home, index_rows, Home};
use crate::store::storage::{plan, to_hash, Author};
use crate::store::{HubError, Pushed};

impl PgHub {
    pub(super) async fn push_batch(
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
            super::scope::write_index(&tx, &index_rows(new)).await?;
            tx.execute(
                "UPDATE hub_terminals SET tip_seq = $2, tip_hash = $3 WHERE terminal = $1",
                &[&terminal, &last.seq, &&last.hash[..]],
            )
            .await?;
        }
        let (tip_seq, tip_hash) = new.last().map_or((tip_seq, tip_hash), |l| (l.seq, l.hash));
        // The working set of the batch's members, under their locks (taken before the
        // hub's tip, in member order, as every batch and authorization takes them).
        let members = rows::members_of(new);
        state::lock(&tx, &members).await?;
        let before = state::load(&tx, &members, None).await?;
        let mut working = Ledger::from_rows(&before);
        // The hub's own entries the batch calls for, in the same transaction.
        let hub_tip = tx
            .query_one(
                "SELECT tip_seq, tip_hash FROM hub_terminals WHERE terminal = $1 FOR UPDATE",
                &[&HUB_TERMINAL],
            )
            .await?;
        working.observe(state::hub_hlc(&tx).await?);
        let booked = author(
            new,
            (hub_tip.get(0), to_hash(&hub_tip.get::<_, Vec<u8>>(1))),
            &mut working,
        );
        state::apply(&tx, &rows::diff(&before, &working.to_rows())).await?;
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

    pub(super) async fn pull_after(
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
    let kinds = col(|e| e.kind.as_str());
    let bodies = col(|e| &e.body);
    let reversals: Vec<Option<&str>> = new
        .iter()
        .map(|e| e.header.reversal_of.as_deref())
        .collect();
    let offline: Vec<bool> = new.iter().map(|e| e.header.offline).collect();
    let prevs: Vec<&[u8]> = new.iter().map(|e| &e.prev_hash[..]).collect();
    let hashes: Vec<&[u8]> = new.iter().map(|e| &e.hash[..]).collect();
    let sigs: Vec<Option<&[u8]>> = new.iter().map(|e| e.sig.as_deref()).collect();
    let named: Vec<&str> = new
        .iter()
        .filter_map(|e| match home(e) {
            Home::OfMember(m) => Some(m),
            Home::Is(_) => None,
        })
        .collect();
    let known: std::collections::HashMap<String, String> = tx
        .query(
            "SELECT member_no, outlet FROM hub_members WHERE member_no = ANY($1)",
            &[&named],
        )
        .await?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let homes: Vec<Option<&str>> = new
        .iter()
        .map(|e| match home(e) {
            Home::Is(h) => Some(h),
            Home::OfMember(m) => known.get(m).map(String::as_str),
        })
        .collect();
    let inserted = tx
        .execute(
            &format!(
                "INSERT INTO hub_entries ({ENTRY_COLS}, home)
                 SELECT * FROM UNNEST($1::text[], $2::int8[], $3::int8[], $4::text[],
                     $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                     $10::text[], $11::bool[], $12::bytea[], $13::bytea[], $14::bytea[],
                     $15::text[])"
            ),
            &[
                &terminals, &seqs, &hlcs, &op_ids, &operators, &outlets, &members, &kinds, &bodies,
                &reversals, &offline, &prevs, &hashes, &sigs, &homes,
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
