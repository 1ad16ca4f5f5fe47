//! Between the screens' view models and the data crate's requests and records.

use carddesk_data::account::Account;
use carddesk_data::conflict::ConflictView;
use carddesk_data::hlc;
use carddesk_data::journal::Entry;
use carddesk_data::ops::{StayPosting, TopUp};
use carddesk_data::{Checkout, CheckoutQuote, EntryBody, Preview, Request};
use carddesk_screens::{
    AccountView, Amount, BalanceChange, ConflictLine, CountCardLine, CouponLine, JournalLine, Op,
    QuoteLabel, QuoteLine, QuoteView,
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
            tender: *t,
        }),
        Op::Checkout(c) => Request::Checkout(Checkout {
            member_no: c.member_no.clone(),
            bill: c.bill,
            bill_ref: c.bill_ref.clone(),
            coupons: c.coupon_code.iter().cloned().collect(),
            use_points: c.use_points,
            use_stored_value: c.use_stored_value,
            tender: c.tender,
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

/// The HLC of local midnight starting `day` (the journal browser's date filters).
pub fn hlc_of_day(day: chrono::NaiveDate) -> Option<i64> {
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    match chrono::Local.from_local_datetime(&midnight) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            Some(t.timestamp_millis() << hlc::LOGICAL_BITS)
        }
        chrono::LocalResult::None => None,
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
        debt: a.debt,
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

/// A conflict for the conflicts screen, its time as local text.
pub fn conflict_line(c: ConflictView) -> ConflictLine {
    ConflictLine {
        raised_at: local_time(c.raised_hlc),
        conflict: c,
    }
}

pub fn journal_line(e: &Entry) -> JournalLine {
    JournalLine {
        entry_id: e.id(),
        hlc: e.hlc,
        at: local_time(e.hlc),
        kind: e.kind.to_string(),
        operator: e.header.operator.clone(),
        outlet: e.header.outlet.clone(),
        member_no: e.header.member_no.clone(),
        reversal_of: e.header.reversal_of.clone(),
        offline: e.header.offline,
        body: crate::redact::body(&e.body),
    }
}

/// What a request would do, from [`Book::preview`](carddesk_data::Book::preview): the
/// entry's own lines (what is sold, used, issued, reversed; the shift's cash) and every
/// balance that moves, before → after.
pub fn preview_quote(p: &Preview) -> QuoteView {
    use carddesk_data::effects::Effect;
    let mut lines = Vec::new();
    let text = |s: &str| Amount::Text(s.to_string());
    match &p.detail {
        EntryBody::ToppedUp { amount, bonus, .. } => {
            lines.push(line(QuoteLabel::TopUpAmount, Amount::Money(*amount)));
            lines.push(line(QuoteLabel::TopUpBonus, Amount::Money(*bonus)));
        }
        EntryBody::StayPosted {
            nights,
            room_revenue,
            points,
            ..
        } => {
            lines.push(line(QuoteLabel::Nights, Amount::Count(i64::from(*nights))));
            lines.push(line(QuoteLabel::RoomRevenue, Amount::Money(*room_revenue)));
            lines.push(line(QuoteLabel::PointsEarned, Amount::Points(*points)));
        }
        EntryBody::CountCardSold { package, price, .. } => {
            lines.push(line(QuoteLabel::Package, text(package)));
            lines.push(line(QuoteLabel::Price, Amount::Money(*price)));
        }
        EntryBody::CountCardUsed { card, uses, .. } => {
            lines.push(line(QuoteLabel::CountCardLeft, text(card)));
            lines.push(line(QuoteLabel::Uses, Amount::Count(*uses)));
        }
        EntryBody::CouponIssued {
            template,
            reason,
            approved_by,
            effects,
        } => {
            lines.push(line(QuoteLabel::Template, text(template)));
            for e in effects {
                if let Effect::CouponIssued { code, .. } = e {
                    lines.push(line(QuoteLabel::CouponCode, text(code)));
                }
            }
            lines.push(line(QuoteLabel::Reason, text(reason)));
            lines.push(line(QuoteLabel::ApprovedBy, text(approved_by)));
        }
        EntryBody::CouponRedeemed { code, .. } => {
            lines.push(line(QuoteLabel::CouponCode, text(code)));
        }
        EntryBody::CouponVoided {
            code,
            reason,
            approved_by,
            ..
        } => {
            lines.push(line(QuoteLabel::CouponCode, text(code)));
            lines.push(line(QuoteLabel::Reason, text(reason)));
            lines.push(line(QuoteLabel::ApprovedBy, text(approved_by)));
        }
        EntryBody::Reversed {
            original_kind,
            reason,
            approved_by,
            negative_balance,
            ..
        } => {
            lines.push(line(QuoteLabel::Reverses, text(original_kind)));
            lines.push(line(QuoteLabel::Reason, text(reason)));
            lines.push(line(QuoteLabel::ApprovedBy, text(approved_by)));
            if *negative_balance {
                lines.push(line(QuoteLabel::NegativeBalance, text("!")));
            }
        }
        EntryBody::PointsAdjusted {
            points,
            reason,
            approved_by,
            ..
        } => {
            lines.push(line(QuoteLabel::Points, Amount::Points(*points)));
            lines.push(line(QuoteLabel::Reason, text(reason)));
            lines.push(line(QuoteLabel::ApprovedBy, text(approved_by)));
        }
        EntryBody::StoredValueRefunded {
            amount,
            reason,
            approved_by,
            ..
        } => {
            lines.push(line(QuoteLabel::Amount, Amount::Money(*amount)));
            lines.push(line(QuoteLabel::Reason, text(reason)));
            lines.push(line(QuoteLabel::ApprovedBy, text(approved_by)));
        }
        EntryBody::GiftRedeemed { gift, points, .. } => {
            lines.push(line(QuoteLabel::Gift, text(gift)));
            lines.push(line(QuoteLabel::PointsUsed, Amount::Points(*points)));
        }
        EntryBody::PointsConverted { points, into, .. } => {
            lines.push(line(QuoteLabel::Into, text(into)));
            lines.push(line(QuoteLabel::PointsUsed, Amount::Points(*points)));
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
            lines.push(line(QuoteLabel::Conflict, text(conflict_id)));
            lines.push(line(QuoteLabel::Resolution, text(resolution.as_str())));
            lines.push(line(QuoteLabel::Amount, Amount::Money(*amount)));
            if let Some(t) = tender {
                lines.push(line(QuoteLabel::Tender, text(t.as_str())));
            }
            lines.push(line(QuoteLabel::Note, text(note)));
            lines.push(line(QuoteLabel::ApprovedBy, text(approved_by)));
        }
        EntryBody::MemberFrozen { reason, .. } | EntryBody::MemberUnfrozen { reason, .. } => {
            lines.push(line(QuoteLabel::Reason, text(reason)));
        }
        EntryBody::ShiftOpened { float } => {
            lines.push(line(QuoteLabel::Float, Amount::Money(*float)));
        }
        EntryBody::ShiftClosed { report, .. } => {
            lines.push(line(QuoteLabel::Float, Amount::Money(report.float)));
            lines.push(line(
                QuoteLabel::ExpectedCash,
                Amount::Money(report.expected_cash),
            ));
            if let Some(c) = report.counted_cash {
                lines.push(line(QuoteLabel::CountedCash, Amount::Money(c)));
            }
            if let Some(d) = report.over_short {
                lines.push(line(QuoteLabel::OverShort, Amount::Money(d)));
            }
        }
        EntryBody::OperatorAdded {
            operator_id, role, ..
        } => {
            lines.push(line(QuoteLabel::Operator, text(operator_id)));
            lines.push(line(QuoteLabel::Role, text(role.as_str())));
        }
        EntryBody::OperatorActiveSet {
            operator_id,
            active,
        } => {
            lines.push(line(QuoteLabel::Operator, text(operator_id)));
            let state = if *active { "active" } else { "off" };
            lines.push(line(QuoteLabel::Status, text(state)));
        }
        // The PIN's hash never leaves the worker: the line only says a new one is set.
        EntryBody::OperatorPinChanged { operator_id, .. } => {
            lines.push(line(QuoteLabel::Operator, text(operator_id)));
            lines.push(line(QuoteLabel::Pin, text("****")));
        }
        _ => {}
    }
    let mut balances = Vec::new();
    let (b, a) = (&p.before, &p.after);
    if !a.member_no.is_empty() {
        balances.push(change(
            QuoteLabel::Principal,
            Amount::Money(b.principal),
            Amount::Money(a.principal),
        ));
        balances.push(change(
            QuoteLabel::Bonus,
            Amount::Money(b.bonus),
            Amount::Money(a.bonus),
        ));
        balances.push(change(
            QuoteLabel::Points,
            Amount::Points(b.points),
            Amount::Points(a.points),
        ));
        // Member debt (欠款): a settlement or a top-up that repays it.
        if !b.debt.is_zero() || !a.debt.is_zero() {
            balances.push(change(
                QuoteLabel::Debt,
                Amount::Money(b.debt),
                Amount::Money(a.debt),
            ));
        }
        for card in &a.count_cards {
            let before = b.count_cards.iter().find(|c| c.card == card.card);
            let was = before.map_or(0, |c| c.remaining);
            if before.is_none() || was != card.remaining {
                balances.push(change(
                    QuoteLabel::CountCardLeft,
                    Amount::Count(was),
                    Amount::Count(card.remaining),
                ));
            }
        }
        if a.coupons.len() != b.coupons.len() {
            balances.push(change(
                QuoteLabel::OpenCoupons,
                Amount::Count(b.coupons.len() as i64),
                Amount::Count(a.coupons.len() as i64),
            ));
        }
    }
    QuoteView {
        lines,
        balances,
        pin_required: false,
    }
}
