//! A journal entry in words for the journal's detail and lists: what happened, with its
//! amounts, the balances it moved, who and when, and its reversal links. Never the raw
//! body, never a hash (the worker blanks PIN hashes; nothing here reads them).

use carddesk_model::effects::Effect;
use carddesk_model::view::JournalLine;
use carddesk_model::{EntryBody, Lang};
use chrono::NaiveDateTime;
use rust_decimal::Decimal;

use crate::i18n::{self, Tx};
use crate::model::Catalog;

fn signed(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{}", i18n::money(d))
    } else {
        i18n::money(d)
    }
}

fn signed_int(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

fn pair(label: &str, value: impl std::fmt::Display) -> String {
    format!("{label} {value}")
}

/// What the entry did, in one line: its kind and its own amounts.
fn what(body: &EntryBody, cat: &Catalog, lang: Lang) -> String {
    let kind = body.kind().label(lang).to_string();
    let reason = |r: &str| pair(Tx::Reason.get(lang), r);
    let parts: Vec<String> = match body {
        EntryBody::ToppedUp {
            amount,
            bonus,
            tender,
            ..
        } => vec![
            pair(Tx::Amount.get(lang), i18n::money(*amount)),
            pair(Tx::Bonus.get(lang), i18n::money(*bonus)),
            i18n::tender(*tender, lang).to_string(),
        ],
        EntryBody::CheckedOut { lines, .. } => {
            let mut p = vec![pair(Tx::Bill.get(lang), i18n::money(lines.bill))];
            if !lines.bill_ref.is_empty() {
                p.push(pair(Tx::BillRef.get(lang), &lines.bill_ref));
            }
            if lines.tender_paid > Decimal::ZERO {
                p.push(pair(
                    i18n::tender(lines.tender, lang),
                    i18n::money(lines.tender_paid),
                ));
            }
            let stored = lines.principal_paid + lines.bonus_paid;
            if stored > Decimal::ZERO {
                p.push(pair(Tx::UseStored.get(lang), i18n::money(stored)));
            }
            if lines.points_used > 0 {
                p.push(pair(
                    Tx::UsePoints.get(lang),
                    format!("{} (-{})", lines.points_used, i18n::money(lines.points_off)),
                ));
            }
            if let Some(c) = &lines.coupon {
                p.push(pair(
                    Tx::Coupons.get(lang),
                    format!("{c} (-{})", i18n::money(lines.coupon_off)),
                ));
            }
            p
        }
        EntryBody::StayPosted {
            nights,
            room_revenue,
            folio_ref,
            booker,
            booker_points,
            ..
        } => {
            let mut p = vec![
                pair(Tx::Nights.get(lang), nights),
                pair(Tx::Amount.get(lang), i18n::money(*room_revenue)),
                pair(Tx::BillRef.get(lang), folio_ref),
            ];
            if let Some(b) = booker {
                p.push(pair(
                    Tx::Booker.get(lang),
                    format!("{b} (+{booker_points})"),
                ));
            }
            p
        }
        EntryBody::NoShowPosted {
            nights,
            folio_ref,
            points,
            ..
        } => vec![
            pair(Tx::Nights.get(lang), nights),
            pair(Tx::BillRef.get(lang), folio_ref),
            pair(Tx::Points.get(lang), -points),
        ],
        EntryBody::PointsAdjusted {
            points, reason: r, ..
        } => vec![pair(Tx::Points.get(lang), signed_int(*points)), reason(r)],
        EntryBody::GiftRedeemed { gift, points, .. } => vec![
            pair(Tx::Gift.get(lang), cat.name_of(gift)),
            pair(Tx::Points.get(lang), -points),
        ],
        EntryBody::PointsConverted { points, into, .. } => {
            let into = if into == "stored_value" {
                Tx::IntoStoredValue.get(lang).to_string()
            } else {
                cat.name_of(into)
            };
            vec![pair(Tx::Points.get(lang), -points), format!("→ {into}")]
        }
        EntryBody::StoredValueRefunded {
            amount,
            tender,
            reason: r,
            ..
        } => vec![
            pair(Tx::Amount.get(lang), i18n::money(*amount)),
            i18n::tender(*tender, lang).to_string(),
            reason(r),
        ],
        EntryBody::CountCardSold {
            package,
            price,
            tender,
            ..
        } => vec![
            cat.name_of(package),
            pair(Tx::Amount.get(lang), i18n::money(*price)),
            i18n::tender(*tender, lang).to_string(),
        ],
        EntryBody::CardSold {
            tier, fee, tender, ..
        } => vec![
            tier.clone(),
            pair(Tx::Amount.get(lang), i18n::money(*fee)),
            i18n::tender(*tender, lang).to_string(),
        ],
        EntryBody::CountCardUsed { card, uses, .. } => {
            vec![card.clone(), pair(Tx::Uses.get(lang), uses)]
        }
        EntryBody::CouponIssued {
            template,
            reason: r,
            ..
        } => vec![cat.name_of(template), reason(r)],
        EntryBody::CouponRedeemed { code, .. } => vec![code.clone()],
        EntryBody::CouponVoided {
            code, reason: r, ..
        } => vec![code.clone(), reason(r)],
        EntryBody::TierChanged {
            from,
            to,
            reason: r,
            points,
            ..
        } => {
            let mut words = vec![format!("{from} → {to}"), reason(r)];
            if *points > 0 {
                words.push(pair(Tx::Points.get(lang), signed_int(-*points)));
            }
            words
        }
        EntryBody::ShiftOpened { float } => {
            vec![pair(Tx::WordFloat.get(lang), i18n::money(*float))]
        }
        EntryBody::ShiftClosed { counted_cash, .. } => vec![pair(
            Tx::WordCashCounted.get(lang),
            i18n::money(*counted_cash),
        )],
        EntryBody::OpeningBalance {
            principal,
            bonus,
            points,
            ..
        } => vec![
            pair(Tx::Principal.get(lang), i18n::money(*principal)),
            pair(Tx::Bonus.get(lang), i18n::money(*bonus)),
            pair(Tx::Points.get(lang), points),
        ],
        EntryBody::Reversed {
            original_kind,
            reason: r,
            ..
        } => vec![i18n::entry_kind(original_kind, lang), reason(r)],
        EntryBody::RewardGiven { occasion, .. } => vec![i18n::reward_occasion(occasion, lang)],
        EntryBody::CompanyOpened { credit_limit, .. } => {
            vec![pair(Tx::CreditLimit.get(lang), i18n::money(*credit_limit))]
        }
        EntryBody::CompanyLinked { company } | EntryBody::CompanyUnlinked { company } => {
            vec![pair(Tx::Company.get(lang), company)]
        }
        EntryBody::CompanyCharged {
            amount,
            bill_ref,
            member,
            ..
        } => vec![
            pair(Tx::Amount.get(lang), i18n::money(*amount)),
            pair(Tx::BillRef.get(lang), bill_ref),
            member.clone().unwrap_or_default(),
        ],
        EntryBody::CompanySettled {
            amount,
            tender,
            note,
            ..
        } => vec![
            pair(Tx::Amount.get(lang), i18n::money(*amount)),
            i18n::tender(*tender, lang).to_string(),
            note.clone(),
        ],
        EntryBody::MemberRegistered { tier, .. } => vec![pair(Tx::Tier.get(lang), tier)],
        EntryBody::MemberFrozen { reason: r, .. } | EntryBody::MemberUnfrozen { reason: r, .. } => {
            vec![reason(r)]
        }
        EntryBody::OperatorAdded {
            operator_id, name, ..
        } => vec![format!("{operator_id} {name}")],
        EntryBody::OperatorActiveSet { operator_id, .. }
        | EntryBody::OperatorPinChanged { operator_id, .. } => vec![operator_id.clone()],
        _ => vec![],
    };
    let approved = match body {
        EntryBody::PointsAdjusted { approved_by, .. }
        | EntryBody::StoredValueRefunded { approved_by, .. }
        | EntryBody::CouponIssued { approved_by, .. }
        | EntryBody::CouponVoided { approved_by, .. }
        | EntryBody::Reversed { approved_by, .. }
        | EntryBody::CompanyOpened { approved_by, .. }
        | EntryBody::CompanySettled { approved_by, .. } => Some(approved_by.clone()),
        EntryBody::CheckedOut { approved_by, .. }
        | EntryBody::MemberFrozen { approved_by, .. }
        | EntryBody::MemberUnfrozen { approved_by, .. }
        | EntryBody::PaymentPinSet { approved_by, .. } => approved_by.clone(),
        _ => None,
    };
    let mut out = kind;
    for p in parts.into_iter().filter(|p| !p.trim().is_empty()) {
        out.push_str("  ");
        out.push_str(&p);
    }
    if let Some(a) = approved.filter(|a| !a.is_empty()) {
        out.push_str(&format!("  {} {a}", Tx::ApprovedByText.get(lang)));
    }
    out
}

/// The balances the entry moved: stored value, points, debt, coupons and count cards.
fn moved(effects: &[Effect], cat: &Catalog, lang: Lang) -> Option<String> {
    let (mut principal, mut bonus, mut debt) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let mut points = 0i64;
    let mut rest = Vec::new();
    for e in effects {
        match e {
            Effect::Principal { delta } => principal += delta,
            Effect::Bonus { delta } => bonus += delta,
            Effect::Debt { delta } => debt += delta,
            Effect::LotEarned { points: p, .. } => points += p,
            Effect::LotDrawn { points: p, .. } => points -= p,
            Effect::CouponIssued { code, template, .. } => rest.push(format!(
                "{} {} {code}",
                Tx::WordCouponIssued.get(lang),
                cat.name_of(template)
            )),
            Effect::CouponRedeemed { code } => {
                rest.push(format!("{} {code}", Tx::WordCouponUsed.get(lang)))
            }
            Effect::CouponReturned { code } | Effect::CouponRestored { code } => {
                rest.push(format!("{} {code}", Tx::WordCouponBack.get(lang)))
            }
            Effect::CouponVoided { code } => {
                rest.push(format!("{} {code}", Tx::WordCouponVoided.get(lang)))
            }
            Effect::CountCardSold { package, uses, .. } => rest.push(format!(
                "{} {}",
                cat.name_of(package),
                pair(Tx::Uses.get(lang), uses)
            )),
            Effect::CountCardUsed { card, uses } => {
                rest.push(format!("{card} {}", pair(Tx::Uses.get(lang), -uses)))
            }
            Effect::TierSet { from, to } => rest.push(format!("{from} → {to}")),
            _ => {}
        }
    }
    let mut parts = Vec::new();
    if !principal.is_zero() {
        parts.push(pair(Tx::Principal.get(lang), signed(principal)));
    }
    if !bonus.is_zero() {
        parts.push(pair(Tx::Bonus.get(lang), signed(bonus)));
    }
    if points != 0 {
        parts.push(pair(Tx::Points.get(lang), signed_int(points)));
    }
    if !debt.is_zero() {
        parts.push(pair(Tx::Debt.get(lang), signed(debt)));
    }
    parts.extend(rest);
    (!parts.is_empty()).then(|| format!("{} {}", Tx::WordMoved.get(lang), parts.join("  ")))
}

/// The entry in words, one string per line: what, balances moved, who and when, and
/// the reversal links (`reversed_by`: the entry that reversed this one, if known).
pub fn statement(
    l: &JournalLine,
    reversed_by: Option<&str>,
    cat: &Catalog,
    lang: Lang,
) -> Vec<String> {
    let mut out = Vec::new();
    let body: Option<EntryBody> = serde_json::from_str(&l.body).ok();
    match &body {
        Some(b) => {
            out.push(
                super::hub_entries::summary(&l.body, lang).unwrap_or_else(|| what(b, cat, lang)),
            );
            out.extend(moved(b.effects(), cat, lang));
        }
        None => out.push(i18n::entry_kind(l.kind.as_str(), lang)),
    }
    let member = l.header.member_no.as_deref().unwrap_or("-");
    out.push(format!(
        "{} {}  {} {}  {} {member}  {}",
        Tx::OperatorCol.get(lang),
        operator_text(l, lang),
        Tx::Outlet.get(lang),
        cat.outlet_name(&l.header.outlet),
        Tx::MemberNo.get(lang),
        time_text(l.at),
    ));
    if let Some(r) = &l.header.reversal_of {
        out.push(format!("{} {r}", Tx::ReversalOf.get(lang)));
    }
    if let Some(r) = reversed_by {
        out.push(format!("{} {r}", Tx::WordReversedBy.get(lang)));
    }
    out
}

/// The entry's money in one short cell for lists: the amount it is about (top-up,
/// bill, refund, price), else its stored-value or points move; "" when it has none.
pub fn amount(l: &JournalLine) -> String {
    let Ok(body) = serde_json::from_str::<EntryBody>(&l.body) else {
        return String::new();
    };
    let own = match &body {
        EntryBody::ToppedUp { amount, .. }
        | EntryBody::StoredValueRefunded { amount, .. }
        | EntryBody::DebtRepaid { amount, .. } => Some(*amount),
        EntryBody::CheckedOut { lines, .. } => Some(lines.bill),
        EntryBody::StayPosted { room_revenue, .. } => Some(*room_revenue),
        EntryBody::CountCardSold { price, .. } => Some(*price),
        EntryBody::CardSold { fee, .. } => Some(*fee),
        EntryBody::CompanyCharged { amount, .. } | EntryBody::CompanySettled { amount, .. } => {
            Some(*amount)
        }
        EntryBody::ShiftOpened { float } => Some(*float),
        EntryBody::ShiftClosed { counted_cash, .. } => Some(*counted_cash),
        _ => None,
    };
    if let Some(a) = own {
        return i18n::money(a);
    }
    let (mut stored, mut points) = (Decimal::ZERO, 0i64);
    for e in body.effects() {
        match e {
            Effect::Principal { delta } | Effect::Bonus { delta } => stored += delta,
            Effect::LotEarned { points: p, .. } => points += p,
            Effect::LotDrawn { points: p, .. } => points -= p,
            _ => {}
        }
    }
    if !stored.is_zero() {
        signed(stored)
    } else if points != 0 {
        format!("{}pt", signed_int(points))
    } else {
        String::new()
    }
}

/// The entry that reversed `entry_id`, among the lines loaded.
pub fn reversed_by<'a>(lines: &'a [JournalLine], entry_id: &str) -> Option<&'a str> {
    lines
        .iter()
        .find(|r| r.header.reversal_of.as_deref() == Some(entry_id))
        .map(|r| r.entry_id.as_str())
}

/// A local time as the lists show it.
pub fn time_text(at: Option<NaiveDateTime>) -> String {
    at.map_or_else(|| "-".into(), |t| t.format("%Y-%m-%d %H:%M").to_string())
}

/// Who posted an entry as the lists show it: the operator's id, the hub's entries as
/// the hub, and an entry taken offline tagged so.
pub fn operator_text(l: &JournalLine, lang: Lang) -> String {
    let who = if is_hub(l) {
        Tx::HubOperator.get(lang).to_string()
    } else {
        l.header.operator.clone()
    };
    if l.header.offline {
        format!("{who} [{}]", Tx::OfflineTag.get(lang))
    } else {
        who
    }
}

/// An entry the hub wrote (terminal `HUB`): conflicts and debt repaid.
pub fn is_hub(l: &JournalLine) -> bool {
    l.entry_id
        .strip_prefix(carddesk_model::conflict::HUB_TERMINAL)
        .is_some_and(|rest| rest.starts_with('-'))
}
