//! What a checkout form adds to the money forms: the member's open coupons, picked with
//! a key instead of scanned or typed, and the cash the guest hands over with the change
//! due. The cash received is not part of the request: typing it keeps the quote.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::context::Shared;
use crate::model::{Quote, Tender};

/// The member's open coupons (code, template), if the member on the counter is `member_no`.
fn open_coupons<'s>(sh: &'s Shared, member_no: &str) -> Vec<(&'s str, &'s str)> {
    sh.member
        .as_ref()
        .filter(|v| v.member.member_no == member_no)
        .map(|v| {
            v.account
                .coupons
                .iter()
                .map(|c| (c.code.as_str(), c.template.as_str()))
                .collect()
        })
        .unwrap_or_default()
}

/// The coupon after `current` in the member's list: the first when `current` is none of
/// them, and none (an empty field) after the last.
pub fn next_coupon(sh: &Shared, member_no: &str, current: &str) -> String {
    let codes = open_coupons(sh, member_no);
    let at = codes.iter().position(|(c, _)| *c == current.trim());
    let next = match at {
        Some(i) => codes.get(i + 1),
        None => codes.first(),
    };
    next.map(|(c, _)| c.to_string()).unwrap_or_default()
}

/// The coupon line: the picked coupon's name and its place in the member's list
/// ("20元代金券 1/2"), or how many the member has and the key that picks ("2 (F7)").
pub fn coupon_line(sh: &Shared, member_no: &str, current: &str) -> String {
    let codes = open_coupons(sh, member_no);
    let at = codes.iter().position(|(c, _)| *c == current.trim());
    match at {
        Some(i) => {
            let template = codes[i].1;
            let name = sh
                .opts
                .catalog
                .coupon_templates
                .iter()
                .find(|t| t.id == template)
                .map_or(template, |t| t.name.as_str());
            format!("{name} {}/{}", i + 1, codes.len())
        }
        None => format!("{} (F7)", codes.len()),
    }
}

/// The change due on a cash checkout once a quote says what the cash pays: received
/// minus that (negative: the guest handed over too little).
pub fn change(quote: Option<&Quote>, tender: Tender, received: &str) -> Option<Decimal> {
    let Some(Quote::Checkout(q)) = quote else {
        return None;
    };
    if tender != Tender::Cash {
        return None;
    }
    let got = Decimal::from_str(received.trim())
        .ok()
        .filter(|d| *d >= Decimal::ZERO && d.scale() <= 2)?;
    Some(got - q.lines.tender_paid)
}
