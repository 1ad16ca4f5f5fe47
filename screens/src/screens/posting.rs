//! What every posting form shares: Enter asks the book for a quote (a preview), F12
//! posts exactly the request whose quote is on screen, one op id is kept until it
//! posts (a repeated F12 or a retry after a lost answer posts once), and a refusal for
//! want of a supervisor opens the approval prompt. The form says what the request is;
//! this says when it goes to the book. `post` and `executed` keep the op id for forms
//! that post without a quote (cards, profile).

use carddesk_model::{OpError, Outcome, Request};
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

use crate::context::Shared;
use crate::field::{Form, FormKey};
use crate::i18n::{self, Tx};
use crate::keymap::{self, bind, Binding, Key, KeyHelp};
use crate::layer::{Back, Flow};
use crate::model::{Approval, Command, Quote, Reply};

pub struct Posting {
    /// The quote on screen and the request it was made for; F12 posts exactly that.
    quote: Option<(Request, Quote)>,
    quote_ticket: u64,
    op_id: String,
    in_flight: bool,
    done: Option<Outcome>,
    /// A supervisor's approval, sent with the quote and the post.
    approval: Option<Approval>,
    /// The approval prompt is open over the form.
    asking: bool,
}

/// What a key means to the form once the posting has had its say.
pub enum Step {
    /// Taken (or refused while posting); the form stays.
    Stay,
    /// Back where the form came from.
    Leave,
    /// The supervisor prompt was closed without an approval.
    Cancelled,
    /// Enter on the last field, or a supervisor's approval: ask for a quote.
    Quote,
    /// F12 on a form that may post.
    Confirm,
    /// Not a field's key: the form's own (a toggle, a choice).
    Own,
    /// Not taken.
    Pass,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Post {
    App,
    /// The form's: between the fields; Enter on the last asks for the quote.
    Form,
    Confirm,
    Back,
}

/// The keys every posting form has; the form's own go after Enter.
const POSTING: &[Binding<Post>] = &[
    keymap::f1(Post::App),
    bind("Enter", &[Key::Enter], Tx::KPreview, Post::Form),
    bind("F12", &[Key::F(12)], Tx::KConfirm, Post::Confirm),
    keymap::esc(Post::Back),
    keymap::fields(Post::Form),
];

/// Once posted, the form only goes back.
const POSTED: &[Binding<Post>] = &[bind(
    "Enter/Esc",
    &[Key::Enter, Key::Esc],
    Tx::KBack,
    Post::Back,
)];

/// How the book answered, for what the form says or does next.
pub enum Answer<'r> {
    /// A quote of the request on screen.
    Quoted,
    /// The quote or the post was refused (the message is already said).
    Refused(&'r OpError),
    /// Posted, or the form no longer describes a request.
    Other,
}

impl Posting {
    pub fn new(sh: &mut Shared) -> Self {
        Posting {
            quote: None,
            quote_ticket: 0,
            op_id: sh.op_id(),
            in_flight: false,
            done: None,
            approval: None,
            asking: false,
        }
    }

    pub fn approval(&self) -> Option<&Approval> {
        self.approval.as_ref()
    }

    pub fn in_flight(&self) -> bool {
        self.in_flight
    }

    pub fn done(&self) -> Option<&Outcome> {
        self.done.as_ref()
    }

    /// Posting, posted or asking for a supervisor: not the time for a scan.
    /// A quote is on screen: F12 would post it now.
    pub fn has_quote(&self) -> bool {
        self.quote.is_some() && !self.in_flight && self.done.is_none()
    }

    /// The quote on screen, while F12 would post it.
    pub fn quote(&self) -> Option<&Quote> {
        self.quote
            .as_ref()
            .filter(|_| self.has_quote())
            .map(|(_, q)| q)
    }

    pub fn busy(&self) -> bool {
        self.in_flight || self.done.is_some() || self.asking
    }

    /// What is on screen must be what F12 posts: an edit drops the quote.
    pub fn drop_quote(&mut self) {
        self.quote = None;
    }

    /// Opens an empty supervisor prompt over the form, forgetting an approval that
    /// did not do.
    pub fn ask_supervisor(&mut self) -> Flow {
        self.approval = None;
        self.asking = true;
        super::approval::ask()
    }

    /// Back from the supervisor prompt: with an approval the form asks for a quote.
    pub fn approved(&mut self, back: Back) -> Step {
        self.asking = false;
        match back {
            Back::Approved(a) => {
                self.approval = Some(a);
                Step::Quote
            }
            Back::Cancelled => Step::Cancelled,
            _ => Step::Stay,
        }
    }

    pub fn request_quote(&mut self, sh: &mut Shared, request: Request) {
        self.quote = None;
        let ticket = sh.ticket();
        self.quote_ticket = ticket;
        sh.info(sh.tx(Tx::Working));
        sh.send(Command::Quote {
            ticket,
            request,
            approval: self.approval.clone(),
            op_id: self.op_id.clone(),
        });
    }

    /// F12: posts the quoted request if the form still describes it; false when the
    /// form has to be quoted again.
    pub fn confirm(&mut self, sh: &mut Shared, current: Option<Request>) -> bool {
        if self.in_flight {
            sh.info(sh.tx(Tx::BusyWait));
            return true;
        }
        match &self.quote {
            Some((request, _)) if Some(request) == current.as_ref() => {
                self.in_flight = true;
                sh.info(sh.tx(Tx::Working));
                sh.send(Command::Execute {
                    op_id: self.op_id.clone(),
                    request: request.clone(),
                    approval: self.approval.clone(),
                });
                true
            }
            _ => false,
        }
    }

    /// The keys every posting form shares; the form's fields take theirs here too (an
    /// edit drops the quote: what is on screen must be what F12 posts).
    pub fn key(&mut self, sh: &mut Shared, form: &mut Form, key: &KeyEvent) -> Step {
        if self.done.is_some() {
            return match keymap::find(POSTED, key) {
                Some(_) => Step::Leave,
                None => Step::Pass,
            };
        }
        let act = keymap::find(POSTING, key);
        if act == Some(Post::Back) {
            if self.quote.is_some() && !self.in_flight {
                self.quote = None;
                return Step::Stay;
            }
            if !self.in_flight && !form.esc_leaves() {
                sh.info(sh.tx(Tx::EscAgainDiscards));
                return Step::Stay;
            }
            return Step::Leave;
        }
        form.esc_armed = false;
        if self.in_flight {
            sh.info(sh.tx(Tx::BusyWait));
            return Step::Stay;
        }
        match act {
            Some(Post::Confirm) => return Step::Confirm,
            Some(Post::App) => return Step::Pass,
            Some(Post::Form | Post::Back) | None => {}
        }
        // Fields take no function keys, so the form's own F-keys come through.
        match form.key(key) {
            FormKey::Submit => Step::Quote,
            FormKey::Edited => {
                self.quote = None;
                Step::Stay
            }
            FormKey::Moved => Step::Stay,
            FormKey::NotMine => Step::Own,
        }
    }

    /// Takes a quote or a post of this form. `current` is the request the form
    /// describes now; `posted` runs once the entry is in the book, before the form takes
    /// a new op id (anything further is a new operation).
    pub fn reply<'r>(
        &mut self,
        sh: &mut Shared,
        r: &'r Reply,
        current: Result<Request, Tx>,
        posted: impl FnOnce(&mut Shared, &Outcome),
    ) -> Option<Answer<'r>> {
        let lang = sh.lang();
        match r {
            Reply::Quoted { ticket, result } if *ticket == self.quote_ticket => {
                Some(match (result, current) {
                    (Ok(q), Ok(request)) => {
                        self.quote = Some((request, q.clone()));
                        Answer::Quoted
                    }
                    (Err(e), _) => {
                        sh.error(e.message(lang));
                        Answer::Refused(e)
                    }
                    (_, Err(why)) => {
                        sh.error(sh.tx(why));
                        Answer::Other
                    }
                })
            }
            Reply::Executed { op_id, result } if *op_id == self.op_id => {
                self.in_flight = false;
                Some(match result {
                    Ok(done) => {
                        sh.ok(i18n::posted(&done.entry_id, done.replayed, lang));
                        self.done = Some((**done).clone());
                        posted(sh, done);
                        self.op_id = sh.op_id();
                        Answer::Other
                    }
                    Err(e) => {
                        sh.error(e.message(lang));
                        self.quote = None;
                        Answer::Refused(e)
                    }
                })
            }
            _ => None,
        }
    }

    /// The quote panel in `right`.
    pub fn render(&self, f: &mut Frame, right: Rect, sh: &Shared) {
        super::quote::render(
            f,
            right,
            sh,
            self.quote.as_ref().map(|(_, q)| q),
            self.done.as_ref(),
            self.in_flight,
        );
    }

    /// The key bar: the posted form's, or the form's `own` keys between Enter and F12.
    pub fn keys(&self, own: Vec<KeyHelp>) -> Vec<KeyHelp> {
        if self.done.is_some() {
            return keymap::all(POSTED);
        }
        let all = keymap::all(POSTING);
        let mut k = all[..2].to_vec();
        k.extend(own);
        k.extend_from_slice(&all[2..]);
        k
    }

    /// The form's fields take typing until it is posted.
    pub fn typing(&self) -> bool {
        self.done.is_none() && !self.in_flight
    }
}

/// The member an answer is about, if any.
pub fn member_of(done: &Outcome) -> Option<&str> {
    done.member.as_ref().map(|m| m.member_no.as_str())
}

/// The member on the counter as a form names them: number and name.
pub fn counter_member(sh: &Shared) -> Option<(String, String)> {
    sh.member
        .as_ref()
        .map(|v| (v.member.member_no.clone(), v.member.name.clone()))
}

/// For a form that posts without a quote: sends `request` under the form's op id;
/// `busy` until the book answers.
pub fn post(sh: &mut Shared, op_id: &str, busy: &mut bool, request: Request) {
    *busy = true;
    sh.info(sh.tx(Tx::Working));
    sh.send(Command::Execute {
        op_id: op_id.to_string(),
        request,
        approval: None,
    });
}

/// The book's answer to the request `op_id` names, if `r` is it, for a form that posts
/// without a quote: `busy` clears; once posted, `posted` runs and the form takes a new
/// op id (a second save is a new operation); a refusal is said.
pub fn executed(
    sh: &mut Shared,
    r: &Reply,
    op_id: &mut String,
    busy: &mut bool,
    posted: impl FnOnce(&mut Shared, &Outcome),
) -> Option<Flow> {
    let Reply::Executed { op_id: id, result } = r else {
        return None;
    };
    if id != op_id {
        return None;
    }
    *busy = false;
    match result {
        Ok(done) => {
            posted(sh, done);
            *op_id = sh.op_id();
        }
        Err(e) => sh.error(e.message(sh.lang())),
    }
    Some(Flow::Stay)
}
