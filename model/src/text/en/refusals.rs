//! Every refusal in en: each names the restriction that failed, and names a field in
//! words, never by its JSON name.

use super::fields::field_words;
use crate::entry::Role;
use crate::error::{
    Balance, CountCardRefusal, CouponRefusal, MemberState, NotReversible, OfflineLimit, OpError,
    RuleItem,
};

pub(super) fn refusal(e: &OpError) -> String {
    match e {
        OpError::UnknownMember(no) => format!("No member {no}"),
        OpError::NotFound(q) => format!("No member matches \"{q}\""),
        OpError::NotHeld(q) => format!(
            "The member for \"{q}\" is not held here and the hub is unreachable; you can still take cash without a member"
        ),
        OpError::CredentialLost {
            kind, member_no, ..
        } => format!(
            "This {} was reported lost (member {member_no}) and cannot be used",
            cred(kind)
        ),
        // A phone already registered is refused as a phone, not as "this card".
        OpError::CredentialTaken {
            kind,
            value,
            member_no,
        } if kind == "phone" => {
            format!("The phone number {value} is already registered to member {member_no}")
        }
        OpError::CredentialTaken {
            kind, member_no, ..
        } => format!("This {} is already bound to member {member_no}", cred(kind)),
        OpError::UnknownCredential { kind, value } => {
            format!("The member holds no {} {value}", cred(kind))
        }
        OpError::MemberFrozen(no) => format!("Member {no} is frozen"),
        OpError::AlreadyInState(no, state) => {
            let s = match state {
                MemberState::Frozen => "frozen",
                MemberState::Active => "active",
            };
            format!("Member {no} is already {s}")
        }
        OpError::Invalid { field, why } => format!("{}: {}", field_words(field), super::why::why(why)),
        OpError::OpIdReused(id) => {
            format!("Request id {id} was already used for a different operation")
        }
        OpError::Storage(e) => format!("Database error: {e}"),
        OpError::UnknownOperator(id) => format!("No operator {id}"),
        OpError::WrongPin {
            subject,
            attempts_left,
        } => format!(
            "Wrong PIN for {}: {attempts_left} attempts left",
            whose(subject)
        ),
        OpError::LockedOut { subject, minutes } => format!(
            "{} is locked after repeated wrong PINs: try again in {minutes} min",
            whose(subject)
        ),
        OpError::NeedsRole(role) => {
            let r = match role {
                Role::Admin => "admin",
                Role::Supervisor | Role::Cashier => "supervisor",
            };
            format!("This needs {r} approval")
        }
        OpError::PinRequired(above) => {
            format!("Stored-value payments above {above} need the member's payment PIN")
        }
        OpError::InsufficientBalance {
            what,
            needed,
            available,
        } => {
            let w = match what {
                Balance::StoredValue => "stored value",
                Balance::Principal => "principal",
                Balance::Points => "points",
            };
            format!("Not enough {w}: needs {needed}, has {available}")
        }
        OpError::CouponRefused { code, reason } => format!("Coupon {code}: {}", coupon(reason)),
        OpError::CountCardRefused { card, reason } => {
            format!("Count card {card}: {}", count_card(reason))
        }
        OpError::AlreadyReversed(id) => format!("Entry {id} was already reversed"),
        OpError::NotReversible(id, why) => {
            let w = match why {
                NotReversible::IsReversal => "a reversal",
                NotReversible::ConflictBooking => "a conflict booking",
                NotReversible::BirthdayCoupon => "a birthday coupon: void the coupon instead",
                NotReversible::NoBalanceEffect => "no balance effect",
                NotReversible::NoMember => "no member",
                NotReversible::CouponUsed => "a coupon it issued was used",
            };
            format!("Entry {id} cannot be reversed ({w})")
        }
        OpError::UnknownRule { what, id } => {
            let w = match what {
                RuleItem::CouponTemplate => "coupon template",
                RuleItem::Gift => "gift",
                RuleItem::CountCardPackage => "count card package",
            };
            format!("No {w} \"{id}\" in the rules")
        }
        OpError::HubRefused { message_en, .. } => format!("The hub refused: {message_en}"),
        OpError::OfflineLimit {
            what,
            limit,
            used,
            asked,
        } => {
            let w = match what {
                OfflineLimit::MemberStoredValue => "this member's offline stored value",
                OfflineLimit::MemberPoints => "this member's offline points",
                OfflineLimit::MemberSpends => "this member's offline spends",
                OfflineLimit::TerminalExposure => "this terminal's offline stored value",
            };
            format!("Offline limit: {w} is capped at {limit}, {used} used, {asked} asked; wait for the hub or take cash")
        }
        OpError::OfflineBlocked {
            member_no,
            debt,
            open_conflicts,
        } => format!(
            "Member {member_no} has debt {debt} or {open_conflicts} open conflicts: no offline spending; wait for the hub"
        ),
        OpError::NeedsHub => "This needs the hub, which cannot be reached now".to_string(),
        OpError::DuplicateFolio {
            folio_ref,
            entry_id,
        } => format!("Folio {folio_ref} was already posted for this member (entry {entry_id}); a folio is posted once"),
        OpError::UnknownConflict(id) => format!("No conflict {id}"),
        OpError::ConflictSettled(id) => format!("Conflict {id} is already settled"),
    }
}

/// "operator:sup" → "operator sup"; "member:1…" → the member's payment PIN.
fn whose(subject: &str) -> String {
    match subject.split_once(':') {
        Some(("member", no)) => format!("the payment PIN of member {no}"),
        Some((_, id)) => format!("operator {id}"),
        None => subject.to_string(),
    }
}

/// A credential's kind in words: the counter never shows `phone` or `id_doc`.
fn cred(kind: &str) -> &'static str {
    match kind {
        "phone" => "phone number",
        "code" => "member code",
        "id_doc" => "ID document",
        _ => "card",
    }
}

fn coupon(reason: &CouponRefusal) -> String {
    use CouponRefusal::*;
    match reason {
        Mistyped => {
            "the check character does not match: mistyped or misread, enter it again".to_string()
        }
        Unknown => "no such coupon".into(),
        AlreadyRedeemed => "already redeemed".into(),
        Voided => "voided".into(),
        NotYetValid(d) => format!("not valid before {d}"),
        Expired(d) => format!("expired on {d}"),
        MinimumSpend(m) => format!("needs a spend of at least {m}"),
        WrongOutlet => "not valid at this outlet".into(),
        WrongWeekday => "not valid on this weekday".into(),
        OutsideHours(h) => format!("only valid {h}"),
        OnePerCheckout => "only one coupon per checkout".into(),
        OtherMember => "belongs to another member".into(),
    }
}

fn count_card(reason: &CountCardRefusal) -> String {
    use CountCardRefusal::*;
    match reason {
        Unknown => "no such count card".to_string(),
        NotYetValid(d) => format!("not valid before {d}"),
        Expired(d) => format!("expired on {d}"),
        NotEnoughUses(n) => format!("only {n} uses left"),
        OtherMember => "belongs to another member".into(),
    }
}
