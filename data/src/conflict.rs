//! The hub's conflict entries, and the conflict list read from the `conflicts`
//! projection (the types are in model::conflict).

pub use carddesk_model::conflict::*;

use crate::entry::EntryBody;
use crate::journal::{Entry, Hash, Header, GENESIS};

/// The hub's entry `seq`, chained after `prev`. Its op id names the hub's seq, so it is
/// unique by construction.
pub fn hub_entry(seq: i64, prev: Hash, hlc: i64, member_no: &str, body: &EntryBody) -> Entry {
    let mut e = Entry {
        terminal: HUB_TERMINAL.to_string(),
        seq,
        hlc,
        op_id: format!("{HUB_TERMINAL}-{seq}:{}", body.kind()),
        header: Header {
            operator: HUB_OUTLET.to_string(),
            outlet: HUB_OUTLET.to_string(),
            member_no: Some(member_no.to_string()),
            reversal_of: None,
            offline: false,
        },
        kind: body.kind(),
        body: serde_json::to_string(body).unwrap_or_default(),
        prev_hash: prev,
        hash: GENESIS,
        sig: None,
    };
    e.hash = e.computed_hash();
    e
}

impl crate::Book {
    /// Conflicts, open ones first then the newest; `all` includes settled ones.
    pub fn conflicts(&self, all: bool, limit: usize) -> Result<Vec<ConflictView>, crate::OpError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.conflict_id, c.member_no, m.name, c.kind, c.asset, c.subject, c.amount,
                    c.raised_hlc, c.causes, c.settled_by, c.resolution
             FROM conflicts c LEFT JOIN members m ON m.member_no = c.member_no
             WHERE ?1 OR c.settled_by IS NULL
             ORDER BY c.settled_by IS NOT NULL, c.raised_hlc DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(rusqlite::params![all, limit as i64], |r| {
            Ok(ConflictView {
                conflict_id: r.get(0)?,
                member_no: r.get(1)?,
                member_name: r.get(2)?,
                kind: r.get(3)?,
                asset: r.get(4)?,
                subject: r.get(5)?,
                amount: r.get::<_, String>(6)?.parse().unwrap_or_default(),
                raised_hlc: r.get(7)?,
                causes: serde_json::from_str(&r.get::<_, String>(8)?).unwrap_or_default(),
                settled_by: r.get(9)?,
                resolution: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many conflicts are open (the status bar's count for supervisors).
    pub fn open_conflicts(&self) -> Result<u64, crate::OpError> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM conflicts WHERE settled_by IS NULL",
            [],
            |r| r.get::<_, i64>(0),
        )? as u64)
    }
}
