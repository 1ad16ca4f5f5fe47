//! The counter's other postings, each a small form with the same confirmation as the
//! money steps: reversal, count cards (sell, use), coupons (issue, redeem, void), the
//! shift (open, close) and adding an operator. Enter asks the book for a preview (the
//! entry it would write and every balance before → after); F12 posts exactly the op
//! whose preview is on screen; one op id per form until it posts. A privileged step
//! asked for by a cashier first opens the supervisor prompt.

use std::str::FromStr;

use carddesk_data::conflict::Resolution;
use carddesk_data::ops::{
    AddOperator, AdjustPoints, ChangeOperatorPin, CloseShift, ConvertInto, ConvertPoints,
    IssueCoupon, OpenShift, RedeemCoupon, RedeemGift, RefundStoredValue, Reverse, SellCountCard,
    SetOperatorActive, SettleConflict, UseCountCard, VoidCoupon,
};
use carddesk_data::permissions::Action;
use carddesk_data::{EntryBody, Request, Role};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;
use rust_decimal::Decimal;

use super::approval::{approval_refused, own_role_allows};
use super::posting::{counter_member, Answer, Posting, Step};
use super::{Nav, Screen};
use crate::app::Shared;
use crate::chrome::KeyHelp;
use crate::field::{FieldKind, Form, TextField};
use crate::i18n::{self, Tx};
use crate::model::{next_tender, Done, Op, Reply, Tender};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskKind {
    /// Reverse the entry `entry_id` (of kind `kind`).
    Reverse {
        entry_id: String,
        kind: String,
    },
    SellCountCard,
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
    /// Settle a replication conflict (supervisor; on the spot for a cashier).
    SettleConflict(Box<ConflictTarget>),
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

const ROLES: [Role; 3] = [Role::Cashier, Role::Supervisor, Role::Admin];

pub struct Task {
    kind: TaskKind,
    member: Option<(String, String)>,
    form: Form,
    /// The package, template, count card or role chosen with F2.
    choice: usize,
    tender: Tender,
    posting: Posting,
    /// Where Esc goes (the journal, the shift screen); None: the member or home.
    back: Option<Box<Screen>>,
}

impl Task {
    pub fn new(kind: TaskKind, sh: &mut Shared, back: Option<Box<Screen>>) -> Self {
        let reason = || (Tx::Reason, TextField::new(FieldKind::Text, 60));
        let code = || (Tx::CouponCode, TextField::new(FieldKind::Text, 32));
        let fields = match &kind {
            TaskKind::Reverse { .. } | TaskKind::IssueCoupon => vec![reason()],
            TaskKind::SellCountCard => vec![],
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
            TaskKind::RedeemGift => vec![],
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
        };
        let mut t = Task {
            kind,
            member: counter_member(sh),
            form: Form::new(fields),
            choice: 0,
            tender: Tender::Cash,
            posting: Posting::new(sh),
            back,
        };
        if matches!(t.kind, TaskKind::RedeemCoupon | TaskKind::VoidCoupon) {
            // The member's first open coupon, if one is on the counter; F2 moves on.
            if let Some(c) = t.coupons(sh).first() {
                t.form.set(0, c);
            }
        }
        t
    }

    pub fn name(&self) -> &'static str {
        match self.kind {
            TaskKind::Reverse { .. } => "reverse",
            TaskKind::SellCountCard => "sell_count_card",
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
            TaskKind::SettleConflict(_) => "settle_conflict",
        }
    }

    fn title(&self) -> Tx {
        match self.kind {
            TaskKind::Reverse { .. } => Tx::ReverseTitle,
            TaskKind::SellCountCard => Tx::SellCardTitle,
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
            TaskKind::SettleConflict(_) => Tx::SettleTitle,
        }
    }

    /// The permission this step needs beyond a cashier's, if any.
    fn action(&self) -> Option<Action> {
        match self.kind {
            TaskKind::Reverse { .. } => Some(Action::Reverse),
            TaskKind::IssueCoupon => Some(Action::IssueCouponManually),
            TaskKind::VoidCoupon => Some(Action::VoidCoupon),
            TaskKind::Refund => Some(Action::RefundStoredValue),
            TaskKind::AdjustPoints => Some(Action::AdjustPoints),
            TaskKind::SettleConflict(_) => Some(Action::SettleConflict),
            _ => None,
        }
    }

    fn coupons(&self, sh: &Shared) -> Vec<String> {
        sh.member
            .as_ref()
            .and_then(|v| v.account.as_ref())
            .map(|a| a.coupons.iter().map(|c| c.code.clone()).collect())
            .unwrap_or_default()
    }

    /// How many things F2 chooses between, and the chosen one's text.
    fn choices(&self, sh: &Shared) -> Vec<(String, String)> {
        let cat = &sh.opts.catalog;
        match self.kind {
            TaskKind::SellCountCard => cat
                .packages
                .iter()
                .map(|p| (p.id.clone(), p.name.clone()))
                .collect(),
            TaskKind::IssueCoupon => cat
                .coupon_templates
                .iter()
                .map(|t| (t.id.clone(), t.name.clone()))
                .collect(),
            TaskKind::UseCountCard => sh
                .member
                .as_ref()
                .and_then(|v| v.account.as_ref())
                .map(|a| {
                    a.count_cards
                        .iter()
                        .map(|c| {
                            (
                                c.card_id.clone(),
                                format!("{} {}/{} {}", c.package, c.remaining, c.total, c.card_id),
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
                // "" is stored value; the rest are coupon templates sold for points.
                let mut v = vec![(String::new(), Tx::IntoStoredValue.get(sh.lang()).into())];
                v.extend(
                    cat.points_coupons
                        .iter()
                        .map(|t| (t.id.clone(), t.name.clone())),
                );
                v
            }
            TaskKind::AddOperator => ROLES
                .iter()
                .map(|r| {
                    (
                        r.as_str().to_string(),
                        i18n::role(r.as_str(), sh.lang()).into(),
                    )
                })
                .collect(),
            TaskKind::SettleConflict(ref c) => c
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

    /// The resolution chosen with F2 (a settle form).
    fn resolution(&self) -> Resolution {
        RESOLUTIONS
            .get(self.choice)
            .copied()
            .unwrap_or(Resolution::Accepted)
    }

    fn choice_label(&self) -> Option<Tx> {
        match self.kind {
            TaskKind::SellCountCard => Some(Tx::Package),
            TaskKind::IssueCoupon => Some(Tx::Template),
            TaskKind::UseCountCard => Some(Tx::CountCard),
            TaskKind::AddOperator => Some(Tx::Role),
            TaskKind::RedeemGift => Some(Tx::Gift),
            TaskKind::ConvertPoints => Some(Tx::ConvertInto),
            TaskKind::SettleConflict(_) => Some(Tx::Resolution),
            _ => None,
        }
    }

    fn money(&self, i: usize) -> Option<Decimal> {
        Decimal::from_str(self.form.value(i).trim())
            .ok()
            .filter(|d| *d >= Decimal::ZERO && d.scale() <= 2)
    }

    fn text(&self, i: usize) -> String {
        self.form.value(i).trim().to_string()
    }

    fn member_no(&self) -> Result<String, Tx> {
        self.member
            .as_ref()
            .map(|(no, _)| no.clone())
            .ok_or(Tx::NoMember)
    }

    /// The op the form describes now, or the reason it can't be one.
    fn op(&self, sh: &Shared) -> Result<Op, Tx> {
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
                entry_id: entry_id.clone(),
                reason: reason(0)?,
            }),
            TaskKind::SellCountCard => Request::SellCountCard(SellCountCard {
                member_no: self.member_no()?,
                package: chosen()?,
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
                member_no: self.member_no()?,
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
                member_no: self.member_no()?,
                amount: self
                    .money(0)
                    .filter(|d| *d > Decimal::ZERO)
                    .ok_or(Tx::AmountInvalid)?,
                tender: self.tender,
                reason: reason(1)?,
            }),
            TaskKind::AdjustPoints => Request::AdjustPoints(AdjustPoints {
                member_no: self.member_no()?,
                points: self
                    .text(0)
                    .parse::<i64>()
                    .ok()
                    .filter(|p| *p != 0)
                    .ok_or(Tx::PointsInvalid)?,
                reason: reason(1)?,
            }),
            TaskKind::RedeemGift => Request::RedeemGift(RedeemGift {
                member_no: self.member_no()?,
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
                    template => ConvertInto::Coupon {
                        template: template.to_string(),
                    },
                };
                Request::ConvertPoints(ConvertPoints {
                    member_no: self.member_no()?,
                    into,
                })
            }
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
        Ok(Op::Member(request))
    }

    fn needs_prompt(&self, sh: &Shared) -> bool {
        self.posting.approval().is_none() && self.action().is_some_and(|a| !own_role_allows(sh, a))
    }

    fn request_quote(&mut self, sh: &mut Shared) {
        match self.op(sh) {
            Ok(_) if self.needs_prompt(sh) => {
                sh.info(sh.tx(Tx::NeedsApproval));
                self.posting.ask_supervisor();
            }
            Ok(op) => self.posting.request_quote(sh, op),
            Err(why) => sh.error(sh.tx(why)),
        }
    }

    fn confirm(&mut self, sh: &mut Shared) {
        if !self.posting.confirm(sh, self.op(sh).ok()) {
            self.request_quote(sh);
        }
    }

    fn leave(&mut self, sh: &mut Shared) -> Nav {
        if let Some(report) = self.posting.done().and_then(|d| match d.detail.as_deref() {
            Some(EntryBody::ShiftClosed { report, .. }) => Some(report.clone()),
            _ => None,
        }) {
            return Nav::To(Screen::Shift(super::shift::ShiftScreen::closed(
                &report, sh,
            )));
        }
        match self.back.take() {
            Some(mut s) => {
                s.reload(sh);
                Nav::To(*s)
            }
            None => Nav::Member,
        }
    }

    pub fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Nav {
        match self.posting.key(sh, &mut self.form, &key) {
            Step::Stay => {}
            Step::Cancelled => sh.message = None,
            Step::Leave => return self.leave(sh),
            Step::Quote => self.request_quote(sh),
            Step::Confirm => self.confirm(sh),
            Step::Own => {
                let changed = match key.code {
                    KeyCode::F(2) => self.next_choice(sh),
                    KeyCode::F(3) if self.takes_tender() => {
                        self.tender = next_tender(self.tender);
                        true
                    }
                    _ => false,
                };
                if changed {
                    self.posting.drop_quote();
                }
            }
        }
        Nav::Stay
    }

    fn takes_tender(&self) -> bool {
        match self.kind {
            TaskKind::SellCountCard | TaskKind::Refund => true,
            TaskKind::SettleConflict(_) => self.resolution() == Resolution::Collected,
            _ => false,
        }
    }

    /// F2: the next package, template, card or role; in a coupon form, the member's
    /// next open coupon.
    fn next_choice(&mut self, sh: &mut Shared) -> bool {
        if matches!(self.kind, TaskKind::RedeemCoupon | TaskKind::VoidCoupon) {
            let codes = self.coupons(sh);
            if codes.is_empty() {
                sh.info(sh.tx(Tx::NothingToChoose));
                return false;
            }
            let at = codes.iter().position(|c| c == self.form.value(0));
            let next = at.map_or(0, |i| (i + 1) % codes.len());
            self.form.set(0, &codes[next]);
            return true;
        }
        let n = self.choices(sh).len();
        if n == 0 {
            sh.info(sh.tx(Tx::NothingToChoose));
            return false;
        }
        self.choice = (self.choice + 1) % n;
        true
    }

    /// A scan fills the coupon code; elsewhere it is refused while a form is open.
    pub fn scan(&mut self, sh: &mut Shared, code: &str) -> bool {
        if matches!(self.kind, TaskKind::RedeemCoupon | TaskKind::VoidCoupon)
            && !self.posting.busy()
        {
            self.form.set(0, code);
            self.posting.drop_quote();
            sh.info(i18n::coupon_attached(code, sh.lang()));
        } else {
            sh.error(sh.tx(Tx::FinishFirst));
        }
        true
    }

    pub fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Nav> {
        let current = self.op(sh);
        // Only the member on the counter is shown again; a reversal may be another's.
        let posted = |sh: &mut Shared, done: &Done| {
            if let Some(no) = &done.member_no {
                if sh.member_no() == Some(no.as_str()) {
                    sh.refresh_member(no);
                }
            }
        };
        match self.posting.reply(sh, r, current, posted)? {
            Answer::Quoted => match self.posting.approval() {
                Some(a) => sh.info(i18n::approved_by(&a.operator_id, sh.lang())),
                None => sh.info(sh.tx(Tx::PressF12)),
            },
            // A wrong or missing approval: ask again, from an empty prompt.
            Answer::Refused(e) if approval_refused(e) && self.action().is_some() => {
                self.posting.ask_supervisor();
            }
            Answer::Refused(_) | Answer::Other => {}
        }
        Some(Nav::Stay)
    }

    pub fn render(&self, f: &mut Frame, area: Rect, sh: &Shared) {
        let lang = sh.lang();
        let theme = sh.theme();
        let title = match &self.member {
            Some((no, name)) if self.member_no().is_ok() && self.uses_member() => format!(
                " {} - {} {no} {name} ",
                self.title().get(lang),
                Tx::MemberNo.get(lang)
            ),
            _ => format!(" {} ", self.title().get(lang)),
        };
        let block = theme.block(title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [left, right] =
            Layout::horizontal([Constraint::Length(38), Constraint::Min(30)]).areas(inner);
        let x = left.x + 1;
        let w = left.width.saturating_sub(2);
        let mut rows: Vec<(String, String)> = Vec::new();
        if let TaskKind::Reverse { entry_id, kind } = &self.kind {
            rows.push((
                Tx::Entry.get(lang).into(),
                format!("{entry_id} {}", i18n::entry_kind(kind, lang)),
            ));
        }
        if let TaskKind::SetOperatorActive {
            operator_id, name, ..
        }
        | TaskKind::ChangePin {
            operator_id, name, ..
        } = &self.kind
        {
            rows.push((
                Tx::OperatorId.get(lang).into(),
                format!("{operator_id} {name}"),
            ));
        }
        if let TaskKind::SettleConflict(c) = &self.kind {
            rows.push((
                Tx::ConflictLabel.get(lang).into(),
                format!("{} {}", c.conflict_id, i18n::conflict_kind(&c.kind, lang)),
            ));
            rows.push((
                Tx::MemberNo.get(lang).into(),
                format!("{} {}", c.member_no, c.member_name),
            ));
            let amount = if c.asset == "stored_value" {
                i18n::money(c.amount)
            } else {
                c.amount.normalize().to_string()
            };
            rows.push((
                Tx::AssetCol.get(lang).into(),
                format!(
                    "{} {}{amount}",
                    i18n::conflict_asset(&c.asset, lang),
                    if c.subject.is_empty() {
                        String::new()
                    } else {
                        format!("{} ", c.subject)
                    }
                ),
            ));
        }
        if let TaskKind::SetOperatorActive { active, .. } = &self.kind {
            rows.push((
                Tx::Status.get(lang).into(),
                format!(
                    "{} {} {}",
                    i18n::operator_status(!active, lang),
                    theme.arrow(),
                    i18n::operator_status(*active, lang)
                ),
            ));
        }
        if let Some(label) = self.choice_label() {
            let value = self
                .choices(sh)
                .get(self.choice)
                .map(|(_, t)| format!("{t} (F2)"))
                .unwrap_or_else(|| Tx::NothingToChoose.get(lang).into());
            rows.push((label.get(lang).into(), value));
        }
        if self.takes_tender() {
            rows.push((
                Tx::Tender.get(lang).into(),
                format!("{} (F3)", i18n::tender(self.tender, lang)),
            ));
        }
        if let Some(a) = self.posting.approval() {
            rows.push((Tx::ApprovedByText.get(lang).into(), a.operator_id.clone()));
        }
        let lw = rows
            .iter()
            .map(|(l, _)| crate::text::width(l) as u16 + 2)
            .fold(self.form.label_width(lang), u16::max);
        let mut y = left.y + 1;
        for (label, value) in &rows {
            if y >= left.bottom() {
                break;
            }
            f.render_widget(
                Paragraph::new(Span::styled(label.as_str(), theme.label())),
                Rect::new(x, y, lw.min(w), 1),
            );
            f.render_widget(
                Paragraph::new(value.as_str()),
                Rect::new(x + lw.min(w), y, w.saturating_sub(lw), 1),
            );
            y += 1;
        }
        let n = self.form.fields.len() as u16;
        let form_area = Rect::new(x, y, w, n.min(left.bottom().saturating_sub(y)));
        let active = !self.posting.busy();
        self.form.render_with(f, form_area, lw, theme, lang, active);
        let y = form_area.bottom();
        if y + 1 < left.bottom() {
            let hint = if matches!(self.kind, TaskKind::RedeemCoupon | TaskKind::VoidCoupon) {
                Tx::CouponHint.get(lang)
            } else if matches!(self.kind, TaskKind::SettleConflict(_)) {
                Tx::SettleHint.get(lang)
            } else {
                Tx::EnterForPreview.get(lang)
            };
            f.render_widget(
                Paragraph::new(Line::from(Span::styled(hint, theme.muted())))
                    .wrap(Wrap { trim: true }),
                Rect::new(x, y + 1, w, left.bottom() - y - 1),
            );
        }
        self.posting.render(f, right, area, sh);
    }

    fn uses_member(&self) -> bool {
        matches!(
            self.kind,
            TaskKind::SellCountCard
                | TaskKind::UseCountCard
                | TaskKind::IssueCoupon
                | TaskKind::Refund
                | TaskKind::AdjustPoints
                | TaskKind::RedeemGift
                | TaskKind::ConvertPoints
        )
    }

    pub fn keys(&self) -> Vec<KeyHelp> {
        let mut own = Vec::new();
        if self.choice_label().is_some()
            || matches!(self.kind, TaskKind::RedeemCoupon | TaskKind::VoidCoupon)
        {
            own.push(("F2", Tx::KChange));
        }
        if self.takes_tender() {
            own.push(("F3", Tx::KTender));
        }
        self.posting.keys(&own)
    }
}
