//! The money steps: top-up, checkout, stay posting and no-show (未入住). Each fills a form, asks the
//! book what would happen (every line, every balance before and after), shows it, and
//! posts only on F12 while that exact quote is on screen. Enter never posts, so a
//! double Enter or a scanner's Enter can't; one op id is kept per form until it posts,
//! so a repeated F12 or a retry after a lost answer posts once.

use carddesk_model::{Found, Outcome};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::Frame;

use super::posting::{counter_member, member_of, Answer, Posting, Step};
use crate::context::Shared;
use crate::field::{FieldKind, Form, TextField};
use crate::i18n::{self, Tx};
use crate::keymap::{self, bind, Binding, Key, KeyHelp};
use crate::layer::{Back, Flow, Layer};
use crate::model::{next_tender, FindPurpose, Quote, Reply, Tender};

mod lookup;
mod render;
mod request;
mod tendered;

/// The money forms' own keys: the tender, and in a checkout what pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Toggle {
    Tender,
    Points,
    Stored,
    Coupons,
}

const OWN_KEYS: &[Binding<Toggle>] = &[
    bind("F2", &[Key::F(2)], Tx::KTender, Toggle::Tender),
    bind("F5", &[Key::F(5)], Tx::KPoints, Toggle::Points),
    bind("F6", &[Key::F(6)], Tx::KStored, Toggle::Stored),
    bind("F7", &[Key::F(7)], Tx::KCoupons, Toggle::Coupons),
];

/// The checkout form's fields that others look at: the coupon code, the most points
/// and stored value to use (blank: all that applies), the member's payment PIN and the
/// cash received (last, and not part of the request).
const COUPON: usize = 2;
const MAX_POINTS: usize = 3;
const MAX_STORED: usize = 4;
const PIN: usize = 5;
const CASH: usize = 6;

/// Another member scanned into a checkout: Y switches to them; any other key keeps
/// the member on the form.
const SWITCH: KeyHelp = KeyHelp::new("Y", &[Key::Char('y')], Tx::KSwitchMember);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyKind {
    TopUp,
    Checkout,
    Stay,
    /// A booking never came: points taken back per night, never below zero.
    NoShow,
}

pub struct Money {
    kind: MoneyKind,
    member: Option<(String, String)>,
    /// Opened with no member on the counter (a checkout from home).
    began_without_member: bool,
    form: Form,
    tender: Tender,
    use_points: bool,
    use_stored_value: bool,
    /// A supervisor approves a stored-value payment above the threshold.
    posting: Posting,
    /// Another member's code scanned while one is attached: switched to only on Y.
    other_member: Option<(String, String)>,
    /// A checkout begun with no member finds one by a phone, a name, ... typed here.
    lookup: Option<lookup::Lookup>,
}

impl Money {
    pub fn new(kind: MoneyKind, sh: &mut Shared) -> Self {
        let fields = match kind {
            MoneyKind::TopUp => vec![(Tx::Amount, TextField::new(FieldKind::Money, 12))],
            MoneyKind::Checkout => vec![
                (Tx::Bill, TextField::new(FieldKind::Money, 12)),
                (Tx::BillRef, TextField::new(FieldKind::Text, 32)),
                (Tx::CouponCode, TextField::new(FieldKind::Text, 64)),
                (Tx::PointsLimit, TextField::new(FieldKind::Digits, 9)),
                (Tx::StoredLimit, TextField::new(FieldKind::Money, 12)),
                (Tx::MemberPin, TextField::new(FieldKind::Secret, 12)),
                (Tx::CashReceived, TextField::new(FieldKind::Money, 12)),
            ],
            MoneyKind::Stay => vec![
                (Tx::Nights, TextField::new(FieldKind::Digits, 3)),
                (Tx::RoomRevenue, TextField::new(FieldKind::Money, 12)),
                (Tx::FolioRef, TextField::new(FieldKind::Text, 32)),
                (Tx::Booker, TextField::new(FieldKind::Text, 20)),
            ],
            MoneyKind::NoShow => vec![
                (Tx::Nights, TextField::new(FieldKind::Digits, 3)),
                (Tx::BookingRef, TextField::new(FieldKind::Text, 32)),
            ],
        };
        let member = counter_member(sh);
        Money {
            kind,
            began_without_member: member.is_none(),
            lookup: (kind == MoneyKind::Checkout && member.is_none()).then(lookup::Lookup::new),
            member,
            form: Form::new(fields),
            tender: Tender::Cash,
            use_points: false,
            use_stored_value: true,
            posting: Posting::new(sh),
            other_member: None,
        }
    }

    fn title(&self) -> Tx {
        match self.kind {
            MoneyKind::TopUp => Tx::TopUpTitle,
            MoneyKind::Checkout => Tx::CheckoutTitle,
            MoneyKind::Stay => Tx::StayTitle,
            MoneyKind::NoShow => Tx::NoShowTitle,
        }
    }

    /// Everything a checkout needs is filled in: Enter goes to the quote from any field,
    /// so the bill, a coupon and Enter are enough.
    fn complete(&self, sh: &Shared) -> bool {
        let bill_ref = !self.form.value(1).trim().is_empty() || !sh.opts.catalog.bill_ref_required;
        self.kind == MoneyKind::Checkout && bill_ref && self.request().is_ok()
    }

    /// A member found by a typed lookup: attached, or asked about (Y) when another is
    /// on the form already, as a scan is.
    fn found_member(&mut self, sh: &mut Shared, no: String, name: String) {
        let lang = sh.lang();
        if let Some((_, kept)) = self.member.as_ref().filter(|(n, _)| *n != no) {
            sh.error(i18n::other_member_ask(&name, kept, lang));
            self.other_member = Some((no, name));
            return;
        }
        sh.ok(i18n::member_attached(&no, &name, lang));
        sh.refresh_member(&no);
        self.member = Some((no, name));
        self.posting.drop_quote();
        if self.amount(0).is_some() {
            self.request_quote(sh);
        }
    }

    fn request_quote(&mut self, sh: &mut Shared) {
        match self.request() {
            Ok(request) => self.posting.request_quote(sh, request),
            Err(why) => sh.error(sh.tx(why)),
        }
    }

    fn confirm(&mut self, sh: &mut Shared) {
        // Money taken with no shift open belongs to no shift report: ask once per
        // log-in before the first such posting (F12 again goes ahead).
        let takes_money = matches!(self.kind, MoneyKind::TopUp | MoneyKind::Checkout);
        if takes_money
            && sh.shift_open == Some(false)
            && !sh.no_shift_ok
            && self.posting.has_quote()
        {
            sh.no_shift_ok = true;
            sh.error(sh.tx(Tx::NoShiftAsk));
            return;
        }
        if !self.posting.confirm(sh, self.request().ok()) {
            self.request_quote(sh);
        }
    }

    /// Back where the form came from; a checkout begun without a member ends on the
    /// member it attached.
    fn leave(&self, sh: &Shared) -> Flow {
        if self.began_without_member && sh.member.is_some() {
            Flow::Member
        } else {
            Flow::back()
        }
    }

    /// The form's own keys this kind of form has.
    fn has(&self, t: Toggle) -> bool {
        match t {
            Toggle::Tender => matches!(self.kind, MoneyKind::TopUp | MoneyKind::Checkout),
            Toggle::Points | Toggle::Stored | Toggle::Coupons => self.kind == MoneyKind::Checkout,
        }
    }

    /// F2 tender, F5 points, F6 stored value, F7 the member's next open coupon; true
    /// when one changed.
    fn toggle(&mut self, sh: &Shared, key: &KeyEvent) -> bool {
        match keymap::find(OWN_KEYS, key).filter(|t| self.has(*t)) {
            Some(Toggle::Tender) => self.tender = next_tender(self.tender),
            Some(Toggle::Points) => self.switch(Toggle::Points, MAX_POINTS),
            Some(Toggle::Stored) => self.switch(Toggle::Stored, MAX_STORED),
            Some(Toggle::Coupons) => {
                let no = self.member.as_ref().map_or("", |(no, _)| no.as_str());
                let next = tendered::next_coupon(sh, no, self.form.value(COUPON));
                self.form.set(COUPON, &next);
            }
            None => return false,
        }
        true
    }

    /// A large stored-value payment refused for want of a supervisor (or with a wrong
    /// supervisor PIN) asks for one. A member's wrong payment PIN is not this.
    fn ask_approval(&mut self, e: &carddesk_model::OpError) -> Flow {
        use carddesk_model::OpError;
        let supervisor = match e {
            OpError::NeedsRole(_) => true,
            OpError::UnknownOperator(_) => self.posting.approval().is_some(),
            OpError::WrongPin { subject, .. } | OpError::LockedOut { subject, .. } => {
                self.posting.approval().is_some() && subject.starts_with("operator:")
            }
            _ => false,
        };
        if supervisor {
            self.posting.ask_supervisor()
        } else {
            Flow::Stay
        }
    }
}

impl Layer for Money {
    fn name(&self) -> &'static str {
        match self.kind {
            MoneyKind::TopUp => "top_up",
            MoneyKind::Checkout => "checkout",
            MoneyKind::Stay => "stay",
            MoneyKind::NoShow => "no_show",
        }
    }

    fn holds_work(&self) -> bool {
        true
    }

    fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Flow {
        if let Some((no, name)) = self.other_member.take() {
            // Y switches to the member just scanned; any other key keeps the one on
            // the form (and is otherwise ignored, so Esc doesn't also leave).
            if SWITCH.matches(&key) {
                let lang = sh.lang();
                sh.ok(i18n::member_attached(&no, &name, lang));
                self.member = Some((no.clone(), name));
                sh.refresh_member(&no);
                self.posting.drop_quote();
                if self.amount(0).is_some() {
                    self.request_quote(sh);
                }
            } else {
                sh.info(sh.tx(Tx::MemberKept));
            }
            return Flow::Stay;
        }
        if let Some(l) = self.lookup.as_mut().filter(|_| !self.posting.busy()) {
            let up = matches!(key.code, KeyCode::Up | KeyCode::BackTab);
            if !l.focus && up && self.form.focus == 0 {
                l.focus = true;
                return Flow::Stay;
            }
            if let lookup::LookupKey::Taken = l.key(sh, &key) {
                return Flow::Stay;
            }
        }
        if self.kind == MoneyKind::Checkout && !self.posting.busy() {
            // The cash received is no part of the request: typing it keeps the quote.
            let cash = self.form.focus == CASH;
            if cash && self.form.fields[CASH].input.key(&key) {
                return Flow::Stay;
            }
            let enter = key.code == KeyCode::Enter && key.modifiers.is_empty();
            if enter && !cash && self.complete(sh) {
                self.request_quote(sh);
                return Flow::Stay;
            }
        }
        match self.posting.key(sh, &mut self.form, &key) {
            Step::Stay | Step::Cancelled => Flow::Stay,
            Step::Leave => self.leave(sh),
            Step::Quote => {
                self.request_quote(sh);
                Flow::Stay
            }
            Step::Confirm => {
                self.confirm(sh);
                Flow::Stay
            }
            Step::Own if self.toggle(sh, &key) => {
                self.posting.drop_quote();
                // A coupon picked on a complete form is quoted at once.
                if self.complete(sh) && keymap::find(OWN_KEYS, &key) == Some(Toggle::Coupons) {
                    self.request_quote(sh);
                }
                Flow::Stay
            }
            Step::Own | Step::Pass => Flow::Pass,
        }
    }

    /// Back from the supervisor prompt: quoted again with the approval.
    fn resume(&mut self, sh: &mut Shared, back: Back) -> Flow {
        if let Step::Quote = self.posting.approved(back) {
            self.request_quote(sh);
        }
        Flow::Stay
    }

    fn scan(&mut self, sh: &mut Shared, code: &str) -> Flow {
        // After a posting the form is finished: a scan opens the next member.
        if self.posting.done().is_some() {
            return Flow::Pass;
        }
        if self.posting.busy() {
            sh.error(sh.tx(Tx::BusyWait));
            return Flow::Stay;
        }
        match self.kind {
            // A member's code attaches the member; anything else is a coupon code.
            MoneyKind::Checkout => sh.find(code, FindPurpose::Attach),
            _ => sh.error(sh.tx(Tx::FinishFirst)),
        }
        Flow::Stay
    }

    fn card(&mut self, sh: &mut Shared, uid: &str) -> Flow {
        self.scan(sh, uid)
    }

    fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Flow> {
        let lang = sh.lang();
        let current = self.request();
        // The answer names the member; the form's own is the fallback.
        let mine = self.member.as_ref().map(|(no, _)| no.clone());
        let posted = |sh: &mut Shared, done: &Outcome| {
            if let Some(no) = member_of(done).map(str::to_string).or(mine) {
                sh.refresh_member(&no);
            }
        };
        if let Some(answer) = self.posting.reply(sh, r, current, posted) {
            return Some(match answer {
                Answer::Quoted => {
                    sh.info(sh.tx(Tx::PressF12));
                    // Next: the member's PIN when the quote needs it, else the cash.
                    if let Some(Quote::Checkout(q)) = self.posting.quote() {
                        let pin = q.pin_needed && self.form.value(PIN).is_empty();
                        self.form.focus = if pin { PIN } else { CASH };
                    }
                    Flow::Stay
                }
                Answer::Refused(e) => self.ask_approval(e),
                Answer::Other => Flow::Stay,
            });
        }
        if let Some(found) = self.lookup.as_mut().and_then(|l| l.reply(sh, r)) {
            if let Some((no, name)) = found {
                self.found_member(sh, no, name);
            }
            return Some(Flow::Stay);
        }
        match r {
            Reply::Found {
                ticket,
                query,
                purpose: FindPurpose::Attach,
                result,
            } if *ticket == sh.find_ticket => {
                match result {
                    Ok(Found::One { member })
                        if self
                            .member
                            .as_ref()
                            .is_some_and(|(no, _)| *no != member.member_no) =>
                    {
                        // Never swap the member under a checkout silently: ask.
                        let kept = self.member.as_ref().map(|(_, n)| n.as_str()).unwrap_or("");
                        sh.error(i18n::other_member_ask(&member.name, kept, lang));
                        self.other_member = Some((member.member_no.clone(), member.name.clone()));
                        return Some(Flow::Stay);
                    }
                    Ok(Found::One { member }) => {
                        if let Some(l) = &mut self.lookup {
                            l.focus = false;
                        }
                        sh.ok(i18n::member_attached(&member.member_no, &member.name, lang));
                        self.member = Some((member.member_no.clone(), member.name.clone()));
                        sh.refresh_member(&member.member_no);
                    }
                    // Neither a member nor a coupon the book knows: say which.
                    Err(e) if e.code().starts_with("coupon_") => {
                        sh.error(e.message(lang));
                        return Some(Flow::Stay);
                    }
                    _ => {
                        self.form.set(COUPON, query);
                        sh.info(i18n::coupon_attached(query, lang));
                    }
                }
                self.posting.drop_quote();
                if self.member.is_some() && self.amount(0).is_some() {
                    self.request_quote(sh);
                }
                Some(Flow::Stay)
            }
            _ => None,
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, sh: &Shared, _keys: &[KeyHelp]) {
        self.draw(f, area, sh);
    }

    fn keys(&self, _sh: &Shared) -> Option<Vec<KeyHelp>> {
        if self.other_member.is_some() {
            return Some(vec![SWITCH]);
        }
        let own = keymap::lines(OWN_KEYS, |t, line| self.has(t).then_some(line));
        Some(self.posting.keys(own))
    }

    fn typing(&self) -> bool {
        self.lookup.as_ref().is_some_and(|l| l.focus) || self.posting.typing()
    }
}
