//! The reads an integrator reconciles with: a member's statement with running balances,
//! the entries that carry a bill or folio reference, and where a coupon stands.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

use crate::analytics::BalancesAfter;
use crate::effects::Effect;
use crate::error::OpError;
use crate::journal::Entry;
use crate::kind::EntryKind;
use crate::money::two_places;
use crate::rules::CouponValue;

/// What one entry did to the member's stored value and points.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
pub struct Amounts {
    pub principal: Decimal,
    pub bonus: Decimal,
    pub points: i64,
}

impl Amounts {
    /// What `e` moved, from its recorded effects.
    pub fn of(e: &Entry) -> Result<Amounts, OpError> {
        let mut a = Amounts::default();
        for effect in e.parsed_body()?.effects() {
            match effect {
                Effect::Principal { delta } => a.principal += delta,
                Effect::Bonus { delta } => a.bonus += delta,
                Effect::LotEarned { points, .. } => a.points += points,
                Effect::LotDrawn { points, .. } => a.points -= points,
                _ => {}
            }
        }
        a.principal = two_places(a.principal);
        a.bonus = two_places(a.bonus);
        Ok(a)
    }

    /// `b` after this entry.
    pub fn add_to(&self, b: &mut BalancesAfter) {
        b.principal = two_places(b.principal + self.principal);
        b.bonus = two_places(b.bonus + self.bonus);
        b.points += self.points;
    }
}

/// One line of a statement.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct StatementLine {
    pub entry_id: String,
    pub kind: EntryKind,
    /// Local time of the chain, RFC 3339 with its offset.
    pub time: String,
    pub amounts: Amounts,
    /// The balances right after this entry.
    pub balance: BalancesAfter,
    /// The entry this one reverses, for a reversal.
    pub reversal_of: Option<String>,
}

/// A member's entries over local business days `from` to `to` (inclusive; None: open).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Statement {
    pub member_no: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub opening: BalancesAfter,
    pub closing: BalancesAfter,
    pub entries: Vec<StatementLine>,
}

/// An entry found by its bill or folio reference.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FoundEntry {
    pub entry_id: String,
    pub member_no: Option<String>,
    pub kind: EntryKind,
    pub time: String,
    pub amounts: Amounts,
    pub reversed: bool,
    /// The reversal's entry id when `reversed`.
    pub reversed_by: Option<String>,
}

/// Where a coupon stands.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CouponStatus {
    pub code: String,
    pub template: String,
    /// The template's name and value as the rules say now; None if the template was
    /// since removed from the rules.
    pub name: Option<String>,
    pub value: Option<CouponValue>,
    /// open, redeemed, voided or expired (open but past its last valid day).
    pub state: &'static str,
    pub member_no: Option<String>,
    pub issued_entry: String,
    pub redeemed_entry: Option<String>,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
}

/// A member's place in corporate accounts (协议单位): a company's credit limit and what
/// it owes, or the company a personal member is under.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
pub struct CompanyStanding {
    pub member_no: String,
    /// Set when the member is opened as a company: the most it may owe.
    pub credit_limit: Option<Decimal>,
    /// What the company owes on its account (挂账).
    pub owed: Decimal,
    /// The company this member is under, for a personal member.
    pub company: Option<String>,
}

/// One charge or payment on a company's account.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CompanyStatementLine {
    pub entry_id: String,
    pub kind: EntryKind,
    /// Local time of the chain, RFC 3339 with its offset.
    pub time: String,
    /// The bill charged, for a charge.
    pub bill_ref: Option<String>,
    /// The member under the company who charged it (None: the company itself).
    pub member: Option<String>,
    /// What this entry added to what is owed (a charge; a reversed payment).
    pub charged: Decimal,
    /// What it took off (a payment; a reversed charge).
    pub paid: Decimal,
    /// What the company owes right after this entry.
    pub owed: Decimal,
    /// The entry this one reverses, for a reversal.
    pub reversal_of: Option<String>,
}

/// A company's account over local business days `from` to `to` (inclusive; None: open).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct CompanyStatement {
    pub member_no: String,
    pub credit_limit: Decimal,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// What was owed before `from`.
    pub opening: Decimal,
    /// What was owed after `to`.
    pub closing: Decimal,
    pub lines: Vec<CompanyStatementLine>,
}
