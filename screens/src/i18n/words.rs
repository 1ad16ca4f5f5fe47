//! The book's words in the operator's language: entry kinds, conflict kinds and assets,
//! resolutions, tenders, roles, operator states and report kinds. Unknown words show as
//! they are.

use carddesk_model::{EntryKind, Lang, Role};

use super::{Msg, Tx};
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
    let tx = match kind {
        "overdraw" => Tx::ConflictOverdraw,
        "coupon_redeemed_twice" => Tx::ConflictCouponTwice,
        _ => return kind.to_string(),
    };
    tx.get(lang).to_string()
}

/// What a conflict took too much of.
pub fn conflict_asset(asset: &str, lang: Lang) -> String {
    let tx = match asset {
        "stored_value" => Tx::AssetStoredValue,
        "points" => Tx::AssetPoints,
        "count_card" => Tx::AssetCountCard,
        "coupon" => Tx::AssetCoupon,
        _ => return asset.to_string(),
    };
    tx.get(lang).to_string()
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
    match kind {
        Shift => Tx::ReportShift,
        Day => Tx::ReportDay,
        StoredValue => Tx::ReportStoredValue,
        Points => Tx::ReportPoints,
        Coupons => Tx::ReportCoupons,
        Tiers => Tx::ReportTiers,
        NewMembers => Tx::ReportNewMembers,
        Dormant => Tx::ReportDormant,
        TopSpenders => Tx::ReportTopSpenders,
        Referrals => Tx::ReportReferrals,
        Commission => Tx::ReportCommission,
    }
    .get(lang)
}

/// An occasion's name: the birthday (stored as the rules' `BIRTHDAY_NAME`) in the
/// operator's language; member days by the name the rules give them.
pub fn occasion_name(name: &str, lang: Lang) -> String {
    if name == carddesk_model::rules::occasions::BIRTHDAY_NAME {
        Tx::BirthdayOccasion.get(lang).to_string()
    } else {
        name.to_string()
    }
}

/// A quote's occasion line: its name, discount and points multiplier.
pub fn occasion(
    name: &str,
    discount: rust_decimal::Decimal,
    earn_multiplier: rust_decimal::Decimal,
    lang: Lang,
) -> String {
    Msg::Occasion {
        name: &occasion_name(name, lang),
        discount,
        earn_multiplier,
    }
    .get(lang)
}

/// Why a reward was given, in words.
pub fn reward_occasion(o: &carddesk_model::entry::RewardOccasion, lang: Lang) -> String {
    use carddesk_model::entry::RewardOccasion;
    match o {
        RewardOccasion::Welcome => Tx::RewardWelcome.get(lang).to_string(),
        RewardOccasion::Birthday { year } => Msg::RewardBirthday(*year).get(lang),
        RewardOccasion::Referral { referred, first } => {
            Msg::RewardReferral { referred, first }.get(lang)
        }
        RewardOccasion::Booking { guest, stay } => Msg::RewardBooking { guest, stay }.get(lang),
        RewardOccasion::CompanyStay { guest, stay } => {
            Msg::RewardCompanyStay { guest, stay }.get(lang)
        }
    }
}
