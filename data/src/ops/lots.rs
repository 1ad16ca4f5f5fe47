//! What stays, no-shows, checkouts, rewards and a company's stay points share: a new
//! points lot, and whether a reference (a folio, a bill) was already posted. Below
//! `points` and `corporate`, so neither imports the other for them.

use chrono::{Months, NaiveDate};

use super::Ctx;
use crate::effects::Effect;
use crate::error::OpError;

/// A new lot of `points` named after this entry, and the tier activity it brings.
pub(crate) fn earn(ctx: &Ctx, points: i64) -> Option<Effect> {
    (points > 0).then(|| Effect::LotEarned {
        lot: ctx.entry_id.clone(),
        points,
        expires_on: expiry(ctx.today(), ctx.rules().points.expire_months),
    })
}

fn expiry(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The standing (not reversed) entry of `kind` of `member_no` whose body holds
/// `folio_ref` at `path` (a stay's `$.folio_ref`, a company charge's `$.bill_ref`).
pub(crate) fn posted_for_folio_at(
    ctx: &Ctx,
    member_no: &str,
    kind: &str,
    path: &str,
    folio_ref: &str,
) -> Result<Option<String>, OpError> {
    use rusqlite::OptionalExtension;
    Ok(ctx
        .conn
        .prepare_cached(
            "SELECT j.terminal, j.seq FROM journal j
             WHERE j.member_no = ?1 AND j.kind = ?3
               AND json_extract(j.body, ?4) = ?2
               AND NOT EXISTS (SELECT 1 FROM journal r
                               WHERE r.reversal_of = j.terminal || '-' || j.seq)
             LIMIT 1",
        )?
        .query_row(rusqlite::params![member_no, folio_ref, kind, path], |r| {
            Ok(crate::journal::entry_id(&r.get::<_, String>(0)?, r.get(1)?))
        })
        .optional()?)
}
