//! The worker thread: the only owner of the book while the counter runs. It takes the
//! app's commands in order, runs them against the book, and answers with replies, so
//! the UI thread never waits on SQLite or the disk. Requests and answers are the data
//! crate's own: the worker passes them through, checks the role again for what only
//! some may read, keeps secrets (PIN hashes) back, and writes receipts and reports.

mod files;
mod journal;
mod reads;

use std::sync::mpsc::{Receiver, Sender};

use carddesk_data::ops::AddOperator;
use carddesk_data::{Actor, Book, EntryBody, OpError, Operator, Request, Role};
use carddesk_screens::{Approval, Command, Input, MemberView, Quote, Reply};

pub use files::Printer;

/// Entries shown on the member screen.
const RECENT_ON_MEMBER: usize = 16;

pub struct Worker {
    book: Book,
    outlet: String,
    /// Where receipts go after a money operation posts (none: no printer).
    printer: Option<Printer>,
    /// The logged-in operator; operations are recorded under this id.
    operator: Option<String>,
    /// Their role: the operator list, verify and the liability reports check it here
    /// too, not only on the screen.
    role: Option<Role>,
    /// The operator's language, for what the worker says in words itself.
    lang: carddesk_data::Lang,
}

impl Worker {
    pub fn new(book: Book, outlet: String) -> Self {
        Worker {
            book,
            outlet,
            printer: None,
            operator: None,
            role: None,
            lang: carddesk_data::Lang::Zh,
        }
    }

    /// The language the worker's own messages are in (the config's).
    pub fn with_lang(mut self, lang: carddesk_data::Lang) -> Self {
        self.lang = lang;
        self
    }

    /// Prints a receipt after every money operation that posts.
    pub fn with_printer(mut self, printer: Option<Printer>) -> Self {
        self.printer = printer;
        self
    }

    /// Runs until the app quits (or the UI thread is gone).
    pub fn run(mut self, commands: Receiver<Command>, replies: Sender<Input>) {
        for cmd in commands {
            if cmd == Command::Quit {
                break;
            }
            let started = std::time::Instant::now();
            let label = command_label(&cmd);
            let reply = self.handle(cmd);
            tracing::debug!(
                command = label,
                micros = started.elapsed().as_micros() as u64,
                "done"
            );
            if let Some(reply) = reply {
                if replies.send(Input::Reply(reply)).is_err() {
                    break;
                }
            }
        }
    }

    fn actor(&self) -> Actor {
        Actor::new(
            self.operator.clone().unwrap_or_else(|| "unknown".into()),
            self.outlet.clone(),
        )
    }

    /// The book (tests read what was posted).
    pub fn book(&self) -> &Book {
        &self.book
    }

    /// The operator, and the supervisor whose id and PIN were typed on the spot: the
    /// PIN and the role are checked here (a wrong PIN counts toward the lockout).
    fn actor_with(&self, approval: Option<&Approval>) -> Result<Actor, OpError> {
        let mut actor = self.actor();
        if let Some(a) = approval {
            let sup = self
                .book
                .approve(&a.operator_id, &a.pin, Role::Supervisor)?;
            actor.approved_by = Some(sup.operator_id);
        }
        Ok(actor)
    }

    pub fn handle(&mut self, cmd: Command) -> Option<Reply> {
        Some(match cmd {
            Command::CheckSetup => Reply::Setup {
                has_operators: match self.book.has_operators() {
                    Ok(b) => b,
                    Err(e) => {
                        // The login screen then shows the same error on the first try.
                        tracing::error!("cannot read operators: {e}");
                        true
                    }
                },
            },
            Command::CreateAdmin {
                op_id,
                operator_id,
                name,
                pin,
            } => {
                let request = Request::AddOperator(AddOperator {
                    operator_id: operator_id.clone(),
                    name,
                    role: Role::Admin,
                    pin: pin.clone(),
                });
                let actor = Actor::new("setup", self.outlet.clone());
                let result = self
                    .book
                    .execute(&actor, &op_id, &request)
                    .and_then(|_| self.book.login(&operator_id, &pin))
                    .map(|op| self.logged_in(op));
                tracing::info!(operator = %operator_id, ok = result.is_ok(), "first administrator created");
                Reply::AdminCreated { op_id, result }
            }
            Command::Login { operator_id, pin } => {
                let result = self
                    .book
                    .login(&operator_id, &pin)
                    .map(|op| self.logged_in(op));
                tracing::info!(operator = %operator_id, ok = result.is_ok(), "login");
                Reply::LoggedIn(result)
            }
            Command::Find {
                ticket,
                query,
                purpose,
            } => Reply::Found {
                ticket,
                result: reads::find(&mut self.book, &query, purpose),
                query,
                purpose,
            },
            Command::LoadMember { ticket, member_no } => Reply::Member {
                ticket,
                result: self.member_view(&member_no).map(Box::new),
            },
            Command::LoadJournal {
                ticket,
                filter,
                before,
            } => Reply::Journal {
                ticket,
                result: journal::journal(&self.book, &filter, before),
            },
            Command::Quote {
                ticket,
                request,
                approval,
                op_id,
            } => Reply::Quoted {
                ticket,
                result: self.quote(&request, approval.as_ref(), &op_id),
            },
            Command::Execute {
                op_id,
                request,
                approval,
            } => {
                let result = self.actor_with(approval.as_ref()).and_then(|actor| {
                    self.book.execute(&actor, &op_id, &request).map(|mut o| {
                        if let Some(body) = o.detail.as_mut() {
                            hide_pin_hash(body);
                        }
                        Box::new(o)
                    })
                });
                match &result {
                    Ok(o) => {
                        tracing::info!(
                            op_id = %op_id,
                            entry = %o.entry_id,
                            replayed = o.replayed,
                            approved_by = approval.as_ref().map(|a| a.operator_id.as_str()),
                            "posted"
                        );
                        if let (false, Some(p)) = (o.replayed, &self.printer) {
                            files::print_receipt(&self.book, p, &o.entry_id);
                        }
                    }
                    Err(e) => tracing::info!(op_id = %op_id, code = e.code(), "refused"),
                }
                Reply::Executed { op_id, result }
            }
            Command::LoadShift { ticket } => Reply::Shift {
                ticket,
                result: self.book.current_shift().map(|r| r.map(Box::new)),
            },
            Command::LoadDay { ticket, day } => {
                let day = day.unwrap_or_else(|| reads::today(&self.book));
                Reply::Day {
                    ticket,
                    result: self.book.day_report(&self.outlet, day).map(Box::new),
                }
            }
            Command::Print {
                ticket,
                name,
                lines,
            } => Reply::Printed {
                ticket,
                result: files::print_report(&self.book, self.lang, &name, &lines),
            },
            Command::LoadOperators { ticket } => Reply::Operators {
                ticket,
                result: self.needs(Role::Admin).and_then(|_| self.book.operators()),
            },
            Command::Verify { ticket } => {
                let started = std::time::Instant::now();
                let result = self
                    .needs(Role::Supervisor)
                    .and_then(|_| self.book.verify());
                tracing::info!(
                    ok = result.as_ref().map(|v| v.is_clean()).unwrap_or(false),
                    millis = started.elapsed().as_millis() as u64,
                    "verify from the counter"
                );
                Reply::Verified {
                    ticket,
                    result: result.map(Box::new),
                }
            }
            Command::LoadReport {
                ticket,
                kind,
                from,
                to,
            } => Reply::Report {
                ticket,
                result: self
                    .report_allowed(kind)
                    .and_then(|_| reads::report(&self.book, &self.outlet, kind, from, to))
                    .map(Box::new),
            },
            Command::LoadConflicts { ticket } => Reply::Conflicts {
                ticket,
                result: reads::conflicts(&self.book),
            },
            Command::CountConflicts => match self.book.open_conflicts() {
                Ok(n) => Reply::OpenConflicts(n),
                Err(e) => {
                    // The status bar keeps the last count; nothing for the operator.
                    tracing::warn!("cannot count open conflicts: {e}");
                    return None;
                }
            },
            Command::PreviewBulk { ticket, request } => Reply::Bulk {
                ticket,
                result: self
                    .needs(Role::Supervisor)
                    .and_then(|()| self.book.preview_coupons_bulk(&self.actor(), &request)),
            },
            Command::IssueBulk {
                ticket,
                op_id,
                request,
            } => {
                let result = self.needs(Role::Supervisor).and_then(|()| {
                    self.book
                        .issue_coupons_bulk(&self.actor(), &op_id, &request)
                });
                match &result {
                    Ok(a) => tracing::info!(op_id = %op_id, members = a.members,
                        replayed = a.replayed, "bulk coupons posted"),
                    Err(e) => tracing::info!(op_id = %op_id, code = e.code(), "refused"),
                }
                Reply::Bulk { ticket, result }
            }
            Command::Unlock { operator_id, pin } => {
                let result = self.book.login(&operator_id, &pin);
                tracing::info!(operator = %operator_id, ok = result.is_ok(), "unlock");
                Reply::Unlocked(result)
            }
            Command::Quit => return None,
        })
    }

    /// The logged-in operator holds `role` or a higher one.
    fn needs(&self, role: Role) -> Result<(), OpError> {
        match self.role {
            Some(r) if r >= role => Ok(()),
            _ => Err(OpError::NeedsRole(role)),
        }
    }

    /// Shift and day reports are every operator's; the rest need a supervisor.
    fn report_allowed(&self, kind: carddesk_screens::ReportKind) -> Result<(), OpError> {
        if kind.for_cashiers() {
            Ok(())
        } else {
            self.needs(Role::Supervisor)
        }
    }

    fn logged_in(&mut self, op: Operator) -> Operator {
        self.operator = Some(op.operator_id.clone());
        self.role = Some(op.role);
        op
    }

    fn member_view(&self, member_no: &str) -> Result<MemberView, OpError> {
        let mut member = self
            .book
            .member(member_no)?
            .ok_or_else(|| OpError::UnknownMember(member_no.to_string()))?;
        // The same instant in the chain's zone, so the date the screen shows is the
        // business date, as every journal time on it is (a registration at 00:30 in
        // Beijing is not the day before).
        let rules = &self.book.terminal().rules;
        if let Ok(at) = chrono::DateTime::parse_from_rfc3339(&member.registered_at) {
            member.registered_at = at.with_timezone(&rules.zone()).to_rfc3339();
        }
        let account = self.book.account(member_no)?;
        let recent = self.book.recent_entries(member_no, RECENT_ON_MEMBER)?;
        Ok(MemberView {
            company: self.book.company_standing(member_no)?,
            birthday: self.book.birthday_now(&member),
            progress: self.book.tier_progress(&member)?,
            member,
            account,
            recent: recent
                .iter()
                .map(|e| journal::journal_line(&self.book.terminal().rules, e))
                .collect(),
        })
    }

    /// Under the op id F12 will post with, so what the request derives from it (coupon
    /// codes) is what is shown.
    fn quote(
        &mut self,
        request: &Request,
        approval: Option<&Approval>,
        op_id: &str,
    ) -> Result<Quote, OpError> {
        let actor = self.actor_with(approval)?;
        match request {
            Request::Checkout(c) => {
                let q = self.book.quote_checkout_as(&actor, op_id, c)?;
                Ok(Quote::Checkout(Box::new(q)))
            }
            // Everything else: decided and applied in a transaction that is rolled
            // back, so the screen shows exactly what F12 will post.
            r => {
                let mut p = self.book.preview_as(&actor, op_id, r)?;
                hide_pin_hash(&mut p.detail);
                Ok(Quote::Preview(Box::new(p)))
            }
        }
    }
}

/// A PIN's hash never leaves the worker: the screens only say a new PIN is set.
fn hide_pin_hash(body: &mut EntryBody) {
    if let EntryBody::OperatorAdded { pin_hash, .. }
    | EntryBody::OperatorPinChanged { pin_hash, .. }
    | EntryBody::PaymentPinSet { pin_hash, .. } = body
    {
        pin_hash.clear();
    }
}

fn command_label(c: &Command) -> &'static str {
    match c {
        Command::CheckSetup => "check_setup",
        Command::CreateAdmin { .. } => "create_admin",
        Command::Login { .. } => "login",
        Command::Find { .. } => "find",
        Command::LoadMember { .. } => "load_member",
        Command::LoadJournal { .. } => "load_journal",
        Command::Quote { .. } => "quote",
        Command::Execute { .. } => "execute",
        Command::LoadShift { .. } => "load_shift",
        Command::LoadDay { .. } => "load_day",
        Command::Print { .. } => "print",
        Command::Unlock { .. } => "unlock",
        Command::PreviewBulk { .. } => "preview_bulk",
        Command::IssueBulk { .. } => "issue_bulk",
        Command::LoadOperators { .. } => "load_operators",
        Command::Verify { .. } => "verify",
        Command::LoadReport { .. } => "load_report",
        Command::LoadConflicts { .. } => "load_conflicts",
        Command::CountConflicts => "count_conflicts",
        Command::Quit => "quit",
    }
}
