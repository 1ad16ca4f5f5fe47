//! Balance effects: what a money entry does to the projection tables. Every counter
//! operation's entry carries its effects, decided once and recorded, so that applying
//! an entry is a plain fold (the same on the terminal that wrote it, on replicas and in
//! `verify`), the effects of different entries commute, and a reversal is the
//! inverted list.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "effect", rename_all = "snake_case", deny_unknown_fields)]
pub enum Effect {
    /// Stored value principal (本金) moves by `delta`.
    Principal {
        delta: Decimal,
    },
    /// Stored value bonus (赠送) moves by `delta`.
    Bonus {
        delta: Decimal,
    },
    /// A new points lot.
    LotEarned {
        lot: String,
        points: i64,
        expires_on: NaiveDate,
    },
    /// Points taken from a lot (negative: given back).
    LotDrawn {
        lot: String,
        points: i64,
    },
    CouponIssued {
        code: String,
        template: String,
        valid_from: NaiveDate,
        valid_to: NaiveDate,
    },
    CouponRedeemed {
        code: String,
    },
    /// A redemption undone by a reversal: the coupon is usable again.
    CouponReturned {
        code: String,
    },
    CouponVoided {
        code: String,
    },
    /// A void undone by a reversal.
    CouponRestored {
        code: String,
    },
    CountCardSold {
        card: String,
        package: String,
        service: String,
        uses: i64,
        valid_from: NaiveDate,
        valid_to: NaiveDate,
    },
    /// Uses taken (negative: given back).
    CountCardUsed {
        card: String,
        uses: i64,
    },
    CountCardVoided {
        card: String,
    },
    /// What counts toward tiers, dated `day`.
    Activity {
        day: NaiveDate,
        spend: Decimal,
        nights: i64,
        points: i64,
    },
    TierSet {
        from: String,
        to: String,
    },
    /// Member debt (欠款) moves by `delta`: booked by the hub when offline spends overdrew
    /// the chain-wide balance, repaid by top-ups and settlements.
    Debt {
        delta: Decimal,
    },
    /// What a company owes on its account (挂账) moves by `delta`: up by a charge, down
    /// by a settlement.
    Owed {
        delta: Decimal,
    },
    /// A staff commission (提成) earned by `operator` for a card sold or a top-up taken;
    /// negative: taken back by a reversal. It moves no member balance.
    Commission {
        operator: String,
        amount: Decimal,
    },
}

/// Folds effects of the entry `entry_id` for `member_no` into the tables.
/// The effects that undo `effects`. Points earned are taken back from their lot even
/// if already spent (the lot goes negative and the reversal is flagged), never clipped.
/// Activity rows are keyed by entry, so the reversal's own row cancels the original's.
pub fn invert(effects: &[Effect]) -> Vec<Effect> {
    effects
        .iter()
        .rev()
        .map(|e| match e {
            Effect::Principal { delta } => Effect::Principal { delta: -*delta },
            Effect::Bonus { delta } => Effect::Bonus { delta: -*delta },
            Effect::Debt { delta } => Effect::Debt { delta: -*delta },
            Effect::Owed { delta } => Effect::Owed { delta: -*delta },
            Effect::Commission { operator, amount } => Effect::Commission {
                operator: operator.clone(),
                amount: -*amount,
            },
            Effect::LotEarned { lot, points, .. } => Effect::LotDrawn {
                lot: lot.clone(),
                points: *points,
            },
            Effect::LotDrawn { lot, points } => Effect::LotDrawn {
                lot: lot.clone(),
                points: -*points,
            },
            Effect::CouponIssued { code, .. } => Effect::CouponVoided { code: code.clone() },
            Effect::CouponRedeemed { code } => Effect::CouponReturned { code: code.clone() },
            Effect::CouponReturned { code } => Effect::CouponRedeemed { code: code.clone() },
            Effect::CouponVoided { code } => Effect::CouponRestored { code: code.clone() },
            Effect::CouponRestored { code } => Effect::CouponVoided { code: code.clone() },
            Effect::CountCardSold { card, .. } => Effect::CountCardVoided { card: card.clone() },
            Effect::CountCardUsed { card, uses } => Effect::CountCardUsed {
                card: card.clone(),
                uses: -*uses,
            },
            Effect::CountCardVoided { card } => Effect::CountCardVoided { card: card.clone() },
            Effect::Activity {
                day,
                spend,
                nights,
                points,
            } => Effect::Activity {
                day: *day,
                spend: -*spend,
                nights: -*nights,
                points: -*points,
            },
            Effect::TierSet { from, to } => Effect::TierSet {
                from: to.clone(),
                to: from.clone(),
            },
        })
        .collect()
}
