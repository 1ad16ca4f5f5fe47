//! Checkout (消费结算), the cashier's main flow: bill → tier discount → birthday and
//! member-day discounts (ops/occasions.rs) → coupon → points offset → stored value →
//! external tender → points earned on own money → coupons issued by rule. `quote`
//! computes it without writing; `commit` decides the same lines (the same function) and
//! records them with their effects.

use carddesk_model::ops::{Balances, Checkout, CheckoutQuote};
use carddesk_model::text::Why;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::{coupons, points, Ctx};
use crate::account::Account;
use crate::effects::Effect;
use crate::entry::EntryBody;
use crate::error::{CouponRefusal, OpError};
use crate::money::{check_amount, two_places};
use crate::permissions::Action;
use crate::pin;
use crate::receipt::{CheckoutLines, EarnBrackets};
use crate::rules::earn::weighted;
use crate::rules::PaymentOrder;

/// Computes the checkout without writing anything.
pub(crate) fn quote(ctx: &Ctx, r: &Checkout) -> Result<CheckoutQuote, OpError> {
    Ok(plan(ctx, r)?.0)
}

pub(crate) fn commit(ctx: &Ctx, r: &Checkout) -> Result<EntryBody, OpError> {
    let (q, mut effects) = plan(ctx, r)?;
    if q.pin_needed {
        check_payment_pin(ctx, &r.member_no, r.pin.as_deref())?;
    }
    let stored_paid = q.lines.bonus_paid + q.lines.principal_paid;
    let approved_by = match ctx.rules().stored_value.supervisor_above {
        Some(above) if stored_paid > above => Some(ctx.authorize(Action::LargeStoredValuePayment)?),
        _ => None,
    };
    // Coupons issued by rule get their codes now (the quote lists the templates).
    for (index, template) in q.lines.coupons_issued.iter().enumerate() {
        if let Some(t) = ctx.rules().coupon_template(template) {
            effects.push(coupons::issue_effect(ctx, t, index)?);
        }
    }
    Ok(EntryBody::CheckedOut {
        lines: q.lines,
        approved_by,
        effects,
    })
}

fn check_payment_pin(ctx: &Ctx, member_no: &str, entered: Option<&str>) -> Result<(), OpError> {
    let above = ctx.rules().stored_value.pin_above.unwrap_or_default();
    let Some(entered) = entered.filter(|p| !p.is_empty()) else {
        return Err(OpError::PinRequired(above));
    };
    // A PIN that is not digits cannot be right: refused without counting.
    pin::check_form("pin", entered)?;
    let subject = format!("member:{member_no}");
    pin::ensure_not_locked(ctx.conn, &subject, ctx.now.timestamp_millis())?;
    let hash = crate::account::payment_pin_hash(ctx.conn, member_no)?.unwrap_or_default();
    if pin::verify(entered, &hash)? {
        Ok(())
    } else {
        // Counted by the book after this operation's transaction rolls back.
        Err(OpError::WrongPin {
            subject,
            attempts_left: 0,
        })
    }
}

fn plan(ctx: &Ctx, r: &Checkout) -> Result<(CheckoutQuote, Vec<Effect>), OpError> {
    let rules = ctx.rules();
    let m = ctx.active_member(&r.member_no)?;
    let bill = check_amount("bill", r.bill, rules.checkout.max_bill)?;
    let bill_ref = r.bill_ref.trim();
    let missing = bill_ref.is_empty() && rules.checkout.bill_ref_required;
    if missing || bill_ref.chars().count() > 40 {
        return Err(OpError::invalid("bill_ref", Why::BillRefRequired));
    }
    let account = ctx.account(&m.member_no)?;
    let tier = rules.tier(&m.tier);
    let outlet = ctx.actor.outlet.as_str();
    let at = ctx.local();
    let mut effects = Vec::new();

    // 1. Tier discount.
    let discount_percent = tier.map(|t| t.discount_percent).unwrap_or_default();
    let tier_discount = rules.round(bill * discount_percent / Decimal::ONE_HUNDRED);
    let mut due = bill - tier_discount;

    // 1b. Birthday and member days.
    let occasions = super::occasions::apply(rules, &m, outlet, at, due);
    due -= occasions.discount;

    // 2. Coupon.
    let max_coupons = rules.checkout.coupons_per_checkout as usize;
    if r.coupons.len() > max_coupons {
        let code = r.coupons.get(max_coupons).cloned().unwrap_or_default();
        return Err(OpError::CouponRefused {
            code,
            reason: CouponRefusal::OnePerCheckout,
        });
    }
    let mut coupon = None;
    let mut coupon_off = Decimal::ZERO;
    for code in &r.coupons {
        let c = coupons::open_coupon(ctx, code)?;
        if c.member_no
            .as_deref()
            .is_some_and(|owner| owner != m.member_no)
        {
            return Err(OpError::CouponRefused {
                code: c.code,
                reason: CouponRefusal::OtherMember,
            });
        }
        let off = coupons::value_for(rules, &c, outlet, at, due)?;
        due -= off;
        coupon_off += off;
        effects.push(Effect::CouponRedeemed {
            code: c.code.clone(),
        });
        coupon = Some(c.code);
    }

    // 3. Points offset, capped at a share of what is left.
    let per_unit = Decimal::from(rules.points.per_unit_offset);
    // A limit the cashier gives means "use points, at most this many".
    let (points_used, points_off) = if r.use_points || r.max_points.is_some() {
        let cap = (due * rules.points.max_offset_share)
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero);
        let by_cap = (cap * per_unit).floor().to_i64().unwrap_or(0);
        let asked = r
            .max_points
            .map_or(i64::MAX, |n| i64::try_from(n).unwrap_or(i64::MAX));
        let used = by_cap
            .min(asked)
            .min(points::usable(ctx, &m.member_no)?)
            .max(0);
        let off = (Decimal::from(used) / per_unit)
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero);
        (used, off)
    } else {
        (0, Decimal::ZERO)
    };
    if points_used > 0 {
        effects.extend(points::draw(ctx, &m.member_no, points_used)?);
    }
    due -= points_off;

    // 4. Stored value, in the configured order. A negative part (a debt left by a
    // reversal) pays nothing, and a negative total pays nothing at all.
    let (mut bonus_paid, mut principal_paid) = (Decimal::ZERO, Decimal::ZERO);
    // Zero is allowed: "no stored value", as a cashier may type it.
    if let Some(limit) = r.max_stored_value.filter(|l| !l.is_zero()) {
        check_amount("max_stored_value", limit, rules.checkout.max_bill)?;
    }
    if r.use_stored_value || r.max_stored_value.is_some() {
        let limit = r.max_stored_value.unwrap_or(Decimal::MAX);
        let take = due
            .min(account.stored_value())
            .min(limit)
            .max(Decimal::ZERO);
        (bonus_paid, principal_paid) =
            split(rules.stored_value.payment_order, take, &account, |d| {
                rules.round(d)
            });
    }
    if !bonus_paid.is_zero() {
        effects.push(Effect::Bonus { delta: -bonus_paid });
    }
    if !principal_paid.is_zero() {
        effects.push(Effect::Principal {
            delta: -principal_paid,
        });
    }
    let stored_paid = bonus_paid + principal_paid;
    due -= stored_paid;
    let pin_needed = account.has_payment_pin
        && rules
            .stored_value
            .pin_above
            .is_some_and(|above| stored_paid > above);

    // 5. External tender pays the rest.
    let tender_paid = due;

    // 6. Points earned on own money actually paid: (own money, or its spend brackets'
    // weight) × outlet rate × tier multiplier × occasions × promotions.
    let own = (principal_paid + tender_paid).max(Decimal::ZERO);
    let rate = rules
        .outlet(outlet)
        .map(|o| o.earn_per_unit)
        .unwrap_or_default();
    let active: Vec<_> = rules
        .promotions
        .iter()
        .filter(|p| p.window.admits(outlet, at))
        .collect();
    let multiplier = active.iter().fold(
        tier.map(|t| t.earn_multiplier).unwrap_or(Decimal::ONE) * occasions.multiplier,
        |acc, p| acc * p.multiplier,
    );
    let brackets = rules.bracket_lines(own);
    // No brackets: own money weighs itself, exactly as before brackets existed.
    let weight = if brackets.is_empty() {
        own
    } else {
        weighted(&brackets)
    };
    let points_earned = (weight * rate * multiplier)
        .floor()
        .to_i64()
        .unwrap_or(0)
        .max(0);
    effects.extend(super::lots::earn(ctx, points_earned));
    effects.push(Effect::Activity {
        day: ctx.today(),
        spend: own,
        nights: 0,
        points: points_earned,
    });

    // 7. Coupons issued by rule, on own money.
    let coupons_issued: Vec<String> = rules
        .coupon_rules
        .iter()
        .filter(|cr| {
            own >= cr.min_spend && (cr.outlets.is_empty() || cr.outlets.iter().any(|o| o == outlet))
        })
        .map(|cr| cr.template.clone())
        .collect();

    let before = Balances::from(&account);
    let after = Balances {
        principal: two_places(before.principal - principal_paid),
        bonus: two_places(before.bonus - bonus_paid),
        points: before.points - points_used + points_earned,
    };
    let lines = CheckoutLines {
        bill: two_places(bill),
        bill_ref: bill_ref.to_string(),
        outlet: outlet.to_string(),
        tier: m.tier.clone(),
        tier_discount: two_places(tier_discount),
        coupon,
        coupon_off: two_places(coupon_off),
        points_used,
        points_off: two_places(points_off),
        bonus_paid: two_places(bonus_paid),
        principal_paid: two_places(principal_paid),
        tender: r.tender,
        tender_paid: two_places(tender_paid),
        points_earned,
        earn_multiplier: multiplier,
        earn_brackets: (!brackets.is_empty()).then(|| {
            Box::new(EarnBrackets {
                earn_per_unit: rate,
                parts: brackets,
            })
        }),
        promotions: active.iter().map(|p| p.name.clone()).collect(),
        coupons_issued,
        occasions: occasions.lines,
    };
    Ok((
        CheckoutQuote {
            lines,
            before,
            after,
            pin_needed,
        },
        effects,
    ))
}

/// Splits a stored-value payment into (bonus, principal) by the configured order. Only
/// the positive part of each balance can pay: a debt never pays, and neither part of
/// the split is ever below zero.
fn split(
    order: PaymentOrder,
    take: Decimal,
    a: &Account,
    round: impl Fn(Decimal) -> Decimal,
) -> (Decimal, Decimal) {
    let bonus = a.bonus.max(Decimal::ZERO);
    let principal = a.principal.max(Decimal::ZERO);
    let take = take.min(bonus + principal).max(Decimal::ZERO);
    match order {
        PaymentOrder::BonusFirst => {
            let b = take.min(bonus);
            (b, take - b)
        }
        PaymentOrder::PrincipalFirst => {
            let p = take.min(principal);
            (take - p, p)
        }
        PaymentOrder::Proportional => {
            let total = bonus + principal;
            if total <= Decimal::ZERO {
                return (Decimal::ZERO, Decimal::ZERO);
            }
            let b = round(take * bonus / total).min(bonus);
            let p = take - b;
            if p > principal {
                (take - principal, principal)
            } else {
                (b, p)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn acct(principal: Decimal, bonus: Decimal) -> Account {
        Account {
            principal,
            bonus,
            ..Account::default()
        }
    }

    #[test]
    fn each_payment_order_splits_to_the_cent() {
        let a = acct(dec!(500), dec!(100));
        let r = |d: Decimal| d.round_dp(2);
        assert_eq!(
            split(PaymentOrder::BonusFirst, dec!(150), &a, r),
            (dec!(100), dec!(50))
        );
        assert_eq!(
            split(PaymentOrder::PrincipalFirst, dec!(150), &a, r),
            (dec!(0), dec!(150))
        );
        assert_eq!(
            split(PaymentOrder::Proportional, dec!(150), &a, r),
            (dec!(25), dec!(125))
        );
        assert_eq!(
            split(PaymentOrder::Proportional, dec!(100.01), &a, r),
            (dec!(16.67), dec!(83.34))
        );
    }

    #[test]
    fn a_debt_pays_nothing_in_any_order() {
        let r = |d: Decimal| d.round_dp(2);
        let debt = acct(dec!(-130), dec!(-20));
        let part = acct(dec!(-130), dec!(50));
        for order in [
            PaymentOrder::BonusFirst,
            PaymentOrder::PrincipalFirst,
            PaymentOrder::Proportional,
        ] {
            assert_eq!(split(order, dec!(100), &debt, r), (dec!(0), dec!(0)));
            assert_eq!(split(order, dec!(0), &debt, r), (dec!(0), dec!(0)));
            assert_eq!(split(order, dec!(100), &part, r), (dec!(50), dec!(0)));
        }
    }
}
