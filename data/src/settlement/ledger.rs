//! The fold: every member's money entries in HLC order, up to the end of the window,
//! through two FIFO queues and a lot → outlet map; flows are booked per (from, to) pair
//! only for entries inside the window. The rules are in the module doc of
//! [`crate::settlement`].

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use super::fifo::{Portion, Queue};
use super::{Flows, DEBT, HUB_LOTS};

/// The parts of one journal entry the fold reads.
#[derive(Debug, Clone, Default)]
pub(crate) struct Posting {
    pub id: String,
    pub member_no: String,
    pub hlc: i64,
    pub outlet: String,
    pub kind: String,
    pub reversal_of: Option<String>,
    /// Written by the hub: a chain adjustment, never taken in or spent at an outlet.
    pub hub: bool,
    /// `resolution` of a `conflict_settled` entry.
    pub resolution: Option<String>,
    pub effects: Vec<RawEffect>,
}

/// An effect as far as settlement needs it; any other variant is ignored.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RawEffect {
    Principal(Decimal),
    Bonus(Decimal),
    Debt(Decimal),
    LotEarned { lot: String },
    LotDrawn { lot: String, points: i64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Which {
    Principal,
    Bonus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Principal,
    Bonus,
    Refunded,
}

/// What a draw took, kept for the reversal that may give it back.
struct Used {
    to: String,
    column: Column,
    portions: Vec<Portion>,
}

#[derive(Default)]
struct Member {
    principal: Queue,
    bonus: Queue,
    lot_source: HashMap<String, String>,
    used: HashMap<(String, Which), Used>,
    /// Debt repaid by value an entry took in: (entry, queue or debt) → (outlet, amount).
    repaid: HashMap<String, (String, Decimal)>,
    /// Points redeemed: (entry, lot) → (outlet, points).
    redeemed: HashMap<(String, String), (String, i64)>,
}

pub(crate) struct Ledger {
    lo: i64,
    hi: i64,
    pub flows: BTreeMap<(String, String), Flows>,
    member_no: Option<String>,
    m: Member,
}

impl Ledger {
    /// Books flows of entries with `lo <= hlc < hi`.
    pub fn new(lo: i64, hi: i64) -> Ledger {
        Ledger {
            lo,
            hi,
            flows: BTreeMap::new(),
            member_no: None,
            m: Member::default(),
        }
    }

    /// Feeds one entry. Entries come grouped by member, each member's in HLC order.
    pub fn post(&mut self, p: &Posting) {
        if p.hlc >= self.hi {
            return;
        }
        if self.member_no.as_deref() != Some(p.member_no.as_str()) {
            self.member_no = Some(p.member_no.clone());
            self.m = Member::default();
        }
        for e in &p.effects {
            match e {
                RawEffect::Principal(d) => self.stored(p, Which::Principal, *d),
                RawEffect::Bonus(d) => self.stored(p, Which::Bonus, *d),
                RawEffect::Debt(d) => self.debt(p, *d),
                RawEffect::LotEarned { lot } => {
                    let source = if p.hub { HUB_LOTS } else { &p.outlet };
                    self.m.lot_source.insert(lot.clone(), source.to_string());
                }
                RawEffect::LotDrawn { lot, points } => self.drawn(p, lot, *points),
            }
        }
    }

    fn book(&mut self, p: &Posting, from: &str, to: &str, column: Column, amount: Decimal) {
        if p.hlc < self.lo || amount.is_zero() || (from == DEBT && to == DEBT) {
            return;
        }
        let f = self
            .flows
            .entry((from.to_string(), to.to_string()))
            .or_default();
        match column {
            Column::Principal => f.principal += amount,
            Column::Bonus => f.bonus += amount,
            Column::Refunded => f.refunded += amount,
        }
    }

    fn points(&mut self, p: &Posting, from: &str, to: &str, points: i64) {
        if p.hlc < self.lo || points == 0 {
            return;
        }
        self.flows
            .entry((from.to_string(), to.to_string()))
            .or_default()
            .points += points;
    }

    fn queue(&mut self, which: Which) -> &mut Queue {
        match which {
            Which::Principal => &mut self.m.principal,
            Which::Bonus => &mut self.m.bonus,
        }
    }

    fn stored(&mut self, p: &Posting, which: Which, delta: Decimal) {
        if delta.is_zero() {
            return;
        }
        let spent_column = match which {
            Which::Principal => Column::Principal,
            Which::Bonus => Column::Bonus,
        };
        if p.hub {
            if delta > Decimal::ZERO {
                // Zeroes an overdrawn balance (the deficit becomes booked debt), or
                // credits chain value: a layer from (debt).
                self.queue(which).take_in(DEBT, &p.id, delta);
            } else {
                // Debt repaid out of the balance: whoever took that value in paid it.
                self.draw(p, which, -delta, DEBT, spent_column);
            }
            return;
        }
        if let Some(original) = &p.reversal_of {
            if delta > Decimal::ZERO {
                self.give_back(p, original, which, delta);
            } else {
                self.take_back(p, original, which, -delta);
            }
            return;
        }
        if delta > Decimal::ZERO {
            let cover = self.queue(which).take_in(&p.outlet, &p.id, delta);
            if cover > Decimal::ZERO {
                self.book(p, &p.outlet, DEBT, spent_column, cover);
                self.m
                    .repaid
                    .insert(repaid_key(&p.id, which), (p.outlet.clone(), cover));
            }
        } else if p.kind == "stored_value_refunded" {
            self.draw(p, which, -delta, &p.outlet, Column::Refunded);
        } else {
            self.draw(p, which, -delta, &p.outlet, spent_column);
        }
    }

    fn draw(&mut self, p: &Posting, which: Which, amount: Decimal, to: &str, column: Column) {
        let portions = self.queue(which).draw(amount);
        for part in &portions {
            self.book(p, &part.source, to, column, part.amount);
        }
        let used = self
            .m
            .used
            .entry((p.id.clone(), which))
            .or_insert_with(|| Used {
                to: to.to_string(),
                column,
                portions: Vec::new(),
            });
        used.portions.extend(portions);
    }

    /// A reversal gives back what `original` drew: to the same sources, with the
    /// original's flows negated. Anything it cannot trace is taken in at the reversal.
    fn give_back(&mut self, p: &Posting, original: &str, which: Which, amount: Decimal) {
        let mut left = amount;
        if let Some(used) = self.m.used.remove(&(original.to_string(), which)) {
            let traced: Decimal = used.portions.iter().map(|u| u.amount).sum();
            if traced <= left {
                self.queue(which).give_back(&used.portions);
                for part in &used.portions {
                    self.book(p, &part.source, &used.to, used.column, -part.amount);
                }
                left -= traced;
            }
        }
        if left > Decimal::ZERO {
            self.queue(which).take_in(&p.outlet, &p.id, left);
        }
    }

    /// A reversal takes back what `original` took in: what is left of its own layers,
    /// then the debt it repaid (that flow negated); what was already spent becomes
    /// member debt (the spends keep their attribution).
    fn take_back(&mut self, p: &Posting, original: &str, which: Which, amount: Decimal) {
        let mut left = self.queue(which).take_back(original, amount);
        if let Some((outlet, cover)) = self.m.repaid.remove(&repaid_key(original, which)) {
            let back = left.min(cover);
            let column = match which {
                Which::Principal => Column::Principal,
                Which::Bonus => Column::Bonus,
            };
            self.book(p, &outlet, DEBT, column, -back);
            self.queue(which).add_deficit(back);
            left -= back;
        }
        if left > Decimal::ZERO {
            self.queue(which).add_deficit(left);
        }
    }

    /// Member debt booked on the `debt` account by an entry of an outlet: a top-up or a
    /// settlement that collected it repays debt with money taken in there. The hub's own
    /// debt bookings, a write-off and anything else move no value between outlets.
    fn debt(&mut self, p: &Posting, delta: Decimal) {
        if p.hub || delta.is_zero() {
            return;
        }
        if let Some(original) = &p.reversal_of {
            if let Some((outlet, amount)) = self.m.repaid.remove(&debt_key(original)) {
                self.book(
                    p,
                    &outlet,
                    DEBT,
                    Column::Principal,
                    -amount.min(delta.abs()),
                );
            }
            return;
        }
        let collected = match p.kind.as_str() {
            "conflict_settled" => p.resolution.as_deref() == Some("collected"),
            _ => true,
        };
        if delta < Decimal::ZERO && collected {
            self.book(p, &p.outlet, DEBT, Column::Principal, -delta);
            self.m
                .repaid
                .insert(debt_key(&p.id), (p.outlet.clone(), -delta));
        }
    }

    fn drawn(&mut self, p: &Posting, lot: &str, points: i64) {
        if p.hub || points == 0 {
            return;
        }
        let source = self
            .m
            .lot_source
            .get(lot)
            .cloned()
            .unwrap_or_else(|| "?".to_string());
        if let Some(original) = &p.reversal_of {
            // Only a give-back of a redemption is one; taking back earned points is not.
            if points < 0 {
                let key = (original.clone(), lot.to_string());
                if let Some((to, n)) = self.m.redeemed.remove(&key) {
                    self.points(p, &source, &to, -n.min(-points));
                }
            }
            return;
        }
        if matches!(p.kind.as_str(), "points_expired" | "points_adjusted") {
            return;
        }
        self.points(p, &source, &p.outlet, points);
        let r = self
            .m
            .redeemed
            .entry((p.id.clone(), lot.to_string()))
            .or_insert((p.outlet.clone(), 0));
        r.1 += points;
    }
}

fn repaid_key(entry: &str, which: Which) -> String {
    format!("{entry}/{which:?}")
}

fn debt_key(entry: &str) -> String {
    format!("{entry}/debt")
}
