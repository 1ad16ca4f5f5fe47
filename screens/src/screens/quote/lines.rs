//! What a quote or preview says, in the operator's language: the entry's own lines
//! (what is sold, used, issued, reversed; the shift's cash) and every balance that
//! moves, before → after. Read straight from the book's quote and preview.

use carddesk_model::effects::Effect;
use carddesk_model::{CheckoutQuote, EntryBody, Lang, Preview};
use rust_decimal::Decimal;

use crate::i18n::{self, QuoteLabel as L, Tx};
use crate::model::Quote;

/// A quote as text: labelled values, then labelled balances before and after.
#[derive(Default)]
pub struct QuoteText {
    pub lines: Vec<(&'static str, String)>,
    pub balances: Vec<(&'static str, String, String)>,
    /// The member's payment PIN is needed for this amount.
    pub pin_required: bool,
}

/// A quote's text as it is written, in one language.
struct Build {
    lang: Lang,
    out: QuoteText,
}

impl Build {
    fn line(&mut self, label: L, value: impl Into<String>) {
        let label = i18n::quote_label(label, self.lang);
        self.out.lines.push((label, value.into()));
    }

    fn money(&mut self, label: L, d: Decimal) {
        self.line(label, i18n::money(d));
    }

    fn count(&mut self, label: L, n: i64) {
        self.line(label, n.to_string());
    }

    fn change(&mut self, label: L, before: String, after: String) {
        let label = i18n::balance_label(label, self.lang);
        self.out.balances.push((label, before, after));
    }

    fn money_change(&mut self, label: L, before: Decimal, after: Decimal) {
        self.change(label, i18n::money(before), i18n::money(after));
    }

    fn count_change(&mut self, label: L, before: i64, after: i64) {
        self.change(label, before.to_string(), after.to_string());
    }

    /// The reason and the supervisor of a privileged step.
    fn why(&mut self, reason: &str, approved_by: &str) {
        self.line(L::Reason, reason);
        self.line(L::ApprovedBy, approved_by);
    }
}

pub fn text(q: &Quote, lang: Lang) -> QuoteText {
    let mut t = Build {
        lang,
        out: QuoteText::default(),
    };
    match q {
        Quote::Checkout(c) => checkout(&mut t, c),
        Quote::Preview(p) => preview(&mut t, p),
    }
    t.out
}

fn checkout(t: &mut Build, q: &CheckoutQuote) {
    let l = &q.lines;
    t.money(L::Bill, l.bill);
    if !l.tier_discount.is_zero() {
        t.money(L::TierDiscount, -l.tier_discount);
    }
    for o in &l.occasions {
        let value = i18n::occasion(&o.name, o.discount, o.earn_multiplier, t.lang);
        t.line(L::Occasion, value);
    }
    if l.coupon.is_some() || !l.coupon_off.is_zero() {
        t.money(L::Coupon, -l.coupon_off);
    }
    if l.points_used != 0 {
        t.count(L::PointsUsed, l.points_used);
        t.money(L::PointsOffset, -l.points_off);
    }
    t.money(L::Principal, l.principal_paid);
    t.money(L::Bonus, l.bonus_paid);
    t.money(L::TenderDue, l.tender_paid);
    match &l.earn_brackets {
        None => t.count(L::PointsEarned, l.points_earned),
        Some(eb) => {
            // Spend brackets (消费多级积分): how the own money was weighed, part by part
            // (x, not ×: ASCII mode draws it too).
            let parts: Vec<String> = eb
                .parts
                .iter()
                .map(|b| format!("{}x{}", i18n::money(b.amount), b.multiplier.normalize()))
                .collect();
            let value = format!("{} ({})", l.points_earned, parts.join(" + "));
            t.line(L::PointsEarned, value);
        }
    }
    if !l.coupons_issued.is_empty() {
        t.line(L::CouponsIssued, l.coupons_issued.join(","));
    }
    t.money_change(L::Principal, q.before.principal, q.after.principal);
    t.money_change(L::Bonus, q.before.bonus, q.after.bonus);
    t.count_change(L::Points, q.before.points, q.after.points);
    t.out.pin_required = q.pin_needed;
}

fn preview(t: &mut Build, p: &Preview) {
    entry_lines(t, &p.detail);
    let (b, a) = (&p.before, &p.after);
    if a.member_no.is_empty() {
        return;
    }
    t.money_change(L::Principal, b.principal, a.principal);
    t.money_change(L::Bonus, b.bonus, a.bonus);
    t.count_change(L::Points, b.points, a.points);
    // Member debt (欠款): a settlement or a top-up that repays it.
    if !b.debt.is_zero() || !a.debt.is_zero() {
        t.money_change(L::Debt, b.debt, a.debt);
    }
    // What a company owes (挂账): a charge or a settlement.
    if !b.owed.is_zero() || !a.owed.is_zero() {
        t.money_change(L::Owed, b.owed, a.owed);
    }
    for card in &a.count_cards {
        let before = b.count_cards.iter().find(|c| c.card == card.card);
        let was = before.map_or(0, |c| c.remaining);
        if before.is_none() || was != card.remaining {
            t.count_change(L::CountCardLeft, was, card.remaining);
        }
    }
    if a.coupons.len() != b.coupons.len() {
        t.count_change(
            L::OpenCoupons,
            b.coupons.len() as i64,
            a.coupons.len() as i64,
        );
    }
}

/// The lines of the entry a posting would write.
fn entry_lines(t: &mut Build, body: &EntryBody) {
    let lang = t.lang;
    match body {
        EntryBody::ToppedUp { amount, bonus, .. } => {
            t.money(L::TopUpAmount, *amount);
            t.money(L::TopUpBonus, *bonus);
        }
        EntryBody::StayPosted {
            nights,
            room_revenue,
            points,
            booker,
            booker_points,
            ..
        } => {
            t.count(L::Nights, i64::from(*nights));
            t.money(L::RoomRevenue, *room_revenue);
            t.count(L::PointsEarned, *points);
            if let Some(b) = booker {
                t.line(L::Booker, b);
                t.count(L::BookerPoints, *booker_points);
            }
        }
        EntryBody::NoShowPosted {
            nights,
            folio_ref,
            points,
            ..
        } => {
            t.count(L::Nights, i64::from(*nights));
            t.line(L::Booking, folio_ref);
            t.count(L::PointsDeducted, *points);
        }
        EntryBody::CountCardSold { package, price, .. } => {
            t.line(L::Package, package);
            t.money(L::Price, *price);
        }
        EntryBody::CompanyCharged {
            amount, bill_ref, ..
        } => {
            t.money(L::Amount, *amount);
            t.line(L::BillRef, bill_ref);
        }
        EntryBody::CompanySettled {
            amount,
            tender,
            note,
            approved_by,
            ..
        } => {
            t.money(L::Amount, *amount);
            t.line(L::Tender, i18n::tender(*tender, lang));
            if !note.is_empty() {
                t.line(L::PayNote, note);
            }
            t.line(L::ApprovedBy, approved_by);
        }
        EntryBody::CompanyLinked { company } | EntryBody::CompanyUnlinked { company } => {
            t.line(L::Company, company);
        }
        EntryBody::CompanyOpened {
            credit_limit,
            approved_by,
        } => {
            t.money(L::CreditLimit, *credit_limit);
            t.line(L::ApprovedBy, approved_by);
        }
        EntryBody::CardSold { tier, fee, .. } => {
            t.line(L::CardTier, tier);
            t.money(L::Price, *fee);
        }
        EntryBody::CountCardUsed { card, uses, .. } => {
            t.line(L::CountCardLeft, card);
            t.count(L::Uses, *uses);
        }
        EntryBody::CouponIssued {
            template,
            reason,
            approved_by,
            effects,
        } => {
            t.line(L::Template, template);
            for e in effects {
                if let Effect::CouponIssued { code, .. } = e {
                    t.line(L::CouponCode, code);
                }
            }
            t.why(reason, approved_by);
        }
        EntryBody::CouponRedeemed { code, .. } => t.line(L::CouponCode, code),
        EntryBody::CouponVoided {
            code,
            reason,
            approved_by,
            ..
        } => {
            t.line(L::CouponCode, code);
            t.why(reason, approved_by);
        }
        EntryBody::Reversed {
            original_kind,
            reason,
            approved_by,
            negative_balance,
            ..
        } => {
            t.line(L::Reverses, i18n::entry_kind(original_kind, lang));
            t.why(reason, approved_by);
            if *negative_balance {
                t.line(L::NegativeBalance, "!");
            }
        }
        EntryBody::PointsAdjusted {
            points,
            reason,
            approved_by,
            ..
        } => {
            t.count(L::Points, *points);
            t.why(reason, approved_by);
        }
        EntryBody::StoredValueRefunded {
            amount,
            reason,
            approved_by,
            ..
        } => {
            t.money(L::Amount, *amount);
            t.why(reason, approved_by);
        }
        EntryBody::GiftRedeemed { gift, points, .. } => {
            t.line(L::Gift, gift);
            t.count(L::PointsUsed, *points);
        }
        EntryBody::PointsConverted { points, into, .. } => {
            let into = if into == "stored_value" {
                Tx::IntoStoredValue.get(lang).to_string()
            } else {
                into.clone()
            };
            t.line(L::Into, into);
            t.count(L::PointsUsed, *points);
        }
        EntryBody::TierChanged {
            from, to, points, ..
        } => {
            t.line(L::Tier, format!("{from} → {to}"));
            if *points > 0 {
                t.count(L::PointsUsed, *points);
            }
        }
        EntryBody::ConflictSettled {
            conflict_id,
            resolution,
            amount,
            tender,
            note,
            approved_by,
            ..
        } => {
            t.line(L::Conflict, conflict_id);
            t.line(L::Resolution, i18n::resolution(resolution.as_str(), lang));
            t.money(L::Amount, *amount);
            if let Some(tender) = tender {
                t.line(L::Tender, i18n::tender(*tender, lang));
            }
            t.line(L::Note, note);
            t.line(L::ApprovedBy, approved_by);
        }
        EntryBody::MemberFrozen { reason, .. } | EntryBody::MemberUnfrozen { reason, .. } => {
            t.line(L::Reason, reason);
        }
        EntryBody::ShiftOpened { float } => t.money(L::Float, *float),
        EntryBody::ShiftClosed { report, .. } => {
            t.money(L::Float, report.float);
            t.money(L::ExpectedCash, report.expected_cash);
            if let Some(c) = report.counted_cash {
                t.money(L::CountedCash, c);
            }
            if let Some(d) = report.over_short {
                t.money(L::OverShort, d);
            }
        }
        EntryBody::OperatorAdded {
            operator_id, role, ..
        } => {
            t.line(L::Operator, operator_id);
            t.line(L::Role, i18n::role(*role, lang));
        }
        EntryBody::OperatorActiveSet {
            operator_id,
            active,
        } => {
            t.line(L::Operator, operator_id);
            t.line(L::Status, i18n::operator_status(*active, lang));
        }
        // A new PIN is never shown: the line only says one is set.
        EntryBody::OperatorPinChanged { operator_id, .. } => {
            t.line(L::Operator, operator_id);
            t.line(L::Pin, "****");
        }
        _ => {}
    }
}
