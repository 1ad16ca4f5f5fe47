//! The book's integrator reads: a member's statement, entries by bill or folio
//! reference, and a coupon's status (see [`crate::inquiry`]).

use chrono::NaiveDate;

use super::Book;
use crate::error::OpError;
use crate::inquiry::{
    self, CompanyStanding, CompanyStatement, CouponStatus, FoundEntry, Reference, Statement,
};

impl Book {
    /// Where a member stands in corporate accounts (协议单位); an unknown number is refused.
    pub fn company_standing(&self, member_no: &str) -> Result<CompanyStanding, OpError> {
        let member_no = member_no.trim();
        if self.member(member_no)?.is_none() {
            return Err(OpError::UnknownMember(member_no.to_string()));
        }
        crate::company_statement::standing(&self.conn, member_no)
    }

    /// The statement of a company's account; a member not opened as a company is refused.
    pub fn company_statement(
        &self,
        member_no: &str,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<CompanyStatement, OpError> {
        let member_no = member_no.trim();
        if self.member(member_no)?.is_none() {
            return Err(OpError::UnknownMember(member_no.to_string()));
        }
        crate::company_statement::statement(&self.conn, &self.terminal.rules, member_no, from, to)
    }

    /// The statement of a member who exists; an unknown number is refused.
    pub fn member_statement(
        &self,
        member_no: &str,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Statement, OpError> {
        let member_no = member_no.trim();
        if self.member(member_no)?.is_none() {
            return Err(OpError::UnknownMember(member_no.to_string()));
        }
        inquiry::statement(&self.conn, &self.terminal.rules, member_no, from, to)
    }

    pub fn find_entries(&self, reference: Reference) -> Result<Vec<FoundEntry>, OpError> {
        inquiry::find_entries(&self.conn, &self.terminal.rules, reference)
    }

    /// Where the coupon stands today (the chain's local date).
    pub fn coupon_status(&self, code: &str) -> Result<CouponStatus, OpError> {
        let rules = &self.terminal.rules;
        let today = rules.business_day(self.now());
        inquiry::coupon_status(&self.conn, rules, code, today)
    }
}
