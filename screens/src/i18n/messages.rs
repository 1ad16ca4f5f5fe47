//! Messages with values in them: money, counts, codes, names, ages.

use carddesk_model::Lang;
use rust_decimal::Decimal;

use super::texts::Tx;

/// The status bar's count of open conflicts: `冲突 2` / `2 conflicts`.
pub fn open_conflicts(n: u64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("冲突 {n}"),
        Lang::En if n == 1 => "1 conflict".to_string(),
        Lang::En => format!("{n} conflicts"),
    }
}

/// The conflicts screen's title: how many are open.
pub fn conflicts_title(open: u64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(" {}（待处理 {open}） ", Tx::ConflictsTitle.get(lang)),
        Lang::En => format!(" {} ({open} open) ", Tx::ConflictsTitle.get(lang)),
    }
}

pub fn money(d: Decimal) -> String {
    format!("{:.2}", d.round_dp(2))
}

pub fn found_many(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("找到 {n} 位会员，用上下键选择，Enter 打开"),
        Lang::En => format!("{n} members match: Up/Down to choose, Enter to open"),
    }
}

pub fn scanned(code: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("扫码：{code}"),
        Lang::En => format!("Scanned: {code}"),
    }
}

pub fn unknown_card(uid: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("未登记的卡 {uid}：打开会员后再刷一次可绑定，或按 F2 用此卡登记新会员"),
        Lang::En => format!("Unknown card {uid}: open a member and present it again to bind it, or F2 to register with it"),
    }
}

pub fn other_member_ask(other: &str, kept: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("扫到另一位会员 {other}：按 Y 换成此会员，其他键保留 {kept}"),
        Lang::En => {
            format!("Another member, {other}: Y switches to them, any other key keeps {kept}")
        }
    }
}

pub fn member_frozen(member_no: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("会员 {member_no} 已冻结，不能办理；按 Alt-Z 解冻（需主管）"),
        Lang::En => {
            format!(
                "Member {member_no} is frozen and cannot transact; Alt-Z unfreezes (supervisor)"
            )
        }
    }
}

pub fn card_filled_in(uid: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("已填入刚刷的卡 {uid}：F12 时绑定给新会员"),
        Lang::En => {
            format!("The card just presented, {uid}, is filled in: F12 binds it to the new member")
        }
    }
}

pub fn bind_card_ask(uid: &str, member: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("把卡 {uid} 绑定到会员 {member}？"),
        Lang::En => format!("Bind card {uid} to member {member}?"),
    }
}

pub fn posted(entry_id: &str, replayed: bool, lang: Lang) -> String {
    let head = if replayed {
        Tx::AlreadyPosted
    } else {
        Tx::Posted
    };
    format!("{} {entry_id}", head.get(lang))
}

pub fn welcome(name: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{name}，您好。"),
        Lang::En => format!("Hello, {name}."),
    }
}

pub fn coupon_attached(code: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("优惠券 {code} 已加入"),
        Lang::En => format!("Coupon {code} added"),
    }
}

pub fn member_attached(no: &str, name: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("会员 {no} {name} 已加入结算"),
        Lang::En => format!("Member {no} {name} attached"),
    }
}

pub fn printed(path: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("报表已保存：{path}"),
        Lang::En => format!("Report written: {path}"),
    }
}

pub fn approved_by(id: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("主管 {id} 已授权，核对后按 F12"),
        Lang::En => format!("Approved by {id}: check, then F12"),
    }
}

pub fn print_failed(why: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("报表未能保存：{why}"),
        Lang::En => format!("The report was not written: {why}"),
    }
}

pub fn verify_unlisted(n: u64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("另有 {n} 个问题未列出"),
        Lang::En => format!("{n} more problems not listed"),
    }
}

/// An age for the status bar: `12s`, `3m`, `2h`, `5d` / `12秒`, `3分钟`, `2小时`, `5天`.
pub fn age(d: std::time::Duration, lang: Lang) -> String {
    let s = d.as_secs();
    let (n, zh, en) = match s {
        0..=59 => (s, "秒", "s"),
        60..=3599 => (s / 60, "分钟", "m"),
        3600..=86_399 => (s / 3600, "小时", "h"),
        _ => (s / 86_400, "天", "d"),
    };
    format!("{n}{}", lang.pick(zh, en))
}

/// The sync part of the status bar once a sync has been tried: online or offline with
/// the age of the last successful sync (None: never). `short` is for narrow screens;
/// ASCII mode separates with `-` instead of `·`.
pub fn sync_state(
    online: bool,
    last_ok: Option<std::time::Duration>,
    short: bool,
    ascii: bool,
    lang: Lang,
) -> String {
    let word = if online { Tx::Online } else { Tx::Offline }.get(lang);
    let Some(d) = last_ok else {
        return if short {
            word.to_string()
        } else {
            match lang {
                Lang::Zh => format!("{word}{}从未同步", sep(ascii)),
                Lang::En => format!("{word}{}never synced", sep(ascii)),
            }
        };
    };
    let age = age(d, lang);
    if short {
        return format!("{word} {age}");
    }
    let sep = sep(ascii);
    match (lang, online) {
        (Lang::Zh, true) => format!("{word}{sep}{age}前同步"),
        (Lang::Zh, false) => format!("{word}{sep}上次同步 {age}前"),
        (Lang::En, true) => format!("{word}{sep}synced {age} ago"),
        (Lang::En, false) => format!("{word}{sep}last sync {age} ago"),
    }
}

fn sep(ascii: bool) -> &'static str {
    if ascii {
        " - "
    } else {
        " · "
    }
}

/// A zone as people write it: UTC+8, UTC-3:30.
fn zone(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    if m.is_multiple_of(60) {
        format!("UTC{sign}{}", m / 60)
    } else {
        format!("UTC{sign}{}:{:02}", m / 60, m % 60)
    }
}

/// The PC's clock zone is not the business's: dates and times follow the business's.
pub fn zone_differs(pc: i32, rules: i32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "注意：本机时区 {} 与营业时区 {} 不同；营业日期和时间按 {} 显示",
            zone(pc),
            zone(rules),
            zone(rules)
        ),
        Lang::En => format!(
            "Note: PC clock zone {}, business {}: dates and times shown are {}",
            zone(pc),
            zone(rules),
            zone(rules)
        ),
    }
}

/// A member looked up by typing in a checkout matches several: type more.
pub fn several_members(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("找到 {n} 位会员，请多输入几个字"),
        Lang::En => format!("{n} members match; type more"),
    }
}

/// A checkout's points or stored value switched on with a limit typed.
pub fn at_most(limit: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("至多 {limit}"),
        Lang::En => format!("max {limit}"),
    }
}
