//! The request a money form describes, and the checkout's ways of paying: points and
//! stored value, switched with F5/F6 or on by a typed limit.

use std::str::FromStr;

use carddesk_model::ops::{NoShowPosting, StayPosting, TopUp};
use carddesk_model::{Checkout, Request};
use rust_decimal::Decimal;

use super::{Money, MoneyKind, Toggle, COUPON, MAX_POINTS, MAX_STORED, PIN};
use crate::i18n::Tx;

impl Money {
    pub(super) fn amount(&self, i: usize) -> Option<Decimal> {
        Decimal::from_str(self.form.value(i).trim())
            .ok()
            .filter(|d| *d > Decimal::ZERO && d.scale() <= 2)
    }

    /// The request the form describes now, or the reason it can't be one.
    pub(super) fn request(&self) -> Result<Request, Tx> {
        let Some((member_no, _)) = &self.member else {
            return Err(Tx::NoMember);
        };
        let member_no = member_no.clone();
        match self.kind {
            MoneyKind::TopUp => Ok(Request::TopUp(TopUp {
                member_no: member_no.into(),
                amount: self.amount(0).ok_or(Tx::AmountInvalid)?,
                tender: self.tender,
            })),
            MoneyKind::Checkout => {
                let text = |i: usize| {
                    let v = self.form.value(i).trim();
                    (!v.is_empty()).then(|| v.to_string())
                };
                let max_points = match text(MAX_POINTS) {
                    Some(v) => Some(v.parse::<u64>().map_err(|_| Tx::PointsLimitInvalid)?),
                    None => None,
                };
                let max_stored_value = match text(MAX_STORED) {
                    Some(v) => Some(
                        Decimal::from_str(&v)
                            .ok()
                            .filter(|d| *d >= Decimal::ZERO && d.scale() <= 2)
                            .ok_or(Tx::StoredLimitInvalid)?,
                    ),
                    None => None,
                };
                Ok(Request::Checkout(Checkout {
                    member_no: member_no.into(),
                    bill: self.amount(0).ok_or(Tx::AmountInvalid)?,
                    bill_ref: text(1).unwrap_or_default(),
                    coupons: text(COUPON).into_iter().collect(),
                    use_points: self.uses(Toggle::Points),
                    max_points,
                    use_stored_value: self.uses(Toggle::Stored),
                    max_stored_value,
                    tender: self.tender,
                    pin: text(PIN),
                }))
            }
            MoneyKind::Stay => {
                let booker = self.form.value(3).trim();
                Ok(Request::PostStay(StayPosting {
                    member_no: member_no.into(),
                    nights: self.nights()?,
                    room_revenue: self.amount(1).ok_or(Tx::AmountInvalid)?,
                    folio_ref: self.form.value(2).trim().to_string(),
                    // Blank: nobody booked for the guest.
                    booker: (!booker.is_empty()).then(|| booker.into()),
                }))
            }
            MoneyKind::NoShow => Ok(Request::PostNoShow(NoShowPosting {
                member_no: member_no.into(),
                nights: self.nights()?,
                folio_ref: self.form.value(1).trim().to_string(),
            })),
        }
    }

    /// The nights in the form's first field.
    fn nights(&self) -> Result<u32, Tx> {
        self.form
            .value(0)
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=365).contains(n))
            .ok_or(Tx::NightsInvalid)
    }

    /// Points or stored value pay: switched on with F5/F6, or by typing a limit.
    pub(super) fn uses(&self, t: Toggle) -> bool {
        match t {
            Toggle::Points => self.use_points || !self.form.value(MAX_POINTS).trim().is_empty(),
            Toggle::Stored => {
                self.use_stored_value || !self.form.value(MAX_STORED).trim().is_empty()
            }
            Toggle::Tender | Toggle::Coupons => false,
        }
    }

    /// Switching points or stored value off forgets its limit, so off means off.
    pub(super) fn switch(&mut self, t: Toggle, field: usize) {
        let on = !self.uses(t);
        match t {
            Toggle::Points => self.use_points = on,
            _ => self.use_stored_value = on,
        }
        if !on {
            self.form.set(field, "");
        }
    }
}
