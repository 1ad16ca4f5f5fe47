//! Points (积分): earning on stays, manual adjustment, gifts, conversion, expiry. Points
//! live in lots named after the entry that earned them; spending draws the lots that
//! expire first.

use carddesk_model::ops::{
    booker_points, AdjustPoints, ConvertInto, ConvertPoints, ExpirePoints, RedeemGift, StayPosting,
};
use carddesk_model::text::Why;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::lots::earn;
use super::members::reason;
use super::{count_cards, coupons, Ctx};
use crate::account::{self, Lot};
use crate::effects::Effect;
use crate::entry::EntryBody;
use crate::error::{Balance, OpError, RuleItem};
use crate::money::check_amount;
use crate::permissions::Action;
use crate::rules::StayBasis;

/// Draws `points` from the member's open lots, oldest expiry first.
pub(crate) fn draw(ctx: &Ctx, member_no: &str, points: i64) -> Result<Vec<Effect>, OpError> {
    let lots = account::open_lots(ctx.conn, member_no, ctx.today())?;
    let available = usable(ctx, member_no)?;
    if points > available {
        return Err(OpError::InsufficientBalance {
            what: Balance::Points,
            needed: Decimal::from(points),
            available: Decimal::from(available),
        });
    }
    Ok(draw_from(&lots, points))
}

fn draw_from(lots: &[Lot], points: i64) -> Vec<Effect> {
    let mut left = points;
    let mut effects = Vec::new();
    for lot in lots {
        if left == 0 {
            break;
        }
        let take = left.min(lot.remaining);
        effects.push(Effect::LotDrawn {
            lot: lot.lot.clone(),
            points: take,
        });
        left -= take;
    }
    effects
}

/// Points usable today: the open lots, not the raw balance (expired lots are waiting
/// for the daily job).
/// A negative balance (points taken back after they were spent) is repaid first.
pub(crate) fn usable(ctx: &Ctx, member_no: &str) -> Result<i64, OpError> {
    let open: i64 = account::open_lots(ctx.conn, member_no, ctx.today())?
        .iter()
        .map(|l| l.remaining)
        .sum();
    Ok(open.min(ctx.account(member_no)?.points).max(0))
}

/// Takes back a lot's points: what is left of the lot, then the member's other open
/// lots oldest first; a shortfall stays on the lot as a negative balance.
pub(crate) fn take_back(
    ctx: &Ctx,
    member_no: &str,
    lot: &str,
    points: i64,
) -> Result<Vec<Effect>, OpError> {
    let lots = account::open_lots(ctx.conn, member_no, ctx.today())?;
    let own = lots
        .iter()
        .find(|l| l.lot == lot)
        .map(|l| l.remaining)
        .unwrap_or(0);
    let from_own = own.clamp(0, points);
    let others: Vec<Lot> = lots.into_iter().filter(|l| l.lot != lot).collect();
    let from_others = (points - from_own).min(others.iter().map(|l| l.remaining).sum());
    let mut effects = draw_from(&others, from_others);
    let on_lot = points - from_others;
    if on_lot != 0 {
        effects.insert(
            0,
            Effect::LotDrawn {
                lot: lot.to_string(),
                points: on_lot,
            },
        );
    }
    Ok(effects)
}

pub(crate) fn post_stay(ctx: &Ctx, r: &StayPosting) -> Result<EntryBody, OpError> {
    let m = ctx.active_member(&r.member_no)?;
    let rules = ctx.rules();
    if r.nights == 0 || r.nights > rules.stay.max_nights {
        return Err(OpError::invalid(
            "nights",
            Why::NightsRange {
                max: rules.stay.max_nights,
            },
        ));
    }
    let revenue = if r.room_revenue.is_zero() {
        Decimal::ZERO
    } else {
        check_amount("room_revenue", r.room_revenue, rules.checkout.max_bill)?
    };
    let folio_ref = r.folio_ref.trim();
    if folio_ref.is_empty() {
        return Err(OpError::invalid("folio_ref", Why::FolioRequired));
    }
    let booker = booker(ctx, &m.member_no, r.booker.as_ref().map(|b| b.as_str()))?;
    if let Some(entry_id) = posted_for_folio(ctx, &m.member_no, "stay_posted", folio_ref)? {
        return Err(OpError::DuplicateFolio {
            folio_ref: folio_ref.to_string(),
            entry_id,
        });
    }
    let per_night = i64::from(r.nights) * rules.stay.points_per_night;
    let per_amount = (revenue * rules.stay.points_per_unit)
        .floor()
        .to_i64()
        .unwrap_or(0);
    let base = match rules.stay.basis {
        StayBasis::PerNight => per_night,
        StayBasis::PerAmount => per_amount,
        StayBasis::Both => per_night + per_amount,
    };
    let multiplier = rules
        .tier(&m.tier)
        .map(|t| t.earn_multiplier)
        .unwrap_or(Decimal::ONE);
    let points = if super::corporate::guest_earns(ctx, &m.member_no)? {
        (Decimal::from(base) * multiplier)
            .floor()
            .to_i64()
            .unwrap_or(0)
    } else {
        0
    };
    let mut effects: Vec<Effect> = earn(ctx, points).into_iter().collect();
    effects.push(Effect::Activity {
        day: ctx.today(),
        spend: revenue,
        nights: i64::from(r.nights),
        points,
    });
    let booker_share = booker
        .as_ref()
        .map_or(Decimal::ZERO, |_| rules.stay.booker_share);
    Ok(EntryBody::StayPosted {
        nights: r.nights,
        room_revenue: revenue,
        folio_ref: folio_ref.to_string(),
        points,
        booker,
        booker_share,
        booker_points: booker_points(points, booker_share),
        effects,
    })
}

/// The member a stay names as its booker: another member, known and not frozen, where
/// bookers earn a share. Blank is none.
fn booker(ctx: &Ctx, guest: &str, named: Option<&str>) -> Result<Option<String>, OpError> {
    let Some(no) = named.map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(None);
    };
    if ctx.rules().stay.booker_share.is_zero() {
        return Err(OpError::invalid("booker", Why::BookerShareOff));
    }
    let m = crate::lookup::member(ctx.conn, no)?.ok_or_else(|| {
        OpError::invalid(
            "booker",
            Why::BookerUnknown {
                member_no: no.to_string(),
            },
        )
    })?;
    if m.member_no == guest {
        return Err(OpError::invalid("booker", Why::BookerIsGuest));
    }
    if m.is_frozen() {
        return Err(OpError::invalid(
            "booker",
            Why::BookerFrozen {
                member_no: m.member_no,
            },
        ));
    }
    Ok(Some(m.member_no))
}

/// The entry of `kind` that already posted `folio_ref` for the member and stands (not
/// reversed): a folio earns stay points once, a booking is a no-show once. A retry with
/// the same op id never gets here (it is answered from the first result).
pub(crate) fn posted_for_folio(
    ctx: &Ctx,
    member_no: &str,
    kind: &str,
    folio_ref: &str,
) -> Result<Option<String>, OpError> {
    super::lots::posted_for_folio_at(ctx, member_no, kind, "$.folio_ref", folio_ref)
}

pub(crate) fn adjust(ctx: &Ctx, r: &AdjustPoints) -> Result<EntryBody, OpError> {
    let approved_by = ctx.authorize(Action::AdjustPoints)?;
    ctx.active_member(&r.member_no)?;
    let reason = reason(&r.reason)?;
    if r.points == 0 || r.points.abs() > 10_000_000 {
        return Err(OpError::invalid("points", Why::PointsAdjustment));
    }
    let effects = if r.points > 0 {
        earn(ctx, r.points).into_iter().collect()
    } else {
        draw(ctx, &r.member_no, -r.points)?
    };
    Ok(EntryBody::PointsAdjusted {
        points: r.points,
        reason,
        approved_by,
        effects,
    })
}

pub(crate) fn redeem_gift(ctx: &Ctx, r: &RedeemGift) -> Result<EntryBody, OpError> {
    ctx.active_member(&r.member_no)?;
    let gift = ctx
        .rules()
        .gift(&r.gift)
        .ok_or_else(|| OpError::UnknownRule {
            what: RuleItem::Gift,
            id: r.gift.clone(),
        })?;
    Ok(EntryBody::GiftRedeemed {
        gift: gift.id.clone(),
        points: gift.points,
        effects: draw(ctx, &r.member_no, gift.points)?,
    })
}

pub(crate) fn convert(ctx: &Ctx, r: &ConvertPoints) -> Result<EntryBody, OpError> {
    ctx.active_member(&r.member_no)?;
    let rules = ctx.rules();
    match &r.into {
        ConvertInto::StoredValue { points } => {
            let per_unit = rules.points.per_unit_stored_value;
            if per_unit <= 0 {
                return Err(OpError::invalid("into", Why::NoConversion));
            }
            if *points <= 0 || points % per_unit != 0 {
                return Err(OpError::invalid("points", Why::PointsMultiple { per_unit }));
            }
            let value = Decimal::from(points / per_unit);
            let mut effects = draw(ctx, &r.member_no, *points)?;
            effects.push(Effect::Bonus { delta: value });
            Ok(EntryBody::PointsConverted {
                points: *points,
                into: "stored_value".into(),
                effects,
            })
        }
        ConvertInto::Coupon { template } => {
            let t = rules
                .coupon_template(template)
                .ok_or_else(|| OpError::UnknownRule {
                    what: RuleItem::CouponTemplate,
                    id: template.clone(),
                })?;
            let price = t
                .points_price
                .ok_or_else(|| OpError::invalid("template", Why::NotForPoints))?;
            let mut effects = draw(ctx, &r.member_no, price)?;
            effects.push(coupons::issue_effect(ctx, t, 0)?);
            Ok(EntryBody::PointsConverted {
                points: price,
                into: t.id.clone(),
                effects,
            })
        }
        ConvertInto::CountCard { package } => {
            let p = rules.package(package).ok_or_else(|| OpError::UnknownRule {
                what: RuleItem::CountCardPackage,
                id: package.clone(),
            })?;
            let price = p
                .points_price
                .ok_or_else(|| OpError::invalid("package", Why::CardNotForPoints))?;
            let mut effects = draw(ctx, &r.member_no, price)?;
            // Paid in points, not money: no tier activity (it would count spend twice).
            effects.push(count_cards::sold_effect(ctx, p));
            Ok(EntryBody::PointsConverted {
                points: price,
                into: p.id.clone(),
                effects,
            })
        }
    }
}

pub(crate) fn expire(ctx: &Ctx, r: &ExpirePoints) -> Result<EntryBody, OpError> {
    let lots: Vec<Effect> = account::expired_lots(ctx.conn, Some(r.member_no.trim()), r.day)?
        .into_iter()
        .map(|(_, l)| Effect::LotDrawn {
            lot: l.lot,
            points: l.remaining,
        })
        .collect();
    if lots.is_empty() {
        return Err(OpError::invalid("member_no", Why::NoPointsExpiring));
    }
    Ok(EntryBody::PointsExpired { effects: lots })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn lot(id: &str, remaining: i64) -> Lot {
        Lot {
            lot: id.into(),
            remaining,
            expires_on: NaiveDate::MIN,
        }
    }

    #[test]
    fn drawing_takes_the_first_lots_first_and_stops() {
        let lots = [lot("a", 30), lot("b", 50), lot("c", 10)];
        assert_eq!(
            draw_from(&lots, 60),
            vec![
                Effect::LotDrawn {
                    lot: "a".into(),
                    points: 30
                },
                Effect::LotDrawn {
                    lot: "b".into(),
                    points: 30
                },
            ]
        );
    }
}
