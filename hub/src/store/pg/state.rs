//! The state tables on PostgreSQL (see [`crate::store::state`]): the members' balance
//! rows locked `FOR UPDATE` in member order, their rows read with `= ANY`, and each
//! table's changes written in one statement over `UNNEST` arrays. Statements are
//! prepared once per connection and sent together (tokio-postgres pipelines the
//! requests of futures polled at once): an authorization is a few round trips, not
//! one per table.

use carddesk_data::conflict::HUB_TERMINAL;
use deadpool_postgres::Transaction;
use futures_util::future::{try_join, try_join_all};
use tokio_postgres::types::ToSql;

use super::PgHub;
use crate::store::ledger::rows::{self, Change, Rows, Ty, Val, HOLDS, TABLES};
use crate::store::ledger::{Ledger, Refusal};
use crate::store::schema::Dialect;
use crate::store::state;
use crate::store::storage::{now_text, Decide};
use crate::store::HubError;

/// Locks the members' balance rows (made first if missing), in member order. The two
/// statements go out together: PostgreSQL runs a connection's requests in the order
/// sent, so the lock sees the rows the insert made.
pub(super) async fn lock(tx: &Transaction<'_>, members: &[String]) -> Result<(), HubError> {
    if members.is_empty() {
        return Ok(());
    }
    let insert = tx
        .prepare_cached(
            "INSERT INTO hub_balances (member_no) SELECT * FROM UNNEST($1::text[])
             ON CONFLICT DO NOTHING",
        )
        .await?;
    let select = tx
        .prepare_cached(
            "SELECT member_no FROM hub_balances WHERE member_no = ANY($1)
             ORDER BY member_no FOR UPDATE",
        )
        .await?;
    try_join(
        tx.execute(&insert, &[&members]),
        tx.query(&select, &[&members]),
    )
    .await?;
    Ok(())
}

/// The rows of `members`, and the hold of `op_id` whichever member's it is: one
/// prepared statement per table, all sent at once (one round trip, not one each).
pub(super) async fn load(
    tx: &Transaction<'_>,
    members: &[String],
    op_id: Option<&str>,
) -> Result<Rows, HubError> {
    let mut out = Rows::new();
    let tables: Vec<usize> = if members.is_empty() {
        Vec::new()
    } else {
        (0..TABLES.len()).collect()
    };
    let mut statements = Vec::with_capacity(tables.len());
    for &table in &tables {
        statements.push(
            tx.prepare_cached(&state::select(Dialect::Postgres, table))
                .await?,
        );
    }
    let hold = match op_id {
        Some(_) => Some(
            tx.prepare_cached(&state::select_hold(Dialect::Postgres))
                .await?,
        ),
        None => None,
    };
    let param: [&(dyn ToSql + Sync); 1] = [&members];
    let member_rows = try_join_all(statements.iter().map(|st| tx.query(st, &param)));
    let hold_rows = async {
        match (&hold, op_id) {
            (Some(st), Some(op_id)) => tx.query(st, &[&op_id]).await.map(Some),
            _ => Ok(None),
        }
    };
    let (found, held) = try_join(member_rows, hold_rows).await?;
    for (table, rows) in tables.iter().zip(&found) {
        read(*table, rows, &mut out)?;
    }
    if let Some(rows) = held {
        read(HOLDS, &rows, &mut out)?;
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

/// Each table's deletes and puts, one statement each, all sent at once. A diff never
/// both puts and deletes one key, so their order does not matter.
pub(super) async fn apply(tx: &Transaction<'_>, changes: &[Change]) -> Result<(), HubError> {
    let mut writes: Vec<(tokio_postgres::Statement, Vec<Column>)> = Vec::new();
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
            let st = tx
                .prepare_cached(&state::delete(Dialect::Postgres, table))
                .await?;
            writes.push((st, deletes));
        }
        if any_put {
            let st = tx
                .prepare_cached(&state::put(Dialect::Postgres, table))
                .await?;
            writes.push((st, puts));
        }
    }
    try_join_all(writes.iter().map(|(st, cols)| {
        let params: Vec<&(dyn ToSql + Sync)> = cols.iter().map(Column::param).collect();
        async move { tx.execute(st, &params).await }
    }))
    .await?;
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
