//! The book's staff side: operators, login with lockout, on-the-spot approval, and the
//! journaled lockouts.

use chrono::{DateTime, Utc};
use rusqlite::TransactionBehavior;

use super::{write, Book};
use crate::entry::Role;
use crate::error::OpError;
use crate::ops::staff;
use crate::ops::Operator;
use crate::ops::{self, Actor};
use crate::pin;

impl Book {
    /// Every operator, active or not (the admin's list).
    pub fn operators(&self) -> Result<Vec<ops::OperatorListing>, OpError> {
        staff::list(&self.conn)
    }

    /// True when `id` is a staff operator of this book.
    pub fn is_operator(&self, id: &str) -> Result<bool, OpError> {
        Ok(staff::operator(&self.conn, id)?.is_some())
    }

    /// True once the first admin exists (the login screen offers setup until then).
    pub fn has_operators(&self) -> Result<bool, OpError> {
        staff::has_operators(&self.conn)
    }

    /// Checks an operator's id and PIN; five wrong PINs in a row lock the id for a while.
    pub fn login(&self, operator_id: &str, pin_entered: &str) -> Result<Operator, OpError> {
        let now = self.clock.now();
        let subject = format!("operator:{}", operator_id.trim());
        pin::ensure_not_locked(&self.conn, &subject, now.timestamp_millis())?;
        match staff::check_operator_pin(
            &self.conn,
            operator_id,
            pin_entered,
            now.timestamp_millis(),
            &self.terminal.rules.staff,
        ) {
            Err(e @ OpError::LockedOut { .. }) => {
                self.journal_lockout(&subject, now);
                Err(e)
            }
            other => other,
        }
    }

    /// Counts a wrong PIN outside any operation, journaling the lockout it may cause.
    pub(super) fn pin_failed(&self, subject: &str, now: DateTime<Utc>) -> OpError {
        let policy = &self.terminal.rules.staff;
        match pin::record_failure(&self.conn, subject, now.timestamp_millis(), policy) {
            Ok(e @ OpError::LockedOut { .. }) => {
                self.journal_lockout(subject, now);
                e
            }
            Ok(e) | Err(e) => e,
        }
    }

    /// Writes a `pin_locked` entry. A failure here must not hide the lockout itself,
    /// which is already in force: it is logged instead.
    fn journal_lockout(&self, subject: &str, now: DateTime<Utc>) {
        let minutes = self.terminal.rules.staff.pin_lockout_minutes;
        let member_no = subject.strip_prefix("member:").map(str::to_string);
        let actor = Actor::new("system", self.terminal.outlet.clone());
        let op_id = format!("lock-{subject}-{}", now.timestamp_millis());
        let result = (|| -> Result<(), OpError> {
            let tx =
                rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
            let t = &self.terminal;
            let from = self.key.begin(&tx, &t.id)?;
            write(&tx, &self.terminal, &actor, &op_id, now, |_| {
                Ok(Some(ops::Decision {
                    member_no,
                    reversal_of: None,
                    body: crate::entry::EntryBody::PinLocked {
                        subject: subject.to_string(),
                        minutes,
                    },
                }))
            })?;
            self.key.seal(&tx, &self.terminal.id, from)?;
            tx.commit()?;
            Ok(())
        })();
        if let Err(e) = result {
            tracing::error!("could not journal the lockout of {subject}: {e}");
        }
    }

    /// On-the-spot approval of a privileged step: the approver's PIN and role are
    /// checked; the caller puts the id in `Actor::approved_by`.
    pub fn approve(
        &self,
        operator_id: &str,
        pin_entered: &str,
        role: Role,
    ) -> Result<Operator, OpError> {
        let op = self.login(operator_id, pin_entered)?;
        if op.role < role {
            return Err(OpError::NeedsRole(role));
        }
        Ok(op)
    }
}
