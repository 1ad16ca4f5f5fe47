//! The money steps: top-up, checkout and stay posting. Each fills a form, asks the
//! book what would happen (every line, every balance before and after), shows it, and
//! posts only on F12 while that exact quote is on screen. Enter never posts, so a
//! double Enter or a scanner's Enter can't; one op id is kept per form until it posts,
//! so a repeated F12 or a retry after a lost answer posts once.

use std::str::FromStr;

use carddesk_data::Found;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use rust_decimal::Decimal;

use super::approval::{ApprovalPrompt, PromptKey};
use super::Nav;
use crate::app::Shared;
use crate::chrome::KeyHelp;
use crate::field::{FieldKind, Form, FormKey, TextField};
use crate::i18n::{self, Tx};
use crate::model::{
    Approval, CheckoutForm, Command, Done, FindPurpose, Op, QuoteView, Reply, Tender,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyKind {
    TopUp,
    Checkout,
    Stay,
}

pub struct Money {
    kind: MoneyKind,
    member: Option<(String, String)>,
    form: Form,
    tender: Tender,
    use_points: bool,
    use_stored_value: bool,
    /// The quote on screen and the op it was made for; F12 posts exactly that op.
    quote: Option<(Op, QuoteView)>,
    quote_ticket: u64,
    op_id: String,
    in_flight: bool,
    done: Option<Done>,
    /// A supervisor's approval for a stored-value payment above the threshold.
    approval: Option<Approval>,
    prompt: Option<ApprovalPrompt>,
}

impl Money {
    pub fn new(kind: MoneyKind, sh: &mut Shared) -> Self {
        let fields = match kind {
            MoneyKind::TopUp => vec![(Tx::Amount, TextField::new(FieldKind::Money, 12))],
            MoneyKind::Checkout => vec![
                (Tx::Bill, TextField::new(FieldKind::Money, 12)),
                (Tx::BillRef, TextField::new(FieldKind::Text, 32)),
                (Tx::CouponCode, TextField::new(FieldKind::Text, 64)),
                (Tx::MemberPin, TextField::new(FieldKind::Secret, 12)),
            ],
            MoneyKind::Stay => vec![
                (Tx::Nights, TextField::new(FieldKind::Digits, 3)),
                (Tx::RoomRevenue, TextField::new(FieldKind::Money, 12)),
                (Tx::FolioRef, TextField::new(FieldKind::Text, 32)),
            ],
        };
        Money {
            kind,
            member: sh
                .member
                .as_ref()
                .map(|v| (v.member.member_no.clone(), v.member.name.clone())),
            form: Form::new(fields),
            tender: Tender::Cash,
            use_points: false,
            use_stored_value: true,
            quote: None,
            quote_ticket: 0,
            op_id: sh.op_id(),
            in_flight: false,
            done: None,
            approval: None,
            prompt: None,
        }
    }

    pub fn name(&self) -> &'static str {
        match self.kind {
            MoneyKind::TopUp => "top_up",
            MoneyKind::Checkout => "checkout",
            MoneyKind::Stay => "stay",
        }
    }

    fn title(&self) -> Tx {
        match self.kind {
            MoneyKind::TopUp => Tx::TopUpTitle,
            MoneyKind::Checkout => Tx::CheckoutTitle,
            MoneyKind::Stay => Tx::StayTitle,
        }
    }

    fn amount(&self, i: usize) -> Option<Decimal> {
        Decimal::from_str(self.form.value(i).trim())
            .ok()
            .filter(|d| *d > Decimal::ZERO && d.scale() <= 2)
    }

    /// The op the form describes now, or the reason it can't be one.
    fn op(&self) -> Result<Op, Tx> {
        let Some((member_no, _)) = &self.member else {
            return Err(Tx::NoMember);
        };
        let member_no = member_no.clone();
        match self.kind {
            MoneyKind::TopUp => Ok(Op::TopUp {
                member_no,
                amount: self.amount(0).ok_or(Tx::AmountInvalid)?,
                tender: self.tender,
            }),
            MoneyKind::Checkout => {
                let text = |i: usize| {
                    let v = self.form.value(i).trim();
                    (!v.is_empty()).then(|| v.to_string())
                };
                Ok(Op::Checkout(CheckoutForm {
                    member_no,
                    bill: self.amount(0).ok_or(Tx::AmountInvalid)?,
                    bill_ref: text(1).unwrap_or_default(),
                    coupon_code: text(2),
                    use_points: self.use_points,
                    use_stored_value: self.use_stored_value,
                    tender: self.tender,
                    pin: text(3),
                }))
            }
            MoneyKind::Stay => {
                let nights = self
                    .form
                    .value(0)
                    .parse::<u32>()
                    .ok()
                    .filter(|n| (1..=365).contains(n))
                    .ok_or(Tx::NightsInvalid)?;
                Ok(Op::PostStay {
                    member_no,
                    nights,
                    room_revenue: self.amount(1).ok_or(Tx::AmountInvalid)?,
                    folio_ref: self.form.value(2).trim().to_string(),
                })
            }
        }
    }

    fn request_quote(&mut self, sh: &mut Shared) {
        match self.op() {
            Ok(op) => {
                self.quote = None;
                let ticket = sh.ticket();
                self.quote_ticket = ticket;
                sh.info(sh.tx(Tx::Working));
                sh.send(Command::Quote {
                    ticket,
                    op,
                    approval: self.approval.clone(),
                });
            }
            Err(why) => sh.error(sh.tx(why)),
        }
    }

    fn confirm(&mut self, sh: &mut Shared) {
        if self.in_flight {
            sh.info(sh.tx(Tx::BusyWait));
            return;
        }
        let current = self.op().ok();
        match &self.quote {
            // Only the op whose quote the operator is looking at posts.
            Some((op, _)) if Some(op) == current.as_ref() => {
                self.in_flight = true;
                sh.info(sh.tx(Tx::Working));
                sh.send(Command::Execute {
                    op_id: self.op_id.clone(),
                    op: op.clone(),
                    approval: self.approval.clone(),
                });
            }
            _ => self.request_quote(sh),
        }
    }

    /// Back to the member on the counter (home when there is none).
    fn back(&self) -> Nav {
        Nav::Member
    }

    pub fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Nav {
        if let Some(p) = &mut self.prompt {
            match p.key(sh, key) {
                PromptKey::Pending => {}
                PromptKey::Cancel => self.prompt = None,
                PromptKey::Done(a) => {
                    self.prompt = None;
                    self.approval = Some(a);
                    self.request_quote(sh);
                }
            }
            return Nav::Stay;
        }
        if self.done.is_some() {
            return match key.code {
                KeyCode::Esc | KeyCode::Enter => self.back(),
                _ => Nav::Stay,
            };
        }
        if key.code == KeyCode::Esc {
            if self.quote.is_some() && !self.in_flight {
                self.quote = None;
                return Nav::Stay;
            }
            return self.back();
        }
        if self.in_flight {
            sh.info(sh.tx(Tx::BusyWait));
            return Nav::Stay;
        }
        let changed = match key.code {
            KeyCode::F(12) => {
                self.confirm(sh);
                false
            }
            KeyCode::F(2) if self.kind != MoneyKind::Stay => {
                self.tender = self.tender.next();
                true
            }
            KeyCode::F(5) if self.kind == MoneyKind::Checkout => {
                self.use_points = !self.use_points;
                true
            }
            KeyCode::F(6) if self.kind == MoneyKind::Checkout => {
                self.use_stored_value = !self.use_stored_value;
                true
            }
            _ => match self.form.key(&key) {
                FormKey::Submit => {
                    self.request_quote(sh);
                    false
                }
                FormKey::Edited => true,
                FormKey::Moved | FormKey::NotMine => false,
            },
        };
        if changed {
            // What is on screen must be what F12 posts: an edit drops the quote.
            self.quote = None;
        }
        Nav::Stay
    }

    /// A large stored-value payment refused for want of a supervisor (or with a wrong
    /// supervisor PIN) asks for one. A member's wrong payment PIN is not this.
    fn ask_approval(&mut self, e: &carddesk_data::OpError) {
        use carddesk_data::OpError;
        let supervisor = match e {
            OpError::NeedsRole(_) => true,
            OpError::UnknownOperator(_) => self.approval.is_some(),
            OpError::WrongPin { subject, .. } | OpError::LockedOut { subject, .. } => {
                self.approval.is_some() && subject.starts_with("operator:")
            }
            _ => false,
        };
        if supervisor {
            self.approval = None;
            self.prompt = Some(ApprovalPrompt::default());
        }
    }

    pub fn scan(&mut self, sh: &mut Shared, code: &str) -> bool {
        if self.in_flight || self.done.is_some() || self.prompt.is_some() {
            sh.error(sh.tx(Tx::BusyWait));
            return true;
        }
        match self.kind {
            // A member's code attaches the member; anything else is a coupon code.
            MoneyKind::Checkout => sh.find(code, FindPurpose::Attach),
            _ => sh.error(sh.tx(Tx::FinishFirst)),
        }
        true
    }

    pub fn card(&mut self, sh: &mut Shared, uid: &str) -> bool {
        self.scan(sh, uid)
    }

    pub fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Nav> {
        let lang = sh.lang();
        match r {
            Reply::Quoted { ticket, result } if *ticket == self.quote_ticket => {
                match (result, self.op()) {
                    (Ok(q), Ok(op)) => {
                        sh.info(sh.tx(Tx::PressF12));
                        self.quote = Some((op, q.clone()));
                    }
                    (Err(e), _) => {
                        sh.error(e.message(lang));
                        self.ask_approval(e);
                    }
                    (_, Err(why)) => sh.error(sh.tx(why)),
                }
                Some(Nav::Stay)
            }
            Reply::Executed { op_id, result } if *op_id == self.op_id => {
                self.in_flight = false;
                match result {
                    Ok(done) => {
                        sh.ok(i18n::posted(&done.entry_id, done.replayed, lang));
                        self.done = Some(done.clone());
                        if let Some(no) = &done.member_no {
                            sh.refresh_member(no);
                        }
                        // This form has posted; anything further is a new operation.
                        self.op_id = sh.op_id();
                    }
                    Err(e) => {
                        sh.error(e.message(lang));
                        self.quote = None;
                        self.ask_approval(e);
                    }
                }
                Some(Nav::Stay)
            }
            Reply::Found {
                ticket,
                query,
                purpose: FindPurpose::Attach,
                result,
            } if *ticket == sh.find_ticket => {
                match result {
                    Ok(Found::One { member }) => {
                        sh.ok(i18n::member_attached(&member.member_no, &member.name, lang));
                        self.member = Some((member.member_no.clone(), member.name.clone()));
                        sh.refresh_member(&member.member_no);
                    }
                    // Neither a member nor a coupon the book knows: say which.
                    Err(e) if e.code().starts_with("coupon_") => {
                        sh.error(e.message(lang));
                        return Some(Nav::Stay);
                    }
                    _ => {
                        self.form.set(2, query);
                        sh.info(i18n::coupon_attached(query, lang));
                    }
                }
                self.quote = None;
                if self.member.is_some() && self.amount(0).is_some() {
                    self.request_quote(sh);
                }
                Some(Nav::Stay)
            }
            _ => None,
        }
    }

    pub fn render(&self, f: &mut Frame, area: Rect, sh: &Shared) {
        let lang = sh.lang();
        let theme = sh.theme();
        let who = match &self.member {
            Some((no, name)) => format!("{} {no} {name}", Tx::MemberNo.get(lang)),
            None => Tx::NoMember.get(lang).to_string(),
        };
        let block = theme.block(format!(" {} - {who} ", self.title().get(lang)));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [left, right] =
            Layout::horizontal([Constraint::Length(38), Constraint::Min(30)]).areas(inner);
        let form_area = Rect::new(
            left.x + 1,
            left.y + 1,
            left.width.saturating_sub(2),
            self.form.fields.len() as u16,
        );
        let active = self.done.is_none() && !self.in_flight;
        let yes_no = |b: bool| if b { Tx::Yes } else { Tx::No }.get(lang);
        let mut extra: Vec<(Tx, String)> = Vec::new();
        if self.kind != MoneyKind::Stay {
            extra.push((
                Tx::Tender,
                format!("{} (F2)", i18n::tender(self.tender, lang)),
            ));
        }
        if self.kind == MoneyKind::Checkout {
            extra.push((Tx::UsePoints, format!("{} (F5)", yes_no(self.use_points))));
            extra.push((
                Tx::UseStored,
                format!("{} (F6)", yes_no(self.use_stored_value)),
            ));
        }
        let lw = extra
            .iter()
            .map(|(l, _)| crate::text::width(l.get(lang)) as u16 + 2)
            .fold(self.form.label_width(lang), u16::max);
        let form_area = Rect {
            height: self.form.fields.len() as u16,
            ..form_area
        };
        self.form.render_with(f, form_area, lw, theme, lang, active);
        let mut y = form_area.bottom();
        for (label, value) in extra {
            if y >= left.bottom() {
                break;
            }
            f.render_widget(
                Paragraph::new(Span::styled(label.get(lang), theme.label())),
                Rect::new(form_area.x, y, lw, 1),
            );
            f.render_widget(
                Paragraph::new(value),
                Rect::new(form_area.x + lw, y, form_area.width.saturating_sub(lw), 1),
            );
            y += 1;
        }
        if y + 1 < left.bottom() {
            f.render_widget(
                Paragraph::new(Line::from(Span::styled(
                    Tx::EnterForPreview.get(lang),
                    theme.muted(),
                )))
                .wrap(ratatui::widgets::Wrap { trim: true }),
                Rect::new(form_area.x, y + 1, form_area.width, left.bottom() - y - 1),
            );
        }
        super::quote::render(
            f,
            right,
            sh,
            self.quote.as_ref().map(|(_, q)| q),
            &self.done,
            self.in_flight,
        );
        if let Some(p) = &self.prompt {
            p.render(f, area, sh);
        }
    }

    pub fn keys(&self) -> Vec<KeyHelp> {
        if self.prompt.is_some() {
            return vec![("Enter", Tx::KApprove), ("Esc", Tx::KBack)];
        }
        if self.done.is_some() {
            return vec![("Enter/Esc", Tx::KBack)];
        }
        let mut k = vec![("F1", Tx::KHelp), ("Enter", Tx::KPreview)];
        if self.kind != MoneyKind::Stay {
            k.push(("F2", Tx::KTender));
        }
        if self.kind == MoneyKind::Checkout {
            k.push(("F5", Tx::KPoints));
            k.push(("F6", Tx::KStored));
        }
        k.extend([("F12", Tx::KConfirm), ("Esc", Tx::KBack)]);
        k
    }
}
