//! Every refusal in zh-CN: each names the restriction that failed, and names a field in
//! words, never by its JSON name.

use super::fields::field_words;
use crate::entry::Role;
use crate::error::{
    Balance, CountCardRefusal, CouponRefusal, MemberState, NotReversible, OfflineLimit, OpError,
    RuleItem,
};

pub(super) fn refusal(e: &OpError) -> String {
    match e {
        OpError::UnknownMember(no) => format!("会员 {no} 不存在"),
        OpError::NotFound(q) => format!("未找到“{q}”对应的会员"),
        OpError::NotHeld(q) => {
            format!("“{q}”的会员不在本机账本中，且无法连接中心；可先不记会员收现金")
        }
        OpError::CredentialLost {
            kind, member_no, ..
        } => format!("此{}已挂失（会员 {member_no}），不能使用", cred(kind)),
        // A phone already registered is refused as a phone, not as "this card".
        OpError::CredentialTaken {
            kind,
            value,
            member_no,
        } if kind == "phone" => format!("手机号 {value} 已登记为会员 {member_no}"),
        OpError::CredentialTaken {
            kind, member_no, ..
        } => format!("此{}已绑定会员 {member_no}", cred(kind)),
        OpError::UnknownCredential { kind, value } => {
            format!("该会员没有{} {value}", cred(kind))
        }
        OpError::MemberFrozen(no) => format!("会员 {no} 已冻结，不能办理"),
        OpError::AlreadyInState(no, state) => {
            let s = match state {
                MemberState::Frozen => "冻结",
                MemberState::Active => "正常",
            };
            format!("会员 {no} 已是{s}状态")
        }
        OpError::Invalid { field, why } => format!("{}：{}", field_words(field), super::why::why(why)),
        OpError::OpIdReused(id) => format!("请求编号 {id} 已用于另一笔不同的操作"),
        // The database's own text is English: it stays in message_en and the log.
        OpError::Storage(_) => "数据库出错，操作未完成".to_string(),
        OpError::UnknownOperator(id) => format!("操作员 {id} 不存在"),
        OpError::WrongPin {
            subject,
            attempts_left,
        } => format!("{}密码错误，还可再试 {attempts_left} 次", whose(subject)),
        OpError::LockedOut { subject, minutes } => format!(
            "{}密码错误次数过多，已锁定，{minutes} 分钟后再试",
            whose(subject)
        ),
        OpError::NeedsRole(role) => {
            let r = match role {
                Role::Admin => "管理员",
                Role::Supervisor | Role::Cashier => "主管",
            };
            format!("此操作需要{r}授权")
        }
        OpError::PinRequired(above) => format!("储值支付超过 {above} 需要会员支付密码"),
        OpError::InsufficientBalance {
            what,
            needed,
            available,
        } => {
            let w = match what {
                Balance::StoredValue => "储值余额",
                Balance::Principal => "储值本金",
                Balance::Points => "积分",
            };
            format!("{w}不足：需要 {needed}，现有 {available}")
        }
        OpError::CouponRefused { code, reason } => format!("券 {code}：{}", coupon(reason)),
        OpError::CountCardRefused { card, reason } => {
            format!("计次卡 {card}：{}", count_card(reason))
        }
        OpError::AlreadyReversed(id) => format!("流水 {id} 已冲正过，不能再次冲正"),
        OpError::NotReversible(id, why) => {
            format!("流水 {id} 不能冲正（{}）", not_reversible(why))
        }
        OpError::UnknownRule { what, id } => format!("规则中没有{}“{id}”", rule(what)),
        OpError::HubRefused { message, .. } => format!("中心拒绝：{message}"),
        OpError::OfflineLimit {
            what,
            limit,
            used,
            asked,
        } => {
            let w = match what {
                OfflineLimit::MemberStoredValue => "该会员离线储值消费",
                OfflineLimit::MemberPoints => "该会员离线积分消费",
                OfflineLimit::MemberSpends => "该会员离线消费笔数",
                OfflineLimit::TerminalExposure => "本机离线储值消费总额",
            };
            format!("离线限额：{w}上限 {limit}，已用 {used}，本笔 {asked}；请待联网后办理或改用现金")
        }
        OpError::OfflineBlocked {
            member_no,
            debt,
            open_conflicts,
        } => format!(
            "会员 {member_no} 有欠款 {debt} 或未处理冲突 {open_conflicts} 笔，离线时不能消费；请待联网后办理"
        ),
        OpError::NeedsHub => "此操作需连接中心，当前无法连接".to_string(),
        OpError::DuplicateFolio {
            folio_ref,
            entry_id,
        } => format!("房单 {folio_ref} 已为该会员入账（流水 {entry_id}），同一房单只能入账一次"),
        OpError::UnknownConflict(id) => format!("没有冲突 {id}"),
        OpError::ConflictSettled(id) => format!("冲突 {id} 已处理"),
    }
}

/// "operator:sup" → "操作员 sup 的"; "member:1…" → the member's payment PIN.
fn whose(subject: &str) -> String {
    match subject.split_once(':') {
        Some(("member", no)) => format!("会员 {no} 的支付"),
        Some((_, id)) => format!("操作员 {id} 的"),
        None => format!("{subject} 的"),
    }
}

/// Why an entry cannot be reversed.
fn not_reversible(why: &NotReversible) -> &'static str {
    match why {
        NotReversible::IsReversal => "它本身是一笔冲正，请重新办理原操作",
        NotReversible::ConflictBooking => "中心冲突记账须通过处理冲突来撤销",
        NotReversible::NoBalanceEffect => "它没有余额变动",
        NotReversible::NoMember => "它不涉及会员",
        NotReversible::CouponUsed => "它发放的券已被使用或作废",
        NotReversible::BirthdayCoupon => "生日券请改用作废优惠券",
    }
}

fn rule(what: &RuleItem) -> &'static str {
    match what {
        RuleItem::CouponTemplate => "券模板",
        RuleItem::Gift => "礼品",
        RuleItem::CountCardPackage => "计次卡套餐",
    }
}

/// A credential's kind in words: the counter never shows `phone` or `id_doc`.
fn cred(kind: &str) -> &'static str {
    match kind {
        "phone" => "手机号",
        "code" => "会员码",
        "id_doc" => "证件",
        _ => "卡",
    }
}

fn coupon(reason: &CouponRefusal) -> String {
    use CouponRefusal::*;
    match reason {
        Mistyped => "券码校验位不符，可能输错或扫错，请重新输入".to_string(),
        Unknown => "没有这张券".into(),
        AlreadyRedeemed => "已使用".into(),
        Voided => "已作废".into(),
        NotYetValid(d) => format!("{d} 起才可用"),
        Expired(d) => format!("已于 {d} 过期"),
        MinimumSpend(m) => format!("需消费满 {m}"),
        WrongOutlet => "本营业点不可用".into(),
        WrongWeekday => "今天不可用".into(),
        OutsideHours(h) => format!("仅限 {h} 使用"),
        OnePerCheckout => "每单只能用一张券".into(),
        OtherMember => "属于其他会员".into(),
    }
}

fn count_card(reason: &CountCardRefusal) -> String {
    use CountCardRefusal::*;
    match reason {
        Unknown => "没有这张计次卡".to_string(),
        NotYetValid(d) => format!("{d} 起才可用"),
        Expired(d) => format!("已于 {d} 过期"),
        NotEnoughUses(n) => format!("剩余次数不足（剩 {n} 次）"),
        OtherMember => "属于其他会员".into(),
    }
}
