//! Whether an entry's balance effects follow from its kind and body. Effects are folded
//! as recorded (see [`crate::effects`]), so an entry whose body says "top-up of 1.00"
//! but whose effects credit 10,000 would mint money on every replica. Every place that
//! accepts an entry (the hub on ingest, a terminal when it pulls, `verify`) calls
//! [`check_entry`], the one definition of a sound entry.
//!
//! Rules may differ per terminal (its config), so where a body records the numbers it
//! was decided with (the bonus given, the points earned) the check is that body and
//! effects agree, never a re-decision with this book's rules. What no body records is
//! bounded instead (points converted to stored value: a whole amount that divides the
//! points).

mod body;
mod booker;
mod commission;
mod earn;
mod reversal;
mod sums;

use body::check_body;

use crate::conflict::HUB_TERMINAL;
use crate::entry::EntryBody;
use crate::journal::Entry;

/// Checks `e` (whose body must parse). `original` is the entry its header's
/// `reversal_of` names, when it has one and the caller holds it. Returns in words what
/// is wrong.
pub fn check_entry(e: &Entry, original: Option<&Entry>) -> Result<(), String> {
    let body: EntryBody =
        serde_json::from_str(&e.body).map_err(|err| format!("unreadable body: {err}"))?;
    if e.kind != body.kind() {
        return Err(format!(
            "kind column says {} but the body is {}",
            e.kind,
            body.kind()
        ));
    }
    let from_hub = e.terminal == HUB_TERMINAL;
    // Kinds only the hub writes come from terminal [`HUB_TERMINAL`], and only those.
    if e.kind.hub_only() != from_hub {
        return Err(if from_hub {
            format!("the hub does not write {} entries", e.kind)
        } else {
            format!("{} entries are written only by the hub", e.kind)
        });
    }
    if !body.effects().is_empty() && e.header.member_no.is_none() {
        return Err("balance effects but no member".into());
    }
    match (&body, &e.header.reversal_of) {
        (EntryBody::Reversed { .. }, None) => return Err("a reversal naming no entry".into()),
        (EntryBody::Reversed { .. }, Some(_)) => {}
        (_, Some(_)) => return Err("names an entry it reverses but is no reversal".into()),
        _ => {}
    }
    check_body(e, &body, original)
}
