//! Whether a reversal undoes exactly the entry it names.

use std::collections::BTreeSet;

use crate::effects::{invert, Effect};
use crate::entry::EntryBody;
use crate::journal::Entry;
use crate::EntryKind;

use super::sums::{agree, Sums};

/// A reversal carries the original's effects inverted. Points earned are taken back
/// from whichever lots now hold them, so for points only the total must match.
pub(super) fn check_reversal(
    e: &Entry,
    fx: &[Effect],
    original_kind: &str,
    original: &Entry,
) -> Result<(), String> {
    if Some(original.id()) != e.header.reversal_of {
        return Err("the entry given is not the one it reverses".into());
    }
    if original.kind != original_kind {
        return Err(format!(
            "says it reverses a {original_kind} but {} is a {}",
            original.id(),
            original.kind
        ));
    }
    if matches!(
        original.kind,
        EntryKind::Reversed | EntryKind::ConflictSettled
    ) || original.kind.hub_only()
    {
        return Err(format!("a {} cannot be reversed", original.kind));
    }
    if original.header.member_no != e.header.member_no {
        return Err("reverses an entry of another member".into());
    }
    let body: EntryBody = serde_json::from_str(&original.body)
        .map_err(|err| format!("the entry it reverses is unreadable: {err}"))?;
    let undo = invert(body.effects());
    let lot = |x: &&Effect| matches!(x, Effect::LotEarned { .. } | Effect::LotDrawn { .. });
    let others = |v: &[Effect]| -> Vec<Effect> { v.iter().filter(|x| !lot(x)).cloned().collect() };
    if others(fx) != others(&undo) {
        return Err("its effects are not the original's inverted".into());
    }
    if fx.iter().any(|x| matches!(x, Effect::LotEarned { .. })) {
        return Err("a reversal earns no points".into());
    }
    let (mine, theirs) = (Sums::of(fx), Sums::of(&undo));
    agree(
        "points taken back",
        theirs.earned - theirs.drawn,
        mine.earned - mine.drawn,
    )?;
    // Points given back go to the lots they were drawn from.
    let given = |v: &[Effect]| -> BTreeSet<(String, i64)> {
        v.iter()
            .filter_map(|x| match x {
                Effect::LotDrawn { lot, points } if *points < 0 => Some((lot.clone(), *points)),
                _ => None,
            })
            .collect()
    };
    if given(fx) != given(&undo) {
        return Err("gives points back to other lots than they came from".into());
    }
    Ok(())
}
