//! The kinds of `carddesk op` that only read: lookups, the member's journal, balances,
//! the checkout quote and the reports. ID-document numbers are masked as the member
//! screen masks them unless the caller may see them whole (a supervisor or an admin
//! logged in with their PIN, or a supervisor's approval in the envelope). The requests
//! are typed (model::reads), read through [`crate::op_kinds`].

use carddesk_data::inquiry::Reference;
use carddesk_data::{Actor, Book, OpError};
use carddesk_model::reads::{JournalEntry, Read};
use carddesk_model::text::Why;
use serde_json::{Map, Value};

/// Runs the read `kind` with its fields (the envelope already taken out). ID-document
/// numbers are masked unless `may_see_ids`.
pub fn read(
    book: &mut Book,
    actor: &Actor,
    may_see_ids: bool,
    kind: &str,
    fields: Map<String, Value>,
) -> Result<Value, OpError> {
    let request = crate::op_kinds::read(kind, fields).unwrap_or_else(|| {
        Err(OpError::invalid(
            "op",
            Why::NoSuchOp {
                kind: kind.to_string(),
            },
        ))
    })?;
    let mut result = match request {
        Read::QuoteCheckout(checkout) => {
            serde_json::to_value(book.quote_checkout(actor, &checkout)?)?
        }
        Read::FindMember(r) => serde_json::to_value(book.find_or_fetch(&r.query)?)?,
        Read::ShowMember(r) => {
            let member = book
                .member(&r.member_no)?
                .ok_or(OpError::UnknownMember(r.member_no))?;
            serde_json::to_value(member)?
        }
        Read::ShiftReport(_) => serde_json::to_value(book.current_shift()?)?,
        Read::DayReport(r) => {
            let outlet = r.outlet.unwrap_or_else(|| book.terminal().outlet.clone());
            let day = r
                .day
                .unwrap_or_else(|| book.terminal().rules.business_day(book.now()));
            serde_json::to_value(book.day_report(&outlet, day)?)?
        }
        Read::Account(r) => {
            book.member(&r.member_no)?
                .ok_or_else(|| OpError::UnknownMember(r.member_no.clone()))?;
            serde_json::to_value(book.account(&r.member_no)?)?
        }
        Read::MemberStatement(r) => {
            serde_json::to_value(book.member_statement(&r.member_no, r.from, r.to)?)?
        }
        Read::FindEntries(r) => {
            let reference = match (&r.bill_ref, &r.folio_ref) {
                (Some(b), None) => Reference::Bill(b),
                (None, Some(f)) => Reference::Folio(f),
                (Some(_), Some(_)) => return Err(OpError::invalid("folio_ref", Why::BillAndFolio)),
                (None, None) => return Err(OpError::invalid("bill_ref", Why::BillOrFolio)),
            };
            serde_json::to_value(book.find_entries(reference)?)?
        }
        Read::CompanyStanding(r) => serde_json::to_value(book.company_standing(&r.member_no)?)?,
        Read::CompanyStatement(r) => {
            serde_json::to_value(book.company_statement(&r.member_no, r.from, r.to)?)?
        }
        Read::CouponStatus(r) => serde_json::to_value(book.coupon_status(&r.code)?)?,
        Read::PreviewCouponsBulk(r) => serde_json::to_value(book.preview_coupons_bulk(actor, &r)?)?,
        Read::CommissionReport(r) => {
            let from = r
                .from
                .unwrap_or_else(|| book.terminal().rules.business_day(book.now()));
            let to = r.to.unwrap_or(from);
            if to < from {
                return Err(OpError::invalid("to", Why::ToBeforeFrom));
            }
            let w = carddesk_data::analytics::Window {
                from,
                to,
                outlet: r.outlet,
            };
            serde_json::to_value(book.commission_report(&w, r.operator.as_deref())?)?
        }
        Read::MemberJournal(r) => {
            let lines = book
                .recent_entries(&r.member_no, 100)?
                .into_iter()
                .map(|e| {
                    Ok(JournalEntry {
                        entry_id: e.id(),
                        kind: e.kind,
                        hlc: e.hlc,
                        body: e.parsed_body()?,
                        operator: e.header.operator,
                        outlet: e.header.outlet,
                        reversal_of: e.header.reversal_of,
                    })
                })
                .collect::<Result<Vec<_>, OpError>>()?;
            serde_json::to_value(lines)?
        }
    };
    if !may_see_ids {
        crate::redact::id_docs(&mut result);
    }
    Ok(result)
}
