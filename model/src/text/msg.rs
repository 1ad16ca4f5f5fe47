//! Messages with values in them: counts, money, codes, names, ages. Each variant carries
//! its values typed; each language's file (`<language>/counter.rs`) says how they read.

use std::time::Duration;

use rust_decimal::Decimal;

/// A counter message with values in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg<'a> {
    /// The status bar's count of open conflicts: `冲突 2` / `2 conflicts`.
    OpenConflicts(u64),
    /// The conflicts screen's title: how many are open.
    ConflictsTitle(u64),
    /// A lookup matched several members.
    FoundMany(usize),
    /// A code came from the scanner.
    Scanned(&'a str),
    /// A card no member holds was presented.
    UnknownCard(&'a str),
    /// Another member was scanned while one is open.
    OtherMemberAsk { other: &'a str, kept: &'a str },
    /// The member opened is frozen.
    MemberFrozen(&'a str),
    /// The registration form took the card just presented.
    CardFilledIn(&'a str),
    /// Bind the card just presented to the member open?
    BindCardAsk { uid: &'a str, member: &'a str },
    /// After log in.
    Welcome(&'a str),
    /// A coupon joined the checkout.
    CouponAttached(&'a str),
    /// A member joined a checkout begun without one.
    MemberAttached { no: &'a str, name: &'a str },
    /// A report was written to a file.
    Printed(&'a str),
    /// A supervisor approved the action on screen.
    ApprovedBy(&'a str),
    /// A report could not be written.
    PrintFailed(&'a str),
    /// Verify found more problems than it lists.
    VerifyUnlisted(u64),
    /// An age for the status bar: `12s`, `3m` / `12秒`, `3分钟`.
    Age(Duration),
    /// The sync part of the status bar once a sync has been tried: online or offline
    /// with the age of the last successful sync (None: never). `short` is for narrow
    /// screens; `ascii` separates with `-` instead of `·`.
    SyncState {
        online: bool,
        last_ok: Option<Duration>,
        short: bool,
        ascii: bool,
    },
    /// The sync state (`SyncState`'s text) with the hub that answered, when several
    /// are listed: `在线 · 3秒前同步 · 中心 10.0.0.6:7411`.
    SyncVia {
        state: &'a str,
        host: &'a str,
        ascii: bool,
    },
    /// The PC's clock zone (minutes east of UTC) is not the business's.
    ZoneDiffers { pc: i32, rules: i32 },
    /// A member looked up by typing in a checkout matches several: type more.
    SeveralMembers(usize),
    /// A checkout's points or stored value switched on with a limit typed: at most it.
    AtMost(&'a str),
    /// "+N more" for what the space could not show.
    MoreLines(usize),
    /// A tier's discount as people say it (the percent taken off): 10% off, 9折.
    Discount(Decimal),
    /// A quote's occasion line: its name (the birthday's already in words), the discount
    /// when there is one, the points multiplier when it is not 1: `生日 -10.00 积分×2`.
    Occasion {
        name: &'a str,
        discount: Decimal,
        earn_multiplier: Decimal,
    },
    /// Why a reward was given: the member's birthday in this year.
    RewardBirthday(i32),
    /// Why a reward was given: the member `referred` first topped up or spent in entry
    /// `first`.
    RewardReferral { referred: &'a str, first: &'a str },
    /// Why a reward was given: the member booked `guest`'s stay, entry `stay`.
    RewardBooking { guest: &'a str, stay: &'a str },
    /// Why a reward was given: `guest`, under this company, stayed (entry `stay`).
    RewardCompanyStay { guest: &'a str, stay: &'a str },
    /// A bulk issue's preview: how many members get `template`, how many frozen do not.
    BulkPreview {
        members: u64,
        frozen: u64,
        template: &'a str,
    },
    /// A bulk issue posted (or, `replayed`, found posted before): its entries.
    BulkIssued {
        members: u64,
        template: &'a str,
        first: &'a str,
        last: &'a str,
        replayed: bool,
    },
}

impl Msg<'_> {
    /// This message in the operator's language.
    pub fn get(&self, lang: crate::Lang) -> String {
        lang.texts().msg(self)
    }
}
