//! Birthdays and member days at checkout (生日礼遇, 会员日): each occasion that applies
//! to the member here and now takes its percent off the bill after the tier discount
//! and multiplies the points earned; the lines name each one (the quote shows them,
//! the posting records the same lines).

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

use crate::lookup::Member;
use crate::money::two_places;
use crate::receipt::OccasionLine;
use crate::rules::Rules;

pub(crate) struct Applied {
    pub lines: Vec<OccasionLine>,
    /// What the occasions took off, together.
    pub discount: Decimal,
    /// Their multipliers, multiplied.
    pub multiplier: Decimal,
}

/// The member's birthday as stored (a date, or nothing).
pub(crate) fn birthday_of(m: &Member) -> Option<NaiveDate> {
    m.birthday
        .as_deref()
        .and_then(|b| NaiveDate::parse_from_str(b, "%Y-%m-%d").ok())
}

/// The occasions of `m` at `outlet` at local time `at`, on `due` (the bill after the
/// tier discount). Discounts never take more than is due.
pub(crate) fn apply(
    rules: &Rules,
    m: &Member,
    outlet: &str,
    at: NaiveDateTime,
    due: Decimal,
) -> Applied {
    let mut applied = Applied {
        lines: Vec::new(),
        discount: Decimal::ZERO,
        multiplier: Decimal::ONE,
    };
    for o in rules.occasions(&m.tier, birthday_of(m), outlet, at) {
        let off = rules
            .round(due * o.perk.discount_percent / Decimal::ONE_HUNDRED)
            .min(due - applied.discount)
            .max(Decimal::ZERO);
        applied.discount += off;
        applied.multiplier *= o.perk.earn_multiplier;
        applied.lines.push(OccasionLine {
            name: o.name,
            discount: two_places(off),
            earn_multiplier: o.perk.earn_multiplier,
        });
    }
    applied
}
