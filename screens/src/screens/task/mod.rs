//! The counter's other postings, each a small form with the same confirmation as the
//! money steps: reversal, count cards (sell, use), coupons (issue, redeem, void), the
//! shift (open, close) and adding an operator. Enter asks the book for a preview (the
//! entry it would write and every balance before → after); F12 posts exactly the
//! request whose preview is on screen; one op id per form until it posts. A privileged
//! step asked for by a cashier first opens the supervisor prompt.

mod kinds;
mod render;
mod request;

use carddesk_model::Outcome;
use crossterm::event::KeyEvent;

use ratatui::layout::Rect;
use ratatui::Frame;

use super::approval::{approval_refused, own_role_allows};
use super::posting::{counter_member, member_of, Answer, Posting, Step};
use crate::context::Shared;
use crate::field::Form;
use crate::i18n::{self, Tx};
use crate::keymap::{self, bind, Binding, Key, KeyHelp};
use crate::layer::{Back, Flow, Layer};
use crate::model::{next_tender, Reply, Tender};

use kinds::member_coupons;
pub use kinds::{ConflictTarget, TaskKind};

/// A task form's own keys: F2 goes round its choices, F3 round the tenders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Own {
    Choice,
    Tender,
}

const OWN_KEYS: &[Binding<Own>] = &[
    bind("F2", &[Key::F(2)], Tx::KChange, Own::Choice),
    bind("F3", &[Key::F(3)], Tx::KTender, Own::Tender),
];

pub struct Task {
    kind: TaskKind,
    member: Option<(String, String)>,
    form: Form,
    /// The package, template, count card or role chosen with F2.
    choice: usize,
    tender: Tender,
    posting: Posting,
}

impl Task {
    pub fn new(kind: TaskKind, sh: &mut Shared) -> Self {
        let fields = kind.fields();
        let mut t = Task {
            kind,
            member: counter_member(sh),
            form: Form::new(fields),
            choice: 0,
            tender: Tender::Cash,
            posting: Posting::new(sh),
        };
        if matches!(t.kind, TaskKind::RedeemCoupon | TaskKind::VoidCoupon) {
            // The member's first open coupon, if one is on the counter; F2 moves on.
            if let Some(c) = t.coupons(sh).first() {
                t.form.set(0, c);
            }
        }
        // A company's limit is changed from what it is, not typed from nothing.
        if t.kind == TaskKind::OpenCompany {
            let limit = sh.member.as_ref().and_then(|v| v.company.credit_limit);
            if let Some(limit) = limit {
                t.form.set(0, &i18n::money(limit));
            }
        }
        t
    }

    fn title(&self) -> Tx {
        self.kind.title()
    }

    fn action(&self) -> Option<carddesk_model::permissions::Action> {
        self.kind.action()
    }

    fn coupons(&self, sh: &Shared) -> Vec<String> {
        member_coupons(sh)
    }

    fn choices(&self, sh: &Shared) -> Vec<(String, String)> {
        self.kind.choices(sh)
    }

    fn choice_label(&self) -> Option<Tx> {
        self.kind.choice_label()
    }

    /// The resolution chosen with F2 (a settle form).
    fn resolution(&self) -> carddesk_model::conflict::Resolution {
        TaskKind::resolution(self.choice)
    }

    fn takes_tender(&self) -> bool {
        self.kind.takes_tender(self.choice)
    }

    fn uses_member(&self) -> bool {
        self.kind.uses_member()
    }

    fn needs_prompt(&self, sh: &Shared) -> bool {
        self.posting.approval().is_none() && self.action().is_some_and(|a| !own_role_allows(sh, a))
    }

    fn request_quote(&mut self, sh: &mut Shared) -> Flow {
        match self.request(sh) {
            Ok(_) if self.needs_prompt(sh) => {
                sh.info(sh.tx(Tx::NeedsApproval));
                return self.posting.ask_supervisor();
            }
            Ok(request) => self.posting.request_quote(sh, request),
            Err(why) => sh.error(sh.tx(why)),
        }
        Flow::Stay
    }

    fn confirm(&mut self, sh: &mut Shared) -> Flow {
        if self.posting.confirm(sh, self.request(sh).ok()) {
            return Flow::Stay;
        }
        self.request_quote(sh)
    }

    /// Back where the form was opened, with what it posted (a closed shift's report
    /// is shown there).
    fn leave(&mut self) -> Flow {
        match self.posting.done() {
            Some(done) => Flow::Back(Back::Posted(Box::new(done.clone()))),
            None => Flow::back(),
        }
    }

    /// F2 and F3, the form's own keys; true when one changed the request. F2 says so
    /// when there is nothing to choose.
    fn own_key(&mut self, sh: &mut Shared, key: KeyEvent) -> Option<bool> {
        match keymap::find(OWN_KEYS, &key)? {
            Own::Choice => Some(self.next_choice(sh)),
            Own::Tender if self.takes_tender() => {
                self.tender = next_tender(self.tender);
                Some(true)
            }
            Own::Tender => None,
        }
    }

    fn has_choice(&self) -> bool {
        self.choice_label().is_some()
            || matches!(self.kind, TaskKind::RedeemCoupon | TaskKind::VoidCoupon)
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
}

impl Layer for Task {
    fn name(&self) -> &'static str {
        self.kind.name()
    }

    fn holds_work(&self) -> bool {
        true
    }

    fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Flow {
        match self.posting.key(sh, &mut self.form, &key) {
            Step::Stay | Step::Cancelled => Flow::Stay,
            Step::Leave => self.leave(),
            Step::Quote => self.request_quote(sh),
            Step::Confirm => self.confirm(sh),
            Step::Pass => Flow::Pass,
            Step::Own => match self.own_key(sh, key) {
                Some(changed) => {
                    if changed {
                        self.posting.drop_quote();
                    }
                    Flow::Stay
                }
                None => Flow::Pass,
            },
        }
    }

    /// Back from the supervisor prompt: with the approval, the preview is asked for.
    fn resume(&mut self, sh: &mut Shared, back: Back) -> Flow {
        match self.posting.approved(back) {
            Step::Quote => self.request_quote(sh),
            Step::Cancelled => {
                sh.message = None;
                Flow::Stay
            }
            _ => Flow::Stay,
        }
    }

    /// A scan fills the coupon code; elsewhere it is refused while a form is open.
    fn scan(&mut self, sh: &mut Shared, code: &str) -> Flow {
        // After a posting the form is finished: a scan opens the next member.
        if self.posting.done().is_some() {
            return Flow::Pass;
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
        Flow::Stay
    }

    fn card(&mut self, sh: &mut Shared, _uid: &str) -> Flow {
        sh.error(sh.tx(Tx::FinishFirst));
        Flow::Stay
    }

    fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Flow> {
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
                return Some(self.posting.ask_supervisor());
            }
            Answer::Refused(_) | Answer::Other => {}
        }
        Some(Flow::Stay)
    }

    fn render(&self, f: &mut Frame, area: Rect, sh: &Shared, _keys: &[KeyHelp]) {
        self.draw(f, area, sh);
    }

    fn keys(&self, _sh: &Shared) -> Option<Vec<KeyHelp>> {
        let own = keymap::lines(OWN_KEYS, |own, line| {
            match own {
                Own::Choice => self.has_choice(),
                Own::Tender => self.takes_tender(),
            }
            .then_some(line)
        });
        Some(self.posting.keys(own))
    }

    fn typing(&self) -> bool {
        self.posting.typing()
    }
}
