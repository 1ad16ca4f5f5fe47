//! Scopes on the PostgreSQL hub: the member index written in a push's transaction
//! (one `INSERT … SELECT FROM UNNEST … ON CONFLICT DO NOTHING` per table), the scoped
//! pull and the fetch, each from one repeatable-read snapshot.

use std::collections::BTreeMap;

use carddesk_data::journal::Entry;
use carddesk_data::replication::Scope;

use super::{row_entry, PgHub};
use crate::store::schema::ENTRY_COLS;
use crate::store::scope::{windows, IndexRows, ScopedPage, FETCH_MEMBERS};
use crate::store::HubError;

pub(super) async fn write_index(
    tx: &deadpool_postgres::Transaction<'_>,
    rows: &IndexRows,
) -> Result<(), HubError> {
    if !rows.homes.is_empty() {
        let (m, o): (Vec<&str>, Vec<&str>) = rows
            .homes
            .iter()
            .map(|(m, o)| (m.as_str(), o.as_str()))
            .unzip();
        tx.execute(
            "INSERT INTO hub_members (member_no, outlet) SELECT * FROM UNNEST($1::text[], $2::text[])
             ON CONFLICT DO NOTHING",
            &[&m, &o],
        )
        .await?;
        // Entries that came before their member's registration get its home now.
        tx.execute(
            "UPDATE hub_entries e SET home = h.outlet FROM hub_members h
             WHERE h.member_no = ANY($1::text[]) AND e.member_no = h.member_no
               AND e.home IS NULL",
            &[&m],
        )
        .await?;
    }
    if !rows.credentials.is_empty() {
        let (v, m): (Vec<&str>, Vec<&str>) = rows
            .credentials
            .iter()
            .map(|(v, m)| (v.as_str(), m.as_str()))
            .unzip();
        tx.execute(
            "INSERT INTO hub_credentials (value, member_no)
             SELECT * FROM UNNEST($1::text[], $2::text[]) ON CONFLICT DO NOTHING",
            &[&v, &m],
        )
        .await?;
    }
    Ok(())
}

impl PgHub {
    async fn snapshot(
        c: &mut deadpool_postgres::Object,
    ) -> Result<deadpool_postgres::Transaction<'_>, HubError> {
        Ok(c.build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await?)
    }

    /// See [`crate::store::Storage::pull_scoped`].
    pub(super) async fn pull_in_scope(
        &self,
        after: &BTreeMap<String, i64>,
        exclude: Option<&str>,
        limit: usize,
        scope: &Scope,
    ) -> Result<ScopedPage, HubError> {
        let mut c = self.client().await?;
        let tx = Self::snapshot(&mut c).await?;
        let terminals = tx
            .query(
                "SELECT terminal, tip_seq FROM hub_terminals ORDER BY terminal",
                &[],
            )
            .await?;
        let whole = scope.outlets.is_empty();
        // Read through `hub_entries_home` (terminal, home, seq) and, for the followed
        // members, `hub_entries_member`: only the scope's entries, not the chain's.
        let stmt = tx
            .prepare(&if whole {
                format!(
                    "SELECT {ENTRY_COLS} FROM hub_entries e
                     WHERE e.terminal = $1 AND e.seq > $2 AND e.seq <= $3
                     ORDER BY e.seq LIMIT $4"
                )
            } else {
                format!(
                    "SELECT {ENTRY_COLS} FROM hub_entries e
                     WHERE e.terminal = $1 AND e.seq > $2 AND e.seq <= $3
                       AND (e.home = ANY($4::text[]) OR e.member_no = ANY($5::text[]))
                     ORDER BY e.seq LIMIT $6"
                )
            })
            .await?;
        // The homes to read: the scope's outlets and '' (entries naming no member).
        let mut homes = scope.outlets.clone();
        homes.push(String::new());
        let mut page = ScopedPage::default();
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
            if page.entries.len() == limit {
                page.more = true;
                break;
            }
            let mut reached = from;
            let mut full = false;
            for (lo, hi) in windows(from, tip) {
                let room = limit - page.entries.len();
                let room_i64 = room as i64;
                let found = if whole {
                    tx.query(&stmt, &[&t, &lo, &hi, &room_i64]).await?
                } else {
                    let follow = &scope.follow;
                    tx.query(&stmt, &[&t, &lo, &hi, &homes, follow, &room_i64])
                        .await?
                };
                full = found.len() == room;
                for r in &found {
                    page.entries.push(row_entry(r)?);
                }
                reached = match (full, page.entries.last()) {
                    (true, Some(last)) => last.seq,
                    _ => hi,
                };
                if full {
                    break;
                }
            }
            page.positions.insert(t, reached);
            if full || reached < tip {
                page.more = true;
            }
            if full {
                break;
            }
        }
        tx.commit().await?;
        Ok(page)
    }

    /// See [`crate::store::Storage::fetch`].
    pub(super) async fn fetch_members(
        &self,
        values: &[String],
    ) -> Result<(Vec<String>, Vec<Entry>), HubError> {
        let mut c = self.client().await?;
        let tx = Self::snapshot(&mut c).await?;
        let members: Vec<String> = tx
            .query(
                "SELECT member_no FROM hub_credentials WHERE value = ANY($1::text[])
                 UNION SELECT member_no FROM hub_members WHERE member_no = ANY($1::text[])
                 ORDER BY 1 LIMIT $2",
                &[&values, &(FETCH_MEMBERS as i64)],
            )
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let found = tx
            .query(
                &format!(
                    "SELECT {ENTRY_COLS} FROM hub_entries WHERE member_no = ANY($1::text[])
                     ORDER BY terminal, seq"
                ),
                &[&members],
            )
            .await?;
        let entries = found.iter().map(row_entry).collect::<Result<Vec<_>, _>>()?;
        tx.commit().await?;
        Ok((members, entries))
    }
}
