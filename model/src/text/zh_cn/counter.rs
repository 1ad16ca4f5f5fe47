//! The counter's messages with values, in zh-CN.

use rust_decimal::Decimal;

use crate::text::{sep, zone, Msg, Tx};

pub(super) fn msg(m: &Msg) -> String {
    let tx = super::fixed::tx;
    match *m {
        Msg::OpenConflicts(n) => format!("冲突 {n}"),
        Msg::ConflictsTitle(open) => format!(" {}（待处理 {open}） ", tx(Tx::ConflictsTitle)),
        Msg::FoundMany(n) => format!("找到 {n} 位会员，用上下键选择，Enter 打开"),
        Msg::Scanned(code) => format!("扫码：{code}"),
        Msg::UnknownCard(uid) => {
            format!("未登记的卡 {uid}：打开会员后再刷一次可绑定，或按 F2 用此卡登记新会员")
        }
        Msg::OtherMemberAsk { other, kept } => {
            format!("扫到另一位会员 {other}：按 Y 换成此会员，其他键保留 {kept}")
        }
        Msg::MemberFrozen(no) => format!("会员 {no} 已冻结，不能办理；按 Alt-Z 解冻（需主管）"),
        Msg::CardFilledIn(uid) => format!("已填入刚刷的卡 {uid}：F12 时绑定给新会员"),
        Msg::BindCardAsk { uid, member } => format!("把卡 {uid} 绑定到会员 {member}？"),
        Msg::Welcome(name) => format!("{name}，您好。"),
        Msg::CouponAttached(code) => format!("优惠券 {code} 已加入"),
        Msg::MemberAttached { no, name } => format!("会员 {no} {name} 已加入结算"),
        Msg::Printed(path) => format!("报表已保存：{path}"),
        Msg::ApprovedBy(id) => format!("主管 {id} 已授权，核对后按 F12"),
        Msg::PrintFailed(why) => format!("报表未能保存：{why}"),
        Msg::VerifyUnlisted(n) => format!("另有 {n} 个问题未列出"),
        Msg::Age(d) => age(d),
        Msg::SyncState {
            online,
            last_ok,
            short,
            ascii,
        } => {
            let word = tx(if online { Tx::Online } else { Tx::Offline });
            let sep = sep(ascii);
            match last_ok {
                None if short => word.to_string(),
                None => format!("{word}{sep}从未同步"),
                Some(d) if short => format!("{word} {}", age(d)),
                Some(d) if online => format!("{word}{sep}{}前同步", age(d)),
                Some(d) => format!("{word}{sep}上次同步 {}前", age(d)),
            }
        }
        Msg::SyncVia { state, host, ascii } => format!("{state}{}中心 {host}", sep(ascii)),
        Msg::ZoneDiffers { pc, rules } => format!(
            "注意：本机时区 {} 与营业时区 {} 不同；营业日期和时间按 {} 显示",
            zone(pc),
            zone(rules),
            zone(rules)
        ),
        Msg::SeveralMembers(n) => format!("找到 {n} 位会员，请多输入几个字"),
        Msg::AtMost(limit) => format!("至多 {limit}"),
        // Plain dots, as in en: ASCII mode draws it too.
        Msg::MoreLines(n) => format!("...还有 {n} 行"),
        Msg::Discount(percent) => format!(
            "{}折",
            ((Decimal::ONE_HUNDRED - percent) / Decimal::TEN).normalize()
        ),
        Msg::Occasion {
            name,
            discount,
            earn_multiplier,
        } => {
            let mut out = name.to_string();
            if !discount.is_zero() {
                out.push_str(&format!(" -{}", crate::text::money(discount)));
            }
            if earn_multiplier != Decimal::ONE {
                out.push_str(&format!(" 积分×{}", earn_multiplier.normalize()));
            }
            out
        }
        Msg::RewardBirthday(year) => format!("{} {year}", tx(Tx::BirthdayOccasion)),
        Msg::RewardReferral { referred, first } => format!("推荐 {referred} 首笔 {first}"),
        Msg::RewardBooking { guest, stay } => format!("代订 {guest} 入住 {stay}"),
        Msg::RewardCompanyStay { guest, stay } => format!("{guest} 入住（{stay}）"),
        Msg::BulkPreview {
            members,
            frozen,
            template,
        } => format!(
            "将向 {members} 位会员各发一张 {template}（冻结的 {frozen} 位不发）；按 F12 发放"
        ),
        Msg::BulkIssued {
            members,
            template,
            first,
            last,
            replayed,
        } => {
            let was = if replayed {
                "此前已发放"
            } else {
                "已发放"
            };
            if members == 0 {
                format!("没有会员可发 {template}")
            } else {
                format!("{was} {members} 张 {template}：流水 {first} 至 {last}")
            }
        }
    }
}

fn age(d: std::time::Duration) -> String {
    let s = d.as_secs();
    match s {
        0..=59 => format!("{s}秒"),
        60..=3599 => format!("{}分钟", s / 60),
        3600..=86_399 => format!("{}小时", s / 3600),
        _ => format!("{}天", s / 86_400),
    }
}
