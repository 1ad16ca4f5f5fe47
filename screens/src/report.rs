//! Shift and day reports as plain text: the lines the shift screen shows and the
//! printable file holds (38 cells wide: fits an 80 mm receipt printer, and two
//! columns of it fit an 80x24 screen; CJK counted as two cells, so the columns line
//! up on paper and on screen).

use carddesk_model::reports::{DayReport, ShiftReport, Totals};
use carddesk_model::text::ReportTx;
use carddesk_model::Lang;
use rust_decimal::Decimal;

use crate::i18n::{self, Tx};
use crate::model::{ReportData, ReportKind, ReportView, Tender};
use crate::text::{pad_left, pad_right, width};

pub const WIDTH: usize = 38;

/// A label and its value right-aligned. A value is never cut: when both don't fit
/// on one line, the label gets a line of its own (split by [`lines`]).
fn row(label: &str, value: &str) -> String {
    cols(label, WIDTH.saturating_sub(width(value)), &[(value, 0)])
}

fn three(a: &str, b: &str, c: &str) -> String {
    cols(a, 16, &[(b, 8), (c, 14)])
}

fn rule() -> String {
    "-".repeat(WIDTH)
}

fn signed(d: Decimal) -> String {
    if d > Decimal::ZERO {
        format!("+{}", i18n::money(d))
    } else {
        i18n::money(d)
    }
}

fn tender_name(t: &str, lang: Lang) -> String {
    match t {
        "cash" => i18n::tender(Tender::Cash, lang).into(),
        "bank_card" => i18n::tender(Tender::BankCard, lang).into(),
        "other" => i18n::tender(Tender::Other, lang).into(),
        other => other.into(),
    }
}

fn totals_lines(t: &Totals, lang: Lang, out: &mut Vec<String>) {
    out.push(rule());
    out.push(three(
        ReportTx::Tender.get(lang),
        ReportTx::In.get(lang),
        ReportTx::Out.get(lang),
    ));
    if t.tenders.is_empty() {
        out.push(format!("  {}", Tx::None_.get(lang)));
    }
    for (name, v) in &t.tenders {
        out.push(three(
            &tender_name(name, lang),
            &i18n::money(v.taken),
            &i18n::money(v.paid_out),
        ));
    }
    out.push(rule());
    out.push(three(
        ReportTx::Kind.get(lang),
        ReportTx::Count.get(lang),
        ReportTx::Amount.get(lang),
    ));
    if t.kinds.is_empty() {
        out.push(format!("  {}", Tx::None_.get(lang)));
    }
    for (kind, v) in &t.kinds {
        out.push(three(
            &i18n::entry_kind(kind, lang),
            &v.count.to_string(),
            &i18n::money(v.amount),
        ));
    }
    out.push(rule());
    out.push(row(
        ReportTx::StoredValueIn.get(lang),
        &i18n::money(t.stored_value_in),
    ));
    out.push(row(
        ReportTx::BonusGranted.get(lang),
        &i18n::money(t.bonus_granted),
    ));
    out.push(row(
        ReportTx::StoredValueSpent.get(lang),
        &i18n::money(t.stored_value_spent),
    ));
    out.push(row(
        ReportTx::PointsEarned.get(lang),
        &t.points_earned.to_string(),
    ));
    out.push(row(
        ReportTx::PointsSpent.get(lang),
        &t.points_spent.to_string(),
    ));
    if !t.card_fees.is_zero() {
        out.push(row(ReportTx::CardFees.get(lang), &i18n::money(t.card_fees)));
    }
    if !t.commission.is_zero() {
        out.push(row(
            ReportTx::CommissionEarned.get(lang),
            &i18n::money(t.commission),
        ));
    }
}

/// A shift report (X while open, Z once closed with the counted cash).
pub fn shift_report_lines(r: &ShiftReport, lang: Lang) -> Vec<String> {
    let title = if r.counted_cash.is_some() {
        Tx::ZReportTitle
    } else {
        Tx::XReportTitle
    };
    let mut out = vec![
        title.get(lang).to_string(),
        row(ReportTx::Shift.get(lang), &r.shift_id),
        row(ReportTx::OpenedBy.get(lang), &r.operator),
        row(ReportTx::UpToEntry.get(lang), &r.until),
        row(Tx::Float.get(lang), &i18n::money(r.float)),
    ];
    totals_lines(&r.totals, lang, &mut out);
    out.push(rule());
    out.push(row(
        ReportTx::ExpectedCash.get(lang),
        &i18n::money(r.expected_cash),
    ));
    if let Some(c) = r.counted_cash {
        out.push(row(Tx::CountedCash.get(lang), &i18n::money(c)));
    }
    if let Some(d) = r.over_short {
        out.push(row(ReportTx::OverShort.get(lang), &signed(d)));
    }
    lines(out)
}

/// The day close (日结) of one outlet, all terminals.
pub fn day_report_lines(r: &DayReport, lang: Lang) -> Vec<String> {
    let mut out = vec![
        Tx::DayTitle.get(lang).to_string(),
        row(Tx::Outlet.get(lang), &r.outlet),
        row(ReportTx::Day.get(lang), &r.day.to_string()),
        row(ReportTx::Entries.get(lang), &r.entries.to_string()),
    ];
    totals_lines(&r.totals, lang, &mut out);
    lines(out)
}

/// Cuts `s` to at most `cells` cells (a Han character is two).
fn cut(s: &str, cells: usize) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let mut next = out.clone();
        next.push(c);
        if width(&next) > cells {
            break;
        }
        out = next;
    }
    out
}

/// Columns right-aligned after a left one, in [`WIDTH`] cells. Values (amounts,
/// counts) are never cut: one wider than its column takes cells from the first
/// column (with a space before it); when the first no longer fits, it gets a line of
/// its own and the values follow on the next (split by [`lines`]).
fn cols(first: &str, first_w: usize, rest: &[(&str, usize)]) -> String {
    let need = |v: &str, w: usize| if width(v) <= w { w } else { width(v) + 1 };
    let values: usize = rest.iter().map(|(v, w)| need(v, *w)).sum();
    let room = first_w.min(WIDTH.saturating_sub(values));
    let mut s = if width(first) <= room {
        pad_right(first, room)
    } else {
        format!("{first}\n{}", " ".repeat(WIDTH.saturating_sub(values)))
    };
    for (v, w) in rest {
        s.push_str(&pad_left(v, need(v, *w)));
    }
    s
}

/// Report lines with the label lines [`cols`] made split out.
fn lines(out: Vec<String>) -> Vec<String> {
    out.iter()
        .flat_map(|l| l.split('\n').map(str::to_string))
        .collect()
}

/// Any report of the reports screen, as the lines it shows and the file it writes.
pub fn report_lines(r: &ReportView, lang: Lang) -> Vec<String> {
    let mut out = vec![
        i18n::report_kind(r.kind, lang).to_string(),
        row(
            ReportTx::DayRange.get(lang),
            &format!("{} ~ {}", r.from, r.to),
        ),
    ];
    let nothing = |out: &mut Vec<String>| out.push(Tx::Nothing.get(lang).to_string());
    match &r.data {
        ReportData::Shifts(shifts) => {
            if shifts.is_empty() {
                nothing(&mut out);
            }
            for s in shifts {
                out.push(String::new());
                out.extend(shift_report_lines(&s.report, lang));
                out.push(row(ReportTx::ClosedBy.get(lang), &s.closed_by));
            }
        }
        ReportData::Days(days) => {
            if days.is_empty() {
                nothing(&mut out);
            }
            for d in days {
                out.push(String::new());
                out.extend(day_report_lines(d, lang));
            }
        }
        ReportData::StoredValue(l) => {
            out.push(rule());
            out.push(row(
                ReportTx::MembersWithBalance.get(lang),
                &l.members.to_string(),
            ));
            out.push(row(
                ReportTx::Principal.get(lang),
                &i18n::money(l.principal),
            ));
            out.push(row(ReportTx::Bonus.get(lang), &i18n::money(l.bonus)));
            out.push(row(ReportTx::Total.get(lang), &i18n::money(l.total)));
        }
        ReportData::Points(p) => {
            out.push(rule());
            out.push(row(
                ReportTx::MembersWithPoints.get(lang),
                &p.members.to_string(),
            ));
            out.push(row(ReportTx::Points.get(lang), &p.points.to_string()));
            out.push(row(ReportTx::Worth.get(lang), &i18n::money(p.value)));
            out.push(row(
                ReportTx::ExpiringInTheDays.get(lang),
                &p.expiring_in_window.to_string(),
            ));
        }
        ReportData::Coupons(lines) => {
            out.push(rule());
            out.push(cols(
                ReportTx::CouponTemplate.get(lang),
                14,
                &[
                    (ReportTx::IssuedShort.get(lang), 6),
                    (ReportTx::RedeemedShort.get(lang), 6),
                    (ReportTx::VoidedShort.get(lang), 6),
                    (ReportTx::ExpiredShort.get(lang), 6),
                ],
            ));
            if lines.is_empty() {
                nothing(&mut out);
            }
            for c in lines {
                out.push(cols(
                    &c.template,
                    14,
                    &[
                        (&c.issued.to_string(), 6),
                        (&c.redeemed.to_string(), 6),
                        (&c.voided.to_string(), 6),
                        (&c.expired.to_string(), 6),
                    ],
                ));
            }
        }
        ReportData::Tiers(lines) => {
            out.push(rule());
            out.push(cols(
                ReportTx::Tier.get(lang),
                14,
                &[
                    (Tx::Active.get(lang), 8),
                    (Tx::Frozen.get(lang), 8),
                    (ReportTx::TotalColumn.get(lang), 8),
                ],
            ));
            if lines.is_empty() {
                nothing(&mut out);
            }
            for t in lines {
                out.push(cols(
                    &t.tier,
                    14,
                    &[
                        (&t.active.to_string(), 8),
                        (&t.frozen.to_string(), 8),
                        (&(t.active + t.frozen).to_string(), 8),
                    ],
                ));
            }
        }
        ReportData::Members(lines) => {
            let last = match r.kind {
                ReportKind::Dormant => ReportTx::LastVisitColumn.get(lang),
                ReportKind::TopSpenders => ReportTx::SpendColumn.get(lang),
                _ => ReportTx::RegisteredColumn.get(lang),
            };
            out.push(rule());
            out.push(format!(
                "{}{}{}",
                pad_right(Tx::MemberNo.get(lang), 10),
                pad_right(&format!(" {}", Tx::Name.get(lang)), 14),
                pad_left(last, 14)
            ));
            if lines.is_empty() {
                nothing(&mut out);
            }
            for m in lines {
                let value = if r.kind == ReportKind::TopSpenders {
                    i18n::money(m.amount)
                } else {
                    m.date.clone()
                };
                // A name is cut to its column; the member number and the amount never.
                let name = format!(" {}", cut(&m.name, 12));
                out.push(cols(
                    &format!("{}{}", pad_right(&m.member_no, 10), pad_right(&name, 14)),
                    24,
                    &[(&value, 14)],
                ));
            }
        }
        ReportData::Referrals(lines) => {
            out.push(rule());
            out.push(format!(
                "{}{}{}{}",
                pad_right(&format!("{} ", ReportTx::RankColumn.get(lang)), 4),
                pad_right(Tx::MemberNo.get(lang), 10),
                pad_right(&format!(" {}", Tx::Name.get(lang)), 12),
                pad_left(ReportTx::ReferredRewardsColumn.get(lang), 16)
            ));
            if lines.is_empty() {
                nothing(&mut out);
            }
            for l in lines {
                let name = format!(" {}", cut(&l.name, 10));
                let value = format!("{}/{}", l.referred, l.rewarded);
                out.push(cols(
                    &format!(
                        "{}{}{}",
                        pad_right(&l.rank.to_string(), 4),
                        pad_right(&l.member_no, 10),
                        pad_right(&name, 12)
                    ),
                    26,
                    &[(&value, 14)],
                ));
            }
        }
        ReportData::Commission(lines) => {
            out.push(rule());
            out.push(
                format!(
                    "{}{}{}",
                    pad_right(ReportTx::ColOperator.get(lang), 12),
                    pad_left(ReportTx::ColCardsSold.get(lang), 8),
                    pad_left(ReportTx::ColTopUps.get(lang), 8),
                ) + &pad_left(ReportTx::ColCommission.get(lang), 12),
            );
            if lines.is_empty() {
                nothing(&mut out);
            }
            for l in lines {
                out.push(cols(
                    &pad_right(&cut(&l.operator, 12), 12),
                    12,
                    &[
                        (&l.cards.to_string(), 8),
                        (&l.top_ups.to_string(), 8),
                        (&i18n::money(l.amount), 12),
                    ],
                ));
            }
        }
    }
    lines(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use carddesk_model::reports::{KindTotals, TenderTotals};

    #[test]
    fn a_shift_report_fits_the_report_width_in_both_languages() {
        let mut totals = Totals::default();
        totals.tenders.insert(
            "cash".into(),
            TenderTotals {
                taken: Decimal::new(38_800, 2),
                paid_out: Decimal::ZERO,
            },
        );
        totals.kinds.insert(
            "topped_up".into(),
            KindTotals {
                count: 1,
                amount: Decimal::new(50_000, 2),
            },
        );
        let r = ShiftReport {
            shift_id: "T01-7".into(),
            operator: "cashier1".into(),
            float: Decimal::new(20_000, 2),
            until: "T01-12".into(),
            totals,
            expected_cash: Decimal::new(58_800, 2),
            counted_cash: Some(Decimal::new(58_500, 2)),
            over_short: Some(Decimal::new(-300, 2)),
        };
        for lang in [Lang::Zh, Lang::En] {
            let lines = shift_report_lines(&r, lang);
            for l in &lines {
                assert!(width(l) <= WIDTH, "{l:?} is wider than {WIDTH}");
            }
            assert!(lines.iter().any(|l| l.ends_with("-3.00")), "{lines:#?}");
            assert!(lines.iter().any(|l| l.ends_with("588.00")), "{lines:#?}");
        }
    }

    /// The day close once printed the cash line as `907000.00          0.0`: amounts
    /// are never cut; a wide one takes room from the label, a long label gets a line
    /// of its own, and no line is wider than the report.
    #[test]
    fn amounts_are_never_cut_in_either_language() {
        let mut totals = Totals::default();
        totals.tenders.insert(
            "cash".into(),
            TenderTotals {
                taken: Decimal::new(90_700_000, 2),
                paid_out: Decimal::new(1_234_567_890, 2),
            },
        );
        totals.kinds.insert(
            "stored_value_refunded".into(),
            KindTotals {
                count: 12_345,
                amount: Decimal::new(123_456_789_012, 2),
            },
        );
        totals.stored_value_in = Decimal::new(1_234_567_890_123_456, 2);
        let r = DayReport {
            outlet: "rooms".into(),
            day: chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default(),
            entries: 3,
            totals,
        };
        for lang in [Lang::Zh, Lang::En] {
            let lines = day_report_lines(&r, lang);
            for l in &lines {
                assert!(width(l) <= WIDTH, "{l:?} is wider than {WIDTH}");
            }
            let text = lines.join("\n");
            for amount in [
                "907000.00",
                "12345678.90",
                "1234567890.12",
                "12345678901234.56",
            ] {
                assert!(text.contains(amount), "{amount} cut:\n{text}");
            }
            assert!(
                lines
                    .iter()
                    .any(|l| l.contains("907000.00 ") && l.ends_with(" 12345678.90")),
                "{text}"
            );
            assert!(
                lines.iter().any(|l| l.ends_with(" 12345 1234567890.12")),
                "{text}"
            );
        }
    }
}
