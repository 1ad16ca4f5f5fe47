//! What a receipt says, per kind of entry, in the operator's language.

use carddesk_data::effects::Effect;
use carddesk_data::journal::Entry;
use carddesk_data::{EntryBody, EntryKind, Lang, Member, Rules};
use carddesk_model::text::ReportTx;
use rust_decimal::Decimal;

use super::{Balances, Line, Receipt};

/// A receipt's heading: the kind's one name (model::kind), in capitals in English.
fn title(kind: EntryKind, lang: Lang) -> String {
    lang.texts().receipt_title(kind)
}

fn tender(t: carddesk_data::Tender, lang: Lang) -> &'static str {
    match t {
        carddesk_data::Tender::Cash => ReportTx::RcptCash.get(lang),
        carddesk_data::Tender::BankCard => ReportTx::RcptBankCard.get(lang),
        carddesk_data::Tender::Other => ReportTx::RcptOther.get(lang),
    }
}

fn money(d: Decimal) -> String {
    format!("{:.2}", d)
}

fn minus(d: Decimal) -> String {
    format!("-{:.2}", d)
}

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

/// The receipt of `entry`: header (entry id, time, outlet, operator, member), what the
/// operation did, the balances after it, and a footer.
pub fn build(
    entry: &Entry,
    member: Option<&Member>,
    balances: Option<&Balances>,
    lang: Lang,
    rules: &Rules,
) -> Receipt {
    let l = |t: ReportTx| t.get(lang).to_string();
    let pair = |t: ReportTx, v: String| Line::Pair(l(t), v);
    let mut lines = vec![Line::Title(title(entry.kind, lang)), Line::Rule];
    let time = chrono::DateTime::from_timestamp_millis(carddesk_data::hlc::millis(entry.hlc))
        .map(|t| rules.local(t).format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default();
    lines.push(pair(ReportTx::RcptEntry, entry.id()));
    lines.push(pair(ReportTx::RcptTime, time));
    lines.push(pair(ReportTx::RcptOutlet, entry.header.outlet.clone()));
    lines.push(pair(ReportTx::RcptOperator, entry.header.operator.clone()));
    match member {
        Some(m) => {
            lines.push(pair(
                ReportTx::RcptMember,
                format!("{} {}", m.name, m.member_no),
            ));
            lines.push(pair(ReportTx::Tier, m.tier.clone()));
        }
        None => {
            if let Some(no) = &entry.header.member_no {
                lines.push(pair(ReportTx::RcptMember, no.clone()));
            }
        }
    }
    lines.push(Line::Rule);
    let body = entry.parsed_body();
    match &body {
        Ok(EntryBody::CheckedOut { lines: c, .. }) => {
            lines.push(pair(ReportTx::RcptBill, money(c.bill)));
            if !c.bill_ref.is_empty() {
                lines.push(pair(ReportTx::RcptBillRef, c.bill_ref.clone()));
            }
            if !c.tier_discount.is_zero() {
                lines.push(pair(ReportTx::RcptMemberDiscount, minus(c.tier_discount)));
            }
            // Birthday and member days, each by name (Birthday -10.00 x2).
            for o in &c.occasions {
                let name = if o.name == carddesk_data::rules::occasions::BIRTHDAY_NAME {
                    l(ReportTx::RcptBirthday)
                } else {
                    o.name.clone()
                };
                let mut value = minus(o.discount);
                if o.earn_multiplier != rust_decimal::Decimal::ONE {
                    value.push_str(&format!(" x{}", o.earn_multiplier.normalize()));
                }
                lines.push(Line::Pair(name, value));
            }
            if let Some(code) = &c.coupon {
                lines.push(pair(ReportTx::RcptCoupon, code.clone()));
                lines.push(pair(ReportTx::RcptCouponOff, minus(c.coupon_off)));
            }
            if c.points_used > 0 {
                let label = format!("{}({})", l(ReportTx::RcptPoints), c.points_used);
                lines.push(Line::Pair(label, minus(c.points_off)));
            }
            if !c.bonus_paid.is_zero() {
                lines.push(pair(ReportTx::RcptBonusPaid, money(c.bonus_paid)));
            }
            if !c.principal_paid.is_zero() {
                lines.push(pair(ReportTx::RcptPrincipalPaid, money(c.principal_paid)));
            }
            if !c.tender_paid.is_zero() {
                lines.push(Line::Pair(
                    tender(c.tender, lang).into(),
                    money(c.tender_paid),
                ));
            }
            lines.push(pair(ReportTx::RcptPointsEarned, signed(c.points_earned)));
            // `coupons_issued` names templates; the member needs the codes.
            if let Ok(body) = &body {
                for e in body.effects() {
                    if let Effect::CouponIssued { code, .. } = e {
                        lines.push(pair(ReportTx::RcptCouponForYou, code.clone()));
                    }
                }
            }
        }
        Ok(EntryBody::ToppedUp {
            amount,
            bonus,
            tender: t,
            ..
        }) => {
            lines.push(pair(ReportTx::RcptTopUp, money(*amount)));
            lines.push(pair(ReportTx::RcptBonus, money(*bonus)));
            lines.push(Line::Pair(tender(*t, lang).into(), money(*amount)));
        }
        Ok(EntryBody::StayPosted {
            nights,
            room_revenue,
            folio_ref,
            points,
            ..
        }) => {
            lines.push(pair(ReportTx::RcptNights, nights.to_string()));
            lines.push(pair(ReportTx::RcptRoomRevenue, money(*room_revenue)));
            lines.push(pair(ReportTx::RcptFolio, folio_ref.clone()));
            lines.push(pair(ReportTx::RcptPointsEarned, signed(*points)));
        }
        Ok(EntryBody::StoredValueRefunded {
            amount, tender: t, ..
        }) => {
            lines.push(pair(ReportTx::RcptRefund, money(*amount)));
            lines.push(Line::Pair(tender(*t, lang).into(), money(*amount)));
        }
        Ok(EntryBody::CountCardSold {
            package,
            price,
            tender: t,
            ..
        }) => {
            lines.push(pair(ReportTx::RcptPackage, package.clone()));
            lines.push(pair(ReportTx::RcptCard, entry.id()));
            lines.push(Line::Pair(tender(*t, lang).into(), money(*price)));
        }
        Ok(EntryBody::CountCardUsed { card, uses, .. }) => {
            lines.push(pair(ReportTx::RcptCard, card.clone()));
            lines.push(pair(ReportTx::RcptUses, uses.to_string()));
        }
        Ok(EntryBody::OpeningBalance {
            principal,
            bonus,
            points,
            ..
        }) => {
            lines.push(pair(ReportTx::RcptPrincipal, money(*principal)));
            lines.push(pair(ReportTx::RcptBonus2, money(*bonus)));
            lines.push(pair(ReportTx::RcptPoints2, points.to_string()));
        }
        Ok(EntryBody::Reversed {
            original_kind,
            reason,
            ..
        }) => {
            lines.push(pair(
                ReportTx::RcptReverses,
                entry.header.reversal_of.clone().unwrap_or_default(),
            ));
            lines.push(pair(
                ReportTx::RcptOriginal,
                EntryKind::parse(original_kind).map_or(original_kind.clone(), |k| title(k, lang)),
            ));
            lines.push(Line::Text(format!(
                "{}: {}",
                l(ReportTx::RcptReason),
                reason
            )));
        }
        Ok(other) => generic(other, lang, &mut lines),
        Err(_) => lines.push(Line::Text(entry.kind.to_string())),
    }
    if let Some(b) = balances {
        lines.push(Line::Rule);
        lines.push(pair(ReportTx::RcptPrincipalBalance, money(b.principal)));
        lines.push(pair(ReportTx::RcptBonusBalance, money(b.bonus)));
        lines.push(pair(ReportTx::RcptPointsBalance, b.points.to_string()));
    }
    lines.push(Line::Rule);
    lines.push(Line::Center(l(ReportTx::RcptThankYou)));
    Receipt { lines }
}

/// Points and coupons moved by any other kind of entry, from its effects.
fn generic(body: &EntryBody, lang: Lang, lines: &mut Vec<Line>) {
    let l = |t: ReportTx| t.get(lang).to_string();
    let mut points = 0;
    for e in body.effects() {
        match e {
            Effect::LotEarned { points: p, .. } => points += p,
            Effect::LotDrawn { points: p, .. } => points -= p,
            Effect::CouponIssued { code, .. } => {
                lines.push(Line::Pair(l(ReportTx::RcptCoupon), code.clone()))
            }
            Effect::CouponRedeemed { code } => {
                lines.push(Line::Pair(l(ReportTx::RcptCouponUsed), code.clone()))
            }
            Effect::CouponVoided { code } => {
                lines.push(Line::Pair(l(ReportTx::RcptCouponVoided), code.clone()))
            }
            _ => {}
        }
    }
    if points != 0 {
        lines.push(Line::Pair(l(ReportTx::RcptPoints3), signed(points)));
    }
}
