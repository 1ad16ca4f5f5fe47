//! A stay's booker (代订): what the stay's body says of them follows from its numbers.

use rust_decimal::Decimal;

use crate::journal::Entry;

/// A stay's booker is another member, their share a fraction, and their points that
/// share of the guest's, rounded down (the rule `post_stay` applied).
pub(super) fn check_booker(
    e: &Entry,
    booker: Option<&str>,
    share: Decimal,
    points: i64,
    booker_points: i64,
) -> Result<(), String> {
    let Some(booker) = booker else {
        if share.is_zero() && booker_points == 0 {
            return Ok(());
        }
        return Err("a booker's share but no booker".into());
    };
    if e.header.member_no.as_deref() == Some(booker) {
        return Err("the guest is their own booker".into());
    }
    if share <= Decimal::ZERO || share > Decimal::ONE {
        return Err(format!(
            "booker's share {share} is not above 0 and at most 1"
        ));
    }
    let due = crate::ops::booker_points(points, share);
    if due != booker_points {
        return Err(format!(
            "the booker's {booker_points} points are not {share} of {points}, rounded down ({due})"
        ));
    }
    Ok(())
}
