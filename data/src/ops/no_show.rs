//! No-show (未入住扣分): a member booked a room and never came. The hotel takes back
//! `rules.stay.no_show_points_per_night` per booked night from the member's usable
//! points, oldest lots first, never below zero: a member with fewer points loses what
//! they have, and the entry records what was actually taken. One no-show per booking
//! (its folio / PMS reference) unless the first was reversed. Reversal gives the points
//! back to the lots they came from.

use carddesk_model::ops::NoShowPosting;
use carddesk_model::text::Why;

use super::{points, Ctx};
use crate::entry::EntryBody;
use crate::error::OpError;

pub(crate) fn post(ctx: &Ctx, r: &NoShowPosting) -> Result<EntryBody, OpError> {
    let m = ctx.active_member(&r.member_no)?;
    let rules = ctx.rules();
    let per_night = rules.stay.no_show_points_per_night;
    if per_night <= 0 {
        return Err(OpError::invalid("member_no", Why::NoShowOff));
    }
    if r.nights == 0 || r.nights > rules.stay.max_nights {
        return Err(OpError::invalid(
            "nights",
            Why::NightsRange {
                max: rules.stay.max_nights,
            },
        ));
    }
    let folio_ref = r.folio_ref.trim();
    if folio_ref.is_empty() {
        return Err(OpError::invalid("folio_ref", Why::BookingRequired));
    }
    if let Some(entry_id) =
        points::posted_for_folio(ctx, &m.member_no, "no_show_posted", folio_ref)?
    {
        return Err(OpError::DuplicateFolio {
            folio_ref: folio_ref.to_string(),
            entry_id,
        });
    }
    let due = i64::from(r.nights).saturating_mul(per_night);
    let taken = due.min(points::usable(ctx, &m.member_no)?);
    let effects = if taken > 0 {
        points::draw(ctx, &m.member_no, taken)?
    } else {
        Vec::new()
    };
    Ok(EntryBody::NoShowPosted {
        nights: r.nights,
        folio_ref: folio_ref.to_string(),
        points: taken,
        effects,
    })
}
