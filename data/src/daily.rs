//! The daily job (`carddesk expire`, also run at the first start of each day): expires
//! points lots past their date, once per tier period applies the configured downgrade,
//! and issues the birthday coupons of the day (birthdays.rs). Every entry has an op id
//! derived from the member and the day, so running the job twice writes nothing twice;
//! in a chain, `rules.daily_terminal` names the one terminal that runs it.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;

use crate::account;
use crate::book::{write, Book};
use crate::error::OpError;
use crate::ops::{self, tiers, Actor, ExpirePoints, Request};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DailyReport {
    pub day: Option<NaiveDate>,
    pub already_ran: bool,
    pub points_expired_entries: usize,
    pub points_expired: i64,
    pub tier_changes: usize,
    /// Birthday coupons issued (see birthdays.rs).
    pub birthday_coupons: usize,
    /// Set when `rules.daily_terminal` names another terminal: the job runs there, and
    /// did nothing here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runs_on: Option<carddesk_model::TerminalId>,
}

pub const DAILY_OPERATOR: &str = "daily";

impl Book {
    /// Runs the daily job for today (the chain's local date), once per day.
    pub fn run_daily(&mut self) -> Result<DailyReport, OpError> {
        let today = self.terminal().rules.business_day(self.now());
        let mut report = DailyReport {
            day: Some(today),
            ..DailyReport::default()
        };
        // One terminal of a chain writes the daily entries: their op ids name the member
        // and the day, not the terminal, so a second terminal's would collide in sync.
        if let Some(t) = &self.terminal().rules.daily_terminal {
            if *t != self.terminal().id {
                report.runs_on = Some(t.clone());
                return Ok(report);
            }
        }
        if ran_on(self.conn(), today)? {
            report.already_ran = true;
            return Ok(report);
        }
        let actor = Actor::new(DAILY_OPERATOR, self.terminal().outlet.clone());
        let mut members: Vec<(String, i64)> = Vec::new();
        for (m, lot) in account::expired_lots(self.conn(), None, today)? {
            match members.last_mut() {
                Some((last, n)) if *last == m => *n += lot.remaining,
                _ => members.push((m, lot.remaining)),
            }
        }
        for (member_no, points) in members {
            let op_id = format!("expire-{member_no}-{today}");
            let req = Request::ExpirePoints(ExpirePoints {
                member_no: member_no.into(),
                day: today,
            });
            let out = self.execute(&actor, &op_id, &req)?;
            if !out.replayed {
                report.points_expired_entries += 1;
                report.points_expired += points;
            }
        }
        report.tier_changes = self.review_tiers(&actor, today)?;
        report.birthday_coupons = self.issue_birthday_coupons(&actor, today)?;
        self.conn()
            .prepare_cached("INSERT OR IGNORE INTO daily_runs (day) VALUES (?1)")?
            .execute([today.to_string()])?;
        Ok(report)
    }

    /// Downgrades at the first run after a period end.
    fn review_tiers(&mut self, actor: &Actor, today: NaiveDate) -> Result<usize, OpError> {
        let Some(end) = tiers::last_period_end(&self.terminal().rules, today) else {
            return Ok(0);
        };
        let reviewed: Option<String> = self
            .conn()
            .prepare_cached("SELECT day FROM daily_runs WHERE day > ?1 LIMIT 1")?
            .query_row([end.to_string()], |r| r.get(0))
            .optional()?;
        if reviewed.is_some() || today == end {
            return Ok(0);
        }
        let entry_tier = self.terminal().rules.entry_tier().to_string();
        let candidates = members_above(self.conn(), &entry_tier)?;
        let now = self.now();
        let terminal = self.terminal().clone();
        let (conn, key) = self.conn_and_key();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let from = key.begin(&tx, &terminal.id)?;
        let mut changes = 0;
        for (member_no, tier) in candidates {
            let op_id = format!("tier-review-{member_no}-{end}");
            let entry = write(&tx, &terminal, actor, &op_id, now, |ctx| {
                Ok(
                    tiers::review(ctx, &member_no, &tier)?.map(|body| ops::Decision {
                        member_no: Some(member_no.clone()),
                        reversal_of: None,
                        body,
                    }),
                )
            })?;
            changes += usize::from(entry.is_some());
        }
        key.seal(&tx, &terminal.id, from)?;
        tx.commit()?;
        Ok(changes)
    }
}

fn ran_on(conn: &Connection, day: NaiveDate) -> Result<bool, OpError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM daily_runs WHERE day = ?1")?
        .query_row([day.to_string()], |_| Ok(()))
        .optional()?
        .is_some())
}

fn members_above(conn: &Connection, entry_tier: &str) -> Result<Vec<(String, String)>, OpError> {
    let mut stmt = conn.prepare("SELECT member_no, tier FROM members WHERE tier <> ?1")?;
    let rows = stmt.query_map([entry_tier], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
