//! Whether a body's effects are the ones its kind and numbers allow.

use rust_decimal::Decimal;

use crate::effects::Effect;
use crate::entry::EntryBody;
use crate::journal::Entry;

use super::booker::check_booker;
use super::commission::{check_card_sold, check_commission};
use super::earn::check_brackets;
use super::reversal::check_reversal;
use super::sums::{agree, Sums};

fn name(e: &Effect) -> &'static str {
    match e {
        Effect::Principal { .. } => "principal",
        Effect::Bonus { .. } => "bonus",
        Effect::LotEarned { .. } => "lot_earned",
        Effect::LotDrawn { .. } => "lot_drawn",
        Effect::CouponIssued { .. } => "coupon_issued",
        Effect::CouponRedeemed { .. } => "coupon_redeemed",
        Effect::CouponReturned { .. } => "coupon_returned",
        Effect::CouponVoided { .. } => "coupon_voided",
        Effect::CouponRestored { .. } => "coupon_restored",
        Effect::CountCardSold { .. } => "count_card_sold",
        Effect::CountCardUsed { .. } => "count_card_used",
        Effect::CountCardVoided { .. } => "count_card_voided",
        Effect::Activity { .. } => "activity",
        Effect::TierSet { .. } => "tier_set",
        Effect::Debt { .. } => "debt",
        Effect::Owed { .. } => "owed",
        Effect::Commission { .. } => "commission",
    }
}

/// Every effect is of an allowed kind.
fn only(effects: &[Effect], allowed: &[&str]) -> Result<(), String> {
    match effects.iter().find(|e| !allowed.contains(&name(e))) {
        Some(e) => Err(format!("carries a {} effect it cannot have", name(e))),
        None => Ok(()),
    }
}

fn positive(what: &str, v: Decimal) -> Result<(), String> {
    if v > Decimal::ZERO {
        Ok(())
    } else {
        Err(format!("{what} {v} is not above zero"))
    }
}

fn not_negative(what: &str, v: Decimal) -> Result<(), String> {
    if v >= Decimal::ZERO {
        Ok(())
    } else {
        Err(format!("{what} {v} is below zero"))
    }
}

/// Lots drawn take points (a negative draw gives points back: reversals only).
fn draws_positive(effects: &[Effect]) -> Result<(), String> {
    for e in effects {
        if let Effect::LotDrawn { lot, points } = e {
            if *points <= 0 {
                return Err(format!("draws {points} points from lot {lot}"));
            }
        }
    }
    Ok(())
}

/// A lot is named after the entry that earned it, so it is unique chain-wide.
fn lots_named(e: &Entry, effects: &[Effect]) -> Result<(), String> {
    for eff in effects {
        if let Effect::LotEarned { lot, points, .. } = eff {
            if *lot != e.id() {
                return Err(format!("earns lot {lot}, not one named after the entry"));
            }
            if *points <= 0 {
                return Err(format!("earns a lot of {points} points"));
            }
        }
    }
    Ok(())
}

fn activities(effects: &[Effect]) -> Vec<(Decimal, i64, i64)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Activity {
                spend,
                nights,
                points,
                ..
            } => Some((*spend, *nights, *points)),
            _ => None,
        })
        .collect()
}

fn one_activity(effects: &[Effect], expected: (Decimal, i64, i64)) -> Result<(), String> {
    let found = activities(effects);
    if found == [expected] {
        Ok(())
    } else {
        Err(format!(
            "tier activity {found:?} does not match the body's spend {}, nights {}, points {}",
            expected.0, expected.1, expected.2
        ))
    }
}

fn exactly(effects: &[Effect], expected: &[Effect]) -> Result<(), String> {
    if effects == expected {
        Ok(())
    } else {
        Err("the effects are not the ones the body names".into())
    }
}

pub(super) fn check_body(
    e: &Entry,
    body: &EntryBody,
    original: Option<&Entry>,
) -> Result<(), String> {
    let fx = body.effects();
    let s = Sums::of(fx);
    lots_named(e, fx)?;
    match body {
        EntryBody::ToppedUp { amount, bonus, .. } => {
            only(fx, &["principal", "bonus", "debt", "commission"])?;
            positive("amount", *amount)?;
            check_commission(e, fx, None, *amount)?;
            not_negative("bonus", *bonus)?;
            not_negative("principal credited", s.principal)?;
            // A top-up repays debt first: what it repays plus what it credits is the amount.
            if s.debt > Decimal::ZERO {
                return Err("a top-up cannot add debt".into());
            }
            agree("amount", *amount, s.principal - s.debt)?;
            agree("bonus", *bonus, s.bonus)
        }
        EntryBody::CheckedOut { lines, .. } => {
            only(
                fx,
                &[
                    "principal",
                    "bonus",
                    "coupon_redeemed",
                    "lot_drawn",
                    "lot_earned",
                    "activity",
                    "coupon_issued",
                ],
            )?;
            for (what, v) in [
                ("bill", lines.bill),
                ("tier discount", lines.tier_discount),
                ("coupon discount", lines.coupon_off),
                ("points discount", lines.points_off),
                // A proportional split of a negative bonus (points taken back after they
                // were converted) pays a negative bonus part: only the sum is bounded.
                ("stored value paid", lines.bonus_paid + lines.principal_paid),
                ("tender paid", lines.tender_paid),
            ] {
                not_negative(what, v)?;
            }
            for o in &lines.occasions {
                not_negative(&o.name, o.discount)?;
            }
            let paid = lines.tier_discount
                + lines.occasion_discount()
                + lines.coupon_off
                + lines.points_off
                + lines.bonus_paid
                + lines.principal_paid
                + lines.tender_paid;
            agree("a bill settled by its lines of", lines.bill, paid)?;
            draws_positive(fx)?;
            agree("bonus paid", -lines.bonus_paid, s.bonus)?;
            agree("principal paid", -lines.principal_paid, s.principal)?;
            agree("points used", lines.points_used, s.drawn)?;
            agree("points earned", lines.points_earned, s.earned)?;
            check_brackets(lines)?;
            one_activity(fx, (lines.own_money(), 0, lines.points_earned))?;
            let redeemed: Vec<&String> = fx
                .iter()
                .filter_map(|x| match x {
                    Effect::CouponRedeemed { code } => Some(code),
                    _ => None,
                })
                .collect();
            if redeemed != lines.coupon.iter().collect::<Vec<_>>() {
                return Err("redeems coupons the lines do not name".into());
            }
            let mut templates = lines.coupons_issued.clone();
            for x in fx {
                if let Effect::CouponIssued { template, .. } = x {
                    match templates.iter().position(|t| t == template) {
                        Some(i) => {
                            templates.remove(i);
                        }
                        None => {
                            return Err(format!("issues a {template} coupon the lines do not name"))
                        }
                    }
                }
            }
            Ok(())
        }
        EntryBody::StayPosted {
            nights,
            room_revenue,
            points,
            booker,
            booker_share,
            booker_points,
            ..
        } => {
            only(fx, &["lot_earned", "activity"])?;
            not_negative("room revenue", *room_revenue)?;
            agree("points", *points, s.earned)?;
            one_activity(fx, (*room_revenue, i64::from(*nights), *points))?;
            check_booker(e, booker.as_deref(), *booker_share, *points, *booker_points)
        }
        EntryBody::NoShowPosted { points, .. } => {
            only(fx, &["lot_drawn"])?;
            draws_positive(fx)?;
            not_negative("no-show points", Decimal::from(*points))?;
            agree("points", *points, s.drawn)
        }
        EntryBody::PointsAdjusted { points, .. } => {
            if *points > 0 {
                only(fx, &["lot_earned"])?;
                agree("points", *points, s.earned)
            } else {
                only(fx, &["lot_drawn"])?;
                draws_positive(fx)?;
                agree("points", -*points, s.drawn)
            }
        }
        EntryBody::GiftRedeemed { points, .. } => {
            only(fx, &["lot_drawn"])?;
            draws_positive(fx)?;
            agree("points", *points, s.drawn)
        }
        EntryBody::PointsConverted { points, into, .. } => {
            draws_positive(fx)?;
            agree("points", *points, s.drawn)?;
            if into == "stored_value" {
                only(fx, &["lot_drawn", "bonus"])?;
                // The rate is the converting terminal's rule, not recorded: the value is
                // a whole amount and the points a whole number of times it.
                let value = s.bonus;
                positive("converted value", value)?;
                let whole =
                    value.fract().is_zero() && Decimal::from(*points) % value == Decimal::ZERO;
                if fx.iter().filter(|x| name(x) == "bonus").count() != 1 || !whole {
                    return Err(format!("{points} points cannot convert into {value}"));
                }
                Ok(())
            } else if fx.iter().any(|x| name(x) == "count_card_sold") {
                // A count card taken for points (兑换项目卡): no tier activity.
                only(fx, &["lot_drawn", "count_card_sold"])?;
                let sold: Vec<&Effect> =
                    fx.iter().filter(|x| name(x) == "count_card_sold").collect();
                match sold.as_slice() {
                    [Effect::CountCardSold {
                        card,
                        package,
                        uses,
                        ..
                    }] if *card == e.id() && package == into && *uses > 0 => Ok(()),
                    _ => Err(format!(
                        "must sell exactly one {into} card named after the entry"
                    )),
                }
            } else {
                only(fx, &["lot_drawn", "coupon_issued"])?;
                let issued: Vec<&Effect> =
                    fx.iter().filter(|x| name(x) == "coupon_issued").collect();
                match issued.as_slice() {
                    [Effect::CouponIssued { template, .. }] if template == into => Ok(()),
                    _ => Err(format!("must issue exactly one {into} coupon")),
                }
            }
        }
        EntryBody::StoredValueRefunded { amount, .. } => {
            only(fx, &["principal"])?;
            positive("amount", *amount)?;
            agree("amount refunded", -*amount, s.principal)
        }
        EntryBody::CountCardSold { package, price, .. } => {
            only(fx, &["count_card_sold", "activity"])?;
            not_negative("price", *price)?;
            let sold: Vec<&Effect> = fx.iter().filter(|x| name(x) == "count_card_sold").collect();
            match sold.as_slice() {
                [Effect::CountCardSold {
                    card,
                    package: p,
                    uses,
                    ..
                }] if *card == e.id() && p == package && *uses > 0 => {}
                _ => {
                    return Err(format!(
                        "must sell exactly one {package} card named after the entry"
                    ))
                }
            }
            one_activity(fx, (*price, 0, 0))
        }
        EntryBody::CardSold {
            tier,
            fee,
            commission,
            ..
        } => check_card_sold(e, fx, tier, *fee, *commission),
        EntryBody::CredentialReplaced { fee, tender, .. } => {
            super::commission::check_replacement_fee(*fee, tender.is_some())
        }
        EntryBody::CountCardUsed { card, uses, .. } => {
            if *uses <= 0 {
                return Err(format!("uses {uses} is not above zero"));
            }
            exactly(
                fx,
                &[Effect::CountCardUsed {
                    card: card.clone(),
                    uses: *uses,
                }],
            )
        }
        EntryBody::CouponIssued { template, .. } => match fx {
            [Effect::CouponIssued { template: t, .. }] if t == template => Ok(()),
            _ => Err(format!("must issue exactly one {template} coupon")),
        },
        EntryBody::CouponRedeemed { code, .. } => {
            exactly(fx, &[Effect::CouponRedeemed { code: code.clone() }])
        }
        EntryBody::CouponVoided { code, .. } => {
            exactly(fx, &[Effect::CouponVoided { code: code.clone() }])
        }
        EntryBody::PointsExpired { .. } => {
            only(fx, &["lot_drawn"])?;
            draws_positive(fx)
        }
        EntryBody::TierChanged {
            from,
            to,
            reason,
            points,
            ..
        } => {
            let set = Effect::TierSet {
                from: from.clone(),
                to: to.clone(),
            };
            if reason != "points" {
                if *points != 0 {
                    return Err(format!("a {reason} tier change spends {points} points"));
                }
                return exactly(fx, &[set]);
            }
            // Bought with points (积分提升等级): the points drawn, then the tier set.
            only(fx, &["lot_drawn", "tier_set"])?;
            draws_positive(fx)?;
            positive("points spent", Decimal::from(*points))?;
            agree("points", *points, s.drawn)?;
            match fx.last() {
                Some(last)
                    if *last == set && fx.iter().filter(|x| name(x) == "tier_set").count() == 1 =>
                {
                    Ok(())
                }
                _ => Err(format!("must set the tier from {from} to {to} once, last")),
            }
        }
        EntryBody::OpeningBalance {
            principal,
            bonus,
            points,
            ..
        } => {
            only(fx, &["principal", "bonus", "lot_earned"])?;
            not_negative("principal", *principal)?;
            not_negative("bonus", *bonus)?;
            agree("principal", *principal, s.principal)?;
            agree("bonus", *bonus, s.bonus)?;
            agree("points", *points, s.earned)
        }
        EntryBody::ConflictRaised { amount, debt, .. } => {
            only(fx, &["principal", "bonus", "debt"])?;
            not_negative("amount", *amount)?;
            not_negative("debt", *debt)?;
            agree("debt", *debt, s.debt)?;
            // Overdrawn balances are brought up towards zero and the deficit booked as
            // debt: what is restored never exceeds the debt, so no money is made.
            if s.principal + s.bonus > s.debt {
                return Err(format!(
                    "restores {} of stored value but books only {} of debt",
                    s.principal + s.bonus,
                    s.debt
                ));
            }
            Ok(())
        }
        EntryBody::DebtRepaid { amount, .. } => {
            only(fx, &["principal", "debt"])?;
            agree("debt repaid", -*amount, s.debt)?;
            agree("principal repaid", -*amount, s.principal)?;
            if fx.len() == 2 {
                Ok(())
            } else {
                Err("a repayment is one principal and one debt effect".into())
            }
        }
        EntryBody::StoredValueRebalanced { .. } => {
            only(fx, &["principal", "bonus"])?;
            agree(
                "a rebalance's net change",
                Decimal::ZERO,
                s.principal + s.bonus,
            )
        }
        EntryBody::ConflictSettled { amount, .. } => {
            not_negative("amount", *amount)?;
            if amount.is_zero() {
                exactly(fx, &[])
            } else {
                exactly(fx, &[Effect::Debt { delta: -*amount }])
            }
        }
        // What a company owes moves by exactly the charge or the payment.
        EntryBody::CompanyCharged { amount, .. } => {
            positive("amount", *amount)?;
            exactly(fx, &[Effect::Owed { delta: *amount }])
        }
        EntryBody::CompanySettled { amount, .. } => {
            positive("amount", *amount)?;
            exactly(fx, &[Effect::Owed { delta: -*amount }])
        }
        EntryBody::RewardGiven { points, coupon, .. } => {
            only(fx, &["lot_earned", "coupon_issued"])?;
            agree("points", *points, s.earned)?;
            let issued: Vec<&String> = fx
                .iter()
                .filter_map(|x| match x {
                    Effect::CouponIssued { template, .. } => Some(template),
                    _ => None,
                })
                .collect();
            if issued != coupon.iter().collect::<Vec<_>>() {
                return Err("issues coupons the body does not name".into());
            }
            Ok(())
        }
        EntryBody::Reversed { original_kind, .. } => {
            let Some(original) = original else {
                return Err("the entry it reverses is not known here".into());
            };
            check_reversal(e, fx, original_kind, original)
        }
        // Member and staff entries carry no effects.
        _ => Ok(()),
    }
}
