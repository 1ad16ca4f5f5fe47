//! The daily job's birthday coupons (生日礼遇): each active member whose birthday window
//! (`rules.birthday.window`) holds today and whose tier's perk names a coupon gets it,
//! once a year. Safe to run twice and on every terminal of a chain: a member who already
//! has this year's birthday reward in the book (from any terminal) is skipped, the op id
//! is derived from the terminal, the member and the year, and the coupon's code and
//! dates from the member and the year only, so two terminals that both issued it before
//! syncing hold one coupon (see effects.rs).

use chrono::{Datelike, NaiveDate};
use rusqlite::TransactionBehavior;

use crate::book::{write, Book};
use crate::error::OpError;
use crate::ops::{self, occasions, Actor};
use crate::rules::BirthdayWindow;

impl Book {
    /// Issues today's birthday coupons; how many were issued.
    pub(crate) fn issue_birthday_coupons(
        &mut self,
        actor: &Actor,
        today: NaiveDate,
    ) -> Result<usize, OpError> {
        if self.terminal().rules.birthday.window == BirthdayWindow::Off {
            return Ok(0);
        }
        let candidates = born_in(self.conn(), today.month())?;
        let now = self.now();
        let terminal = self.terminal().clone();
        let (conn, key) = self.conn_and_key();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let from = key.begin(&tx, &terminal.id)?;
        let mut issued = 0;
        for m in candidates {
            let Some(birthday) = occasions::birthday_of(&m) else {
                continue;
            };
            let op_id = format!("birthday-{}-{}-{}", terminal.id, m.member_no, today.year());
            let entry = write(&tx, &terminal, actor, &op_id, now, |ctx| {
                ops::rewards::birthday(ctx, &m.member_no, &m.tier, birthday)
            })?;
            issued += usize::from(entry.is_some());
        }
        key.seal(&tx, &terminal.id, from)?;
        tx.commit()?;
        Ok(issued)
    }
}

/// Active members born in `month` (the window is at most the month).
fn born_in(conn: &rusqlite::Connection, month: u32) -> Result<Vec<crate::lookup::Member>, OpError> {
    let mut stmt = conn.prepare(
        "SELECT member_no FROM members
         WHERE status = 'active' AND birthday IS NOT NULL AND substr(birthday, 6, 2) = ?1
         ORDER BY member_no",
    )?;
    let nos = stmt
        .query_map([format!("{month:02}")], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::with_capacity(nos.len());
    for no in nos {
        if let Some(m) = crate::lookup::member(conn, &no)? {
            out.push(m);
        }
    }
    Ok(out)
}

impl Book {
    /// Whether today (the business day) is in `m`'s birthday window: the counter's
    /// 生日 flag, and the checkout's birthday perk.
    pub fn birthday_now(&self, m: &crate::lookup::Member) -> bool {
        let rules = &self.terminal().rules;
        rules
            .birthday
            .contains(occasions::birthday_of(m), rules.business_day(self.now()))
    }
}
