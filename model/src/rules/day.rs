//! The business day: one definition for the journal's date filter, the reports, the day
//! close, points expiry and the status bar. A day runs from local midnight to local
//! midnight in the chain's time zone (`rules.utc_offset_minutes`), never the PC's: two
//! terminals of one chain set to different zones still agree on what "today" is.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, Utc};

use super::Rules;
use crate::hlc;

impl Rules {
    /// The chain's time zone. `validate` keeps the offset within ±14 h; an offset that
    /// slipped past it falls back to UTC rather than failing a sale.
    pub fn zone(&self) -> FixedOffset {
        FixedOffset::east_opt(self.utc_offset_minutes * 60).unwrap_or(Utc.fix())
    }

    /// Local wall time of the chain (promotion hours, weekdays, expiry dates).
    pub fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.with_timezone(&self.zone()).naive_local()
    }

    /// The business day `at` falls on.
    pub fn business_day(&self, at: DateTime<Utc>) -> NaiveDate {
        self.local(at).date()
    }

    /// The instant local midnight starts `day`.
    pub fn day_start(&self, day: NaiveDate) -> DateTime<Utc> {
        // Checked: a date typed at the calendar's edge must not panic a statement.
        day.and_time(NaiveTime::MIN)
            .checked_sub_offset(self.zone())
            .map_or(DateTime::<Utc>::MAX_UTC, |t| t.and_utc())
    }

    /// The HLC range `[start, end)` of the business days `from..=to`, for journal queries.
    pub fn hlc_range(&self, from: NaiveDate, to: NaiveDate) -> (i64, i64) {
        let start = |d: NaiveDate| self.day_start(d).timestamp_millis().max(0) << hlc::LOGICAL_BITS;
        (start(from), start(to.succ_opt().unwrap_or(NaiveDate::MAX)))
    }

    /// Local wall time of an entry's HLC (journal lines, statements, exports).
    pub fn local_of_hlc(&self, hlc_value: i64) -> NaiveDateTime {
        let at = DateTime::from_timestamp_millis(hlc::millis(hlc_value)).unwrap_or_default();
        self.local(at)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn rules(offset_minutes: i32) -> Rules {
        Rules {
            utc_offset_minutes: offset_minutes,
            ..Rules::default()
        }
    }

    #[test]
    fn the_business_day_is_the_chains_not_utcs() {
        let r = rules(480);
        // 20:30 UTC on the 1st is 04:30 on the 2nd in Beijing.
        let at = Utc.with_ymd_and_hms(2026, 3, 1, 20, 30, 0).unwrap();
        assert_eq!(
            r.business_day(at),
            NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
        );
        assert_eq!(
            rules(0).business_day(at),
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
        );
    }

    #[test]
    fn a_days_hlc_range_starts_at_local_midnight_and_covers_whole_days() {
        let r = rules(480);
        let d = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let (start, end) = r.hlc_range(d, d);
        let midnight = Utc.with_ymd_and_hms(2026, 3, 1, 16, 0, 0).unwrap();
        assert_eq!(start, midnight.timestamp_millis() << hlc::LOGICAL_BITS);
        assert_eq!(end - start, (24 * 3600 * 1000) << hlc::LOGICAL_BITS);
        assert_eq!(r.business_day(r.day_start(d)), d);
        assert_eq!(r.local_of_hlc(start), d.and_time(NaiveTime::MIN));
        // The calendar's edges do not panic (a statement asked "to 262143-12-31").
        let (lo, hi) = rules(-600).hlc_range(NaiveDate::MIN, NaiveDate::MAX);
        assert!(lo <= hi);
    }
}
