//! The commission report (提成, `carddesk report commission`): per operator, the
//! commission effects of the window's entries summed. A reversal carries the original's
//! commission negated, so it takes it back in the window it was posted in.

use std::collections::BTreeMap;

use rusqlite::params;

use crate::analytics::{CommissionLine, Window};
use crate::book::Book;
use crate::effects::Effect;
use crate::entry::EntryBody;
use crate::error::OpError;
use crate::money::two_places;

impl Book {
    /// Every operator with a commission in the window (`w.outlet`: where the entry was
    /// posted), by operator id; `operator` keeps only that one.
    pub fn commission_report(
        &self,
        w: &Window,
        operator: Option<&str>,
    ) -> Result<Vec<CommissionLine>, OpError> {
        let (lo, hi) = self.hlc_bounds(w)?;
        let mut stmt = self.conn().prepare(
            "SELECT body FROM journal
             WHERE hlc >= ?1 AND hlc < ?2 AND (?3 IS NULL OR outlet = ?3)
               AND kind IN ('card_sold', 'topped_up', 'reversed')
               AND body LIKE '%\"commission\"%'
             ORDER BY hlc",
        )?;
        let rows = stmt.query_map(params![lo, hi, w.outlet], |r| r.get::<_, String>(0))?;
        let mut lines: BTreeMap<String, CommissionLine> = BTreeMap::new();
        for body in rows {
            let body: EntryBody = serde_json::from_str(&body?)
                .map_err(|e| OpError::Storage(format!("an entry's body: {e}")))?;
            let of_kind = match &body {
                EntryBody::Reversed { original_kind, .. } => original_kind.as_str(),
                _ => body.kind().as_str(),
            };
            for e in body.effects() {
                let Effect::Commission {
                    operator: who,
                    amount,
                } = e
                else {
                    continue;
                };
                if operator.is_some_and(|o| o != who) {
                    continue;
                }
                let line = lines.entry(who.clone()).or_insert_with(|| CommissionLine {
                    operator: who.clone(),
                    ..CommissionLine::default()
                });
                let n = if amount.is_sign_negative() { -1 } else { 1 };
                if of_kind == "card_sold" {
                    line.cards += n;
                } else {
                    line.top_ups += n;
                }
                line.amount += amount;
            }
        }
        Ok(lines
            .into_values()
            .map(|mut l| {
                l.amount = two_places(l.amount);
                l
            })
            .collect())
    }
}
