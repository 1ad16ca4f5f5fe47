//! Corporate accounts (协议单位 / 公司卡): see model::rules::corporate. Whether a member
//! is a company, and which company a member is under, is read from the journal (the
//! latest entry that says so, by HLC then entry id, the same on every replica); what a
//! company owes is its account's `owed`, moved by the effects of charges and settlements.

use carddesk_model::ops::{
    ChargeCompany, LinkToCompany, OpenCompany, SettleCompany, UnlinkFromCompany,
};
use carddesk_model::text::Why;
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;

use super::{Ctx, Decision};
use crate::effects::Effect;
use crate::entry::{EntryBody, RewardOccasion};
use crate::error::OpError;
use crate::journal;
use crate::money::check_amount;
use crate::permissions::Action;
use crate::rules::{CorporateRules, GuestPoints};

fn rules<'a>(ctx: &'a Ctx) -> Result<&'a CorporateRules, OpError> {
    ctx.rules()
        .corporate
        .as_ref()
        .ok_or_else(|| OpError::invalid("member_no", Why::CorporateOff))
}

/// The latest body of `kinds` for `member_no`, by HLC then entry id.
fn latest(
    conn: &Connection,
    member_no: &str,
    kinds: &[&str],
) -> Result<Option<EntryBody>, OpError> {
    let body: Option<String> = conn
        .prepare_cached(
            "SELECT body FROM journal WHERE member_no = ?1 AND kind IN (?2, ?3)
             ORDER BY hlc DESC, terminal DESC, seq DESC LIMIT 1",
        )?
        .query_row(
            params![member_no, kinds[0], kinds.get(1).unwrap_or(&kinds[0])],
            |r| r.get(0),
        )
        .optional()?;
    body.map(|b| {
        serde_json::from_str(&b).map_err(|e| OpError::Storage(format!("{member_no}: {e}")))
    })
    .transpose()
}

/// The credit limit of `member_no` when the member is opened as a company.
pub fn credit_limit(conn: &Connection, member_no: &str) -> Result<Option<Decimal>, OpError> {
    Ok(match latest(conn, member_no, &["company_opened"])? {
        Some(EntryBody::CompanyOpened { credit_limit, .. }) => Some(credit_limit),
        _ => None,
    })
}

/// The company `member_no` is under, if any.
pub fn company_of(conn: &Connection, member_no: &str) -> Result<Option<String>, OpError> {
    Ok(
        match latest(conn, member_no, &["company_linked", "company_unlinked"])? {
            Some(EntryBody::CompanyLinked { company }) => Some(company),
            _ => None,
        },
    )
}

fn company(ctx: &Ctx, field: &str, member_no: &str) -> Result<(String, Decimal), OpError> {
    let m = ctx.active_member(member_no)?;
    match credit_limit(ctx.conn, &m.member_no)? {
        Some(limit) => Ok((m.member_no, limit)),
        None => Err(OpError::invalid(
            field,
            Why::NotACompany {
                member_no: m.member_no,
            },
        )),
    }
}

pub(crate) fn open(ctx: &Ctx, r: &OpenCompany) -> Result<EntryBody, OpError> {
    let approved_by = ctx.authorize(Action::OpenCompany)?;
    let c = rules(ctx)?;
    let m = ctx.active_member(&r.member_no)?;
    if let Some(company) = company_of(ctx.conn, &m.member_no)? {
        return Err(OpError::invalid(
            "member_no",
            Why::LinkedNotCompany { company },
        ));
    }
    let max = c.max_credit_limit;
    if r.credit_limit < Decimal::ZERO
        || r.credit_limit > max
        || r.credit_limit.normalize().scale() > 2
    {
        return Err(OpError::invalid(
            "credit_limit",
            Why::CreditLimitRange { max },
        ));
    }
    Ok(EntryBody::CompanyOpened {
        credit_limit: r.credit_limit.round_dp(2),
        approved_by,
    })
}

pub(crate) fn link(ctx: &Ctx, r: &LinkToCompany) -> Result<EntryBody, OpError> {
    rules(ctx)?;
    let m = ctx.active_member(&r.member_no)?;
    let (company, _) = company(ctx, "company_no", &r.company_no)?;
    if company == m.member_no || credit_limit(ctx.conn, &m.member_no)?.is_some() {
        return Err(OpError::invalid("company_no", Why::CompanyUnderCompany));
    }
    if let Some(now) = company_of(ctx.conn, &m.member_no)? {
        return Err(OpError::invalid(
            "member_no",
            Why::AlreadyUnderCompany { company: now },
        ));
    }
    Ok(EntryBody::CompanyLinked { company })
}

pub(crate) fn unlink(ctx: &Ctx, r: &UnlinkFromCompany) -> Result<EntryBody, OpError> {
    rules(ctx)?;
    let m = super::members::existing(ctx.conn, &r.member_no)?;
    match company_of(ctx.conn, &m.member_no)? {
        Some(company) => Ok(EntryBody::CompanyUnlinked { company }),
        None => Err(OpError::invalid("member_no", Why::NotUnderCompany)),
    }
}

/// A charge is the company's entry, whoever charges it.
pub(crate) fn charge(ctx: &Ctx, r: &ChargeCompany) -> Result<Decision, OpError> {
    rules(ctx)?;
    let who = ctx.active_member(&r.member_no)?;
    let (company_no, member) = if credit_limit(ctx.conn, &who.member_no)?.is_some() {
        (who.member_no.clone(), None)
    } else {
        match company_of(ctx.conn, &who.member_no)? {
            Some(c) => (c, Some(who.member_no.clone())),
            None => return Err(OpError::invalid("member_no", Why::NotUnderCompany)),
        }
    };
    let (company_no, limit) = company(ctx, "member_no", &company_no)?;
    let amount = check_amount("amount", r.amount, ctx.rules().checkout.max_bill)?;
    let bill_ref = r.bill_ref.trim();
    if bill_ref.is_empty() || bill_ref.chars().count() > 40 {
        return Err(OpError::invalid("bill_ref", Why::BillRefRequired));
    }
    if let Some(entry_id) = super::lots::posted_for_folio_at(
        ctx,
        &company_no,
        "company_charged",
        "$.bill_ref",
        bill_ref,
    )? {
        return Err(OpError::DuplicateFolio {
            folio_ref: bill_ref.to_string(),
            entry_id,
        });
    }
    let owed = ctx.account(&company_no)?.owed;
    if owed + amount > limit {
        return Err(OpError::invalid(
            "amount",
            Why::CreditLimitExceeded { limit, owed },
        ));
    }
    Ok(Decision {
        member_no: Some(company_no),
        reversal_of: None,
        body: EntryBody::CompanyCharged {
            amount,
            bill_ref: bill_ref.to_string(),
            member,
            effects: vec![Effect::Owed { delta: amount }],
        },
    })
}

pub(crate) fn settle(ctx: &Ctx, r: &SettleCompany) -> Result<EntryBody, OpError> {
    let approved_by = ctx.authorize(Action::SettleCompany)?;
    rules(ctx)?;
    let (company_no, _) = company(ctx, "member_no", &r.member_no)?;
    let owed = ctx.account(&company_no)?.owed;
    let amount = check_amount("amount", r.amount, owed.max(Decimal::ZERO))
        .map_err(|_| OpError::invalid("amount", Why::SettleAboveOwed { owed }))?;
    Ok(EntryBody::CompanySettled {
        amount,
        tender: r.tender,
        note: r.note.trim().to_string(),
        approved_by,
        effects: vec![Effect::Owed { delta: -amount }],
    })
}

/// Whether the guest's own stay earns points: not when the rules give a member under a
/// company's stays to the company only.
pub(crate) fn guest_earns(ctx: &Ctx, member_no: &str) -> Result<bool, OpError> {
    match &ctx.rules().corporate {
        Some(c) if c.guest_points == GuestPoints::CompanyOnly => {
            Ok(company_of(ctx.conn, member_no)?.is_none())
        }
        _ => Ok(true),
    }
}

/// The company's points for `guest`'s stay `stay` of `nights`: a reward entry of the
/// company's, in the stay's transaction. None when the rules are off or give no points,
/// the guest is under no company, or the company is frozen.
pub(crate) fn stay_reward(
    ctx: &Ctx,
    guest: &str,
    stay: &str,
    nights: u32,
) -> Result<Option<Decision>, OpError> {
    let Some(c) = &ctx.rules().corporate else {
        return Ok(None);
    };
    let Some(company) = company_of(ctx.conn, guest)? else {
        return Ok(None);
    };
    let points = i64::from(nights) * c.points_per_night;
    let frozen = crate::lookup::member(ctx.conn, &company)?.is_none_or(|m| m.is_frozen());
    if points <= 0 || frozen {
        return Ok(None);
    }
    Ok(Some(Decision {
        member_no: Some(company),
        reversal_of: None,
        body: EntryBody::RewardGiven {
            occasion: RewardOccasion::CompanyStay {
                guest: guest.to_string(),
                stay: stay.to_string(),
            },
            points,
            coupon: None,
            effects: super::lots::earn(ctx, points).into_iter().collect(),
        },
    }))
}

/// The standing (not reversed) company reward a stay `stay` earned, if any.
pub(crate) fn standing_stay_reward(
    conn: &Connection,
    stay: &str,
) -> Result<Option<String>, OpError> {
    Ok(conn
        .prepare_cached(
            "SELECT j.terminal, j.seq FROM journal j
             WHERE j.kind = 'reward_given'
               AND json_extract(j.body, '$.occasion.kind') = 'company_stay'
               AND json_extract(j.body, '$.occasion.stay') = ?1
               AND NOT EXISTS (SELECT 1 FROM journal r
                               WHERE r.reversal_of = j.terminal || '-' || j.seq)
             ORDER BY j.hlc LIMIT 1",
        )?
        .query_row([stay], |r| {
            Ok(journal::entry_id(&r.get::<_, String>(0)?, r.get(1)?))
        })
        .optional()?)
}
