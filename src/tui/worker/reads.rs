//! The worker's reads that are more than one call on the book: a lookup that tells a
//! coupon from an unknown code, the conflicts list, and the management reports.

use carddesk_data::analytics::Window;
use carddesk_data::{Book, Found, OpError};
use carddesk_screens::{ConflictList, FindPurpose, ReportData, ReportKind, ReportView};

/// The dormant list: no visit in this many days (as `carddesk report dormant`).
const DORMANT_DAYS: u32 = 90;
/// The top-spenders list: this many (as `carddesk report top-spenders`).
const TOP_SPENDERS: usize = 20;
/// Conflicts listed at most (open ones come first, so only old settled ones drop).
const CONFLICTS_SHOWN: usize = 500;

/// The local date today, by the rules' clock.
pub fn today(book: &Book) -> chrono::NaiveDate {
    book.terminal().rules.local(book.now()).date()
}

/// A lookup. In checkout a scan that is no member's is told apart: a coupon the book
/// holds (the screen takes it as one), or a refusal naming a mistyped or unknown
/// coupon code.
pub fn find(book: &mut Book, query: &str, purpose: FindPurpose) -> Result<Found, OpError> {
    if purpose == FindPurpose::Attach && book.coupon(query)?.is_some() {
        // A coupon scanned on a checkout: not a member, and no fetch from the hub.
        return Err(OpError::NotFound(query.trim().to_string()));
    }
    // A partial book fetches a member it does not hold from the hub (see
    // carddesk_data::partial).
    match book.find_or_fetch(query) {
        Err(e) if purpose == FindPurpose::Attach && e.code() == "not_found" => {
            let reason = match carddesk_data::ops::coupons::normalize(query) {
                Err(reason) => reason,
                Ok(_) => carddesk_data::error::CouponRefusal::Unknown,
            };
            Err(OpError::CouponRefused {
                code: query.to_string(),
                reason,
            })
        }
        other => other,
    }
}

/// The conflicts list (open first, then settled, newest first) and the open count.
/// Every operator may read it; settling needs a supervisor (the book checks).
pub fn conflicts(book: &Book) -> Result<ConflictList, OpError> {
    let open = book.open_conflicts()?;
    let lines = book
        .conflicts(true, CONFLICTS_SHOWN)?
        .into_iter()
        .map(|c| super::journal::conflict_line(&book.terminal().rules, c))
        .collect();
    Ok(ConflictList { lines, open })
}

/// A report's figures from the data crate over local days `from..=to` (None: today).
pub fn report(
    book: &Book,
    outlet: &str,
    kind: ReportKind,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
) -> Result<ReportView, OpError> {
    let from = from.unwrap_or_else(|| today(book));
    let to = to.unwrap_or(from);
    let w = Window {
        from,
        to,
        outlet: None,
    };
    let data = match kind {
        ReportKind::Shift => ReportData::Shifts(book.shift_reports(&w)?),
        ReportKind::Day => ReportData::Days(book.day_closes(&w, outlet)?),
        ReportKind::StoredValue => ReportData::StoredValue(book.stored_value_liability(None)?),
        ReportKind::Points => ReportData::Points(book.points_liability(&w)?),
        ReportKind::Coupons => ReportData::Coupons(book.coupon_report(&w)?),
        ReportKind::Tiers => ReportData::Tiers(book.tier_distribution(None)?),
        ReportKind::NewMembers => ReportData::Members(book.new_members(&w)?),
        ReportKind::Dormant => ReportData::Members(book.dormant_members(DORMANT_DAYS, None)?),
        ReportKind::TopSpenders => ReportData::Members(book.top_spenders(&w, TOP_SPENDERS)?),
        ReportKind::Referrals => ReportData::Referrals(book.referral_ranking(&w, TOP_SPENDERS)?),
        ReportKind::Commission => ReportData::Commission(book.commission_report(&w, None)?),
    };
    Ok(ReportView {
        kind,
        from,
        to,
        outlet: outlet.to_string(),
        data,
    })
}
