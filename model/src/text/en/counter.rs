//! The counter's messages with values, in en.

use crate::text::{sep, zone, Msg, Tx};

pub(super) fn msg(m: &Msg) -> String {
    let tx = super::fixed::tx;
    match *m {
        Msg::OpenConflicts(1) => "1 conflict".to_string(),
        Msg::OpenConflicts(n) => format!("{n} conflicts"),
        Msg::ConflictsTitle(open) => format!(" {} ({open} open) ", tx(Tx::ConflictsTitle)),
        Msg::FoundMany(n) => format!("{n} members match: Up/Down to choose, Enter to open"),
        Msg::Scanned(code) => format!("Scanned: {code}"),
        Msg::UnknownCard(uid) => format!(
            "Unknown card {uid}: open a member and present it again to bind it, or F2 to register with it"
        ),
        Msg::OtherMemberAsk { other, kept } => {
            format!("Another member, {other}: Y switches to them, any other key keeps {kept}")
        }
        Msg::MemberFrozen(no) => {
            format!("Member {no} is frozen and cannot transact; Alt-Z unfreezes (supervisor)")
        }
        Msg::CardFilledIn(uid) => {
            format!("The card just presented, {uid}, is filled in: F12 binds it to the new member")
        }
        Msg::BindCardAsk { uid, member } => format!("Bind card {uid} to member {member}?"),
        Msg::Welcome(name) => format!("Hello, {name}."),
        Msg::CouponAttached(code) => format!("Coupon {code} added"),
        Msg::MemberAttached { no, name } => format!("Member {no} {name} attached"),
        Msg::Printed(path) => format!("Report written: {path}"),
        Msg::ApprovedBy(id) => format!("Approved by {id}: check, then F12"),
        Msg::PrintFailed(why) => format!("The report was not written: {why}"),
        Msg::VerifyUnlisted(n) => format!("{n} more problems not listed"),
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
                None => format!("{word}{sep}never synced"),
                Some(d) if short => format!("{word} {}", age(d)),
                Some(d) if online => format!("{word}{sep}synced {} ago", age(d)),
                Some(d) => format!("{word}{sep}last sync {} ago", age(d)),
            }
        }
        Msg::SyncVia { state, host, ascii } => format!("{state}{}hub {host}", sep(ascii)),
        Msg::ZoneDiffers { pc, rules } => format!(
            "Note: PC clock zone {}, business {}: dates and times shown are {}",
            zone(pc),
            zone(rules),
            zone(rules)
        ),
        Msg::SeveralMembers(n) => format!("{n} members match; type more"),
        Msg::AtMost(limit) => format!("max {limit}"),
        Msg::MoreLines(n) => format!("... +{n} more"),
        Msg::Discount(percent) => format!("{}% off", percent.normalize()),
        Msg::Occasion {
            name,
            discount,
            earn_multiplier,
        } => {
            let mut out = name.to_string();
            if !discount.is_zero() {
                out.push_str(&format!(" -{}", crate::text::money(discount)));
            }
            if earn_multiplier != rust_decimal::Decimal::ONE {
                out.push_str(&format!(" points ×{}", earn_multiplier.normalize()));
            }
            out
        }
        Msg::RewardBirthday(year) => format!("{} {year}", tx(Tx::BirthdayOccasion)),
        Msg::RewardReferral { referred, first } => format!("referred {referred} first {first}"),
        Msg::RewardBooking { guest, stay } => format!("booked for {guest}, stay {stay}"),
        Msg::RewardCompanyStay { guest, stay } => format!("stay of {guest} ({stay})"),
        Msg::BulkPreview { members, frozen, template } => format!(
            "{members} members get a {template} coupon ({frozen} frozen do not); F12 issues them"
        ),
        Msg::BulkIssued { members, template, first, last, replayed } => {
            let was = if replayed { "were already issued" } else { "issued" };
            if members == 0 {
                format!("nobody to issue {template} to")
            } else {
                format!("{members} {template} coupons {was}: entries {first} to {last}")
            }
        }
    }
}

fn age(d: std::time::Duration) -> String {
    let s = d.as_secs();
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m", s / 60),
        3600..=86_399 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86_400),
    }
}
