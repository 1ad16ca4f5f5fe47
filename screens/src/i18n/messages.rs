//! Messages with values in them, as the screens ask for them: each builds the
//! catalogue's [`Msg`] and reads it in the operator's language.

use carddesk_model::Lang;

use super::{Msg, Tx};

/// The status bar's count of open conflicts.
pub fn open_conflicts(n: u64, lang: Lang) -> String {
    Msg::OpenConflicts(n).get(lang)
}

/// The conflicts screen's title: how many are open.
pub fn conflicts_title(open: u64, lang: Lang) -> String {
    Msg::ConflictsTitle(open).get(lang)
}

pub fn found_many(n: usize, lang: Lang) -> String {
    Msg::FoundMany(n).get(lang)
}

pub fn scanned(code: &str, lang: Lang) -> String {
    Msg::Scanned(code).get(lang)
}

pub fn unknown_card(uid: &str, lang: Lang) -> String {
    Msg::UnknownCard(uid).get(lang)
}

pub fn other_member_ask(other: &str, kept: &str, lang: Lang) -> String {
    Msg::OtherMemberAsk { other, kept }.get(lang)
}

pub fn member_frozen(member_no: &str, lang: Lang) -> String {
    Msg::MemberFrozen(member_no).get(lang)
}

pub fn card_filled_in(uid: &str, lang: Lang) -> String {
    Msg::CardFilledIn(uid).get(lang)
}

pub fn bind_card_ask(uid: &str, member: &str, lang: Lang) -> String {
    Msg::BindCardAsk { uid, member }.get(lang)
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
    Msg::Welcome(name).get(lang)
}

pub fn coupon_attached(code: &str, lang: Lang) -> String {
    Msg::CouponAttached(code).get(lang)
}

pub fn member_attached(no: &str, name: &str, lang: Lang) -> String {
    Msg::MemberAttached { no, name }.get(lang)
}

pub fn printed(path: &str, lang: Lang) -> String {
    Msg::Printed(path).get(lang)
}

pub fn approved_by(id: &str, lang: Lang) -> String {
    Msg::ApprovedBy(id).get(lang)
}

pub fn print_failed(why: &str, lang: Lang) -> String {
    Msg::PrintFailed(why).get(lang)
}

pub fn verify_unlisted(n: u64, lang: Lang) -> String {
    Msg::VerifyUnlisted(n).get(lang)
}

/// An age for the status bar: `12s`, `3m`, `2h`, `5d` / `12秒`, `3分钟`, `2小时`, `5天`.
pub fn age(d: std::time::Duration, lang: Lang) -> String {
    Msg::Age(d).get(lang)
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
    Msg::SyncState {
        online,
        last_ok,
        short,
        ascii,
    }
    .get(lang)
}

/// The PC's clock zone is not the business's: dates and times follow the business's.
pub fn zone_differs(pc: i32, rules: i32, lang: Lang) -> String {
    Msg::ZoneDiffers { pc, rules }.get(lang)
}

/// A member looked up by typing in a checkout matches several: type more.
pub fn several_members(n: usize, lang: Lang) -> String {
    Msg::SeveralMembers(n).get(lang)
}

/// A checkout's points or stored value switched on with a limit typed.
pub fn at_most(limit: &str, lang: Lang) -> String {
    Msg::AtMost(limit).get(lang)
}
