//! The worker thread: the only owner of the book while the counter runs. It takes the
//! app's commands in order, runs them against the book, and answers with replies, so
//! the UI thread never waits on SQLite or the disk.

use std::sync::mpsc::{Receiver, Sender};

use carddesk_data::analytics::Window;
use carddesk_data::ops::AddOperator;
use carddesk_data::Found;
use carddesk_data::{Actor, Book, OpError, Operator, Request, Role};
use carddesk_screens::{
    Approval, Command, ConflictList, Done, FindPurpose, Input, JournalFilter, JournalLine,
    MemberView, Op, OperatorView, QuoteView, Reply, ReportData, ReportKind, ReportView, VerifyView,
};

use super::translate::{
    account_view, checkout_quote, conflict_line, hlc_of_day, journal_line, member_of,
    preview_quote, request,
};

/// Entries shown on the member screen.
const RECENT_ON_MEMBER: usize = 6;
/// Entries per journal-browser answer (the screen asks for older ones with N).
const JOURNAL_PAGE: usize = carddesk_screens::JOURNAL_PAGE;
/// Entries read per step while filtering the whole journal, and the most read for
/// one answer: a filter that matches little never holds the worker for long.
const JOURNAL_SCAN_STEP: usize = 500;
const JOURNAL_SCAN_MAX: usize = 50_000;
/// A member's journal is read whole up to this many entries, then filtered.
const MEMBER_JOURNAL_MAX: usize = 5_000;
/// The dormant list: no visit in this many days (as `carddesk report dormant`).
const DORMANT_DAYS: u32 = 90;
/// The top-spenders list: this many (as `carddesk report top-spenders`).
const TOP_SPENDERS: usize = 20;
/// Conflicts listed at most (open ones come first, so only old settled ones drop).
const CONFLICTS_SHOWN: usize = 500;

/// The receipt printer, from config `[printer]`.
#[derive(Debug, Clone)]
pub struct Printer {
    pub device: std::path::PathBuf,
    pub width: crate::receipts::Width,
    pub text: bool,
    pub copies: u32,
    pub lang: carddesk_data::Lang,
}

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

    /// Prints the receipt of a freshly posted money entry. A printer fault never undoes
    /// or blocks the posting: it is logged, and the receipt can be reprinted with
    /// `carddesk receipt ENTRY_ID`.
    fn print_receipt(&self, entry_id: &str) {
        let Some(p) = &self.printer else { return };
        let result = (|| -> anyhow::Result<()> {
            let Some(entry) = self.book.entry(entry_id)? else {
                return Ok(());
            };
            if entry.parsed_body()?.effects().is_empty() {
                return Ok(());
            }
            let member = match &entry.header.member_no {
                Some(no) => self.book.member(no)?,
                None => None,
            };
            let account = self
                .book
                .account(entry.header.member_no.as_deref().unwrap_or_default())?;
            let rules = &self.book.terminal().rules;
            let bytes = if p.text {
                crate::receipts::receipt_text(
                    &entry,
                    member.as_ref(),
                    &account,
                    p.width,
                    p.lang,
                    rules,
                )
                .into_bytes()
            } else {
                crate::receipts::receipt_bytes(
                    &entry,
                    member.as_ref(),
                    &account,
                    p.width,
                    p.lang,
                    rules,
                )
            };
            for _ in 0..p.copies {
                crate::receipts::send(&bytes, Some(&p.device))?;
            }
            Ok(())
        })();
        match result {
            Ok(()) => tracing::info!(entry = entry_id, "receipt printed"),
            Err(e) => tracing::warn!(entry = entry_id, "receipt not printed: {e:#}"),
        }
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
                result: self.find(&query, purpose),
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
                result: self.journal(&filter, before),
            },
            Command::Quote {
                ticket,
                op,
                approval,
                op_id,
            } => Reply::Quoted {
                ticket,
                result: self.quote(&op, approval.as_ref(), &op_id),
            },
            Command::Execute {
                op_id,
                op,
                approval,
            } => {
                let request = request(&op);
                let result = self.actor_with(approval.as_ref()).and_then(|actor| {
                    self.book.execute(&actor, &op_id, &request).map(|o| Done {
                        entry_id: o.entry_id,
                        replayed: o.replayed,
                        member_no: o.member.map(|m| m.member_no).or_else(|| member_of(&op)),
                        detail: o.detail.map(Box::new),
                    })
                });
                match &result {
                    Ok(d) => {
                        tracing::info!(
                            op_id = %op_id,
                            entry = %d.entry_id,
                            replayed = d.replayed,
                            approved_by = approval.as_ref().map(|a| a.operator_id.as_str()),
                            "posted"
                        );
                        if !d.replayed {
                            self.print_receipt(&d.entry_id);
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
                let day =
                    day.unwrap_or_else(|| self.book.terminal().rules.local(self.book.now()).date());
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
                result: self.print(&name, &lines),
            },
            Command::LoadOperators { ticket } => Reply::Operators {
                ticket,
                result: self.needs(Role::Admin).and_then(|_| self.book.operators()),
            },
            Command::Verify { ticket } => {
                let started = std::time::Instant::now();
                let result = self.needs(Role::Supervisor).and_then(|_| self.verify());
                tracing::info!(
                    ok = result
                        .as_ref()
                        .map(|v| v.problems.is_empty())
                        .unwrap_or(false),
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
                result: self.report(kind, from, to).map(Box::new),
            },
            Command::LoadConflicts { ticket } => Reply::Conflicts {
                ticket,
                result: self.conflicts(),
            },
            Command::CountConflicts => match self.book.open_conflicts() {
                Ok(n) => Reply::OpenConflicts(n),
                Err(e) => {
                    // The status bar keeps the last count; nothing for the operator.
                    tracing::warn!("cannot count open conflicts: {e}");
                    return None;
                }
            },
            Command::Unlock { operator_id, pin } => {
                let result = self.book.login(&operator_id, &pin).map(|op| OperatorView {
                    operator_id: op.operator_id,
                    name: op.name,
                    role: op.role.as_str().to_string(),
                });
                tracing::info!(operator = %operator_id, ok = result.is_ok(), "unlock");
                Reply::Unlocked(result)
            }
            Command::Quit => return None,
        })
    }

    /// The logged-in operator holds `role` or a higher one.
    fn needs(&self, role: Role) -> Result<(), OpError> {
        let rank = |r: Role| match r {
            Role::Cashier => 0,
            Role::Supervisor => 1,
            Role::Admin => 2,
        };
        match self.role {
            Some(r) if rank(r) >= rank(role) => Ok(()),
            _ => Err(OpError::NeedsRole(role.as_str())),
        }
    }

    /// The conflicts list (open first, then settled, newest first) and the open count.
    /// Every operator may read it; settling needs a supervisor (the book checks).
    fn conflicts(&self) -> Result<ConflictList, OpError> {
        let open = self.book.open_conflicts()?;
        let lines = self
            .book
            .conflicts(true, CONFLICTS_SHOWN)?
            .into_iter()
            .map(conflict_line)
            .collect();
        Ok(ConflictList { lines, open })
    }

    fn verify(&self) -> Result<VerifyView, OpError> {
        let r = self.book.verify()?;
        Ok(VerifyView {
            entries: r.entries,
            terminals: r.terminals.clone(),
            rows_checked: r.rows_checked,
            problems: r.problems.iter().map(|p| p.to_string()).collect(),
            unlisted: r.unlisted,
        })
    }

    /// A report's figures from the data crate over local days `from..=to` (None: today).
    fn report(
        &self,
        kind: ReportKind,
        from: Option<chrono::NaiveDate>,
        to: Option<chrono::NaiveDate>,
    ) -> Result<ReportView, OpError> {
        if !kind.for_cashiers() {
            self.needs(Role::Supervisor)?;
        }
        let today = self.book.terminal().rules.local(self.book.now()).date();
        let from = from.unwrap_or(today);
        let to = to.unwrap_or(from);
        let w = Window {
            from,
            to,
            outlet: None,
        };
        let data = match kind {
            ReportKind::Shift => ReportData::Shifts(self.book.shift_reports(&w)?),
            ReportKind::Day => ReportData::Days(self.book.day_closes(&w, &self.outlet)?),
            ReportKind::StoredValue => {
                ReportData::StoredValue(self.book.stored_value_liability(None)?)
            }
            ReportKind::Points => ReportData::Points(self.book.points_liability(&w)?),
            ReportKind::Coupons => ReportData::Coupons(self.book.coupon_report(&w)?),
            ReportKind::Tiers => ReportData::Tiers(self.book.tier_distribution(None)?),
            ReportKind::NewMembers => ReportData::Members(self.book.new_members(&w)?),
            ReportKind::Dormant => {
                ReportData::Members(self.book.dormant_members(DORMANT_DAYS, None)?)
            }
            ReportKind::TopSpenders => {
                ReportData::Members(self.book.top_spenders(&w, TOP_SPENDERS)?)
            }
        };
        Ok(ReportView {
            kind,
            from,
            to,
            outlet: self.outlet.clone(),
            data,
        })
    }

    fn logged_in(&mut self, op: Operator) -> OperatorView {
        self.operator = Some(op.operator_id.clone());
        self.role = Some(op.role);
        OperatorView {
            operator_id: op.operator_id,
            name: op.name,
            role: op.role.as_str().to_string(),
        }
    }

    fn member_view(&self, member_no: &str) -> Result<MemberView, OpError> {
        let member = self
            .book
            .member(member_no)?
            .ok_or_else(|| OpError::UnknownMember(member_no.to_string()))?;
        let account = self.book.account(member_no)?;
        let recent = self.book.recent_entries(member_no, RECENT_ON_MEMBER)?;
        Ok(MemberView {
            member,
            account: Some(account_view(&account)),
            recent: recent.iter().map(journal_line).collect(),
        })
    }

    /// Under the op id F12 will post with, so what the op derives from it (coupon
    /// codes) is what is shown.
    fn quote(
        &mut self,
        op: &Op,
        approval: Option<&Approval>,
        op_id: &str,
    ) -> Result<QuoteView, OpError> {
        let actor = self.actor_with(approval)?;
        match request(op) {
            Request::Checkout(c) => {
                let q = self.book.quote_checkout_as(&actor, op_id, &c)?;
                Ok(checkout_quote(&q))
            }
            // Everything else: decided and applied in a transaction that is rolled
            // back, so the screen shows exactly what F12 will post.
            r => Ok(preview_quote(&self.book.preview_as(&actor, op_id, &r)?)),
        }
    }

    /// A lookup. In checkout a scan that is no member's is told apart: a coupon the
    /// book holds (the screen takes it as one), or a refusal naming a mistyped or
    /// unknown coupon code.
    fn find(&self, query: &str, purpose: FindPurpose) -> Result<Found, OpError> {
        let result = self.book.find(query);
        match result {
            Err(e) if purpose == FindPurpose::Attach && e.code() == "not_found" => {
                if self.book.coupon(query)?.is_some() {
                    return Err(e);
                }
                let reason = match carddesk_data::ops::coupons::normalize(query) {
                    Err(reason) => reason,
                    Ok(_) => carddesk_data::error::CouponRefusal::Unknown,
                };
                Err(OpError::CouponRefused {
                    code: query.to_string(),
                    reason,
                })
            }
            other => other,
        }
    }

    /// Journal entries matching `f`, newest first, older than `before`.
    fn journal(&self, f: &JournalFilter, before: Option<i64>) -> Result<Vec<JournalLine>, OpError> {
        let from = f.from.and_then(hlc_of_day);
        let to = f.to.and_then(|d| d.succ_opt()).and_then(hlc_of_day);
        let mut cursor = match (before, to) {
            (Some(b), Some(t)) => Some(b.min(t)),
            (b, t) => b.or(t),
        };
        let kind = f.kind.to_lowercase();
        let matches = |e: &carddesk_data::journal::Entry| {
            (f.operator.is_empty() || e.header.operator.eq_ignore_ascii_case(f.operator.trim()))
                && (f.member_no.is_empty()
                    || e.header.member_no.as_deref() == Some(f.member_no.trim()))
                && (kind.is_empty()
                    || e.kind.as_str().contains(&kind)
                    || e.kind
                        .label(carddesk_data::Lang::Zh)
                        .contains(f.kind.trim())
                    || e.kind
                        .label(carddesk_data::Lang::En)
                        .to_lowercase()
                        .contains(&kind))
        };
        let mut out = Vec::new();
        if !f.member_no.is_empty() {
            // A member's entries come from the member index.
            for e in self
                .book
                .recent_entries(f.member_no.trim(), MEMBER_JOURNAL_MAX)?
            {
                if cursor.is_some_and(|c| e.hlc >= c) {
                    continue;
                }
                if from.is_some_and(|t| e.hlc < t) || out.len() >= JOURNAL_PAGE {
                    break;
                }
                if matches(&e) {
                    out.push(journal_line(&e));
                }
            }
            return Ok(out);
        }
        let mut scanned = 0;
        while scanned < JOURNAL_SCAN_MAX {
            let page = self.book.journal_page(cursor, JOURNAL_SCAN_STEP)?;
            let Some(last) = page.last() else { break };
            cursor = Some(last.hlc);
            scanned += page.len();
            for e in &page {
                if from.is_some_and(|t| e.hlc < t) {
                    return Ok(out);
                }
                if matches(e) {
                    out.push(journal_line(e));
                    if out.len() >= JOURNAL_PAGE {
                        return Ok(out);
                    }
                }
            }
        }
        Ok(out)
    }

    /// Writes a report as a text file in `reports/` next to the book; the path, or why not.
    fn print(&self, name: &str, lines: &[String]) -> Result<String, String> {
        let safe: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let dir = self
            .book
            .path()
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map(|d| d.join("reports"))
            .unwrap_or_else(|| "reports".into());
        let path = dir.join(format!("{safe}.txt"));
        let mut text = lines.join("\n");
        text.push('\n');
        // Reports name members and staff: an owner-only folder and file, never the book.
        let result = carddesk_data::files::create_private_dir(&dir)
            .map_err(|e| e.message(self.lang))
            .and_then(|()| {
                carddesk_data::files::write_output(&path, self.book.path(), true, |f| {
                    std::io::Write::write_all(f, text.as_bytes())
                })
                .map_err(|e| match e {
                    carddesk_data::files::OutputError::File(e) => e.message(self.lang),
                    carddesk_data::files::OutputError::Write(e) => e.to_string(),
                })
            });
        match result {
            Ok(()) => {
                tracing::info!(path = %path.display(), "report written");
                Ok(path.display().to_string())
            }
            Err(e) => {
                tracing::error!(path = %path.display(), "cannot write the report: {e}");
                Err(format!("{}: {e}", path.display()))
            }
        }
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
        Command::LoadOperators { .. } => "load_operators",
        Command::Verify { .. } => "verify",
        Command::LoadReport { .. } => "load_report",
        Command::LoadConflicts { .. } => "load_conflicts",
        Command::CountConflicts => "count_conflicts",
        Command::Quit => "quit",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use carddesk_screens::Tender;
    use rust_decimal::Decimal;

    #[test]
    fn a_checkout_form_becomes_one_coupon_in_the_request() {
        let op = Op::Checkout(carddesk_screens::CheckoutForm {
            member_no: "10000001".into(),
            bill: Decimal::new(18800, 2),
            bill_ref: "A-1".into(),
            coupon_code: Some("CPN1".into()),
            use_points: true,
            use_stored_value: false,
            tender: Tender::BankCard,
            pin: None,
        });
        let Request::Checkout(c) = request(&op) else {
            panic!("not a checkout");
        };
        assert_eq!(c.coupons, vec!["CPN1".to_string()]);
        assert_eq!(c.tender, carddesk_data::Tender::BankCard);
        assert!(c.use_points && !c.use_stored_value);
    }
}
