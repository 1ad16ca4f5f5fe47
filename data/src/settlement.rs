//! Settlement between outlets (店间结算, `carddesk report settlement`): per pair of
//! outlets, the stored value taken in at one and spent at the other, and the points
//! issued at one and redeemed at the other, within a window of local days. It falls out
//! of the journal (DESIGN.md §4): every entry names its outlet, and the effects say what
//! moved.
//!
//! **Stored value.** Each member's principal (本金) and bonus (赠送) are two separate
//! FIFO queues of layers, each layer remembering the outlet that took it in (a top-up,
//! an opening balance, bonus from a points conversion: the posting outlet). The queues
//! are built from the member's whole history up to the end of the window, in HLC order;
//! only entries dated inside the window book flows. Then:
//! - a spend (any negative principal/bonus effect of an outlet's entry, e.g. a checkout)
//!   takes the oldest layers first: `from` = where each layer was taken in, `to` = the
//!   spending outlet, in the `principal` or `bonus` column;
//! - a refund (`stored_value_refunded`) takes layers the same way but is booked in the
//!   `refunded` column, not as a spend: the refunding outlet paid the cash out of value
//!   another outlet took in, so it is owed it all the same;
//! - what the layers cannot cover (an offline double spend that became member debt) is
//!   attributed to the pseudo-source [`DEBT`] (`(debt)`, 欠款); the next value taken in
//!   repays that deficit first, booked `from` its outlet `to` [`DEBT`];
//! - a reversal (`reversal_of`) that gives value back returns it to exactly the layers
//!   the original took (to the front of the queue: they are spent first again) and books
//!   the original's flows negated, on the reversal's date; one that takes value back
//!   (a reversed top-up) removes what is left of the original's own layers, then undoes
//!   the debt it repaid; the part already spent becomes member debt, and those earlier
//!   spends keep the attribution they had;
//! - entries of the hub (outlet [`HUB_OUTLET`]: `conflict_raised`, `debt_repaid`) are
//!   chain adjustments, never taken in or spent at an outlet: a credit first cancels the
//!   deficit (the overdraft becomes booked debt) and any rest is a layer from [`DEBT`];
//!   a debit (debt repaid out of the balance) takes layers FIFO and books them `to`
//!   [`DEBT`]. A `debt` effect of an outlet's entry that lowers the debt (a top-up that
//!   repaid it, a settlement that `collected` it) books that outlet `to` [`DEBT`]; a
//!   write-off books nothing.
//!
//! **Points.** A draw from a lot (`lot_drawn`) is redeemed at the drawing entry's outlet
//! and issued at the outlet of the entry that earned the lot (the lot id is that entry's
//! id); lots the hub created come from [`HUB_LOTS`]. Expiry (`points_expired`), a
//! supervisor's adjustment and the take-back of earned points by a reversal are not
//! redemptions; a reversal of a redemption books it negated.
//!
//! **Rows.** Cross-outlet pairs only (value used where it was taken in needs no
//! settlement; the totals are still in [`SettlementReport::same_outlet`]), and one net
//! line per pair of outlets: the pair's flows one way minus the other, oriented so the
//! money total is what `from` owes `to`. Effects and entry kinds the fold does not know
//! are ignored.

mod fifo;
mod ledger;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::params;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

use crate::book::Book;
use crate::error::OpError;
use crate::journal::entry_id;
use crate::money::two_places;
use ledger::{Ledger, Posting, RawEffect};

/// The pseudo-outlet of member debt: value spent beyond the balance, and value taken in
/// that repaid it.
pub const DEBT: &str = "(debt)";
/// The pseudo-outlet of points lots the hub created.
pub const HUB_LOTS: &str = "(hub)";
/// The outlet of the hub's own entries (as [`crate::conflict::HUB_OUTLET`]).
pub const HUB_OUTLET: &str = "hub";

/// What moved from one outlet (taken in, issued) to another (spent, redeemed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Flows {
    pub principal: Decimal,
    pub bonus: Decimal,
    /// Principal refunded at `to` out of value taken in at `from`.
    pub refunded: Decimal,
    pub points: i64,
}

impl Flows {
    /// The money `from` owes `to` for this line.
    pub fn total(&self) -> Decimal {
        self.principal + self.bonus + self.refunded
    }

    fn is_zero(&self) -> bool {
        self.principal.is_zero()
            && self.bonus.is_zero()
            && self.refunded.is_zero()
            && self.points == 0
    }

    fn minus(&self, o: &Flows) -> Flows {
        Flows {
            principal: self.principal - o.principal,
            bonus: self.bonus - o.bonus,
            refunded: self.refunded - o.refunded,
            points: self.points - o.points,
        }
    }

    fn tidy(mut self) -> Flows {
        self.principal = two_places(self.principal);
        self.bonus = two_places(self.bonus);
        self.refunded = two_places(self.refunded);
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PairLine {
    /// Where the value was taken in, or the points issued.
    pub from_outlet: String,
    /// Where it was spent (or refunded), or the points redeemed.
    pub to_outlet: String,
    #[serde(flatten)]
    pub flows: Flows,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SettlementReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub outlet: Option<String>,
    /// Cross-outlet flows, by (from, to).
    pub pairs: Vec<PairLine>,
    /// Per pair of outlets, one way minus the other: `from` owes `to` the money total.
    pub net: Vec<PairLine>,
    /// Value used where it was taken in (not settled; for reconciliation).
    pub same_outlet: Vec<PairLine>,
}

impl Book {
    /// Settlement between outlets for the local days `from..=to`; with `outlet`, only
    /// the lines that involve it.
    pub fn settlement(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        outlet: Option<&str>,
    ) -> Result<SettlementReport, OpError> {
        let (lo, hi) = self.hlc_bounds(&crate::analytics::Window {
            from,
            to,
            outlet: None,
        })?;
        let mut ledger = Ledger::new(lo, hi);
        // Every entry, up to the end of the window, of the members who have one in it.
        let mut stmt = self.conn().prepare(
            "SELECT terminal, seq, hlc, outlet, member_no, kind, reversal_of, body FROM journal
             WHERE hlc < ?2 AND member_no IN (SELECT member_no FROM journal
                 WHERE hlc >= ?1 AND hlc < ?2 AND member_no IS NOT NULL)
             ORDER BY member_no, hlc, terminal, seq",
        )?;
        let mut rows = stmt.query(params![lo, hi])?;
        while let Some(r) = rows.next()? {
            let terminal: String = r.get(0)?;
            let id = entry_id(&terminal, r.get(1)?);
            let body: String = r.get(7)?;
            let Some(body) = parse_body(&id, &body)? else {
                continue;
            };
            let outlet: String = r.get(3)?;
            ledger.post(&Posting {
                hub: outlet == HUB_OUTLET || terminal == "HUB",
                hlc: r.get(2)?,
                outlet,
                member_no: r.get(4)?,
                kind: r.get(5)?,
                reversal_of: r.get(6)?,
                resolution: body.resolution,
                effects: body.effects,
                id,
            });
        }
        Ok(report(from, to, outlet, ledger.flows))
    }
}

struct Parsed {
    /// `resolution` of a `conflict_settled` entry.
    resolution: Option<String>,
    effects: Vec<RawEffect>,
}

/// The effects settlement reads (and a settlement's resolution), or None for an entry
/// without effects. Unknown kinds and effects are fine; a body that is not JSON is not.
fn parse_body(id: &str, body: &str) -> Result<Option<Parsed>, OpError> {
    let v: Value = serde_json::from_str(body)
        .map_err(|e| OpError::Storage(format!("entry {id}: unreadable body: {e}")))?;
    let Some(list) = v.get("effects").and_then(Value::as_array) else {
        return Ok(None);
    };
    let bad = |what: &str| OpError::Storage(format!("entry {id}: bad {what} in an effect"));
    let mut effects = Vec::new();
    for e in list {
        let text = |k: &str| e.get(k).and_then(Value::as_str).map(str::to_string);
        let delta = || -> Result<Decimal, OpError> {
            match e.get("delta") {
                Some(Value::String(s)) => s.parse().map_err(|_| bad("delta")),
                Some(Value::Number(n)) => n.to_string().parse().map_err(|_| bad("delta")),
                _ => Err(bad("delta")),
            }
        };
        let effect = match e.get("effect").and_then(Value::as_str) {
            Some("principal") => RawEffect::Principal(delta()?),
            Some("bonus") => RawEffect::Bonus(delta()?),
            Some("debt") => RawEffect::Debt(delta()?),
            Some("lot_earned") => RawEffect::LotEarned {
                lot: text("lot").ok_or_else(|| bad("lot"))?,
            },
            Some("lot_drawn") => RawEffect::LotDrawn {
                lot: text("lot").ok_or_else(|| bad("lot"))?,
                points: e
                    .get("points")
                    .and_then(Value::as_i64)
                    .ok_or_else(|| bad("points"))?,
            },
            _ => continue,
        };
        effects.push(effect);
    }
    let resolution = v
        .get("resolution")
        .and_then(Value::as_str)
        .map(str::to_string);
    Ok(Some(Parsed {
        resolution,
        effects,
    }))
}

fn report(
    from: NaiveDate,
    to: NaiveDate,
    outlet: Option<&str>,
    flows: BTreeMap<(String, String), Flows>,
) -> SettlementReport {
    let keep = |a: &str, b: &str| outlet.is_none_or(|o| o == a || o == b);
    let line = |a: &str, b: &str, f: Flows| PairLine {
        from_outlet: a.to_string(),
        to_outlet: b.to_string(),
        flows: f.tidy(),
    };
    let mut pairs = Vec::new();
    let mut same_outlet = Vec::new();
    let mut sides = std::collections::BTreeSet::new();
    for ((a, b), f) in &flows {
        if f.is_zero() || !keep(a, b) {
            continue;
        }
        if a == b {
            same_outlet.push(line(a, b, f.clone()));
        } else {
            pairs.push(line(a, b, f.clone()));
            sides.insert(if a < b { (a, b) } else { (b, a) });
        }
    }
    let mut net = Vec::new();
    for (a, b) in sides {
        let way = |x: &String, y: &String| {
            flows
                .get(&(x.clone(), y.clone()))
                .cloned()
                .unwrap_or_default()
        };
        let d = way(a, b).minus(&way(b, a));
        let total = d.total();
        if d.is_zero() {
            continue;
        } else if total < Decimal::ZERO || (total.is_zero() && d.points < 0) {
            net.push(line(b, a, Flows::default().minus(&d)));
        } else {
            net.push(line(a, b, d));
        }
    }
    SettlementReport {
        from,
        to,
        outlet: outlet.map(str::to_string),
        pairs,
        net,
        same_outlet,
    }
}
