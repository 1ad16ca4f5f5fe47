//! The hub's chain-wide balances, in memory: folded from every stored entry at start
//! and from each ingested batch. They serve online authorization (a spend is checked
//! against them minus what other approved, not yet arrived, spends hold) and conflict
//! detection: after a batch, a member whose stored value went below zero gets one
//! `conflict_raised` entry that zeroes it and books the rest as debt; a coupon with a
//! second standing redemption gets exactly one exception entry; debt meets principal
//! from a top-up made where the debt was unknown and is repaid. The hub writes those as
//! its own entries (terminal `HUB`) in the same transaction as the batch, so they exist
//! exactly once whichever terminal syncs first.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::time::{Duration, Instant};

use rust_decimal::Decimal;

use crate::authorize::{AuthorizeReply, Spend};
use crate::conflict::{hub_entry, ConflictAsset, ConflictKind};
use crate::effects::Effect;
use crate::entry::EntryBody;
use crate::journal::{Entry, Hash};
use crate::money::{cents, from_cents};
use crate::replication::Tip;

/// An approval holds its amounts this long unless its entry arrives first.
pub const HOLD_FOR: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MemberBalance {
    /// Cents.
    pub principal: i64,
    pub bonus: i64,
    pub debt: i64,
    pub points: i64,
}

#[derive(Debug, Clone, Default)]
struct CouponState {
    /// Standing redemptions: (hlc, entry id).
    redemptions: Vec<(i64, String)>,
    /// Exception entries written for it.
    exceptions: usize,
}

#[derive(Debug, Clone)]
struct Hold {
    member_no: String,
    spends: Vec<Spend>,
    at: Instant,
}

#[derive(Debug, Default)]
pub struct Ledger {
    members: HashMap<String, MemberBalance>,
    cards: HashMap<String, i64>,
    coupons: HashMap<String, CouponState>,
    reversed: HashSet<String>,
    conflicts: HashMap<String, bool>,
    holds: HashMap<String, Hold>,
    last_hlc: i64,
}

/// A refusal of the hub, with its stable code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub message: String,
    pub message_en: String,
}

impl Ledger {
    pub fn member(&self, member_no: &str) -> MemberBalance {
        self.members.get(member_no).copied().unwrap_or_default()
    }

    pub fn card(&self, card: &str) -> i64 {
        self.cards.get(card).copied().unwrap_or(0)
    }

    /// Folds one stored entry. Entries of kinds without balance effects only move the
    /// clock. An unreadable body was refused at ingest, so it is skipped here.
    pub fn fold(&mut self, e: &Entry) {
        self.last_hlc = self.last_hlc.max(e.hlc);
        self.holds.remove(&e.op_id);
        if let Some(original) = &e.header.reversal_of {
            self.reversed.insert(original.clone());
        }
        if !e.body.contains("\"effects\"") {
            return;
        }
        let Ok(body) = e.parsed_body() else { return };
        let member = e.header.member_no.clone().unwrap_or_default();
        match &body {
            EntryBody::ConflictRaised { .. } => {
                self.conflicts.insert(e.id(), false);
                if let EntryBody::ConflictRaised {
                    conflict: ConflictKind::CouponRedeemedTwice,
                    subject,
                    ..
                } = &body
                {
                    self.coupons.entry(subject.clone()).or_default().exceptions += 1;
                }
            }
            EntryBody::ConflictSettled { conflict_id, .. } => {
                self.conflicts.insert(conflict_id.clone(), true);
            }
            _ => {}
        }
        for effect in body.effects() {
            self.fold_effect(&member, e, effect);
        }
    }

    fn fold_effect(&mut self, member: &str, e: &Entry, effect: &Effect) {
        let c = |d: &Decimal| cents(*d).unwrap_or(0);
        let mut bal = |f: &mut dyn FnMut(&mut MemberBalance)| {
            f(self.members.entry(member.to_string()).or_default())
        };
        match effect {
            Effect::Principal { delta } => bal(&mut |b| b.principal += c(delta)),
            Effect::Bonus { delta } => bal(&mut |b| b.bonus += c(delta)),
            Effect::Debt { delta } => bal(&mut |b| b.debt += c(delta)),
            Effect::LotEarned { points, .. } => bal(&mut |b| b.points += points),
            Effect::LotDrawn { points, .. } => bal(&mut |b| b.points -= points),
            Effect::CountCardSold { card, uses, .. } => {
                *self.cards.entry(card.clone()).or_default() += uses
            }
            Effect::CountCardUsed { card, uses } => {
                *self.cards.entry(card.clone()).or_default() -= uses
            }
            Effect::CouponRedeemed { code } => self
                .coupons
                .entry(code.clone())
                .or_default()
                .redemptions
                .push((e.hlc, e.id())),
            Effect::CouponReturned { code } => {
                // The reversal names the redemption it gives back.
                let state = self.coupons.entry(code.clone()).or_default();
                let which = e.header.reversal_of.as_deref();
                if let Some(i) = state
                    .redemptions
                    .iter()
                    .position(|(_, id)| Some(id.as_str()) == which)
                    .or((!state.redemptions.is_empty()).then_some(0))
                {
                    state.redemptions.remove(i);
                }
            }
            _ => {}
        }
    }

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
                let repaid = b.debt.min(b.principal);
                book(
                    m,
                    EntryBody::DebtRepaid {
                        amount: from_cents(repaid),
                        effects: vec![
                            Effect::Principal {
                                delta: from_cents(-repaid),
                            },
                            Effect::Debt {
                                delta: from_cents(-repaid),
                            },
                        ],
                    },
                );
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
                last_hlc = crate::hlc::next(last_hlc, now_ms);
                let e = hub_entry(seq, prev, last_hlc, &member, &body);
                prev = e.hash;
                e
            })
            .collect()
    }

    /// Decides a spend against the chain-wide balance minus other approvals' holds. An
    /// approval holds its amounts until its entry arrives (or [`HOLD_FOR`] passes); asked
    /// again with the same op id, the answer is the same approval.
    pub fn authorize(
        &mut self,
        op_id: &str,
        member_no: &str,
        spends: &[Spend],
        now: Instant,
    ) -> Result<(), Refusal> {
        self.holds
            .retain(|_, h| now.saturating_duration_since(h.at) < HOLD_FOR);
        if self.holds.contains_key(op_id) {
            return Ok(());
        }
        let b = self.member(member_no);
        let held = |f: &dyn Fn(&Spend) -> i64| -> i64 {
            self.holds
                .values()
                .filter(|h| h.member_no == member_no)
                .flat_map(|h| h.spends.iter())
                .map(f)
                .sum()
        };
        let taken =
            |pred: &dyn Fn(&Spend) -> bool| self.holds.values().any(|h| h.spends.iter().any(pred));
        for s in spends {
            match s {
                Spend::StoredValue { amount } => {
                    if b.debt > 0 {
                        return Err(refusal(
                            "debt",
                            format!("会员欠款 {}，请先充值还款", from_cents(b.debt)),
                            format!("the member owes {}: top up first", from_cents(b.debt)),
                        ));
                    }
                    let held = held(&|s| match s {
                        Spend::StoredValue { amount } => cents(*amount).unwrap_or(0),
                        _ => 0,
                    });
                    let available = b.principal + b.bonus - held;
                    if cents(*amount).unwrap_or(i64::MAX) > available {
                        return Err(refusal(
                            "insufficient",
                            format!("全店储值余额 {} 不足", from_cents(available)),
                            format!(
                                "chain-wide stored value {} is not enough",
                                from_cents(available)
                            ),
                        ));
                    }
                }
                Spend::Points { points } => {
                    let held = held(&|s| match s {
                        Spend::Points { points } => *points,
                        _ => 0,
                    });
                    if *points > b.points - held {
                        return Err(refusal(
                            "insufficient",
                            format!("全店积分 {} 不足", b.points - held),
                            format!("chain-wide points {} are not enough", b.points - held),
                        ));
                    }
                }
                Spend::CountCard { card, uses } => {
                    let held = held(&|s| match s {
                        Spend::CountCard { card: c, uses } if c == card => *uses,
                        _ => 0,
                    });
                    let left = self.card(card) - held;
                    if *uses > left {
                        return Err(refusal(
                            "insufficient",
                            format!("次卡 {card} 全店剩余 {left} 次，不足"),
                            format!("count card {card} has {left} uses left chain-wide"),
                        ));
                    }
                }
                Spend::Coupon { code } => {
                    let standing = self
                        .coupons
                        .get(code)
                        .is_some_and(|c| !c.redemptions.is_empty());
                    if standing || taken(&|s| matches!(s, Spend::Coupon { code: c } if c == code)) {
                        return Err(refusal(
                            "coupon_taken",
                            format!("优惠券 {code} 已在其他终端使用"),
                            format!("coupon {code} was already used at another terminal"),
                        ));
                    }
                }
                Spend::Conflict { conflict_id } => match self.conflicts.get(conflict_id) {
                    None => {
                        return Err(refusal(
                            "unknown",
                            format!("中心没有冲突 {conflict_id}"),
                            format!("the hub has no conflict {conflict_id}"),
                        ))
                    }
                    Some(true) => {
                        return Err(refusal(
                            "conflict_settled",
                            format!("冲突 {conflict_id} 已由其他终端处理"),
                            format!("conflict {conflict_id} was settled at another terminal"),
                        ))
                    }
                    Some(false)
                        if taken(
                            &|s| matches!(s, Spend::Conflict { conflict_id: c } if c == conflict_id),
                        ) =>
                    {
                        return Err(refusal(
                            "conflict_settled",
                            format!("冲突 {conflict_id} 正由其他终端处理"),
                            format!("conflict {conflict_id} is being settled at another terminal"),
                        ))
                    }
                    Some(false) => {}
                },
                Spend::Reversal { entry_id } => {
                    if self.reversed.contains(entry_id)
                        || taken(&|s| matches!(s, Spend::Reversal { entry_id: x } if x == entry_id))
                    {
                        return Err(refusal(
                            "already_reversed",
                            format!("流水 {entry_id} 已在其他终端冲正"),
                            format!("entry {entry_id} was already reversed at another terminal"),
                        ));
                    }
                }
            }
        }
        self.holds.insert(
            op_id.to_string(),
            Hold {
                member_no: member_no.to_string(),
                spends: spends.to_vec(),
                at: now,
            },
        );
        Ok(())
    }
}

fn refusal(code: &'static str, message: String, message_en: String) -> Refusal {
    Refusal {
        code,
        message,
        message_en,
    }
}

/// The wire answer to an authorization.
pub fn reply(result: Result<(), Refusal>, tip: (i64, Hash)) -> AuthorizeReply {
    let tip = Tip {
        seq: tip.0,
        hash: hex::encode(tip.1),
    };
    match result {
        Ok(()) => AuthorizeReply {
            approved: true,
            code: String::new(),
            message: String::new(),
            message_en: String::new(),
            tip,
        },
        Err(r) => AuthorizeReply {
            approved: false,
            code: r.code.to_string(),
            message: r.message,
            message_en: r.message_en,
            tip,
        },
    }
}
