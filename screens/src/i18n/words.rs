//! The book's words in the operator's language: entry kinds, conflict kinds and assets,
//! resolutions, tenders, roles, operator states and report kinds. Unknown words show as
//! they are.

use carddesk_model::{EntryKind, Lang, Role};

use super::texts::Tx;
use crate::model::Tender;

pub fn tender(t: Tender, lang: Lang) -> &'static str {
    match t {
        Tender::Cash => Tx::Cash,
        Tender::BankCard => Tx::BankCard,
        Tender::Other => Tx::OtherTender,
    }
    .get(lang)
}

/// Human names of journal kinds (one list: model::kind); unknown kinds show as they are.
pub fn entry_kind(kind: &str, lang: Lang) -> String {
    EntryKind::parse(kind).map_or_else(|| kind.to_string(), |k| k.label(lang).to_string())
}

/// A conflict's kind (`overdraw`, `coupon_redeemed_twice`); unknown ones as they are.
pub fn conflict_kind(kind: &str, lang: Lang) -> String {
    let (zh, en) = match kind {
        "overdraw" => ("超额消费", "overdraw"),
        "coupon_redeemed_twice" => ("券重复核销", "coupon twice"),
        _ => return kind.to_string(),
    };
    lang.pick(zh, en).to_string()
}

/// What a conflict took too much of.
pub fn conflict_asset(asset: &str, lang: Lang) -> String {
    let (zh, en) = match asset {
        "stored_value" => ("储值", "stored value"),
        "points" => ("积分", "points"),
        "count_card" => ("计次卡", "count card"),
        "coupon" => ("优惠券", "coupon"),
        _ => return asset.to_string(),
    };
    lang.pick(zh, en).to_string()
}

/// How a conflict was settled (`accepted`, `collected`, `written_off`).
pub fn resolution(r: &str, lang: Lang) -> String {
    match r {
        "accepted" => Tx::ResAccepted.get(lang).to_string(),
        "collected" => Tx::ResCollected.get(lang).to_string(),
        "written_off" => Tx::ResWrittenOff.get(lang).to_string(),
        other => other.to_string(),
    }
}

pub fn role(role: Role, lang: Lang) -> &'static str {
    match role {
        Role::Admin => Tx::RoleAdmin,
        Role::Supervisor => Tx::RoleSupervisor,
        Role::Cashier => Tx::RoleCashier,
    }
    .get(lang)
}

/// An operator's state in the list and the previews.
pub fn operator_status(active: bool, lang: Lang) -> &'static str {
    if active {
        Tx::OpActive.get(lang)
    } else {
        Tx::OpOff.get(lang)
    }
}

/// The names of `carddesk report`'s kinds.
pub fn report_kind(kind: crate::model::ReportKind, lang: Lang) -> &'static str {
    use crate::model::ReportKind::*;
    let (zh, en) = match kind {
        Shift => ("班次报表", "Shift reports"),
        Day => ("日结", "Day close"),
        StoredValue => ("储值负债", "Stored-value liability"),
        Points => ("积分负债", "Points liability"),
        Coupons => ("优惠券发放/核销/过期", "Coupons issued/redeemed/expired"),
        Tiers => ("等级分布", "Tier distribution"),
        NewMembers => ("新会员", "New members"),
        Dormant => ("沉睡会员（90天未到店）", "Dormant members (90 days)"),
        TopSpenders => ("消费排行（前20）", "Top members by spend (20)"),
        Referrals => ("转介绍排名（前20）", "Referral ranking (20)"),
    };
    lang.pick(zh, en)
}

/// An occasion's name ("生日" is the rules' word for the birthday; member days are named
/// by the rules).
pub fn occasion_name(name: &str, lang: Lang) -> String {
    if name == carddesk_model::rules::occasions::BIRTHDAY_NAME {
        lang.pick("生日", "birthday").to_string()
    } else {
        name.to_string()
    }
}

/// A quote's occasion line: "生日 -10.00 积分×2".
pub fn occasion(
    name: &str,
    discount: rust_decimal::Decimal,
    earn_multiplier: rust_decimal::Decimal,
    lang: Lang,
) -> String {
    let mut out = occasion_name(name, lang);
    if !discount.is_zero() {
        out.push_str(&format!(" -{}", super::money(discount)));
    }
    if earn_multiplier != rust_decimal::Decimal::ONE {
        out.push_str(&format!(
            " {}×{}",
            lang.pick("积分", "points "),
            earn_multiplier.normalize()
        ));
    }
    out
}

/// Why a reward was given, in words: "生日 2026", "推荐 10000042 首笔 T01-9".
pub fn reward_occasion(o: &carddesk_model::entry::RewardOccasion, lang: Lang) -> String {
    use carddesk_model::entry::RewardOccasion;
    match o {
        RewardOccasion::Welcome => lang.pick("新会员注册", "welcome").to_string(),
        RewardOccasion::Birthday { year } => format!("{} {year}", lang.pick("生日", "birthday")),
        RewardOccasion::Referral { referred, first } => format!(
            "{} {referred} {} {first}",
            lang.pick("推荐", "referred"),
            lang.pick("首笔", "first")
        ),
    }
}
