//! Management reports (`carddesk report KIND`): liabilities, coupons, tiers, new,
//! dormant and top members, shifts and day closes over a window of local dates. Flows
//! are read from the journal (the book of record) through SQLite's JSON functions on
//! the entries' effects, so they agree with `verify`; balances outstanding are read
//! from the projection tables, which `verify` proves equal to the journal.

use std::collections::BTreeMap;

use rusqlite::params;
use rust_decimal::Decimal;

use crate::book::Book;
use crate::entry::EntryBody;
use crate::error::OpError;
use crate::journal;
use crate::money::{from_cents, two_places};
use crate::reports::{self, DayReport};

use crate::visits::VISITS;
pub use carddesk_model::analytics::*;

impl Book {
    /// HLC bounds of the window: local midnight of `from`, local midnight after `to`.
    pub(crate) fn hlc_bounds(&self, w: &Window) -> Result<(i64, i64), OpError> {
        Ok(self.terminal().rules.hlc_range(w.from, w.to))
    }
}

impl Book {
    fn local_date(&self, hlc: i64) -> String {
        self.terminal().rules.local_of_hlc(hlc).date().to_string()
    }

    /// Stored value outstanding now (members of `outlet` when given).
    pub fn stored_value_liability(
        &self,
        outlet: Option<&str>,
    ) -> Result<StoredValueLiability, OpError> {
        let (members, principal, bonus): (i64, i64, i64) = self.conn().query_row(
            "SELECT count(*), coalesce(sum(a.principal), 0), coalesce(sum(a.bonus), 0)
             FROM accounts a JOIN members m ON m.member_no = a.member_no
             WHERE (a.principal <> 0 OR a.bonus <> 0) AND (?1 IS NULL OR m.outlet = ?1)",
            [outlet],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        Ok(StoredValueLiability {
            members: members as u64,
            principal: from_cents(principal),
            bonus: from_cents(bonus),
            total: from_cents(principal + bonus),
        })
    }

    /// Points outstanding now, and those expiring within the window.
    pub fn points_liability(&self, w: &Window) -> Result<PointsLiability, OpError> {
        let outlet = w.outlet.as_deref();
        let (members, points): (i64, i64) = self.conn().query_row(
            "SELECT count(*), coalesce(sum(a.points), 0)
             FROM accounts a JOIN members m ON m.member_no = a.member_no
             WHERE a.points <> 0 AND (?1 IS NULL OR m.outlet = ?1)",
            [outlet],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let expiring: i64 = self.conn().query_row(
            "SELECT coalesce(sum(l.remaining), 0) FROM points_lots l
             JOIN members m ON m.member_no = l.member_no
             WHERE l.remaining > 0 AND l.expires_on >= ?1 AND l.expires_on <= ?2
               AND (?3 IS NULL OR m.outlet = ?3)",
            params![w.from.to_string(), w.to.to_string(), outlet],
            |r| r.get(0),
        )?;
        let per_unit = self.terminal().rules.points.per_unit_offset.max(1);
        Ok(PointsLiability {
            members: members as u64,
            points,
            value: two_places(Decimal::from(points) / Decimal::from(per_unit)),
            expiring_in_window: expiring,
        })
    }

    /// Coupons issued, redeemed and voided by entries in the window (a reversal's
    /// return counts as minus one redemption), by template; and those that expired.
    pub fn coupon_report(&self, w: &Window) -> Result<Vec<CouponLine>, OpError> {
        let (lo, hi) = self.hlc_bounds(w)?;
        let mut lines: BTreeMap<String, CouponLine> = BTreeMap::new();
        let mut stmt = self.conn().prepare(
            "SELECT json_extract(e.value, '$.effect'),
                    coalesce(json_extract(e.value, '$.template'), c.template, '?')
             FROM journal j, json_each(j.body, '$.effects') e
             LEFT JOIN coupons c ON c.code = json_extract(e.value, '$.code')
             WHERE j.hlc >= ?1 AND j.hlc < ?2 AND (?3 IS NULL OR j.outlet = ?3)
               AND json_extract(e.value, '$.effect') LIKE 'coupon%'",
        )?;
        let rows = stmt.query_map(params![lo, hi, w.outlet], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (effect, template) = row?;
            let line = lines.entry(template.clone()).or_default();
            line.template = template;
            match effect.as_str() {
                "coupon_issued" => line.issued += 1,
                "coupon_redeemed" => line.redeemed += 1,
                "coupon_returned" => line.redeemed -= 1,
                "coupon_voided" => line.voided += 1,
                _ => {}
            }
        }
        let today = self.terminal().rules.business_day(self.now());
        let last = w.to.min(today.pred_opt().unwrap_or(today));
        let mut stmt = self.conn().prepare(
            "SELECT c.template, count(*) FROM coupons c LEFT JOIN members m ON m.member_no = c.member_no
             WHERE c.status = 'issued' AND c.valid_to >= ?1 AND c.valid_to <= ?2
               AND (?3 IS NULL OR m.outlet = ?3) GROUP BY c.template",
        )?;
        let rows = stmt.query_map(
            params![w.from.to_string(), last.to_string(), w.outlet],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
        )?;
        for row in rows {
            let (template, n) = row?;
            let line = lines.entry(template.clone()).or_default();
            line.template = template;
            line.expired = n;
        }
        Ok(lines.into_values().collect())
    }

    /// Members per tier (in the rules' order), active and frozen.
    pub fn tier_distribution(&self, outlet: Option<&str>) -> Result<Vec<TierLine>, OpError> {
        let mut counts: BTreeMap<String, TierLine> = BTreeMap::new();
        let mut stmt = self.conn().prepare(
            "SELECT tier, status, count(*) FROM members WHERE (?1 IS NULL OR outlet = ?1)
             GROUP BY tier, status",
        )?;
        let rows = stmt.query_map([outlet], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (tier, status, n) = row?;
            let line = counts.entry(tier.clone()).or_default();
            line.tier = tier;
            if status == "frozen" {
                line.frozen += n;
            } else {
                line.active += n;
            }
        }
        let mut out: Vec<TierLine> = Vec::new();
        for t in &self.terminal().rules.tiers {
            out.push(counts.remove(&t.name).unwrap_or(TierLine {
                tier: t.name.clone(),
                ..Default::default()
            }));
        }
        out.extend(counts.into_values());
        Ok(out)
    }

    fn member_lines(
        &self,
        sql: &str,
        args: impl rusqlite::Params,
    ) -> Result<Vec<MemberLine>, OpError> {
        let mut stmt = self.conn().prepare(sql)?;
        let rows = stmt.query_map(args, |r| {
            Ok((
                MemberLine {
                    member_no: r.get(0)?,
                    name: r.get(1)?,
                    phone: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    tier: r.get(3)?,
                    outlet: r.get(4)?,
                    ..Default::default()
                },
                r.get::<_, Option<i64>>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mut line, hlc) = row?;
            line.date = hlc.map(|h| self.local_date(h)).unwrap_or_default();
            out.push(line);
        }
        Ok(out)
    }

    /// Members registered in the window (at `outlet` when given), oldest first.
    pub fn new_members(&self, w: &Window) -> Result<Vec<MemberLine>, OpError> {
        let (lo, hi) = self.hlc_bounds(w)?;
        self.member_lines(
            "SELECT m.member_no, m.name, m.phone, m.tier, m.outlet, j.hlc
             FROM journal j JOIN members m ON m.member_no = j.member_no
             WHERE j.kind = 'member_registered' AND j.hlc >= ?1 AND j.hlc < ?2
               AND (?3 IS NULL OR j.outlet = ?3)
             ORDER BY j.hlc",
            params![lo, hi, w.outlet],
        )
    }

    /// Active members with no visit (nor registration) in the `days` days up to now,
    /// longest absent first. `date` is the last visit.
    pub fn dormant_members(
        &self,
        days: u32,
        outlet: Option<&str>,
    ) -> Result<Vec<MemberLine>, OpError> {
        let cutoff =
            (self.now() - chrono::Duration::days(i64::from(days))).timestamp_millis() << 16;
        self.member_lines(
            &format!(
                "SELECT * FROM (
                   SELECT m.member_no, m.name, m.phone, m.tier, m.outlet,
                          (SELECT max(j.hlc) FROM journal j WHERE j.member_no = m.member_no
                             AND j.kind IN ({VISITS})) AS last
                   FROM members m WHERE m.status = 'active' AND (?2 IS NULL OR m.outlet = ?2))
                 WHERE last IS NULL OR last < ?1 ORDER BY last, member_no"
            ),
            params![cutoff, outlet],
        )
    }

    /// The `limit` members who spent the most own money (principal and tender) in the
    /// window, net of reversals. `amount` is the spend.
    pub fn top_spenders(&self, w: &Window, limit: usize) -> Result<Vec<MemberLine>, OpError> {
        let (lo, hi) = self.hlc_bounds(w)?;
        let mut spend: BTreeMap<String, Decimal> = BTreeMap::new();
        let mut stmt = self.conn().prepare(
            "SELECT j.member_no, json_extract(e.value, '$.spend')
             FROM journal j, json_each(j.body, '$.effects') e
             WHERE j.hlc >= ?1 AND j.hlc < ?2 AND (?3 IS NULL OR j.outlet = ?3)
               AND j.member_no IS NOT NULL AND json_extract(e.value, '$.effect') = 'activity'",
        )?;
        let rows = stmt.query_map(params![lo, hi, w.outlet], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (member, amount) = row?;
            // Amounts are exact decimal strings in the journal; never summed as floats.
            let amount: Decimal = amount
                .parse()
                .map_err(|_| OpError::Storage(format!("bad spend {amount:?} in the journal")))?;
            *spend.entry(member).or_default() += amount;
        }
        let mut ranked: Vec<(String, Decimal)> = spend
            .into_iter()
            .filter(|(_, s)| *s > Decimal::ZERO)
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        ranked.truncate(limit);
        let mut out = Vec::new();
        for (member_no, amount) in ranked {
            let m = crate::lookup::member(self.conn(), &member_no)?;
            out.push(MemberLine {
                name: m.as_ref().map(|m| m.name.clone()).unwrap_or_default(),
                phone: m.as_ref().and_then(|m| m.phone.clone()).unwrap_or_default(),
                tier: m.as_ref().map(|m| m.tier.clone()).unwrap_or_default(),
                outlet: m.as_ref().map(|m| m.outlet.clone()).unwrap_or_default(),
                member_no,
                amount: two_places(amount),
                date: String::new(),
            });
        }
        Ok(out)
    }

    /// Shifts closed in the window (all terminals, or one outlet's), then this
    /// terminal's open shift so far.
    pub fn shift_reports(&self, w: &Window) -> Result<Vec<ShiftLine>, OpError> {
        let (lo, hi) = self.hlc_bounds(w)?;
        let sql = format!(
            "SELECT {} FROM journal WHERE kind = 'shift_closed' AND hlc >= ?1 AND hlc < ?2
               AND (?3 IS NULL OR outlet = ?3) ORDER BY hlc",
            journal::COLUMNS
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(params![lo, hi, w.outlet], journal::from_row)?;
        let mut out = Vec::new();
        for e in rows {
            let e = e?;
            if let EntryBody::ShiftClosed { report, .. } = e.parsed_body()? {
                out.push(ShiftLine {
                    closed_by: e.id(),
                    report: *report,
                });
            }
        }
        if let Some(report) = self.current_shift()? {
            out.push(ShiftLine {
                closed_by: "open".into(),
                report,
            });
        }
        Ok(out)
    }

    /// The day close of `outlet` for every day of the window.
    pub fn day_closes(&self, w: &Window, outlet: &str) -> Result<Vec<DayReport>, OpError> {
        let mut out = Vec::new();
        let mut day = w.from;
        while day <= w.to && out.len() < 366 {
            out.push(reports::day_report(
                self.conn(),
                &self.terminal().rules,
                outlet,
                day,
            )?);
            day = match day.succ_opt() {
                Some(d) => d,
                None => break,
            };
        }
        Ok(out)
    }
}

impl Book {
    /// Folds the member's entries up to and including `entry_id` (by HLC, the order
    /// balances move in). None for an unknown entry or one with no member.
    pub fn balances_after(&self, entry_id: &str) -> Result<Option<BalancesAfter>, OpError> {
        let Some(entry) = journal::by_id(self.conn(), entry_id)? else {
            return Ok(None);
        };
        let Some(member_no) = entry.header.member_no else {
            return Ok(None);
        };
        let mut stmt = self.conn().prepare_cached(
            "SELECT json_extract(e.value, '$.effect'), json_extract(e.value, '$.delta'),
                    json_extract(e.value, '$.points')
             FROM journal j, json_each(j.body, '$.effects') e
             WHERE j.member_no = ?1 AND j.hlc <= ?2",
        )?;
        let rows = stmt.query_map(params![member_no, entry.hlc], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<i64>>(2)?,
            ))
        })?;
        let mut b = BalancesAfter::default();
        let dec = |s: Option<String>| -> Result<Decimal, OpError> {
            let s = s.unwrap_or_default();
            s.parse()
                .map_err(|_| OpError::Storage(format!("bad amount {s:?} in the journal")))
        };
        for row in rows {
            let (effect, delta, points) = row?;
            match effect.as_str() {
                "principal" => b.principal += dec(delta)?,
                "bonus" => b.bonus += dec(delta)?,
                "lot_earned" => b.points += points.unwrap_or(0),
                "lot_drawn" => b.points -= points.unwrap_or(0),
                _ => {}
            }
        }
        b.principal = two_places(b.principal);
        b.bonus = two_places(b.bonus);
        Ok(Some(b))
    }
}
