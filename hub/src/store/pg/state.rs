//! The state tables on PostgreSQL (see [`crate::store::state`]): the members' balance
//! rows locked `FOR UPDATE` in member order, their rows read with `= ANY`, and each
//! table's changes written in one statement over `UNNEST` arrays.

use carddesk_data::conflict::HUB_TERMINAL;
use deadpool_postgres::Transaction;
use tokio_postgres::types::ToSql;

use super::PgHub;
use crate::store::ledger::rows::{self, Change, Rows, Ty, Val, HOLDS, TABLES};
use crate::store::ledger::{Ledger, Refusal};
use crate::store::schema::Dialect;
use crate::store::state;
use crate::store::storage::{now_text, Decide};
use crate::store::HubError;

/// Locks the members' balance rows (made first if missing), in member order.
pub(super) async fn lock(tx: &Transaction<'_>, members: &[String]) -> Result<(), HubError> {
    if members.is_empty() {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO hub_balances (member_no) SELECT * FROM UNNEST($1::text[])
         ON CONFLICT DO NOTHING",
        &[&members],
    )
    .await?;
    tx.query(
        "SELECT member_no FROM hub_balances WHERE member_no = ANY($1)
         ORDER BY member_no FOR UPDATE",
        &[&members],
    )
    .await?;
    Ok(())
}

/// The rows of `members`, and the hold of `op_id` whichever member's it is.
pub(super) async fn load(
    tx: &Transaction<'_>,
    members: &[String],
    op_id: Option<&str>,
) -> Result<Rows, HubError> {
    let mut out = Rows::new();
    if !members.is_empty() {
        for table in 0..TABLES.len() {
            let found = tx
                .query(&state::select(Dialect::Postgres, table), &[&members])
                .await?;
            read(table, &found, &mut out)?;
        }
    }
    if let Some(op_id) = op_id {
        let found = tx
            .query(&state::select_hold(Dialect::Postgres), &[&op_id])
            .await?;
        read(HOLDS, &found, &mut out)?;
    }
    Ok(out)
}

fn read(table: usize, found: &[tokio_postgres::Row], out: &mut Rows) -> Result<(), HubError> {
    let t = &TABLES[table];
    let types = state::types(t);
    for r in found {
        let mut key = Vec::new();
        let mut vals = Vec::new();
        for (i, ty) in types.iter().enumerate() {
            if i < t.keys.len() {
                key.push(r.try_get::<_, String>(i)?);
            } else {
                vals.push(match ty {
                    Ty::Int => Val::Int(r.try_get(i)?),
                    Ty::Text => Val::Text(r.try_get(i)?),
                });
            }
        }
        out.insert((table, key), vals);
    }
    Ok(())
}

/// One column's values of several rows, as an array parameter.
enum Column {
    Text(Vec<String>),
    Int(Vec<i64>),
}

impl Column {
    fn new(ty: Ty) -> Column {
        match ty {
            Ty::Text => Column::Text(Vec::new()),
            Ty::Int => Column::Int(Vec::new()),
        }
    }

    fn push(&mut self, v: &Val) {
        match (self, v) {
            (Column::Text(c), Val::Text(t)) => c.push(t.clone()),
            (Column::Int(c), Val::Int(i)) => c.push(*i),
            (Column::Text(c), Val::Int(i)) => c.push(i.to_string()),
            (Column::Int(c), Val::Text(_)) => c.push(0),
        }
    }

    fn param(&self) -> &(dyn ToSql + Sync) {
        match self {
            Column::Text(c) => c,
            Column::Int(c) => c,
        }
    }
}

pub(super) async fn apply(tx: &Transaction<'_>, changes: &[Change]) -> Result<(), HubError> {
    for (table, t) in TABLES.iter().enumerate() {
        let mut puts: Vec<Column> = state::types(t).into_iter().map(Column::new).collect();
        let mut deletes: Vec<Column> = t.keys.iter().map(|_| Column::new(Ty::Text)).collect();
        let (mut any_put, mut any_delete) = (false, false);
        for c in changes {
            match c {
                Change::Put((tb, key), vals) if *tb == table => {
                    any_put = true;
                    let all = key.iter().map(|k| Val::Text(k.clone())).chain(vals.clone());
                    for (col, v) in puts.iter_mut().zip(all) {
                        col.push(&v);
                    }
                }
                Change::Delete((tb, key)) if *tb == table => {
                    any_delete = true;
                    for (col, k) in deletes.iter_mut().zip(key) {
                        col.push(&Val::Text(k.clone()));
                    }
                }
                _ => {}
            }
        }
        if any_delete {
            let params: Vec<_> = deletes.iter().map(Column::param).collect();
            tx.execute(&state::delete(Dialect::Postgres, table), &params)
                .await?;
        }
        if any_put {
            let params: Vec<_> = puts.iter().map(Column::param).collect();
            tx.execute(&state::put(Dialect::Postgres, table), &params)
                .await?;
        }
    }
    Ok(())
}

/// The clock of the hub's last own entry.
pub(super) async fn hub_hlc(tx: &Transaction<'_>) -> Result<i64, HubError> {
    Ok(tx
        .query_opt(
            "SELECT hlc FROM hub_entries WHERE terminal = $1 ORDER BY seq DESC LIMIT 1",
            &[&HUB_TERMINAL],
        )
        .await?
        .map_or(0, |r| r.get(0)))
}

impl PgHub {
    pub(super) async fn authorize_member(
        &self,
        member_no: &str,
        op_id: &str,
        decide: Decide,
    ) -> Result<Result<(), Refusal>, HubError> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        let member = [member_no.to_string()];
        lock(&tx, &member).await?;
        let before = load(&tx, &member, Some(op_id)).await?;
        let mut working = Ledger::from_rows(&before);
        let result = decide(&mut working);
        apply(&tx, &rows::diff(&before, &working.to_rows())).await?;
        tx.commit().await?;
        Ok(result)
    }

    pub(super) async fn state_is_built(&self) -> Result<bool, HubError> {
        let c = self.client().await?;
        let n: i64 = c
            .query_one("SELECT count(*) FROM hub_state_built", &[])
            .await?
            .get(0);
        Ok(n > 0)
    }

    pub(super) async fn write_state(&self, all: Rows) -> Result<(), HubError> {
        let mut c = self.client().await?;
        let tx = c.transaction().await?;
        tx.execute(
            "SELECT pg_advisory_xact_lock($1)",
            &[&super::MIGRATION_LOCK],
        )
        .await?;
        let n: i64 = tx
            .query_one("SELECT count(*) FROM hub_state_built", &[])
            .await?
            .get(0);
        if n == 0 {
            apply(&tx, &rows::diff(&Rows::new(), &all)).await?;
            tx.execute(
                "INSERT INTO hub_state_built (built_at) VALUES ($1)",
                &[&now_text()],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
