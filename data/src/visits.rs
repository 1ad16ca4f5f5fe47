//! What counts as a visit: the kinds that mean the member came in (the dormant list, and
//! a bulk issue to the dormant members).

/// Kinds that mean the member came in, as an SQL list.
pub(crate) const VISITS: &str = "'member_registered', 'checked_out', 'stay_posted', 'topped_up', \
    'count_card_sold', 'count_card_used', 'coupon_redeemed', 'gift_redeemed', 'points_converted'";
