//! Points: stays, adjustments, gifts, conversions and expiry.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ids::MemberNo;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StayPosting {
    /// The member's number (会员号).
    pub member_no: MemberNo,
    /// Room nights of the stay.
    pub nights: u32,
    /// Room revenue the points are earned on.
    #[serde(deserialize_with = "crate::money::exact")]
    #[schemars(with = "crate::money::Amount")]
    pub room_revenue: Decimal,
    /// The hotel folio / PMS reference.
    pub folio_ref: String,
    /// The member no. of another member who booked the stay for this guest: they earn
    /// `rules.stay.booker_share` of the guest's points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booker: Option<MemberNo>,
}

/// A no-show (未入住): the member booked and never came. The hotel takes back
/// `rules.stay.no_show_points_per_night` per booked night, as far as the member's
/// usable points go.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoShowPosting {
    /// The member's number (会员号).
    pub member_no: MemberNo,
    /// Room nights the booking held.
    pub nights: u32,
    /// The booking / PMS reference: one no-show per booking.
    pub folio_ref: String,
}

/// The booker's share of a guest's stay `points`: `share` of them rounded down to whole
/// points, never negative. The one rule `post_stay` and `verify` both apply.
pub fn booker_points(points: i64, share: Decimal) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    (Decimal::from(points.max(0)) * share)
        .floor()
        .to_i64()
        .unwrap_or(0)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdjustPoints {
    /// The member's number (会员号).
    pub member_no: MemberNo,
    /// Positive adds a lot; negative takes from the oldest lots.
    pub points: i64,
    /// Why, in words; kept in the entry.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RedeemGift {
    /// The member's number (会员号).
    pub member_no: MemberNo,
    /// A gift id from `rules.gifts`.
    pub gift: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConvertInto {
    /// Into stored value, credited as bonus (it was never paid in money).
    StoredValue { points: i64 },
    /// Buys a coupon at the template's points price.
    Coupon { template: String },
    /// Takes a count card (兑换项目卡) at the package's points price.
    CountCard { package: String },
}

/// Read and written flat: `{"member_no", "into": "stored_value", "points"}`,
/// `{"member_no", "into": "coupon", "template"}` or
/// `{"member_no", "into": "count_card", "package"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "ConvertWire", into = "ConvertWire")]
pub struct ConvertPoints {
    /// The member's number (会员号).
    pub member_no: MemberNo,
    /// `stored_value` (with `points`), `coupon` (with `template`) or `count_card` (with
    /// `package`, a count-card package with a `points_price`).
    pub into: ConvertInto,
}

/// The flat JSON form of [`ConvertPoints`]. serde cannot flatten an internally tagged
/// enum into a struct that denies unknown fields, so the form is spelled out here and
/// checked by hand: each target takes exactly its own field.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ConvertWire {
    member_no: MemberNo,
    into: ConvertTarget,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    points: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    template: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    package: Option<String>,
}

#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
enum ConvertTarget {
    StoredValue,
    Coupon,
    CountCard,
}

impl TryFrom<ConvertWire> for ConvertPoints {
    type Error = String;

    fn try_from(w: ConvertWire) -> Result<Self, String> {
        let into = match (w.into, w.points, w.template, w.package) {
            (ConvertTarget::StoredValue, Some(points), None, None) => {
                ConvertInto::StoredValue { points }
            }
            (ConvertTarget::Coupon, None, Some(template), None) => ConvertInto::Coupon { template },
            (ConvertTarget::CountCard, None, None, Some(package)) => {
                ConvertInto::CountCard { package }
            }
            (ConvertTarget::StoredValue, ..) => {
                return Err(
                    "missing field `points` (and no `template` or `package`) for stored_value"
                        .into(),
                )
            }
            (ConvertTarget::Coupon, ..) => {
                return Err(
                    "missing field `template` (and no `points` or `package`) for coupon".into(),
                )
            }
            (ConvertTarget::CountCard, ..) => {
                return Err(
                    "missing field `package` (and no `points` or `template`) for count_card".into(),
                )
            }
        };
        Ok(ConvertPoints {
            member_no: w.member_no,
            into,
        })
    }
}

impl From<ConvertPoints> for ConvertWire {
    fn from(c: ConvertPoints) -> Self {
        let (into, points, template, package) = match c.into {
            ConvertInto::StoredValue { points } => {
                (ConvertTarget::StoredValue, Some(points), None, None)
            }
            ConvertInto::Coupon { template } => (ConvertTarget::Coupon, None, Some(template), None),
            ConvertInto::CountCard { package } => {
                (ConvertTarget::CountCard, None, None, Some(package))
            }
        };
        ConvertWire {
            member_no: c.member_no,
            into,
            points,
            template,
            package,
        }
    }
}

/// Written by the daily job: expires the member's lots past their date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpirePoints {
    /// The member's number (会员号).
    pub member_no: MemberNo,
    /// The business day the expiry runs for.
    pub day: NaiveDate,
}
