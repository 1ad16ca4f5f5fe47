//! The `Request` a task form describes, each field checked, or the reason it is not
//! one yet.

use std::str::FromStr;

use carddesk_model::conflict::Resolution;
use carddesk_model::ops::{
    AddOperator, AdjustPoints, BuyTier, ChangeOperatorPin, ChargeCompany, CloseShift, ConvertInto,
    ConvertPoints, IssueCoupon, LinkToCompany, OpenCompany, OpenShift, RedeemCoupon, RedeemGift,
    RefundStoredValue, Reverse, SellCard, SellCountCard, SetOperatorActive, SettleCompany,
    SettleConflict, UnlinkFromCompany, UseCountCard, VoidCoupon,
};
use carddesk_model::{Request, Role};
use rust_decimal::Decimal;

use super::kinds::{CARD_CHOICE, ROLES};
use super::{Task, TaskKind};
use crate::context::Shared;
use crate::i18n::Tx;

impl Task {
    fn money(&self, i: usize) -> Option<Decimal> {
        Decimal::from_str(self.form.value(i).trim())
            .ok()
            .filter(|d| *d >= Decimal::ZERO && d.scale() <= 2)
    }

    fn text(&self, i: usize) -> String {
        self.form.value(i).trim().to_string()
    }

    pub(super) fn member_no(&self) -> Result<String, Tx> {
        self.member
            .as_ref()
            .map(|(no, _)| no.clone())
            .ok_or(Tx::NoMember)
    }

    /// The request the form describes now, or the reason it can't be one.
    pub(super) fn request(&self, sh: &Shared) -> Result<Request, Tx> {
        let chosen = || {
            self.choices(sh)
                .get(self.choice)
                .map(|(id, _)| id.clone())
                .ok_or(Tx::NothingToChoose)
        };
        let reason = |i: usize| {
            let r = self.text(i);
            if r.is_empty() {
                Err(Tx::ReasonRequired)
            } else {
                Ok(r)
            }
        };
        let code = || {
            let c = self.text(0);
            if c.is_empty() {
                Err(Tx::CodeRequired)
            } else {
                Ok(c)
            }
        };
        let request = match &self.kind {
            TaskKind::Reverse { entry_id, .. } => Request::Reverse(Reverse {
                entry_id: entry_id.clone().into(),
                reason: reason(0)?,
            }),
            TaskKind::SellCountCard => Request::SellCountCard(SellCountCard {
                member_no: self.member_no()?.into(),
                package: chosen()?,
                tender: self.tender,
            }),
            TaskKind::ChargeCompany => Request::ChargeCompany(ChargeCompany {
                member_no: self.member_no()?.into(),
                amount: self
                    .money(0)
                    .filter(|d| *d > Decimal::ZERO)
                    .ok_or(Tx::AmountInvalid)?,
                bill_ref: self.text(1),
            }),
            TaskKind::SettleCompany => Request::SettleCompany(SettleCompany {
                member_no: self.member_no()?.into(),
                amount: self
                    .money(0)
                    .filter(|d| *d > Decimal::ZERO)
                    .ok_or(Tx::AmountInvalid)?,
                tender: self.tender,
                note: self.text(1),
            }),
            TaskKind::LinkCompany => {
                let company = self.text(0);
                if company.is_empty() {
                    return Err(Tx::CompanyNoRequired);
                }
                Request::LinkToCompany(LinkToCompany {
                    member_no: self.member_no()?.into(),
                    company_no: company.into(),
                })
            }
            TaskKind::UnlinkCompany => Request::UnlinkFromCompany(UnlinkFromCompany {
                member_no: self.member_no()?.into(),
            }),
            TaskKind::OpenCompany => Request::OpenCompany(OpenCompany {
                member_no: self.member_no()?.into(),
                credit_limit: self.money(0).ok_or(Tx::AmountInvalid)?,
            }),
            TaskKind::SellMemberCard => Request::SellCard(SellCard {
                member_no: self.member_no()?.into(),
                tier: chosen()?,
                tender: self.tender,
            }),
            TaskKind::UseCountCard => Request::UseCountCard(UseCountCard {
                card: chosen()?,
                uses: self
                    .text(0)
                    .parse::<i64>()
                    .ok()
                    .filter(|n| (1..=100).contains(n))
                    .ok_or(Tx::UsesInvalid)?,
                member_no: Some(self.member_no()?),
            }),
            TaskKind::IssueCoupon => Request::IssueCoupon(IssueCoupon {
                member_no: self.member_no()?.into(),
                template: chosen()?,
                reason: reason(0)?,
            }),
            TaskKind::RedeemCoupon => Request::RedeemCoupon(RedeemCoupon { code: code()? }),
            TaskKind::VoidCoupon => Request::VoidCoupon(VoidCoupon {
                code: code()?,
                reason: reason(1)?,
            }),
            TaskKind::OpenShift => Request::OpenShift(OpenShift {
                float: self.money(0).ok_or(Tx::AmountInvalid)?,
            }),
            TaskKind::CloseShift => Request::CloseShift(CloseShift {
                counted_cash: self.money(0).ok_or(Tx::AmountInvalid)?,
            }),
            TaskKind::Refund => Request::RefundStoredValue(RefundStoredValue {
                member_no: self.member_no()?.into(),
                amount: self
                    .money(0)
                    .filter(|d| *d > Decimal::ZERO)
                    .ok_or(Tx::AmountInvalid)?,
                tender: self.tender,
                reason: reason(1)?,
            }),
            TaskKind::AdjustPoints => Request::AdjustPoints(AdjustPoints {
                member_no: self.member_no()?.into(),
                points: self
                    .text(0)
                    .parse::<i64>()
                    .ok()
                    .filter(|p| *p != 0)
                    .ok_or(Tx::PointsInvalid)?,
                reason: reason(1)?,
            }),
            TaskKind::RedeemGift => Request::RedeemGift(RedeemGift {
                member_no: self.member_no()?.into(),
                gift: chosen()?,
            }),
            TaskKind::ConvertPoints => {
                let into = match chosen()?.as_str() {
                    "" => ConvertInto::StoredValue {
                        points: self
                            .text(0)
                            .parse::<i64>()
                            .ok()
                            .filter(|p| *p > 0)
                            .ok_or(Tx::PointsInvalid)?,
                    },
                    id => match id.strip_prefix(CARD_CHOICE) {
                        Some(package) => ConvertInto::CountCard {
                            package: package.to_string(),
                        },
                        None => ConvertInto::Coupon {
                            template: id.to_string(),
                        },
                    },
                };
                Request::ConvertPoints(ConvertPoints {
                    member_no: self.member_no()?.into(),
                    into,
                })
            }
            // The tier just above the member's; at the top the book refuses in words.
            TaskKind::BuyTier => Request::BuyTier(BuyTier {
                member_no: self.member_no()?.into(),
                tier: next_tier(sh).ok_or(Tx::NoMember)?,
            }),
            TaskKind::AddOperator => {
                let (id, name, pin) = (self.text(0), self.text(1), self.form.value(2));
                if id.is_empty() || name.is_empty() || pin.is_empty() {
                    return Err(Tx::FillAll);
                }
                if !(4..=12).contains(&pin.len()) {
                    return Err(Tx::PinTooShort);
                }
                if pin != self.form.value(3) {
                    return Err(Tx::PinsDiffer);
                }
                Request::AddOperator(AddOperator {
                    operator_id: id,
                    name,
                    role: ROLES.get(self.choice).copied().unwrap_or(Role::Cashier),
                    pin: pin.to_string(),
                })
            }
            TaskKind::SetOperatorActive {
                operator_id,
                active,
                ..
            } => Request::SetOperatorActive(SetOperatorActive {
                operator_id: operator_id.clone(),
                active: *active,
            }),
            TaskKind::SettleConflict(c) => {
                let resolution = self.resolution();
                // Empty: the debt the conflict booked (what the member still owes).
                let amount = match resolution {
                    Resolution::Accepted => None,
                    _ if self.text(0).is_empty() => None,
                    _ => Some(
                        self.money(0)
                            .filter(|d| *d > Decimal::ZERO)
                            .ok_or(Tx::AmountInvalid)?,
                    ),
                };
                let note = self.text(1);
                if note.is_empty() {
                    return Err(Tx::NoteRequired);
                }
                Request::SettleConflict(SettleConflict {
                    conflict_id: c.conflict_id.clone(),
                    resolution,
                    amount,
                    tender: self.tender,
                    note,
                })
            }
            TaskKind::ChangePin { operator_id, .. } => {
                let pin = self.form.value(0);
                if pin.is_empty() || self.form.value(1).is_empty() {
                    return Err(Tx::FillAll);
                }
                if !(4..=12).contains(&pin.len()) {
                    return Err(Tx::PinTooShort);
                }
                if pin != self.form.value(1) {
                    return Err(Tx::PinsDiffer);
                }
                Request::ChangeOperatorPin(ChangeOperatorPin {
                    operator_id: operator_id.clone(),
                    pin: pin.to_string(),
                })
            }
        };
        Ok(request)
    }
}

/// The tier just above the member's on the counter (the member's own at the top, which
/// the book refuses as the top tier).
fn next_tier(sh: &Shared) -> Option<String> {
    let tier = &sh.member.as_ref()?.member.tier;
    let tiers = &sh.opts.catalog.tiers;
    let next = tiers
        .iter()
        .position(|t| &t.name == tier)
        .and_then(|at| tiers.get(at + 1));
    Some(next.map_or_else(|| tier.clone(), |t| t.name.clone()))
}
