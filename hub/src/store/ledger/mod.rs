//! The hub's chain-wide balances as a working set: the rows of the members a batch or
//! an authorization touches, loaded from the store's state tables under those members'
//! locks ([`rows`]), moved by the batch, and written back in the same transaction. They
//! serve online authorization (a spend is checked
//! against them minus what other approved, not yet arrived, spends hold) and conflict
//! detection: after a batch, a member whose stored value went below zero gets one
//! `conflict_raised` entry that zeroes it and books the rest as debt; a coupon with a
//! second standing redemption gets exactly one exception entry; debt meets principal
//! from a top-up made where the debt was unknown and is repaid. The hub writes those as
//! its own entries (terminal `HUB`) in the same transaction as the batch, so they exist
//! exactly once whichever terminal syncs first.

mod authorize;
mod bookings;
pub mod rows;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use rust_decimal::Decimal;

use carddesk_data::authorize::Spend;
use carddesk_data::conflict::ConflictKind;
use carddesk_data::effects::Effect;
use carddesk_data::entry::EntryBody;
use carddesk_data::journal::Entry;
use carddesk_data::money::cents;

pub use authorize::{reply, OP_ID_REUSED};

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
    /// The hash of the request approved (see `authorize::request_hash`).
    request: carddesk_data::journal::Hash,
    /// Wall-clock milliseconds: every hub process of a chain reads the same hold.
    expires_ms: i64,
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
    /// The member each card, coupon, conflict and reversed entry belongs to (see
    /// [`rows::owner_key`]): the state tables are keyed by member.
    owners: HashMap<String, String>,
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

    /// The hub's clock has seen `hlc` (its last own entry's, when a working set is loaded).
    pub fn observe(&mut self, hlc: i64) {
        self.last_hlc = self.last_hlc.max(hlc);
    }

    fn own(&mut self, kind: char, key: &str, member: &str) {
        self.owners
            .entry(rows::owner_key(kind, key))
            .or_insert_with(|| member.to_string());
    }

    /// Folds one stored entry. Entries of kinds without balance effects only move the
    /// clock. An unreadable body was refused at ingest, so it is skipped here.
    pub fn fold(&mut self, e: &Entry) {
        self.last_hlc = self.last_hlc.max(e.hlc);
        self.holds.remove(&e.op_id);
        let member = e.header.member_no.clone().unwrap_or_default();
        if let Some(original) = &e.header.reversal_of {
            self.reversed.insert(original.clone());
            self.own('r', original, &member);
        }
        if !e.body.contains("\"effects\"") {
            return;
        }
        let Ok(body) = e.parsed_body() else { return };
        match &body {
            EntryBody::ConflictRaised { .. } => {
                self.conflicts.insert(e.id(), false);
                self.own('x', &e.id(), &member);
                if let EntryBody::ConflictRaised {
                    conflict: ConflictKind::CouponRedeemedTwice,
                    subject,
                    ..
                } = &body
                {
                    self.coupons.entry(subject.clone()).or_default().exceptions += 1;
                    self.own('k', subject, &member);
                }
            }
            EntryBody::ConflictSettled { conflict_id, .. } => {
                self.conflicts.insert(conflict_id.clone(), true);
                self.own('x', conflict_id, &member);
            }
            _ => {}
        }
        for effect in body.effects() {
            self.fold_effect(&member, e, effect);
        }
    }

    fn balance_mut(&mut self, member: &str) -> &mut MemberBalance {
        self.members.entry(member.to_string()).or_default()
    }

    fn fold_effect(&mut self, member: &str, e: &Entry, effect: &Effect) {
        let c = |d: &Decimal| cents(*d).unwrap_or(0);
        match effect {
            Effect::CountCardSold { card, .. } | Effect::CountCardUsed { card, .. } => {
                self.own('c', card, member)
            }
            Effect::CouponRedeemed { code } | Effect::CouponReturned { code } => {
                self.own('k', code, member)
            }
            _ => {}
        }
        match effect {
            Effect::Principal { delta } => self.balance_mut(member).principal += c(delta),
            Effect::Bonus { delta } => self.balance_mut(member).bonus += c(delta),
            Effect::Debt { delta } => self.balance_mut(member).debt += c(delta),
            Effect::LotEarned { points, .. } => self.balance_mut(member).points += points,
            Effect::LotDrawn { points, .. } => self.balance_mut(member).points -= points,
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
}
