//! The counter's other postings, each a small form with the same confirmation as the
//! money steps: reversal, count cards (sell, use), coupons (issue, redeem, void), the
//! shift (open, close) and adding an operator. Enter asks the book for a preview (the
//! entry it would write and every balance before → after); F12 posts exactly the
//! request whose preview is on screen; one op id per form until it posts. A privileged
//! step asked for by a cashier first opens the supervisor prompt.

mod kinds;
mod render;
mod request;

use carddesk_data::{EntryBody, Outcome};
use crossterm::event::{KeyCode, KeyEvent};

use super::approval::{approval_refused, own_role_allows};
use super::posting::{counter_member, member_of, Answer, Posting, Step};
use super::{Nav, Screen};
use crate::app::Shared;
use crate::chrome::KeyHelp;
use crate::field::Form;
use crate::i18n::{self, Tx};
use crate::model::{next_tender, Reply, Tender};

pub use kinds::{ConflictTarget, TaskKind};

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
        let fields = kind.fields();
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

    fn needs_prompt(&self, sh: &Shared) -> bool {
        self.posting.approval().is_none() && self.action().is_some_and(|a| !own_role_allows(sh, a))
    }

    fn request_quote(&mut self, sh: &mut Shared) {
        match self.request(sh) {
            Ok(_) if self.needs_prompt(sh) => {
                sh.info(sh.tx(Tx::NeedsApproval));
                self.posting.ask_supervisor();
            }
            Ok(request) => self.posting.request_quote(sh, request),
            Err(why) => sh.error(sh.tx(why)),
        }
    }

    fn confirm(&mut self, sh: &mut Shared) {
        if !self.posting.confirm(sh, self.request(sh).ok()) {
            self.request_quote(sh);
        }
    }

    fn leave(&mut self, sh: &mut Shared) -> Nav {
        if let Some(report) = self.posting.done().and_then(|d| match d.detail.as_ref() {
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
        // After a posting the form is finished: a scan opens the next member.
        if self.posting.done().is_some() {
            return false;
        }
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
        let current = self.request(sh);
        // Only the member on the counter is shown again; a reversal may be another's.
        let posted = |sh: &mut Shared, done: &Outcome| {
            if let Some(no) = member_of(done) {
                if sh.member_no() == Some(no) {
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
