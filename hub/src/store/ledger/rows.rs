//! The ledger as rows of the store's state tables (declared in `store::schema`, step 4),
//! every one keyed by member first: a working set is loaded for the members a batch or an
//! authorization touches ([`Ledger::from_rows`]), moved, and written back as the
//! difference ([`diff`]). Both stores read and write these rows the same way; only the
//! SQL around them is theirs.

use std::collections::BTreeMap;

use carddesk_data::journal::Entry;

use super::{CouponState, Hold, Ledger, MemberBalance};

/// A column's type in the state tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Text,
    Int,
}

/// One state table: its key columns (`member_no` first) and its other columns.
pub struct StateTable {
    pub name: &'static str,
    pub keys: &'static [&'static str],
    pub cols: &'static [(&'static str, Ty)],
}

pub const BALANCES: usize = 0;
const CARDS: usize = 1;
const COUPONS: usize = 2;
const CONFLICTS: usize = 3;
const REVERSALS: usize = 4;
pub const HOLDS: usize = 5;

pub const TABLES: [StateTable; 6] = [
    StateTable {
        name: "hub_balances",
        keys: &["member_no"],
        cols: &[
            ("principal", Ty::Int),
            ("bonus", Ty::Int),
            ("debt", Ty::Int),
            ("points", Ty::Int),
        ],
    },
    StateTable {
        name: "hub_count_cards",
        keys: &["member_no", "card"],
        cols: &[("uses", Ty::Int)],
    },
    StateTable {
        name: "hub_coupons",
        keys: &["member_no", "code"],
        cols: &[("redemptions", Ty::Text), ("exceptions", Ty::Int)],
    },
    StateTable {
        name: "hub_conflicts",
        keys: &["member_no", "conflict_id"],
        cols: &[("settled", Ty::Int)],
    },
    StateTable {
        name: "hub_reversals",
        keys: &["member_no", "entry_id"],
        cols: &[],
    },
    StateTable {
        name: "hub_holds",
        keys: &["member_no", "op_id"],
        cols: &[
            ("request", Ty::Text),
            ("spends", Ty::Text),
            ("expires_ms", Ty::Int),
        ],
    },
];

/// A column value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    Int(i64),
    Text(String),
}

impl Val {
    fn int(&self) -> i64 {
        match self {
            Val::Int(i) => *i,
            Val::Text(t) => t.parse().unwrap_or(0),
        }
    }

    fn text(&self) -> &str {
        match self {
            Val::Text(t) => t,
            Val::Int(_) => "",
        }
    }
}

/// A row's table (an index into [`TABLES`]) and key values.
pub type RowKey = (usize, Vec<String>);
pub type Rows = BTreeMap<RowKey, Vec<Val>>;

/// One write to a state table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Put(RowKey, Vec<Val>),
    Delete(RowKey),
}

/// The key of a card (`c`), coupon (`k`), conflict (`x`) or reversed entry (`r`) in
/// [`Ledger`]'s owners.
pub fn owner_key(kind: char, key: &str) -> String {
    format!("{kind}:{key}")
}

/// The members whose state a batch moves, sorted (the order their rows are locked in):
/// those of entries with effects or reversing another. An entry without a member moves
/// the state of member "".
pub fn members_of(entries: &[Entry]) -> Vec<String> {
    let mut out: Vec<String> = entries
        .iter()
        .filter(|e| e.header.reversal_of.is_some() || e.body.contains("\"effects\""))
        .map(|e| e.header.member_no.clone().unwrap_or_default())
        .collect();
    out.sort();
    out.dedup();
    out
}

impl Ledger {
    fn owner(&self, kind: char, key: &str) -> String {
        self.owners
            .get(&owner_key(kind, key))
            .cloned()
            .unwrap_or_default()
    }

    /// Every row of the working set. A member's balance row is always written (zeros
    /// too): it is the row its lock is taken on.
    pub fn to_rows(&self) -> Rows {
        let mut rows = Rows::new();
        let k = |t: usize, parts: Vec<String>| (t, parts);
        for (m, b) in &self.members {
            rows.insert(
                k(BALANCES, vec![m.clone()]),
                vec![
                    Val::Int(b.principal),
                    Val::Int(b.bonus),
                    Val::Int(b.debt),
                    Val::Int(b.points),
                ],
            );
        }
        for (card, uses) in &self.cards {
            rows.insert(
                k(CARDS, vec![self.owner('c', card), card.clone()]),
                vec![Val::Int(*uses)],
            );
        }
        for (code, c) in &self.coupons {
            let redemptions = serde_json::to_string(&c.redemptions).unwrap_or_default();
            rows.insert(
                k(COUPONS, vec![self.owner('k', code), code.clone()]),
                vec![Val::Text(redemptions), Val::Int(c.exceptions as i64)],
            );
        }
        for (id, settled) in &self.conflicts {
            rows.insert(
                k(CONFLICTS, vec![self.owner('x', id), id.clone()]),
                vec![Val::Int(i64::from(*settled))],
            );
        }
        for id in &self.reversed {
            rows.insert(k(REVERSALS, vec![self.owner('r', id), id.clone()]), vec![]);
        }
        for (op_id, h) in &self.holds {
            rows.insert(
                k(HOLDS, vec![h.member_no.clone(), op_id.clone()]),
                vec![
                    Val::Text(hex::encode(h.request)),
                    Val::Text(serde_json::to_string(&h.spends).unwrap_or_default()),
                    Val::Int(h.expires_ms),
                ],
            );
        }
        rows
    }

    /// A working set from stored rows. A row that does not read (it was written by this
    /// code, so it does) is skipped rather than failing the member.
    pub fn from_rows(rows: &Rows) -> Ledger {
        let mut l = Ledger::default();
        for ((table, key), vals) in rows {
            let (Some(member), Some(id)) = (key.first(), key.get(1).or(key.first())) else {
                continue;
            };
            let v = |i: usize| vals.get(i).cloned().unwrap_or(Val::Int(0));
            match *table {
                BALANCES => {
                    l.members.insert(
                        member.clone(),
                        MemberBalance {
                            principal: v(0).int(),
                            bonus: v(1).int(),
                            debt: v(2).int(),
                            points: v(3).int(),
                        },
                    );
                }
                CARDS => {
                    l.cards.insert(id.clone(), v(0).int());
                    l.own('c', id, member);
                }
                COUPONS => {
                    let redemptions = serde_json::from_str(v(0).text()).unwrap_or_default();
                    l.coupons.insert(
                        id.clone(),
                        CouponState {
                            redemptions,
                            exceptions: v(1).int().max(0) as usize,
                        },
                    );
                    l.own('k', id, member);
                }
                CONFLICTS => {
                    l.conflicts.insert(id.clone(), v(0).int() != 0);
                    l.own('x', id, member);
                }
                REVERSALS => {
                    l.reversed.insert(id.clone());
                    l.own('r', id, member);
                }
                HOLDS => {
                    let request = hex::decode(v(0).text())
                        .ok()
                        .and_then(|b| b.try_into().ok());
                    let spends = serde_json::from_str(v(1).text()).ok();
                    if let (Some(request), Some(spends)) = (request, spends) {
                        l.holds.insert(
                            id.clone(),
                            Hold {
                                member_no: member.clone(),
                                spends,
                                request,
                                expires_ms: v(2).int(),
                            },
                        );
                    }
                }
                _ => {}
            }
        }
        l
    }
}

/// The writes that turn `before` into `after`.
pub fn diff(before: &Rows, after: &Rows) -> Vec<Change> {
    let mut out = Vec::new();
    for (k, v) in after {
        if before.get(k) != Some(v) {
            out.push(Change::Put(k.clone(), v.clone()));
        }
    }
    for k in before.keys() {
        if !after.contains_key(k) {
            out.push(Change::Delete(k.clone()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use carddesk_data::authorize::Spend;
    use rust_decimal::Decimal;

    #[test]
    fn a_working_set_reads_back_as_written() {
        let mut l = Ledger::default();
        l.members.insert(
            "M1".into(),
            MemberBalance {
                principal: 5_000,
                ..MemberBalance::default()
            },
        );
        let spends = [Spend::StoredValue {
            amount: Decimal::new(1000, 2),
        }];
        assert!(l.authorize("T01", "op-1", "M1", &spends, 1_000).is_ok());
        let rows = l.to_rows();
        let back = Ledger::from_rows(&rows);
        assert_eq!(back.to_rows(), rows);
        assert!(diff(&rows, &back.to_rows()).is_empty());
        // The same request again is the same approval; another is refused.
        let mut again = Ledger::from_rows(&rows);
        assert!(again.authorize("T01", "op-1", "M1", &spends, 2_000).is_ok());
        assert!(again
            .authorize("T02", "op-1", "M1", &spends, 2_000)
            .is_err());
    }
}
