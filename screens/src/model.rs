//! What goes into the app (keys, devices, replies, time) and what comes out (commands
//! for the worker that owns the book). Requests, and what the replies carry, are the
//! data crate's own types: the worker passes them through.

use std::fmt;
use std::time::Instant;

pub use crate::catalog::{Catalog, CatalogItem, TierInfo};
use carddesk_model::analytics::{
    CommissionLine, CouponLine as CouponReportLine, MemberLine, PointsLiability, ReferralLine,
    ShiftLine, StoredValueLiability, TierLine,
};
use carddesk_model::findings::Report as VerifyReport;
use carddesk_model::ops::{BulkCoupons, IssueCouponsBulk, OperatorListing};
use carddesk_model::reports::{DayReport, ShiftReport};
use carddesk_model::view::{ConflictLine, JournalLine, TierProgress};
use carddesk_model::{
    Account, CheckoutQuote, Found, Member, OpError, Operator, Outcome, Preview, Request,
};
use chrono::{NaiveDate, NaiveDateTime};
use crossterm::event::KeyEvent;

#[derive(Debug, Clone)]
pub enum Input {
    /// A key as read from the terminal, stamped when it was read (for burst detection).
    Key(KeyEvent, Instant),
    /// A device event, already mapped by the program (screens know no devices crate).
    Device(DeviceInput),
    Reply(Reply),
    /// Time passes: the monotonic instant for timers, the wall clock for the status bar.
    Tick(Instant, NaiveDateTime),
    /// The terminal was resized: draw again.
    Resize,
    /// The background sync finished one round with the hub.
    Sync(SyncStatus),
}

/// What one background sync did, as the status bar needs it. `at` is when it finished,
/// on the same monotonic clock as [`Input::Tick`], so the age shown never jumps with
/// the wall clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncStatus {
    pub ok: bool,
    pub at: Instant,
    pub pushed: u64,
    pub pulled: u64,
    /// Pulled entries that were new to this book (balances may have changed).
    pub applied: u64,
    /// Why it stopped early (`unreachable`, `diverged`, ...), and the text for people.
    pub error_code: Option<String>,
    pub message: Option<String>,
    /// The hub that answered (of several: the status bar names it).
    pub hub: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceInput {
    Scan {
        code: String,
    },
    CardPresent {
        uid: String,
    },
    CardRemoved,
    /// The PC/SC subsystem or a reader: `ready` with how many readers are present.
    Reader(SourceStatus),
    /// A HID or simulated scanner.
    Scanner(SourceStatus),
    Error {
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceStatus {
    Ready { count: usize },
    Unavailable { why: String },
}

/// Requests for the worker. Every one that expects an answer carries a ticket (or an
/// op id) so a late answer to something the operator has left is recognised.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Is there any operator yet? (No: the login screen creates the admin.)
    CheckSetup,
    CreateAdmin {
        op_id: String,
        operator_id: String,
        name: String,
        pin: String,
    },
    Login {
        operator_id: String,
        pin: String,
    },
    Find {
        ticket: u64,
        query: String,
        purpose: FindPurpose,
    },
    LoadMember {
        ticket: u64,
        member_no: String,
    },
    /// Journal entries matching `filter`, newest first, older than the HLC `before`.
    LoadJournal {
        ticket: u64,
        filter: JournalFilter,
        before: Option<i64>,
    },
    /// What an operation would do, before the operator confirms it. `approval` is a
    /// supervisor's id and PIN typed on the spot for a privileged step.
    Quote {
        ticket: u64,
        request: Request,
        approval: Option<Approval>,
        /// The op id F12 will post under: what it derives (coupon codes) is shown.
        op_id: String,
    },
    Execute {
        op_id: String,
        request: Request,
        approval: Option<Approval>,
    },
    /// The X report of this terminal's open shift (None: no shift is open).
    LoadShift {
        ticket: u64,
    },
    /// The day close (日结) of this outlet; None: today.
    LoadDay {
        ticket: u64,
        day: Option<NaiveDate>,
    },
    /// Writes a plain-text report to `reports/<name>.txt` next to the book.
    Print {
        ticket: u64,
        name: String,
        lines: Vec<String>,
    },
    /// Every operator, active or not (admins).
    LoadOperators {
        ticket: u64,
    },
    /// `Book::verify`: every chain and every projection table (supervisors and admins).
    Verify {
        ticket: u64,
    },
    /// A management report over local dates `from..=to` (None: today).
    LoadReport {
        ticket: u64,
        kind: ReportKind,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    },
    /// Replication conflicts, open ones first, then settled ones (newest first).
    LoadConflicts {
        ticket: u64,
    },
    /// How many conflicts are open (the status bar); asked after each background sync
    /// and at log in.
    CountConflicts,
    /// How many members a bulk issue would reach now (supervisors).
    PreviewBulk {
        ticket: u64,
        request: IssueCouponsBulk,
    },
    /// Issues a bulk of coupons under `op_id` (the same id again posts nothing).
    IssueBulk {
        ticket: u64,
        op_id: String,
        request: IssueCouponsBulk,
    },
    /// The idle lock: the same operator's PIN unlocks the screen.
    Unlock {
        operator_id: String,
        pin: String,
    },
    Quit,
}

/// A supervisor's id and PIN, typed on the spot for a privileged step. The PIN is
/// never printed: `Debug` hides it, so it cannot reach a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Approval {
    pub operator_id: String,
    pub pin: String,
}

impl fmt::Debug for Approval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Approval")
            .field("operator_id", &self.operator_id)
            .field("pin", &"***")
            .finish()
    }
}

/// What the journal browser shows: every field empty or None matches everything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JournalFilter {
    pub operator: String,
    pub member_no: String,
    /// An entry kind (`checked_out`) or a part of one (`coupon`).
    pub kind: String,
    /// Local dates, both included.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Why a lookup was made: it decides what its answer does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindPurpose {
    /// The home screen's input line or a scan there.
    Lookup,
    /// A chip card presented (an unknown card may be bound).
    Card,
    /// A scan or card in checkout: a member attaches, anything else is a coupon code.
    Attach,
}

/// The book's tender (recorded, not processed); F2/F3 on a form goes round them.
pub use carddesk_model::Tender;

pub fn next_tender(t: Tender) -> Tender {
    match t {
        Tender::Cash => Tender::BankCard,
        Tender::BankCard => Tender::Other,
        Tender::Other => Tender::Cash,
    }
}

#[derive(Debug, Clone)]
pub enum Reply {
    Setup {
        has_operators: bool,
    },
    LoggedIn(Result<Operator, OpError>),
    AdminCreated {
        op_id: String,
        result: Result<Operator, OpError>,
    },
    Found {
        ticket: u64,
        query: String,
        purpose: FindPurpose,
        result: Result<Found, OpError>,
    },
    Member {
        ticket: u64,
        result: Result<Box<MemberView>, OpError>,
    },
    Journal {
        ticket: u64,
        result: Result<Vec<JournalLine>, OpError>,
    },
    Shift {
        ticket: u64,
        result: Result<Option<Box<ShiftReport>>, OpError>,
    },
    Day {
        ticket: u64,
        result: Result<Box<DayReport>, OpError>,
    },
    /// Where the report was written, or why it was not.
    Printed {
        ticket: u64,
        result: Result<String, String>,
    },
    Unlocked(Result<Operator, OpError>),
    Operators {
        ticket: u64,
        result: Result<Vec<OperatorListing>, OpError>,
    },
    Verified {
        ticket: u64,
        result: Result<Box<VerifyReport>, OpError>,
    },
    Report {
        ticket: u64,
        result: Result<Box<ReportView>, OpError>,
    },
    Quoted {
        ticket: u64,
        result: Result<Quote, OpError>,
    },
    Executed {
        op_id: String,
        result: Result<Box<Outcome>, OpError>,
    },
    Conflicts {
        ticket: u64,
        result: Result<ConflictList, OpError>,
    },
    /// The number of open conflicts, for the status bar.
    OpenConflicts(u64),
    /// A bulk issue's preview or its answer.
    Bulk {
        ticket: u64,
        result: Result<BulkCoupons, OpError>,
    },
}

/// What a request would do, before F12 posts it: a checkout's quote, or the preview of
/// any other posting (the entry it would write, every balance before and after).
#[derive(Debug, Clone, PartialEq)]
pub enum Quote {
    Checkout(Box<CheckoutQuote>),
    Preview(Box<Preview>),
}

/// The conflicts screen's list and how many are open.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConflictList {
    pub lines: Vec<ConflictLine>,
    pub open: u64,
}

/// The member screen's data: profile, account and the latest entries.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberView {
    pub member: Member,
    pub account: Account,
    pub recent: Vec<JournalLine>,
    /// Today is in the member's birthday window (`rules.birthday`): the 生日 flag.
    pub birthday: bool,
    /// Toward the next tier within the tier window; None at the top tier.
    pub progress: Option<TierProgress>,
    /// A company's credit limit, or the company a personal member is under (协议单位).
    pub company: carddesk_model::inquiry::CompanyStanding,
}

/// The kinds of `carddesk report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    Shift,
    Day,
    StoredValue,
    Points,
    Coupons,
    Tiers,
    NewMembers,
    Dormant,
    TopSpenders,
    /// 转介绍排名.
    Referrals,
    /// 提成: staff commission per operator.
    Commission,
}

impl ReportKind {
    pub const ALL: [ReportKind; 11] = [
        ReportKind::Shift,
        ReportKind::Day,
        ReportKind::StoredValue,
        ReportKind::Points,
        ReportKind::Coupons,
        ReportKind::Tiers,
        ReportKind::NewMembers,
        ReportKind::Dormant,
        ReportKind::TopSpenders,
        ReportKind::Referrals,
        ReportKind::Commission,
    ];

    /// The name `carddesk report` takes, and the report file's name starts with.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Shift => "shift",
            ReportKind::Day => "day",
            ReportKind::StoredValue => "stored-value",
            ReportKind::Points => "points",
            ReportKind::Coupons => "coupons",
            ReportKind::Tiers => "tiers",
            ReportKind::NewMembers => "new-members",
            ReportKind::Dormant => "dormant",
            ReportKind::TopSpenders => "top-spenders",
            ReportKind::Referrals => "referrals",
            ReportKind::Commission => "commission",
        }
    }

    /// Shift and day reports are every operator's; the rest (liabilities, member
    /// lists) are for supervisors and admins.
    pub fn for_cashiers(self) -> bool {
        matches!(self, ReportKind::Shift | ReportKind::Day)
    }
}

/// A report's figures, from the data crate, over `from..=to`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportView {
    pub kind: ReportKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The outlet of a day close.
    pub outlet: String,
    pub data: ReportData,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ReportData {
    Shifts(Vec<ShiftLine>),
    Days(Vec<DayReport>),
    StoredValue(StoredValueLiability),
    Points(PointsLiability),
    Coupons(Vec<CouponReportLine>),
    Tiers(Vec<TierLine>),
    /// New, dormant or top members.
    Members(Vec<MemberLine>),
    /// Referrers ranked (转介绍排名).
    Referrals(Vec<ReferralLine>),
    /// Commission per operator (提成).
    Commission(Vec<CommissionLine>),
}
