//! The referral ranking (转介绍排名, `carddesk report referrals`): referrers ranked by
//! the members they brought who registered in the window (a member's referrer as it
//! stands now), then by the referral rewards they were given in it.

use std::collections::BTreeMap;

use rusqlite::params;

use crate::analytics::{ReferralLine, Window};
use crate::book::Book;
use crate::error::OpError;

impl Book {
    /// The `limit` first referrers of the window; `w.outlet`: where the referred member
    /// registered (rewards: where the first top-up or checkout was posted).
    pub fn referral_ranking(&self, w: &Window, limit: usize) -> Result<Vec<ReferralLine>, OpError> {
        let (lo, hi) = self.hlc_bounds(w)?;
        let mut lines: BTreeMap<String, ReferralLine> = BTreeMap::new();
        let mut stmt = self.conn().prepare(
            "SELECT m.referrer, count(*) FROM journal j JOIN members m ON m.member_no = j.member_no
             WHERE j.kind = 'member_registered' AND j.hlc >= ?1 AND j.hlc < ?2
               AND (?3 IS NULL OR j.outlet = ?3) AND m.referrer IS NOT NULL AND m.referrer <> ''
             GROUP BY m.referrer",
        )?;
        let rows = stmt.query_map(params![lo, hi, w.outlet], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?;
        for row in rows {
            let (referrer, n) = row?;
            lines.entry(referrer).or_default().referred += n;
        }
        let mut stmt = self.conn().prepare(
            "SELECT j.member_no, count(*), coalesce(sum(json_extract(j.body, '$.points')), 0)
             FROM journal j
             WHERE j.kind = 'reward_given' AND j.hlc >= ?1 AND j.hlc < ?2
               AND (?3 IS NULL OR j.outlet = ?3)
               AND json_extract(j.body, '$.occasion.kind') = 'referral'
               AND NOT EXISTS (SELECT 1 FROM journal r
                               WHERE r.reversal_of = j.terminal || '-' || j.seq)
             GROUP BY j.member_no",
        )?;
        let rows = stmt.query_map(params![lo, hi, w.outlet], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (referrer, n, points) = row?;
            let line = lines.entry(referrer).or_default();
            line.rewarded += n;
            line.points += points;
        }
        let mut ranked: Vec<ReferralLine> = lines
            .into_iter()
            .map(|(member_no, line)| ReferralLine { member_no, ..line })
            .collect();
        ranked.sort_by(|a, b| {
            (b.referred, b.rewarded, b.points)
                .cmp(&(a.referred, a.rewarded, a.points))
                .then_with(|| a.member_no.cmp(&b.member_no))
        });
        ranked.truncate(limit);
        for (i, line) in ranked.iter_mut().enumerate() {
            line.rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
            if let Some(m) = crate::lookup::member(self.conn(), &line.member_no)? {
                line.name = m.name;
                line.tier = m.tier;
            }
        }
        Ok(ranked)
    }
}
