//! What a receipt says, per kind of entry, in the operator's language.

use carddesk_data::effects::Effect;
use carddesk_data::journal::Entry;
use carddesk_data::{EntryBody, EntryKind, Lang, Member, Rules};
use rust_decimal::Decimal;

use super::{Balances, Line, Receipt};

/// A receipt's heading: the kind's one name (model::kind), in capitals in English.
fn title(kind: EntryKind, lang: Lang) -> String {
    match lang {
        Lang::Zh => kind.label(lang).to_string(),
        Lang::En => kind.label(lang).to_uppercase(),
    }
}

fn tender(t: carddesk_data::Tender, lang: Lang) -> &'static str {
    match t {
        carddesk_data::Tender::Cash => lang.pick("现金", "Cash"),
        carddesk_data::Tender::BankCard => lang.pick("银行卡", "Bank card"),
        carddesk_data::Tender::Other => lang.pick("其他", "Other"),
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
    let l = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    let pair = |zh: &str, en: &str, v: String| Line::Pair(l(zh, en), v);
    let mut lines = vec![Line::Title(title(entry.kind, lang)), Line::Rule];
    let time = chrono::DateTime::from_timestamp_millis(carddesk_data::hlc::millis(entry.hlc))
        .map(|t| rules.local(t).format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default();
    lines.push(pair("单号", "Entry", entry.id()));
    lines.push(pair("时间", "Time", time));
    lines.push(pair("门店", "Outlet", entry.header.outlet.clone()));
    lines.push(pair("操作员", "Operator", entry.header.operator.clone()));
    match member {
        Some(m) => {
            lines.push(pair(
                "会员",
                "Member",
                format!("{} {}", m.name, m.member_no),
            ));
            lines.push(pair("等级", "Tier", m.tier.clone()));
        }
        None => {
            if let Some(no) = &entry.header.member_no {
                lines.push(pair("会员", "Member", no.clone()));
            }
        }
    }
    lines.push(Line::Rule);
    let body = entry.parsed_body();
    match &body {
        Ok(EntryBody::CheckedOut { lines: c, .. }) => {
            lines.push(pair("消费金额", "Bill", money(c.bill)));
            if !c.bill_ref.is_empty() {
                lines.push(pair("账单号", "Bill ref", c.bill_ref.clone()));
            }
            if !c.tier_discount.is_zero() {
                lines.push(pair("会员折扣", "Member discount", minus(c.tier_discount)));
            }
            // Birthday and member days, each by name (生日 -10.00 ×2).
            for o in &c.occasions {
                let name = if o.name == carddesk_data::rules::occasions::BIRTHDAY_NAME {
                    l("生日", "Birthday")
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
                lines.push(pair("优惠券", "Coupon", code.clone()));
                lines.push(pair("券抵扣", "Coupon off", minus(c.coupon_off)));
            }
            if c.points_used > 0 {
                let label = format!("{}({})", l("积分抵扣", "Points"), c.points_used);
                lines.push(Line::Pair(label, minus(c.points_off)));
            }
            if !c.bonus_paid.is_zero() {
                lines.push(pair("赠送金支付", "Bonus paid", money(c.bonus_paid)));
            }
            if !c.principal_paid.is_zero() {
                lines.push(pair("本金支付", "Principal paid", money(c.principal_paid)));
            }
            if !c.tender_paid.is_zero() {
                lines.push(Line::Pair(
                    tender(c.tender, lang).into(),
                    money(c.tender_paid),
                ));
            }
            lines.push(pair("本次积分", "Points earned", signed(c.points_earned)));
            // `coupons_issued` names templates; the member needs the codes.
            if let Ok(body) = &body {
                for e in body.effects() {
                    if let Effect::CouponIssued { code, .. } = e {
                        lines.push(pair("获赠优惠券", "Coupon for you", code.clone()));
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
            lines.push(pair("充值金额", "Top-up", money(*amount)));
            lines.push(pair("赠送金额", "Bonus", money(*bonus)));
            lines.push(Line::Pair(tender(*t, lang).into(), money(*amount)));
        }
        Ok(EntryBody::StayPosted {
            nights,
            room_revenue,
            folio_ref,
            points,
            ..
        }) => {
            lines.push(pair("入住晚数", "Nights", nights.to_string()));
            lines.push(pair("房费", "Room revenue", money(*room_revenue)));
            lines.push(pair("账单号", "Folio", folio_ref.clone()));
            lines.push(pair("本次积分", "Points earned", signed(*points)));
        }
        Ok(EntryBody::StoredValueRefunded {
            amount, tender: t, ..
        }) => {
            lines.push(pair("退款金额", "Refund", money(*amount)));
            lines.push(Line::Pair(tender(*t, lang).into(), money(*amount)));
        }
        Ok(EntryBody::CountCardSold {
            package,
            price,
            tender: t,
            ..
        }) => {
            lines.push(pair("套餐", "Package", package.clone()));
            lines.push(pair("计次卡号", "Card", entry.id()));
            lines.push(Line::Pair(tender(*t, lang).into(), money(*price)));
        }
        Ok(EntryBody::CountCardUsed { card, uses, .. }) => {
            lines.push(pair("计次卡号", "Card", card.clone()));
            lines.push(pair("本次次数", "Uses", uses.to_string()));
        }
        Ok(EntryBody::OpeningBalance {
            principal,
            bonus,
            points,
            ..
        }) => {
            lines.push(pair("期初本金", "Principal", money(*principal)));
            lines.push(pair("期初赠送", "Bonus", money(*bonus)));
            lines.push(pair("期初积分", "Points", points.to_string()));
        }
        Ok(EntryBody::Reversed {
            original_kind,
            reason,
            ..
        }) => {
            lines.push(pair(
                "原单号",
                "Reverses",
                entry.header.reversal_of.clone().unwrap_or_default(),
            ));
            lines.push(pair(
                "原业务",
                "Original",
                EntryKind::parse(original_kind).map_or(original_kind.clone(), |k| title(k, lang)),
            ));
            lines.push(Line::Text(format!("{}: {}", l("原因", "Reason"), reason)));
        }
        Ok(other) => generic(other, lang, &mut lines),
        Err(_) => lines.push(Line::Text(entry.kind.to_string())),
    }
    if let Some(b) = balances {
        lines.push(Line::Rule);
        lines.push(pair("本金余额", "Principal balance", money(b.principal)));
        lines.push(pair("赠送余额", "Bonus balance", money(b.bonus)));
        lines.push(pair("积分余额", "Points balance", b.points.to_string()));
    }
    lines.push(Line::Rule);
    lines.push(Line::Center(l("谢谢惠顾", "Thank you")));
    Receipt { lines }
}

/// Points and coupons moved by any other kind of entry, from its effects.
fn generic(body: &EntryBody, lang: Lang, lines: &mut Vec<Line>) {
    let l = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    let mut points = 0;
    for e in body.effects() {
        match e {
            Effect::LotEarned { points: p, .. } => points += p,
            Effect::LotDrawn { points: p, .. } => points -= p,
            Effect::CouponIssued { code, .. } => {
                lines.push(Line::Pair(l("优惠券", "Coupon"), code.clone()))
            }
            Effect::CouponRedeemed { code } => {
                lines.push(Line::Pair(l("已使用券", "Coupon used"), code.clone()))
            }
            Effect::CouponVoided { code } => {
                lines.push(Line::Pair(l("已作废券", "Coupon voided"), code.clone()))
            }
            _ => {}
        }
    }
    if points != 0 {
        lines.push(Line::Pair(l("积分变动", "Points"), signed(points)));
    }
}
