//! The kinds of task form and what each one asks for: its fields, its F2 choices and
//! tender, its title, and the permission it needs beyond a cashier's.

use carddesk_model::conflict::Resolution;
use carddesk_model::permissions::Action;
use carddesk_model::Role;
use rust_decimal::Decimal;

use crate::context::Shared;
use crate::field::{FieldKind, TextField};
use crate::i18n::{self, Tx};
use crate::screens::member_view::active_cards;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskKind {
    /// Reverse the entry `entry_id` (of kind `kind`).
    Reverse {
        entry_id: String,
        kind: String,
    },
    SellCountCard,
    /// Sell the membership card itself (购买型会员卡).
    SellMemberCard,
    UseCountCard,
    IssueCoupon,
    RedeemCoupon,
    VoidCoupon,
    OpenShift,
    CloseShift,
    AddOperator,
    /// Switch an operator off (`active: false`) or back on. Admin.
    SetOperatorActive {
        operator_id: String,
        name: String,
        active: bool,
    },
    /// A new PIN, typed twice: an admin for anyone, `own` for the operator's own.
    ChangePin {
        operator_id: String,
        name: String,
        own: bool,
    },
    Refund,
    AdjustPoints,
    RedeemGift,
    ConvertPoints,
    /// Rise one tier for the next tier's `tier_price` in points.
    BuyTier,
    /// Settle a replication conflict (supervisor; on the spot for a cashier).
    SettleConflict(Box<ConflictTarget>),
    /// Charge a bill to the account of the member's company, or the company's own (挂账).
    ChargeCompany,
    /// A payment on the company's account (结算挂账). Supervisor.
    SettleCompany,
    /// Put the member under a company (挂靠协议单位).
    LinkCompany,
    /// Take the member from under their company.
    UnlinkCompany,
    /// Open the member as a company, or set its credit limit. Supervisor.
    OpenCompany,
}

/// The conflict a settle form is for, as the conflicts list showed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictTarget {
    pub conflict_id: String,
    pub member_no: String,
    pub member_name: String,
    pub kind: String,
    pub asset: String,
    pub subject: String,
    pub amount: Decimal,
}

impl ConflictTarget {
    /// Only stored value is booked as debt, so only it can be collected or written off.
    fn resolutions(&self) -> &'static [Resolution] {
        if self.asset == "stored_value" {
            &RESOLUTIONS
        } else {
            &RESOLUTIONS[..1]
        }
    }
}

const RESOLUTIONS: [Resolution; 3] = [
    Resolution::Accepted,
    Resolution::Collected,
    Resolution::WrittenOff,
];

/// Marks a count-card package among the points-conversion choices.
pub(super) const CARD_CHOICE: &str = "card:";

pub(super) const ROLES: [Role; 3] = [Role::Cashier, Role::Supervisor, Role::Admin];

impl TaskKind {
    /// The form's fields, labelled, with their starting values.
    pub(super) fn fields(&self) -> Vec<(Tx, TextField)> {
        let reason = || (Tx::Reason, TextField::new(FieldKind::Text, 60));
        let code = || (Tx::CouponCode, TextField::new(FieldKind::Text, 32));
        match self {
            TaskKind::Reverse { .. } | TaskKind::IssueCoupon => vec![reason()],
            TaskKind::SellCountCard | TaskKind::SellMemberCard => vec![],
            TaskKind::UseCountCard => vec![(
                Tx::Uses,
                TextField::new(FieldKind::Digits, 3).with_value("1"),
            )],
            TaskKind::RedeemCoupon => vec![code()],
            TaskKind::VoidCoupon => vec![code(), reason()],
            TaskKind::OpenShift => vec![(Tx::Float, TextField::new(FieldKind::Money, 12))],
            TaskKind::CloseShift => {
                vec![(Tx::CountedCash, TextField::new(FieldKind::Money, 12))]
            }
            TaskKind::Refund => vec![(Tx::Amount, TextField::new(FieldKind::Money, 12)), reason()],
            TaskKind::AdjustPoints => vec![
                (Tx::PointsDelta, TextField::new(FieldKind::Text, 8)),
                reason(),
            ],
            TaskKind::RedeemGift | TaskKind::BuyTier => vec![],
            TaskKind::ConvertPoints => vec![(Tx::Points, TextField::new(FieldKind::Digits, 8))],
            // The amount starts as the booked debt (stored value); it counts only when
            // the debt is collected or written off.
            TaskKind::SettleConflict(c) => {
                let debt = if c.asset == "stored_value" {
                    i18n::money(c.amount)
                } else {
                    String::new()
                };
                vec![
                    (
                        Tx::Amount,
                        TextField::new(FieldKind::Money, 12).with_value(&debt),
                    ),
                    (Tx::SettleNote, TextField::new(FieldKind::Text, 60)),
                ]
            }
            TaskKind::SetOperatorActive { .. } => vec![],
            TaskKind::ChargeCompany => vec![
                (Tx::Amount, TextField::new(FieldKind::Money, 12)),
                (Tx::BillRef, TextField::new(FieldKind::Text, 40)),
            ],
            // The amount starts empty: what is paid is typed, never assumed to be all.
            TaskKind::SettleCompany => vec![
                (Tx::Amount, TextField::new(FieldKind::Money, 12)),
                (Tx::PayNote, TextField::new(FieldKind::Text, 60)),
            ],
            TaskKind::LinkCompany => vec![(Tx::CompanyNo, TextField::new(FieldKind::Text, 20))],
            TaskKind::UnlinkCompany => vec![],
            TaskKind::OpenCompany => {
                vec![(Tx::CreditLimit, TextField::new(FieldKind::Money, 12))]
            }
            TaskKind::ChangePin { .. } => vec![
                (Tx::NewPin, TextField::new(FieldKind::Secret, 12)),
                (Tx::PinAgain, TextField::new(FieldKind::Secret, 12)),
            ],
            TaskKind::AddOperator => vec![
                (Tx::OperatorId, TextField::new(FieldKind::Text, 16)),
                (Tx::OperatorName, TextField::new(FieldKind::Text, 20)),
                (Tx::Pin, TextField::new(FieldKind::Secret, 12)),
                (Tx::PinAgain, TextField::new(FieldKind::Secret, 12)),
            ],
        }
    }
}

impl TaskKind {
    pub fn name(&self) -> &'static str {
        match self {
            TaskKind::Reverse { .. } => "reverse",
            TaskKind::SellCountCard => "sell_count_card",
            TaskKind::SellMemberCard => "sell_card",
            TaskKind::UseCountCard => "use_count_card",
            TaskKind::IssueCoupon => "issue_coupon",
            TaskKind::RedeemCoupon => "redeem_coupon",
            TaskKind::VoidCoupon => "void_coupon",
            TaskKind::OpenShift => "open_shift",
            TaskKind::CloseShift => "close_shift",
            TaskKind::AddOperator => "add_operator",
            TaskKind::SetOperatorActive { active: false, .. } => "operator_off",
            TaskKind::SetOperatorActive { active: true, .. } => "operator_on",
            TaskKind::ChangePin { own: true, .. } => "my_pin",
            TaskKind::ChangePin { own: false, .. } => "operator_pin",
            TaskKind::Refund => "refund",
            TaskKind::AdjustPoints => "adjust_points",
            TaskKind::RedeemGift => "redeem_gift",
            TaskKind::ConvertPoints => "convert_points",
            TaskKind::BuyTier => "buy_tier",
            TaskKind::SettleConflict(_) => "settle_conflict",
            TaskKind::ChargeCompany => "charge_company",
            TaskKind::SettleCompany => "settle_company",
            TaskKind::LinkCompany => "link_to_company",
            TaskKind::UnlinkCompany => "unlink_from_company",
            TaskKind::OpenCompany => "open_company",
        }
    }

    pub(super) fn title(&self) -> Tx {
        match self {
            TaskKind::Reverse { .. } => Tx::ReverseTitle,
            TaskKind::SellCountCard => Tx::SellCardTitle,
            TaskKind::SellMemberCard => Tx::SellMemberCardTitle,
            TaskKind::UseCountCard => Tx::UseCardTitle,
            TaskKind::IssueCoupon => Tx::IssueCouponTitle,
            TaskKind::RedeemCoupon => Tx::RedeemCouponTitle,
            TaskKind::VoidCoupon => Tx::VoidCouponTitle,
            TaskKind::OpenShift => Tx::OpenShiftTitle,
            TaskKind::CloseShift => Tx::CloseShiftTitle,
            TaskKind::AddOperator => Tx::AddOperatorTitle,
            TaskKind::SetOperatorActive { active: false, .. } => Tx::SetOffTitle,
            TaskKind::SetOperatorActive { active: true, .. } => Tx::SetOnTitle,
            TaskKind::ChangePin { own: true, .. } => Tx::MyPinTitle,
            TaskKind::ChangePin { own: false, .. } => Tx::ChangePinTitle,
            TaskKind::Refund => Tx::RefundTitle,
            TaskKind::AdjustPoints => Tx::AdjustTitle,
            TaskKind::RedeemGift => Tx::GiftTitle,
            TaskKind::ConvertPoints => Tx::ConvertTitle,
            TaskKind::BuyTier => Tx::BuyTierTitle,
            TaskKind::SettleConflict(_) => Tx::SettleTitle,
            TaskKind::ChargeCompany => Tx::ChargeCompanyTitle,
            TaskKind::SettleCompany => Tx::SettleCompanyTitle,
            TaskKind::LinkCompany => Tx::LinkCompanyTitle,
            TaskKind::UnlinkCompany => Tx::UnlinkCompanyTitle,
            TaskKind::OpenCompany => Tx::OpenCompanyTitle,
        }
    }

    /// The permission this step needs beyond a cashier's, if any.
    pub(super) fn action(&self) -> Option<Action> {
        match self {
            TaskKind::Reverse { .. } => Some(Action::Reverse),
            TaskKind::IssueCoupon => Some(Action::IssueCouponManually),
            TaskKind::VoidCoupon => Some(Action::VoidCoupon),
            TaskKind::Refund => Some(Action::RefundStoredValue),
            TaskKind::AdjustPoints => Some(Action::AdjustPoints),
            TaskKind::SettleConflict(_) => Some(Action::SettleConflict),
            TaskKind::SettleCompany => Some(Action::SettleCompany),
            TaskKind::OpenCompany => Some(Action::OpenCompany),
            _ => None,
        }
    }

    /// How many things F2 chooses between, and the chosen one's text.
    pub(super) fn choices(&self, sh: &Shared) -> Vec<(String, String)> {
        let cat = &sh.opts.catalog;
        match self {
            TaskKind::SellCountCard => cat
                .packages
                .iter()
                .map(|p| (p.id.clone(), p.name.clone()))
                .collect(),
            TaskKind::SellMemberCard => cat
                .cards
                .iter()
                .map(|c| (c.id.clone(), c.name.clone()))
                .collect(),
            TaskKind::IssueCoupon => cat
                .coupon_templates
                .iter()
                .map(|t| (t.id.clone(), t.name.clone()))
                .collect(),
            TaskKind::UseCountCard => sh
                .member
                .as_ref()
                .map(|v| {
                    active_cards(&v.account)
                        .map(|c| {
                            let (left, of) = (c.remaining.max(0), c.uses.max(0));
                            (
                                c.card.clone(),
                                format!("{} {left}/{of} {}", c.package, c.card),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
            TaskKind::RedeemGift => cat
                .gifts
                .iter()
                .map(|g| (g.id.clone(), g.name.clone()))
                .collect(),
            TaskKind::ConvertPoints => {
                // "" is stored value; then coupon templates sold for points, then
                // count-card packages (their ids marked `card:`).
                let mut v = vec![(String::new(), Tx::IntoStoredValue.get(sh.lang()).into())];
                v.extend(
                    cat.points_coupons
                        .iter()
                        .map(|t| (t.id.clone(), t.name.clone())),
                );
                v.extend(
                    cat.points_packages
                        .iter()
                        .map(|p| (format!("{CARD_CHOICE}{}", p.id), p.name.clone())),
                );
                v
            }
            TaskKind::AddOperator => ROLES
                .iter()
                .map(|r| (r.as_str().to_string(), i18n::role(*r, sh.lang()).into()))
                .collect(),
            TaskKind::SettleConflict(c) => c
                .resolutions()
                .iter()
                .map(|r| {
                    (
                        r.as_str().to_string(),
                        i18n::resolution(r.as_str(), sh.lang()),
                    )
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The resolution of F2's `choice` (a settle form).
    pub(super) fn resolution(choice: usize) -> Resolution {
        RESOLUTIONS
            .get(choice)
            .copied()
            .unwrap_or(Resolution::Accepted)
    }

    pub(super) fn choice_label(&self) -> Option<Tx> {
        match self {
            TaskKind::SellCountCard => Some(Tx::Package),
            TaskKind::SellMemberCard => Some(Tx::Tier),
            TaskKind::IssueCoupon => Some(Tx::Template),
            TaskKind::UseCountCard => Some(Tx::CountCard),
            TaskKind::AddOperator => Some(Tx::Role),
            TaskKind::RedeemGift => Some(Tx::Gift),
            TaskKind::ConvertPoints => Some(Tx::ConvertInto),
            TaskKind::SettleConflict(_) => Some(Tx::Resolution),
            _ => None,
        }
    }

    /// F3 goes round the tenders (with F2's `choice` made).
    pub(super) fn takes_tender(&self, choice: usize) -> bool {
        match self {
            TaskKind::SellCountCard
            | TaskKind::SellMemberCard
            | TaskKind::Refund
            | TaskKind::SettleCompany => true,
            TaskKind::SettleConflict(_) => Self::resolution(choice) == Resolution::Collected,
            _ => false,
        }
    }

    pub(super) fn uses_member(&self) -> bool {
        matches!(
            self,
            TaskKind::SellCountCard
                | TaskKind::SellMemberCard
                | TaskKind::UseCountCard
                | TaskKind::IssueCoupon
                | TaskKind::Refund
                | TaskKind::AdjustPoints
                | TaskKind::RedeemGift
                | TaskKind::ConvertPoints
                | TaskKind::BuyTier
                | TaskKind::ChargeCompany
                | TaskKind::SettleCompany
                | TaskKind::LinkCompany
                | TaskKind::UnlinkCompany
                | TaskKind::OpenCompany
        )
    }
}

/// The open coupons of the member on the counter.
pub(super) fn member_coupons(sh: &Shared) -> Vec<String> {
    sh.member
        .as_ref()
        .map(|v| v.account.coupons.iter().map(|c| c.code.clone()).collect())
        .unwrap_or_default()
}
