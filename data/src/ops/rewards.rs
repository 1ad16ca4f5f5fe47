//! Rewards by rule (`reward_given` entries): at registration (新会员注册优惠), to the
//! referrer when the referred member first tops up or spends (推荐奖励), and on a
//! birthday (生日礼遇, by the daily job). Each reward is its own entry for the member who
//! gets it, written in the same transaction as what caused it (the birthday's: the
//! daily job's), with its points lot and coupon as effects.

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;

use super::coupons::derived_code;
use super::{Ctx, Decision};
use crate::effects::Effect;
use crate::entry::{EntryBody, RewardOccasion};
use crate::error::{OpError, RuleItem};
use crate::journal;
use crate::rules::{valid_until, CouponTemplate};

fn decision(
    member_no: &str,
    occasion: RewardOccasion,
    points: i64,
    coupon: Option<&str>,
    effects: Vec<Effect>,
) -> Decision {
    Decision {
        member_no: Some(member_no.to_string()),
        reversal_of: None,
        body: EntryBody::RewardGiven {
            occasion,
            points,
            coupon: coupon.map(str::to_string),
            effects,
        },
    }
}

fn template<'a>(ctx: &'a Ctx, id: &str) -> Result<&'a CouponTemplate, OpError> {
    ctx.rules()
        .coupon_template(id)
        .ok_or_else(|| OpError::UnknownRule {
            what: RuleItem::CouponTemplate,
            id: id.to_string(),
        })
}

/// Points (a lot named after the reward's entry) and a coupon (its code derived from
/// the request, like every coupon a request issues).
fn given(ctx: &Ctx, points: i64, coupon: Option<&str>) -> Result<Vec<Effect>, OpError> {
    let mut effects: Vec<Effect> = super::lots::earn(ctx, points).into_iter().collect();
    if let Some(id) = coupon {
        effects.push(super::coupons::issue_effect(ctx, template(ctx, id)?, 0)?);
    }
    Ok(effects)
}

/// The welcome reward of a member just registered; None when the rules give none.
pub(crate) fn welcome(ctx: &Ctx, member_no: &str) -> Result<Option<Decision>, OpError> {
    let w = &ctx.rules().welcome;
    if !w.gives() {
        return Ok(None);
    }
    let effects = given(ctx, w.points, w.coupon.as_deref())?;
    Ok(Some(decision(
        member_no,
        RewardOccasion::Welcome,
        w.points,
        w.coupon.as_deref(),
        effects,
    )))
}

/// The referrer's reward for `referred`'s top-up or checkout `first` of `amount` (own
/// money): given when the rules give one, the amount reaches `min_amount`, the member
/// was referred, and no reward for them stands (one not reversed).
pub(crate) fn referral(
    ctx: &Ctx,
    referred: &str,
    first: &str,
    amount: Decimal,
) -> Result<Option<Decision>, OpError> {
    let r = &ctx.rules().referral;
    if !r.gives() || amount <= Decimal::ZERO || amount < r.min_amount {
        return Ok(None);
    }
    let Some(referrer) = referrer_of(ctx.conn, referred)? else {
        return Ok(None);
    };
    if crate::lookup::member(ctx.conn, &referrer)?.is_none()
        || standing_referral(ctx.conn, referred, None)?.is_some()
    {
        return Ok(None);
    }
    let effects = given(ctx, r.points, r.coupon.as_deref())?;
    Ok(Some(decision(
        &referrer,
        RewardOccasion::Referral {
            referred: referred.to_string(),
            first: first.to_string(),
        },
        r.points,
        r.coupon.as_deref(),
        effects,
    )))
}

/// The booker's share of the stay `stay` of `guest` (代订): `points`, as the stay's body
/// recorded them, as a lot of the booker's own. None when the share came to nothing.
pub(crate) fn booking(
    ctx: &Ctx,
    guest: &str,
    stay: &str,
    booker: &str,
    points: i64,
) -> Result<Option<Decision>, OpError> {
    if points <= 0 {
        return Ok(None);
    }
    let effects = given(ctx, points, None)?;
    Ok(Some(decision(
        booker,
        RewardOccasion::Booking {
            guest: guest.to_string(),
            stay: stay.to_string(),
        },
        points,
        None,
        effects,
    )))
}

/// The standing (not reversed) booker's share that the stay `stay` earned, if any.
pub(crate) fn standing_booking(conn: &Connection, stay: &str) -> Result<Option<String>, OpError> {
    let mut stmt = conn.prepare_cached(
        "SELECT j.terminal, j.seq FROM journal j
         WHERE j.kind = 'reward_given'
           AND json_extract(j.body, '$.occasion.kind') = 'booking'
           AND json_extract(j.body, '$.occasion.stay') = ?1
           AND NOT EXISTS (SELECT 1 FROM journal r
                           WHERE r.reversal_of = j.terminal || '-' || j.seq)
         ORDER BY j.hlc LIMIT 1",
    )?;
    Ok(stmt
        .query_row(params![stay], |r| {
            Ok(journal::entry_id(&r.get::<_, String>(0)?, r.get(1)?))
        })
        .optional()?)
}

fn referrer_of(conn: &Connection, member_no: &str) -> Result<Option<String>, OpError> {
    Ok(conn
        .prepare_cached("SELECT referrer FROM members WHERE member_no = ?1")?
        .query_row([member_no], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten()
        .filter(|r| !r.is_empty()))
}

/// The standing (not reversed) referral reward for `referred`, if any; with `first`,
/// only the one its top-up or checkout `first` earned. (The journal's partial index
/// `journal_reward_referred` finds them.)
pub(crate) fn standing_referral(
    conn: &Connection,
    referred: &str,
    first: Option<&str>,
) -> Result<Option<String>, OpError> {
    let mut stmt = conn.prepare_cached(
        "SELECT j.terminal, j.seq FROM journal j
         WHERE j.kind = 'reward_given'
           AND json_extract(j.body, '$.occasion.referred') = ?1
           AND (?2 IS NULL OR json_extract(j.body, '$.occasion.first') = ?2)
           AND NOT EXISTS (SELECT 1 FROM journal r
                           WHERE r.reversal_of = j.terminal || '-' || j.seq)
         ORDER BY j.hlc LIMIT 1",
    )?;
    Ok(stmt
        .query_row(params![referred, first], |r| {
            Ok(journal::entry_id(&r.get::<_, String>(0)?, r.get(1)?))
        })
        .optional()?)
}

/// Whether `member_no` already has a birthday reward for `year` (from any terminal).
pub(crate) fn birthday_given(
    conn: &Connection,
    member_no: &str,
    year: i32,
) -> Result<bool, OpError> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM journal
             WHERE member_no = ?1 AND kind = 'reward_given'
               AND json_extract(body, '$.occasion.kind') = 'birthday'
               AND json_extract(body, '$.occasion.year') = ?2
             LIMIT 1",
        )?
        .query_row(params![member_no, year], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The birthday coupon's code: derived from the member, the year and the template
/// only, so two terminals of a chain that both issue it (each ran the daily job before
/// hearing of the other's) issue the same coupon, and replicas hold it once. The coupon
/// is the member's: its code redeems for nobody else.
pub fn birthday_code(member_no: &str, year: i32, template: &str) -> String {
    derived_code(
        b"carddesk birthday coupon",
        member_no,
        &format!("{year}/{template}"),
        0,
    )
}

/// The birthday reward of `member_no` (born on `birthday`, of `tier`) for `today`'s
/// year: its coupon, valid from the window's first day to its last (or the template's
/// days, if longer) — dates that do not depend on the day the job ran. None outside the
/// window, without a coupon for the tier, or when already given this year.
pub(crate) fn birthday(
    ctx: &Ctx,
    member_no: &str,
    tier: &str,
    birthday: NaiveDate,
) -> Result<Option<Decision>, OpError> {
    let rules = ctx.rules();
    let today = ctx.today();
    let year = today.year();
    let Some((from, to)) = rules.birthday.window_in(birthday, year) else {
        return Ok(None);
    };
    let Some(id) = rules.birthday.perk(tier).coupon.as_deref() else {
        return Ok(None);
    };
    if today < from || today > to || birthday_given(ctx.conn, member_no, year)? {
        return Ok(None);
    }
    let t = template(ctx, id)?;
    let effects = vec![Effect::CouponIssued {
        code: birthday_code(member_no, year, &t.id),
        template: t.id.clone(),
        valid_from: from,
        valid_to: to.max(valid_until(from, t.valid_days)),
    }];
    Ok(Some(decision(
        member_no,
        RewardOccasion::Birthday { year },
        0,
        Some(&t.id),
        effects,
    )))
}
