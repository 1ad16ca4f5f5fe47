//! The worker thread: the only owner of the book while the counter runs. It takes the
//! app's commands in order, runs them against the book, and answers with replies, so
//! the UI thread never waits on SQLite or the disk.

use std::sync::mpsc::{Receiver, Sender};

use carddesk_data::ops::AddOperator;
use carddesk_data::{Actor, Book, OpError, Operator, Request, Role};
use carddesk_screens::{
    Amount, Command, Done, Input, MemberView, Op, OperatorView, QuoteLabel, QuoteView, Reply,
};

use super::translate::{
    account_view, change, checkout_quote, journal_line, line, member_of, request,
};

/// Entries shown on the member screen and in the journal browser.
const RECENT_ON_MEMBER: usize = 6;
const JOURNAL_PAGE: usize = 100;

pub struct Worker {
    book: Book,
    outlet: String,
    /// The logged-in operator; operations are recorded under this id.
    operator: Option<String>,
}

impl Worker {
    pub fn new(book: Book, outlet: String) -> Self {
        Worker {
            book,
            outlet,
            operator: None,
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
                result: self.book.find(&query),
                query,
                purpose,
            },
            Command::LoadMember { ticket, member_no } => Reply::Member {
                ticket,
                result: self.member_view(&member_no).map(Box::new),
            },
            Command::LoadJournal { ticket, member_no } => Reply::Journal {
                ticket,
                result: self
                    .book
                    .recent_entries(&member_no, JOURNAL_PAGE)
                    .map(|es| es.iter().map(journal_line).collect()),
            },
            Command::Quote { ticket, op } => Reply::Quoted {
                ticket,
                result: self.quote(&op),
            },
            Command::Execute { op_id, op } => {
                let request = request(&op);
                let result = self
                    .book
                    .execute(&self.actor(), &op_id, &request)
                    .map(|o| Done {
                        entry_id: o.entry_id,
                        replayed: o.replayed,
                        member_no: o.member.map(|m| m.member_no).or_else(|| member_of(&op)),
                    });
                match &result {
                    Ok(d) => {
                        tracing::info!(op_id = %op_id, entry = %d.entry_id, replayed = d.replayed, "posted")
                    }
                    Err(e) => tracing::info!(op_id = %op_id, code = e.code(), "refused"),
                }
                Reply::Executed { op_id, result }
            }
            Command::Quit => return None,
        })
    }

    fn logged_in(&mut self, op: Operator) -> OperatorView {
        self.operator = Some(op.operator_id.clone());
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

    fn quote(&self, op: &Op) -> Result<QuoteView, OpError> {
        match op {
            Op::Checkout(_) => {
                let Request::Checkout(c) = request(op) else {
                    return Err(not_available());
                };
                let q = self.book.quote_checkout(&self.actor(), &c)?;
                Ok(checkout_quote(&q))
            }
            Op::TopUp {
                member_no, amount, ..
            } => {
                let before = self.book.account(member_no)?;
                let bonus = self.book.terminal().rules.top_up_bonus(*amount);
                Ok(QuoteView {
                    lines: vec![
                        line(QuoteLabel::TopUpAmount, Amount::Money(*amount)),
                        line(QuoteLabel::TopUpBonus, Amount::Money(bonus)),
                    ],
                    balances: vec![
                        change(
                            QuoteLabel::Principal,
                            Amount::Money(before.principal),
                            Amount::Money(before.principal + amount),
                        ),
                        change(
                            QuoteLabel::Bonus,
                            Amount::Money(before.bonus),
                            Amount::Money(before.bonus + bonus),
                        ),
                    ],
                    pin_required: false,
                })
            }
            Op::PostStay {
                member_no,
                nights,
                room_revenue,
                ..
            } => {
                let before = self.book.account(member_no)?;
                // The points follow the stay rules and the tier; the book decides them
                // when posting (a dry-run quote is requested from the data crate).
                Ok(QuoteView {
                    lines: vec![
                        line(QuoteLabel::Nights, Amount::Count(i64::from(*nights))),
                        line(QuoteLabel::RoomRevenue, Amount::Money(*room_revenue)),
                    ],
                    balances: vec![change(
                        QuoteLabel::Points,
                        Amount::Points(before.points),
                        Amount::Text("+?".into()),
                    )],
                    pin_required: false,
                })
            }
            Op::Member(_) => Err(not_available()),
        }
    }
}

fn not_available() -> OpError {
    OpError::invalid(
        "op",
        "此操作尚未开放",
        "this operation is not available yet",
    )
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
