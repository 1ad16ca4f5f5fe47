//! Between the screens' view models and the data crate's requests and records.

use carddesk_data::account::Account;
use carddesk_data::hlc;
use carddesk_data::journal::Entry;
use carddesk_data::ops::{StayPosting, TopUp};
use carddesk_data::{Checkout, CheckoutQuote, Request};
use carddesk_screens::{
    AccountView, Amount, BalanceChange, CountCardLine, CouponLine, JournalLine, Op, QuoteLabel,
    QuoteLine, QuoteView, Tender,
};
use chrono::TimeZone;

pub fn line(label: QuoteLabel, value: Amount) -> QuoteLine {
    QuoteLine { label, value }
}

pub fn change(label: QuoteLabel, before: Amount, after: Amount) -> BalanceChange {
    BalanceChange {
        label,
        before,
        after,
    }
}

fn tender(t: Tender) -> carddesk_data::Tender {
    match t {
        Tender::Cash => carddesk_data::Tender::Cash,
        Tender::BankCard => carddesk_data::Tender::BankCard,
        Tender::Other => carddesk_data::Tender::Other,
    }
}

/// The counter's form as the book's request.
pub fn request(op: &Op) -> Request {
    match op {
        Op::Member(r) => r.clone(),
        Op::TopUp {
            member_no,
            amount,
            tender: t,
        } => Request::TopUp(TopUp {
            member_no: member_no.clone(),
            amount: *amount,
            tender: tender(*t),
        }),
        Op::Checkout(c) => Request::Checkout(Checkout {
            member_no: c.member_no.clone(),
            bill: c.bill,
            bill_ref: c.bill_ref.clone(),
            coupons: c.coupon_code.iter().cloned().collect(),
            use_points: c.use_points,
            use_stored_value: c.use_stored_value,
            tender: tender(c.tender),
            pin: c.pin.clone(),
        }),
        Op::PostStay {
            member_no,
            nights,
            room_revenue,
            folio_ref,
        } => Request::PostStay(StayPosting {
            member_no: member_no.clone(),
            nights: *nights,
            room_revenue: *room_revenue,
            folio_ref: folio_ref.clone(),
        }),
    }
}

pub fn member_of(op: &Op) -> Option<String> {
    match op {
        Op::TopUp { member_no, .. } | Op::PostStay { member_no, .. } => Some(member_no.clone()),
        Op::Checkout(c) => Some(c.member_no.clone()),
        Op::Member(_) => None,
    }
}

pub fn checkout_quote(q: &CheckoutQuote) -> QuoteView {
    let l = &q.lines;
    let mut lines = vec![line(QuoteLabel::Bill, Amount::Money(l.bill))];
    if !l.tier_discount.is_zero() {
        lines.push(line(
            QuoteLabel::TierDiscount,
            Amount::Money(-l.tier_discount),
        ));
    }
    if l.coupon.is_some() || !l.coupon_off.is_zero() {
        lines.push(line(QuoteLabel::Coupon, Amount::Money(-l.coupon_off)));
    }
    if l.points_used != 0 {
        lines.push(line(QuoteLabel::PointsUsed, Amount::Points(l.points_used)));
        lines.push(line(QuoteLabel::PointsOffset, Amount::Money(-l.points_off)));
    }
    lines.push(line(QuoteLabel::Principal, Amount::Money(l.principal_paid)));
    lines.push(line(QuoteLabel::Bonus, Amount::Money(l.bonus_paid)));
    lines.push(line(QuoteLabel::TenderDue, Amount::Money(l.tender_paid)));
    lines.push(line(
        QuoteLabel::PointsEarned,
        Amount::Points(l.points_earned),
    ));
    if !l.coupons_issued.is_empty() {
        lines.push(line(
            QuoteLabel::CouponsIssued,
            Amount::Text(l.coupons_issued.join(",")),
        ));
    }
    QuoteView {
        lines,
        balances: vec![
            change(
                QuoteLabel::Principal,
                Amount::Money(q.before.principal),
                Amount::Money(q.after.principal),
            ),
            change(
                QuoteLabel::Bonus,
                Amount::Money(q.before.bonus),
                Amount::Money(q.after.bonus),
            ),
            change(
                QuoteLabel::Points,
                Amount::Points(q.before.points),
                Amount::Points(q.after.points),
            ),
        ],
        pin_required: q.pin_needed,
    }
}

pub fn account_view(a: &Account) -> AccountView {
    AccountView {
        points: a.points,
        principal: a.principal,
        bonus: a.bonus,
        count_cards: a
            .count_cards
            .iter()
            .filter(|c| c.status == "active")
            .map(|c| CountCardLine {
                card_id: c.card.clone(),
                package: c.package.clone(),
                remaining: u32::try_from(c.remaining).unwrap_or(0),
                total: u32::try_from(c.uses).unwrap_or(0),
                valid_to: c.valid_to.to_string(),
            })
            .collect(),
        coupons: a
            .coupons
            .iter()
            .map(|c| CouponLine {
                code: c.code.clone(),
                title: c.template.clone(),
                valid_to: c.valid_to.to_string(),
            })
            .collect(),
    }
}

/// Local time for display; the screens never read the clock or the time zone.
fn local_time(hlc_value: i64) -> String {
    match chrono::Local.timestamp_millis_opt(hlc::millis(hlc_value)) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            t.format("%Y-%m-%d %H:%M").to_string()
        }
        chrono::LocalResult::None => "-".into(),
    }
}

pub fn journal_line(e: &Entry) -> JournalLine {
    JournalLine {
        entry_id: e.id(),
        at: local_time(e.hlc),
        kind: e.kind.clone(),
        operator: e.header.operator.clone(),
        outlet: e.header.outlet.clone(),
        member_no: e.header.member_no.clone(),
        reversal_of: e.header.reversal_of.clone(),
        body: e.body.clone(),
    }
}
