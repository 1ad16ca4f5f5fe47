//! The book's words in the operator's language: entry kinds, conflict kinds and assets,
//! resolutions, tenders, roles, operator states and report kinds. Unknown words show as
//! they are.

use carddesk_data::{Lang, Role};

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

/// Human names of journal kinds; unknown kinds show as they are.
pub fn entry_kind(kind: &str, lang: Lang) -> String {
    let (zh, en) = match kind {
        "member_registered" => ("会员登记", "registered"),
        "member_edited" => ("资料修改", "edited"),
        "member_frozen" => ("冻结", "frozen"),
        "member_unfrozen" => ("解冻", "unfrozen"),
        "credential_bound" => ("绑定凭证", "card bound"),
        "credential_lost" => ("挂失", "card lost"),
        "credential_replaced" => ("补卡", "card replaced"),
        "operator_added" => ("新增操作员", "operator added"),
        "payment_pin_set" => ("设置支付密码", "payment PIN set"),
        "topped_up" => ("充值", "top-up"),
        "checked_out" => ("消费结算", "checkout"),
        "stay_posted" => ("入住积分", "stay posted"),
        "points_adjusted" => ("积分调整", "points adjusted"),
        "gift_redeemed" => ("积分兑礼", "gift redeemed"),
        "points_converted" => ("积分转换", "points converted"),
        "stored_value_refunded" => ("储值退款", "refund"),
        "count_card_sold" => ("售计次卡", "count card sold"),
        "count_card_used" => ("用计次卡", "count card used"),
        "coupon_issued" => ("发优惠券", "coupon issued"),
        "coupon_redeemed" => ("核销优惠券", "coupon redeemed"),
        "coupon_voided" => ("作废优惠券", "coupon voided"),
        "points_expired" => ("积分过期", "points expired"),
        "tier_changed" => ("等级变更", "tier changed"),
        "reversed" => ("冲正", "reversal"),
        "shift_opened" => ("开班", "shift opened"),
        "shift_closed" => ("交班", "shift closed"),
        "pin_locked" => ("密码锁定", "PIN locked"),
        "operator_active_set" => ("操作员停用/启用", "operator off/on"),
        "operator_pin_changed" => ("操作员改密码", "operator PIN changed"),
        "conflict_raised" => ("同步冲突", "sync conflict"),
        "debt_repaid" => ("偿还欠款", "debt repaid"),
        "stored_value_rebalanced" => ("储值调整", "rebalanced"),
        "conflict_settled" => ("冲突处理", "settled"),
        _ => return kind.to_string(),
    };
    lang.pick(zh, en).to_string()
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
    };
    lang.pick(zh, en)
}
