//! Coupons (优惠券): codes, issue, redemption checks, void. A code is 13 Crockford
//! base-32 characters of randomness (65 bits) and a mod-37 check character, so a
//! mistyped or misread code is told apart from an unknown one.

use carddesk_model::ops::{IssueCoupon, RedeemCoupon, VoidCoupon};
use carddesk_model::text::Why;
use chrono::NaiveDateTime;
use rust_decimal::Decimal;

use super::members::reason;
use super::{Ctx, Decision};
use crate::account::{self, CouponView};
use crate::effects::Effect;
use crate::entry::EntryBody;
use crate::error::{CouponRefusal, OpError, RuleItem};
use crate::permissions::Action;
use crate::rules::windows::Miss;
use crate::rules::{valid_until, CouponTemplate, CouponValue, Rules};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CHECK: &[u8; 37] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";
const RANDOM_CHARS: usize = 13;
pub const CODE_LEN: usize = RANDOM_CHARS + 1;

fn digit(c: u8) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        b'O' => b'0',
        b'I' | b'L' => b'1',
        c => c,
    };
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u8)
}

fn check_char(body: &[u8]) -> u8 {
    let rem = body
        .iter()
        .fold(0u32, |acc, &d| (acc * 32 + u32::from(d)) % 37);
    CHECK[rem as usize]
}

/// A code from fresh randomness (tests and look-alike checks; issued coupons use
/// [`derived_code`]).
pub fn new_code() -> String {
    let mut digits = [0u8; RANDOM_CHARS];
    for d in digits.iter_mut() {
        *d = rand::random_range(0..32u8);
    }
    with_check(&digits)
}

fn with_check(digits: &[u8; RANDOM_CHARS]) -> String {
    let mut code: String = digits
        .iter()
        .map(|&d| ALPHABET[d as usize] as char)
        .collect();
    code.push(check_char(digits) as char);
    code
}

/// The code of the `index`-th coupon a request issues: 65 bits of SHA-256 keyed with
/// the book's secret over the terminal, the request id and the index. The same request
/// always gets the same codes (its preview shows what it will issue); without the
/// secret they cannot be told in advance. Inputs are length-prefixed so no two
/// (terminal, op id, index) triples hash the same bytes.
pub fn derived_code(secret: &[u8], terminal: &str, op_id: &str, index: usize) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update((secret.len() as u64).to_be_bytes());
    h.update(secret);
    for part in [terminal.as_bytes(), op_id.as_bytes()] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part);
    }
    h.update((index as u64).to_be_bytes());
    let hash = h.finalize();
    // 13 five-bit digits from the first 65 bits.
    let bits = u128::from_be_bytes(hash[..16].try_into().unwrap_or([0; 16]));
    let mut digits = [0u8; RANDOM_CHARS];
    for (i, d) in digits.iter_mut().enumerate() {
        *d = ((bits >> (128 - 5 * (i + 1))) & 0x1F) as u8;
    }
    with_check(&digits)
}

/// The book's coupon-code secret (drawn by the schema migration that added it).
fn secret(ctx: &Ctx) -> Result<Vec<u8>, OpError> {
    Ok(ctx.conn.query_row(
        "SELECT value FROM book_secrets WHERE name = 'coupon_codes'",
        [],
        |r| r.get(0),
    )?)
}

/// The canonical form of a typed or scanned code (case, spaces, dashes and the
/// Crockford look-alikes O/I/L forgiven), or why it cannot be a coupon code.
pub fn normalize(input: &str) -> Result<String, CouponRefusal> {
    let raw: Vec<u8> = input
        .bytes()
        .filter(|b| !matches!(b, b' ' | b'-'))
        .collect();
    if raw.len() != CODE_LEN {
        return Err(CouponRefusal::Mistyped);
    }
    let (body, check) = raw.split_at(RANDOM_CHARS);
    let digits: Option<Vec<u8>> = body.iter().map(|&c| digit(c)).collect();
    let digits = digits.ok_or(CouponRefusal::Mistyped)?;
    let check = check[0].to_ascii_uppercase();
    if check_char(&digits) != check {
        return Err(CouponRefusal::Mistyped);
    }
    let mut code: String = digits
        .iter()
        .map(|&d| ALPHABET[d as usize] as char)
        .collect();
    code.push(check as char);
    Ok(code)
}

/// True when `input` is shaped like a coupon code (the scan router asks this).
pub fn looks_like_code(input: &str) -> bool {
    normalize(input).is_ok()
}

/// The `index`-th coupon the request issues (0 for the first).
pub(crate) fn issue_effect(ctx: &Ctx, t: &CouponTemplate, index: usize) -> Result<Effect, OpError> {
    let from = ctx.today();
    Ok(Effect::CouponIssued {
        code: derived_code(&secret(ctx)?, &ctx.terminal.id, ctx.op_id, index),
        template: t.id.clone(),
        valid_from: from,
        valid_to: valid_until(from, t.valid_days),
    })
}

pub(crate) fn issue(ctx: &Ctx, r: &IssueCoupon) -> Result<EntryBody, OpError> {
    let approved_by = ctx.authorize(Action::IssueCouponManually)?;
    ctx.active_member(&r.member_no)?;
    let t = ctx
        .rules()
        .coupon_template(&r.template)
        .ok_or_else(|| OpError::UnknownRule {
            what: RuleItem::CouponTemplate,
            id: r.template.clone(),
        })?;
    Ok(EntryBody::CouponIssued {
        template: t.id.clone(),
        reason: reason(&r.reason)?,
        approved_by,
        effects: vec![issue_effect(ctx, t, 0)?],
    })
}

/// A coupon found and open: checks existence, status and validity dates.
pub(crate) fn open_coupon(ctx: &Ctx, input: &str) -> Result<CouponView, OpError> {
    let refused = |code: &str, reason| OpError::CouponRefused {
        code: code.to_string(),
        reason,
    };
    let code = normalize(input).map_err(|r| refused(input.trim(), r))?;
    let c =
        account::coupon(ctx.conn, &code)?.ok_or_else(|| refused(&code, CouponRefusal::Unknown))?;
    match c.status.as_str() {
        "redeemed" => return Err(refused(&code, CouponRefusal::AlreadyRedeemed)),
        "voided" => return Err(refused(&code, CouponRefusal::Voided)),
        _ => {}
    }
    let today = ctx.today();
    if today < c.valid_from {
        return Err(refused(&code, CouponRefusal::NotYetValid(c.valid_from)));
    }
    if today > c.valid_to {
        return Err(refused(&code, CouponRefusal::Expired(c.valid_to)));
    }
    Ok(c)
}

/// What `coupon` takes off `amount` here and now, or which restriction refuses it.
pub(crate) fn value_for(
    rules: &Rules,
    coupon: &CouponView,
    outlet: &str,
    at: NaiveDateTime,
    amount: Decimal,
) -> Result<Decimal, OpError> {
    let refused = |reason| OpError::CouponRefused {
        code: coupon.code.clone(),
        reason,
    };
    let t = rules
        .coupon_template(&coupon.template)
        .ok_or_else(|| OpError::UnknownRule {
            what: RuleItem::CouponTemplate,
            id: coupon.template.clone(),
        })?;
    t.window.check(outlet, at).map_err(|m| {
        refused(match m {
            Miss::Outlet => CouponRefusal::WrongOutlet,
            Miss::Weekday => CouponRefusal::WrongWeekday,
            Miss::Hours(h) => CouponRefusal::OutsideHours(h),
            Miss::NotYet(d) => CouponRefusal::NotYetValid(d),
            Miss::Over(d) => CouponRefusal::Expired(d),
        })
    })?;
    if amount < t.min_spend {
        return Err(refused(CouponRefusal::MinimumSpend(t.min_spend)));
    }
    let off = match &t.value {
        CouponValue::CashOff { amount: a } => *a,
        CouponValue::PercentOff { percent, cap } => rules
            .round(amount * percent / Decimal::ONE_HUNDRED)
            .min(*cap),
        CouponValue::FreeItem { worth, .. } => *worth,
    };
    Ok(off.min(amount))
}

pub(crate) fn redeem(ctx: &Ctx, r: &RedeemCoupon) -> Result<Decision, OpError> {
    let c = open_coupon(ctx, &r.code)?;
    let t = ctx
        .rules()
        .coupon_template(&c.template)
        .ok_or_else(|| OpError::UnknownRule {
            what: RuleItem::CouponTemplate,
            id: c.template.clone(),
        })?;
    if !matches!(t.value, CouponValue::FreeItem { .. }) {
        return Err(OpError::invalid("code", Why::CouponInCheckout));
    }
    value_for(
        ctx.rules(),
        &c,
        &ctx.actor.outlet,
        ctx.local(),
        Decimal::MAX,
    )?;
    Ok(Decision {
        member_no: c.member_no.clone(),
        reversal_of: None,
        body: EntryBody::CouponRedeemed {
            code: c.code.clone(),
            effects: vec![Effect::CouponRedeemed { code: c.code }],
        },
    })
}

pub(crate) fn void(ctx: &Ctx, r: &VoidCoupon) -> Result<Decision, OpError> {
    let approved_by = ctx.authorize(Action::VoidCoupon)?;
    let reason = reason(&r.reason)?;
    let code = normalize(&r.code).map_err(|reason| OpError::CouponRefused {
        code: r.code.trim().to_string(),
        reason,
    })?;
    let c = account::coupon(ctx.conn, &code)?.ok_or_else(|| OpError::CouponRefused {
        code: code.clone(),
        reason: CouponRefusal::Unknown,
    })?;
    match c.status.as_str() {
        "redeemed" => Err(OpError::CouponRefused {
            code,
            reason: CouponRefusal::AlreadyRedeemed,
        }),
        "voided" => Err(OpError::CouponRefused {
            code,
            reason: CouponRefusal::Voided,
        }),
        _ => Ok(Decision {
            member_no: c.member_no.clone(),
            reversal_of: None,
            body: EntryBody::CouponVoided {
                code: code.clone(),
                reason,
                approved_by,
                effects: vec![Effect::CouponVoided { code }],
            },
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_code_checks_and_carries_65_random_bits() {
        let code = new_code();
        assert_eq!(code.len(), CODE_LEN);
        assert_eq!(normalize(&code), Ok(code.clone()));
        assert_ne!(new_code(), code);
    }

    #[test]
    fn a_derived_code_checks_and_depends_on_every_input() {
        let code = derived_code(b"secret", "T01", "pos-1", 0);
        assert_eq!(normalize(&code), Ok(code.clone()));
        assert_eq!(derived_code(b"secret", "T01", "pos-1", 0), code);
        for other in [
            derived_code(b"secreT", "T01", "pos-1", 0),
            derived_code(b"secret", "T02", "pos-1", 0),
            derived_code(b"secret", "T01", "pos-2", 0),
            derived_code(b"secret", "T01", "pos-1", 1),
            derived_code(b"secret", "T01p", "os-1", 0),
        ] {
            assert_ne!(other, code);
        }
    }

    #[test]
    fn every_single_character_slip_is_told_from_an_unknown_code() {
        let code = new_code();
        let bytes = code.as_bytes();
        for i in 0..RANDOM_CHARS {
            for &c in ALPHABET.iter().filter(|&&c| c != bytes[i]) {
                let mut typo = bytes.to_vec();
                typo[i] = c;
                let typo = String::from_utf8(typo).unwrap();
                assert_eq!(normalize(&typo), Err(CouponRefusal::Mistyped), "{typo}");
            }
        }
    }

    #[test]
    fn adjacent_swaps_are_caught_and_lookalikes_forgiven() {
        let code = new_code();
        let b = code.as_bytes();
        for i in 0..RANDOM_CHARS - 1 {
            if b[i] != b[i + 1] {
                let mut t = b.to_vec();
                t.swap(i, i + 1);
                assert!(normalize(std::str::from_utf8(&t).unwrap()).is_err());
            }
        }
        let spaced = format!("{} {}", &code[..7].to_lowercase(), &code[7..]);
        assert_eq!(normalize(&spaced), Ok(code));
    }
}
