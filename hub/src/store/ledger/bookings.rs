//! The hub's own entries a stored batch calls for: overdraws, debt repaid, a split put
//! right, a coupon redeemed twice (see the module above).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rust_decimal::Decimal;

use super::Ledger;
use carddesk_data::conflict::{hub_entry, ConflictAsset, ConflictKind};
use carddesk_data::effects::Effect;
use carddesk_data::entry::EntryBody;
use carddesk_data::journal::{Entry, Hash};
use carddesk_data::money::from_cents;

impl Ledger {
    /// The hub's own entries that a batch (already checked, about to be stored) calls
    /// for, chained after the hub's tip (`seq`, `hash`). Pure: the ledger itself moves
    /// only when the batch and these entries are committed ([`Ledger::fold`]).
    pub fn bookings(&self, batch: &[Entry], tip: (i64, Hash), now_ms: i64) -> Vec<Entry> {
        let mut scratch = Ledger::default();
        let mut members = BTreeSet::new();
        let mut cards = BTreeSet::new();
        let mut coupons = BTreeSet::new();
        let mut causes: BTreeMap<String, Vec<String>> = BTreeMap::new();
        // Only money entries are parsed: registrations and edits (most of a first sync)
        // carry no balance effects.
        let bodies: Vec<Option<EntryBody>> = batch
            .iter()
            .map(|e| {
                e.body
                    .contains("\"effects\"")
                    .then(|| e.parsed_body().ok())
                    .flatten()
            })
            .collect();
        for (e, body) in batch.iter().zip(&bodies) {
            let Some(body) = body else { continue };
            if let Some(m) = &e.header.member_no {
                members.insert(m.clone());
                if e.header.offline {
                    causes.entry(m.clone()).or_default().push(e.id());
                }
            }
            {
                for effect in body.effects() {
                    match effect {
                        Effect::CountCardUsed { card, .. } | Effect::CountCardSold { card, .. } => {
                            cards.insert(card.clone());
                        }
                        Effect::CouponRedeemed { code } | Effect::CouponReturned { code } => {
                            coupons.insert(code.clone());
                        }
                        _ => {}
                    }
                }
            }
        }
        for m in &members {
            scratch.members.insert(m.clone(), self.member(m));
        }
        for c in &cards {
            scratch.cards.insert(c.clone(), self.card(c));
        }
        for c in &coupons {
            if let Some(s) = self.coupons.get(c) {
                scratch.coupons.insert(c.clone(), s.clone());
            }
        }
        let before_cards = scratch.cards.clone();
        let before_members = scratch.members.clone();
        let mut card_owner = HashMap::new();
        for (e, body) in batch.iter().zip(&bodies) {
            scratch.fold(e);
            if let (Some(m), Some(body)) = (&e.header.member_no, body) {
                for effect in body.effects() {
                    if let Effect::CountCardUsed { card, .. } = effect {
                        card_owner.insert(card.clone(), (m.clone(), e.id()));
                    }
                }
            }
        }
        let mut out = Vec::new();
        let mut book = |member: &str, body: EntryBody| {
            out.push((member.to_string(), body));
        };
        let batch_ids = |m: &str| causes.get(m).cloned().unwrap_or_default();
        for m in &members {
            let b = scratch.member(m);
            let before = before_members.get(m).copied().unwrap_or_default();
            if b.principal < 0 || b.bonus < 0 {
                let total = b.principal + b.bonus;
                let debt = (-total).max(0);
                // Both balances to what the total allows (principal first), the rest to
                // debt. With enough in total only the principal/bonus split was wrong.
                let (p, bo) = if total >= 0 {
                    let p = b.principal.max(0).min(total);
                    (p, total - p)
                } else {
                    (0, 0)
                };
                let mut effects = Vec::new();
                if p != b.principal {
                    effects.push(Effect::Principal {
                        delta: from_cents(p - b.principal),
                    });
                }
                if bo != b.bonus {
                    effects.push(Effect::Bonus {
                        delta: from_cents(bo - b.bonus),
                    });
                }
                if debt > 0 {
                    effects.push(Effect::Debt {
                        delta: from_cents(debt),
                    });
                }
                let body = if debt > 0 {
                    EntryBody::ConflictRaised {
                        conflict: ConflictKind::Overdraw,
                        asset: ConflictAsset::StoredValue,
                        subject: String::new(),
                        amount: from_cents(debt),
                        debt: from_cents(debt),
                        causes: batch_ids(m),
                        effects,
                    }
                } else {
                    EntryBody::StoredValueRebalanced { effects }
                };
                book(m, body);
                // Stored value left beside an older debt repays it, as a top-up would.
                if debt == 0 && b.debt > 0 && p > 0 {
                    book(m, debt_repaid(b.debt.min(p)));
                }
            } else if b.debt < 0 {
                // Two terminals both repaid one debt while apart: give the excess back.
                book(
                    m,
                    EntryBody::DebtRepaid {
                        amount: from_cents(b.debt),
                        effects: vec![
                            Effect::Debt {
                                delta: from_cents(-b.debt),
                            },
                            Effect::Principal {
                                delta: from_cents(-b.debt),
                            },
                        ],
                    },
                );
            } else if b.debt > 0 && b.principal > 0 {
                book(m, debt_repaid(b.debt.min(b.principal)));
            }
            let newly = before.points.min(0) - b.points.min(0);
            if newly > 0 {
                book(
                    m,
                    EntryBody::ConflictRaised {
                        conflict: ConflictKind::Overdraw,
                        asset: ConflictAsset::Points,
                        subject: String::new(),
                        amount: Decimal::from(newly),
                        debt: Decimal::ZERO,
                        causes: batch_ids(m),
                        effects: Vec::new(),
                    },
                );
            }
        }
        for card in &cards {
            let after = scratch.card(card);
            let before = before_cards.get(card).copied().unwrap_or(0);
            let newly = before.min(0) - after.min(0);
            if let (true, Some((m, cause))) = (newly > 0, card_owner.get(card)) {
                book(
                    m,
                    EntryBody::ConflictRaised {
                        conflict: ConflictKind::Overdraw,
                        asset: ConflictAsset::CountCard,
                        subject: card.clone(),
                        amount: Decimal::from(newly),
                        debt: Decimal::ZERO,
                        causes: vec![cause.clone()],
                        effects: Vec::new(),
                    },
                );
            }
        }
        for code in &coupons {
            let Some(state) = scratch.coupons.get(code) else {
                continue;
            };
            let mut standing = state.redemptions.clone();
            standing.sort();
            let extra = standing.len().saturating_sub(1);
            for second in standing.iter().skip(1 + state.exceptions).take(extra) {
                let member = batch
                    .iter()
                    .find(|e| e.id() == second.1)
                    .or_else(|| batch.iter().find(|e| e.body.contains(code.as_str())))
                    .and_then(|e| e.header.member_no.clone())
                    .unwrap_or_default();
                book(
                    &member,
                    EntryBody::ConflictRaised {
                        conflict: ConflictKind::CouponRedeemedTwice,
                        asset: ConflictAsset::Coupon,
                        subject: code.clone(),
                        amount: Decimal::ONE,
                        debt: Decimal::ZERO,
                        causes: vec![standing[0].1.clone(), second.1.clone()],
                        effects: Vec::new(),
                    },
                );
            }
        }
        let batch_hlc = batch.iter().map(|e| e.hlc).max().unwrap_or(0);
        let mut last_hlc = self.last_hlc.max(batch_hlc);
        let (mut seq, mut prev) = tip;
        out.into_iter()
            .map(|(member, body)| {
                seq += 1;
                last_hlc = carddesk_data::hlc::next(last_hlc, now_ms);
                let e = hub_entry(seq, prev, last_hlc, &member, &body);
                prev = e.hash;
                e
            })
            .collect()
    }
}

/// A debt of `cents` repaid from the member's principal.
fn debt_repaid(cents: i64) -> EntryBody {
    EntryBody::DebtRepaid {
        amount: from_cents(cents),
        effects: vec![
            Effect::Principal {
                delta: from_cents(-cents),
            },
            Effect::Debt {
                delta: from_cents(-cents),
            },
        ],
    }
}
