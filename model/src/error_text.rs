//! Operator-facing texts for every refusal. Each names the restriction that failed, in
//! the operator's language, and names a field in words, never by its JSON name.

use crate::error::{Balance, CountCardRefusal, CouponRefusal, OfflineLimit, OpError};
use crate::lang::Lang;

impl OpError {
    /// The message for the operator, in their language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (OpError::UnknownMember(no), Lang::Zh) => format!("会员 {no} 不存在"),
            (OpError::UnknownMember(no), Lang::En) => format!("No member {no}"),
            (OpError::NotFound(q), Lang::Zh) => format!("未找到“{q}”对应的会员"),
            (OpError::NotFound(q), Lang::En) => format!("No member matches \"{q}\""),
            (
                OpError::CredentialLost {
                    kind, member_no, ..
                },
                Lang::Zh,
            ) => {
                format!(
                    "此{}已挂失（会员 {member_no}），不能使用",
                    cred_words(kind).0
                )
            }
            (
                OpError::CredentialLost {
                    kind, member_no, ..
                },
                Lang::En,
            ) => format!(
                "This {} was reported lost (member {member_no}) and cannot be used",
                cred_words(kind).1
            ),
            // A phone already registered is refused as a phone, not as "this card".
            (
                OpError::CredentialTaken {
                    kind,
                    value,
                    member_no,
                },
                Lang::Zh,
            ) if kind == "phone" => {
                format!("手机号 {value} 已登记为会员 {member_no}")
            }
            (
                OpError::CredentialTaken {
                    kind,
                    value,
                    member_no,
                },
                Lang::En,
            ) if kind == "phone" => {
                format!("The phone number {value} is already registered to member {member_no}")
            }
            (
                OpError::CredentialTaken {
                    kind, member_no, ..
                },
                Lang::Zh,
            ) => {
                format!("此{}已绑定会员 {member_no}", cred_words(kind).0)
            }
            (
                OpError::CredentialTaken {
                    kind, member_no, ..
                },
                Lang::En,
            ) => format!(
                "This {} is already bound to member {member_no}",
                cred_words(kind).1
            ),
            (OpError::UnknownCredential { kind, value }, Lang::Zh) => {
                format!("该会员没有{} {value}", cred_words(kind).0)
            }
            (OpError::UnknownCredential { kind, value }, Lang::En) => {
                format!("The member holds no {} {value}", cred_words(kind).1)
            }
            (OpError::MemberFrozen(no), Lang::Zh) => format!("会员 {no} 已冻结，不能办理"),
            (OpError::MemberFrozen(no), Lang::En) => format!("Member {no} is frozen"),
            (OpError::AlreadyInState(no, state), Lang::Zh) => {
                let s = if *state == "frozen" {
                    "冻结"
                } else {
                    "正常"
                };
                format!("会员 {no} 已是{s}状态")
            }
            (OpError::AlreadyInState(no, state), Lang::En) => {
                format!("Member {no} is already {state}")
            }
            (
                OpError::Invalid {
                    field, reason_zh, ..
                },
                Lang::Zh,
            ) => format!("{}：{reason_zh}", field_words(field).0),
            (
                OpError::Invalid {
                    field, reason_en, ..
                },
                Lang::En,
            ) => format!("{}: {reason_en}", field_words(field).1),
            (OpError::OpIdReused(id), Lang::Zh) => format!("请求编号 {id} 已用于另一笔不同的操作"),
            (OpError::OpIdReused(id), Lang::En) => {
                format!("Request id {id} was already used for a different operation")
            }
            // The database's own text is English: it stays in message_en and the log.
            (OpError::Storage(_), Lang::Zh) => "数据库出错，操作未完成".to_string(),
            (OpError::Storage(e), Lang::En) => format!("Database error: {e}"),
            (other, lang) => other_message(other, lang),
        }
    }
}

fn other_message(e: &OpError, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match e {
        OpError::UnknownOperator(id) => pick(
            zh,
            format!("操作员 {id} 不存在"),
            format!("No operator {id}"),
        ),
        OpError::WrongPin {
            subject,
            attempts_left,
        } => {
            let (z, e) = whose(subject);
            pick(
                zh,
                format!("{z}密码错误，还可再试 {attempts_left} 次"),
                format!("Wrong PIN for {e}: {attempts_left} attempts left"),
            )
        }
        OpError::LockedOut { subject, minutes } => {
            let (z, e) = whose(subject);
            pick(
                zh,
                format!("{z}密码错误次数过多，已锁定，{minutes} 分钟后再试"),
                format!("{e} is locked after repeated wrong PINs: try again in {minutes} min"),
            )
        }
        OpError::NeedsRole(role) => pick(
            zh,
            format!("此操作需要{}授权", role_zh(role)),
            format!("This needs {role} approval"),
        ),
        OpError::PinRequired(above) => pick(
            zh,
            format!("储值支付超过 {above} 需要会员支付密码"),
            format!("Stored-value payments above {above} need the member's payment PIN"),
        ),
        OpError::InsufficientBalance {
            what,
            needed,
            available,
        } => {
            let (wz, we) = match what {
                Balance::StoredValue => ("储值余额", "stored value"),
                Balance::Principal => ("储值本金", "principal"),
                Balance::Points => ("积分", "points"),
            };
            pick(
                zh,
                format!("{wz}不足：需要 {needed}，现有 {available}"),
                format!("Not enough {we}: needs {needed}, has {available}"),
            )
        }
        OpError::CouponRefused { code, reason } => coupon(zh, code, reason),
        OpError::CountCardRefused { card, reason } => count_card(zh, card, reason),
        OpError::AlreadyReversed(id) => pick(
            zh,
            format!("流水 {id} 已冲正过，不能再次冲正"),
            format!("Entry {id} was already reversed"),
        ),
        OpError::NotReversible(id, why) => pick(
            zh,
            format!("流水 {id} 不能冲正（{}）", not_reversible_zh(why)),
            format!("Entry {id} cannot be reversed ({why})"),
        ),
        OpError::UnknownRule { what, id } => pick(
            zh,
            format!("规则中没有{}“{id}”", rule_zh(what)),
            format!("No {what} \"{id}\" in the rules"),
        ),
        OpError::HubRefused {
            message,
            message_en,
        } => pick(
            zh,
            format!("中心拒绝：{message}"),
            format!("The hub refused: {message_en}"),
        ),
        OpError::OfflineLimit {
            what,
            limit,
            used,
            asked,
        } => {
            let (z, e) = match what {
                OfflineLimit::MemberStoredValue => ("该会员离线储值消费", "this member's offline stored value"),
                OfflineLimit::MemberPoints => ("该会员离线积分消费", "this member's offline points"),
                OfflineLimit::MemberSpends => ("该会员离线消费笔数", "this member's offline spends"),
                OfflineLimit::TerminalExposure => ("本机离线储值消费总额", "this terminal's offline stored value"),
            };
            pick(
                zh,
                format!("离线限额：{z}上限 {limit}，已用 {used}，本笔 {asked}；请待联网后办理或改用现金"),
                format!("Offline limit: {e} is capped at {limit}, {used} used, {asked} asked; wait for the hub or take cash"),
            )
        }
        OpError::OfflineBlocked {
            member_no,
            debt,
            open_conflicts,
        } => pick(
            zh,
            format!("会员 {member_no} 有欠款 {debt} 或未处理冲突 {open_conflicts} 笔，离线时不能消费；请待联网后办理"),
            format!("Member {member_no} has debt {debt} or {open_conflicts} open conflicts: no offline spending; wait for the hub"),
        ),
        OpError::NeedsHub => pick(
            zh,
            "此操作需连接中心，当前无法连接".to_string(),
            "This needs the hub, which cannot be reached now".to_string(),
        ),
        OpError::DuplicateFolio {
            folio_ref,
            entry_id,
        } => pick(
            zh,
            format!("房单 {folio_ref} 已为该会员入账（流水 {entry_id}），同一房单只能入账一次"),
            format!("Folio {folio_ref} was already posted for this member (entry {entry_id}); a folio is posted once"),
        ),
        OpError::UnknownConflict(id) => pick(
            zh,
            format!("没有冲突 {id}"),
            format!("No conflict {id}"),
        ),
        OpError::ConflictSettled(id) => pick(
            zh,
            format!("冲突 {id} 已处理"),
            format!("Conflict {id} is already settled"),
        ),
        other => other.to_string(),
    }
}

/// "operator:sup" → ("操作员 sup 的", "operator sup"); "member:1…" → the payment PIN.
fn whose(subject: &str) -> (String, String) {
    match subject.split_once(':') {
        Some(("member", no)) => (
            format!("会员 {no} 的支付"),
            format!("the payment PIN of member {no}"),
        ),
        Some((_, id)) => (format!("操作员 {id} 的"), format!("operator {id}")),
        None => (format!("{subject} 的"), subject.to_string()),
    }
}

/// Why an entry cannot be reversed, in Chinese (the English reason is the variant's).
fn not_reversible_zh(why: &str) -> &'static str {
    match why {
        "a reversal" => "它本身是一笔冲正，请重新办理原操作",
        "a conflict booking" => "中心冲突记账须通过处理冲突来撤销",
        "no balance effect" => "它没有余额变动",
        "no member" => "它不涉及会员",
        "a coupon it issued was used" => "它发放的券已被使用或作废",
        "a birthday coupon: void the coupon instead" => "生日券请改用作废优惠券",
        _ => "不支持冲正",
    }
}

fn rule_zh(what: &str) -> &'static str {
    match what {
        "coupon template" => "券模板",
        "gift" => "礼品",
        "count card package" => "计次卡套餐",
        _ => "此项",
    }
}

/// A credential's kind in words, (zh, en): the counter never shows `phone` or `id_doc`.
fn cred_words(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "phone" => ("手机号", "phone number"),
        "code" => ("会员码", "member code"),
        "id_doc" => ("证件", "ID document"),
        _ => ("卡", "card"),
    }
}

/// A request field in words, (zh, en), for refusals: the operator never reads a raw
/// field name. Unknown names are quoted as sent, since that is what the sender wrote.
fn field_words(field: &str) -> (String, String) {
    let (z, e) = match field {
        "amount" => ("金额", "amount"),
        "bill" => ("账单金额", "bill amount"),
        "bill_ref" => ("账单号", "bill reference"),
        "room_revenue" => ("房费", "room revenue"),
        "float" => ("备用金", "cash float"),
        "counted_cash" => ("清点现金", "counted cash"),
        "member_no" => ("会员号", "member number"),
        "query" => ("查询内容", "search text"),
        "name" => ("姓名", "name"),
        "phone" => ("手机号", "phone number"),
        "gender" => ("性别", "gender"),
        "birthday" => ("生日", "birthday"),
        "id_doc" => ("证件", "ID document"),
        "notes" => ("备注", "notes"),
        "referrer" => ("推荐人", "referrer"),
        "changes" => ("修改内容", "changes"),
        "credentials" | "credential" => ("卡/凭证", "card or credential"),
        "card" => ("卡号", "card"),
        "kind" => ("凭证类型", "credential type"),
        "value" => ("凭证号", "credential number"),
        "old" => ("原卡/凭证", "old card or credential"),
        "new" => ("新卡/凭证", "new card or credential"),
        "code" | "coupons" => ("券码", "coupon code"),
        "template" => ("券模板", "coupon template"),
        "gift" => ("礼品", "gift"),
        "package" => ("计次卡套餐", "count card package"),
        "uses" => ("次数", "number of uses"),
        "points" => ("积分", "points"),
        "into" => ("兑换目标", "what the points convert into"),
        "nights" => ("间夜数", "nights"),
        "folio_ref" => ("房单号", "folio reference"),
        "reason" => ("原因", "reason"),
        "tier" => ("等级", "tier"),
        "tender" => ("支付方式", "tender"),
        "pin" => ("密码", "PIN"),
        "old_pin" => ("原支付密码", "old payment PIN"),
        "operator" => ("操作员", "operator"),
        "operator_id" => ("操作员编号", "operator id"),
        "operator_pin" => ("操作员密码", "operator PIN"),
        "supervisor" => ("主管授权", "supervisor approval"),
        "role" => ("角色", "role"),
        "active" => ("启用状态", "active switch"),
        "entry_id" => ("流水号", "entry id"),
        "conflict_id" => ("冲突编号", "conflict id"),
        "resolution" => ("处理方式", "resolution"),
        "shift" => ("班次", "shift"),
        "day" => ("日期", "day"),
        "from" => ("起始日期", "start date"),
        "to" => ("截止日期", "end date"),
        "outlet" => ("营业点", "outlet"),
        "source" => ("来源", "source"),
        "opening_balance" => ("期初余额", "opening balance"),
        "op" => ("操作类型", "operation"),
        "op_id" => ("请求编号", "request id"),
        "request" => ("请求", "request"),
        "use_points" => ("积分抵扣开关", "use-points switch"),
        "use_stored_value" => ("储值支付开关", "use-stored-value switch"),
        other => return (format!("字段“{other}”"), format!("field \"{other}\"")),
    };
    (z.to_string(), e.to_string())
}

fn pick(zh: bool, z: String, e: String) -> String {
    if zh {
        z
    } else {
        e
    }
}

fn role_zh(role: &str) -> &'static str {
    match role {
        "admin" => "管理员",
        _ => "主管",
    }
}

fn coupon(zh: bool, code: &str, reason: &CouponRefusal) -> String {
    use CouponRefusal::*;
    let (z, e) = match reason {
        Mistyped => (
            "券码校验位不符，可能输错或扫错，请重新输入".to_string(),
            "the check character does not match: mistyped or misread, enter it again".to_string(),
        ),
        Unknown => ("没有这张券".into(), "no such coupon".into()),
        AlreadyRedeemed => ("已使用".into(), "already redeemed".into()),
        Voided => ("已作废".into(), "voided".into()),
        NotYetValid(d) => (format!("{d} 起才可用"), format!("not valid before {d}")),
        Expired(d) => (format!("已于 {d} 过期"), format!("expired on {d}")),
        MinimumSpend(m) => (
            format!("需消费满 {m}"),
            format!("needs a spend of at least {m}"),
        ),
        WrongOutlet => ("本营业点不可用".into(), "not valid at this outlet".into()),
        WrongWeekday => ("今天不可用".into(), "not valid on this weekday".into()),
        OutsideHours(h) => (format!("仅限 {h} 使用"), format!("only valid {h}")),
        OnePerCheckout => (
            "每单只能用一张券".into(),
            "only one coupon per checkout".into(),
        ),
        OtherMember => ("属于其他会员".into(), "belongs to another member".into()),
    };
    pick(zh, format!("券 {code}：{z}"), format!("Coupon {code}: {e}"))
}

fn count_card(zh: bool, card: &str, reason: &CountCardRefusal) -> String {
    use CountCardRefusal::*;
    let (z, e) = match reason {
        Unknown => (
            "没有这张计次卡".to_string(),
            "no such count card".to_string(),
        ),
        NotYetValid(d) => (format!("{d} 起才可用"), format!("not valid before {d}")),
        Expired(d) => (format!("已于 {d} 过期"), format!("expired on {d}")),
        NotEnoughUses(n) => (
            format!("剩余次数不足（剩 {n} 次）"),
            format!("only {n} uses left"),
        ),
        OtherMember => ("属于其他会员".into(), "belongs to another member".into()),
    };
    pick(
        zh,
        format!("计次卡 {card}：{z}"),
        format!("Count card {card}: {e}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taken(kind: &str) -> OpError {
        OpError::CredentialTaken {
            kind: kind.into(),
            value: "13800138000".into(),
            member_no: "10000001".into(),
        }
    }

    /// Issue 16: a phone already registered is refused as a phone, not as "this card";
    /// no refusal shows a raw credential kind.
    #[test]
    fn a_registered_phone_is_refused_as_a_phone_and_kinds_are_words() {
        let zh = taken("phone").message(Lang::Zh);
        assert!(
            zh.contains("手机号 13800138000") && !zh.contains('卡'),
            "{zh}"
        );
        let en = taken("phone").message(Lang::En);
        assert!(en.contains("phone number 13800138000"), "{en}");
        assert!(!en.contains("card"), "{en}");
        assert_eq!(
            taken("card").message(Lang::En),
            "This card is already bound to member 10000001"
        );
        for kind in ["code", "id_doc", "phone"] {
            let unknown = OpError::UnknownCredential {
                kind: kind.into(),
                value: "X1".into(),
            };
            let lost = OpError::CredentialLost {
                kind: kind.into(),
                value: "X1".into(),
                member_no: "10000001".into(),
            };
            for lang in [Lang::Zh, Lang::En] {
                for m in [
                    unknown.message(lang),
                    lost.message(lang),
                    taken(kind).message(lang),
                ] {
                    assert!(!m.contains(&format!("{kind}:")), "{m}");
                    assert!(!m.contains("id_doc"), "{m}");
                }
            }
        }
    }
}
