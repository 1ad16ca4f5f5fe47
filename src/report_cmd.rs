//! `carddesk report KIND --from --to [--outlet] [--csv]`: every report as one table,
//! printed aligned (CJK-width aware, headers in the operator's language) or as CSV
//! (stable English column keys, for spreadsheets and scripts).

use std::io::Write;

use anyhow::bail;
use carddesk_data::analytics::{MemberLine, Window};
use carddesk_data::money::two_places;
use carddesk_data::reports::Totals;
use carddesk_data::settlement::{self, SettlementReport};
use carddesk_data::{Book, Lang};
use carddesk_model::text::ReportTx;
use rust_decimal::Decimal;
use unicode_width::UnicodeWidthStr;

pub const KINDS: &[&str] = &[
    "shift",
    "day",
    "stored-value",
    "points",
    "coupons",
    "tiers",
    "new-members",
    "dormant",
    "top-spenders",
    "referrals",
    "settlement",
    "commission",
    "company-statement",
];

use crate::report_table::{date, refused};
pub use crate::report_table::{Args, Table};

pub fn table(book: &Book, lang: Lang, a: &Args) -> anyhow::Result<Table> {
    // A statement runs over the whole account unless a window is given.
    if a.kind == "company-statement" {
        return crate::report_company::table(book, lang, a);
    }
    let today = book.terminal().rules.business_day(book.now());
    let from = a.from.map(|s| date(lang, s)).transpose()?.unwrap_or(today);
    let to = a.to.map(|s| date(lang, s)).transpose()?.unwrap_or(from);
    if to < from || (to - from).num_days() > 366 {
        return Err(refused(ReportTx::DateRange.get(lang).to_string()));
    }
    let w = Window {
        from,
        to,
        outlet: a.outlet.map(str::to_string),
    };
    let outlet = a.outlet;
    Ok(match a.kind {
        "shift" => {
            let mut t = totals_table(&[
                ("shift", ReportTx::ColShift),
                ("closed_by", ReportTx::ColClosedBy),
                ("operator", ReportTx::ColOperator),
                ("float", ReportTx::ColFloat),
            ]);
            t.columns.extend([
                ("expected_cash", ReportTx::ColExpectedCash),
                ("counted_cash", ReportTx::ColCountedCash),
                ("over_short", ReportTx::ColOverShort),
            ]);
            for s in book.shift_reports(&w)? {
                let r = &s.report;
                let mut row = vec![
                    r.shift_id.clone(),
                    s.closed_by.clone(),
                    r.operator.clone(),
                    r.float.to_string(),
                ];
                row.extend(totals_row(&r.totals));
                row.push(r.expected_cash.to_string());
                row.push(r.counted_cash.map(|c| c.to_string()).unwrap_or_default());
                row.push(r.over_short.map(|c| c.to_string()).unwrap_or_default());
                t.rows.push(row);
            }
            t
        }
        "day" => {
            let outlet = outlet.unwrap_or(&book.terminal().outlet).to_string();
            let mut t = totals_table(&[
                ("day", ReportTx::ColDay),
                ("outlet", ReportTx::ColOutlet),
                ("entries", ReportTx::ColEntries),
            ]);
            for d in book.day_closes(&w, &outlet)? {
                let mut row = vec![d.day.to_string(), d.outlet.clone(), d.entries.to_string()];
                row.extend(totals_row(&d.totals));
                t.rows.push(row);
            }
            t
        }
        "stored-value" => {
            let l = book.stored_value_liability(outlet)?;
            Table {
                columns: vec![
                    ("members", ReportTx::ColMembersWithBalance),
                    ("principal", ReportTx::ColPrincipal),
                    ("bonus", ReportTx::ColBonus),
                    ("total", ReportTx::TotalColumn),
                ],
                rows: vec![vec![
                    l.members.to_string(),
                    l.principal.to_string(),
                    l.bonus.to_string(),
                    l.total.to_string(),
                ]],
                ..Table::default()
            }
        }
        "points" => {
            let p = book.points_liability(&w)?;
            Table {
                columns: vec![
                    ("members", ReportTx::ColMembersWithPoints),
                    ("points", ReportTx::ColPoints),
                    ("value", ReportTx::ColValue),
                    ("expiring", ReportTx::ColExpiringInWindow),
                ],
                rows: vec![vec![
                    p.members.to_string(),
                    p.points.to_string(),
                    p.value.to_string(),
                    p.expiring_in_window.to_string(),
                ]],
                ..Table::default()
            }
        }
        "coupons" => Table {
            columns: vec![
                ("template", ReportTx::ColTemplate),
                ("issued", ReportTx::ColIssued),
                ("redeemed", ReportTx::ColRedeemed),
                ("voided", ReportTx::ColVoided),
                ("expired", ReportTx::ColExpired),
            ],
            rows: book
                .coupon_report(&w)?
                .into_iter()
                .map(|c| {
                    vec![
                        c.template,
                        c.issued.to_string(),
                        c.redeemed.to_string(),
                        c.voided.to_string(),
                        c.expired.to_string(),
                    ]
                })
                .collect(),
            ..Table::default()
        },
        "tiers" => Table {
            columns: vec![
                ("tier", ReportTx::ColTier),
                ("active", ReportTx::ColActive),
                ("frozen", ReportTx::ColFrozen),
                ("total", ReportTx::TotalColumn),
            ],
            rows: book
                .tier_distribution(outlet)?
                .into_iter()
                .map(|t| {
                    vec![
                        t.tier,
                        t.active.to_string(),
                        t.frozen.to_string(),
                        (t.active + t.frozen).to_string(),
                    ]
                })
                .collect(),
            ..Table::default()
        },
        "new-members" => members_table(
            book.new_members(&w)?,
            ("registered", ReportTx::RegisteredColumn),
            false,
        ),
        "dormant" => members_table(
            book.dormant_members(a.days, outlet)?,
            ("last_visit", ReportTx::LastVisitColumn),
            false,
        ),
        "top-spenders" => members_table(
            book.top_spenders(&w, a.limit)?,
            ("spend", ReportTx::SpendColumn),
            true,
        ),
        "referrals" => Table {
            columns: vec![
                ("rank", ReportTx::ColRank),
                ("member_no", ReportTx::ColMemberNo),
                ("name", ReportTx::ColName),
                ("tier", ReportTx::ColTier),
                ("referred", ReportTx::ColReferred),
                ("rewarded", ReportTx::ColRewarded),
                ("points", ReportTx::ColRewardPoints),
            ],
            rows: book
                .referral_ranking(&w, a.limit)?
                .into_iter()
                .map(|r| {
                    vec![
                        r.rank.to_string(),
                        r.member_no,
                        r.name,
                        r.tier,
                        r.referred.to_string(),
                        r.rewarded.to_string(),
                        r.points.to_string(),
                    ]
                })
                .collect(),
            ..Table::default()
        },
        "settlement" => settlement_table(&book.settlement(from, to, outlet)?),
        "commission" => Table {
            columns: vec![
                ("operator", ReportTx::ColOperator),
                ("cards", ReportTx::ColCardsSold),
                ("top_ups", ReportTx::ColTopUps),
                ("commission", ReportTx::ColCommission),
            ],
            rows: book
                .commission_report(&w, None)?
                .into_iter()
                .map(|l| {
                    vec![
                        l.operator,
                        l.cards.to_string(),
                        l.top_ups.to_string(),
                        l.amount.to_string(),
                    ]
                })
                .collect(),
            ..Table::default()
        },
        other => bail!(
            "{} {other:?}; {}: {}",
            ReportTx::NoSuchReport.get(lang),
            ReportTx::ReportsAre.get(lang),
            KINDS.join(", ")
        ),
    })
}

fn totals_table(first: &[(&'static str, ReportTx)]) -> Table {
    let mut columns = first.to_vec();
    columns.extend([
        ("cash_taken", ReportTx::ColCashTaken),
        ("cash_paid_out", ReportTx::ColCashPaidOut),
        ("bank_card_taken", ReportTx::ColBankCard),
        ("other_taken", ReportTx::ColOther),
        ("stored_value_in", ReportTx::ColStoredValueIn),
        ("bonus_granted", ReportTx::ColBonusGranted),
        ("stored_value_spent", ReportTx::ColStoredValueSpent),
        ("points_earned", ReportTx::ColPointsEarned),
        ("points_spent", ReportTx::ColPointsSpent),
        ("points_deducted", ReportTx::ColPointsDeducted),
        ("card_fees", ReportTx::ColCardFees),
        ("commission", ReportTx::ColCommission),
    ]);
    Table {
        columns,
        ..Table::default()
    }
}

fn totals_row(t: &Totals) -> Vec<String> {
    let tender = |name: &str, out: bool| {
        let v = t.tenders.get(name);
        let amount = v.map_or(Decimal::ZERO, |v| if out { v.paid_out } else { v.taken });
        two_places(amount).to_string()
    };
    vec![
        tender("cash", false),
        tender("cash", true),
        tender("bank_card", false),
        tender("other", false),
        t.stored_value_in.to_string(),
        t.bonus_granted.to_string(),
        t.stored_value_spent.to_string(),
        t.points_earned.to_string(),
        t.points_spent.to_string(),
        t.points_deducted.to_string(),
        two_places(t.card_fees).to_string(),
        two_places(t.commission).to_string(),
    ]
}

fn members_table(lines: Vec<MemberLine>, last: (&'static str, ReportTx), amount: bool) -> Table {
    let mut columns = vec![
        ("member_no", ReportTx::ColMemberNo),
        ("name", ReportTx::ColName),
        ("phone", ReportTx::ColPhone),
        ("tier", ReportTx::ColTier),
        ("outlet", ReportTx::ColOutlet),
    ];
    columns.push(last);
    let rows = lines
        .into_iter()
        .map(|m| {
            let last = if amount { m.amount.to_string() } else { m.date };
            vec![m.member_no, m.name, m.phone, m.tier, m.outlet, last]
        })
        .collect();
    Table {
        columns,
        rows,
        ..Table::default()
    }
}

/// 店间结算: the cross-outlet pairs, then one net line per pair of outlets (what
/// `from_outlet` owes `to_outlet`).
fn settlement_table(r: &SettlementReport) -> Table {
    let lines = r.pairs.iter().map(|l| ("pair", l));
    let rows = lines
        .chain(r.net.iter().map(|l| ("net", l)))
        .map(|(line, l)| {
            let f = &l.flows;
            vec![
                line.to_string(),
                l.from_outlet.clone(),
                l.to_outlet.clone(),
                f.principal.to_string(),
                f.bonus.to_string(),
                f.refunded.to_string(),
                two_places(f.total()).to_string(),
                f.points.to_string(),
            ]
        })
        .collect();
    Table {
        columns: vec![
            ("line", ReportTx::ColLine),
            ("from_outlet", ReportTx::ColTakenInAt),
            ("to_outlet", ReportTx::ColUsedAt),
            ("principal", ReportTx::ColPrincipal),
            ("bonus", ReportTx::ColBonus),
            ("refunded", ReportTx::ColRefunded),
            ("total", ReportTx::ColOwed),
            ("points", ReportTx::ColPoints),
        ],
        rows,
        labels: &[
            ("pair", ReportTx::ColPair),
            ("net", ReportTx::ColNet),
            (settlement::DEBT, ReportTx::ColDebt),
            (settlement::HUB_LOTS, ReportTx::ColHub),
        ],
    }
}

pub fn print(t: &Table, lang: Lang, csv_out: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    if csv_out {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(t.columns.iter().map(|c| c.0))?;
        for r in &t.rows {
            w.write_record(r)?;
        }
        w.flush()?;
        return Ok(());
    }
    let headers: Vec<&str> = t.columns.iter().map(|c| c.1.get(lang)).collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    let shown = |cell: &str| -> String {
        match t.labels.iter().find(|l| l.0 == cell) {
            Some(l) => l.1.get(lang).to_string(),
            None => cell.to_string(),
        }
    };
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| shown(c)).collect())
        .collect();
    for r in &rows {
        for (i, cell) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.width());
            }
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = widths
                .get(i)
                .copied()
                .unwrap_or(0)
                .saturating_sub(c.width());
            s.push_str(c);
            s.push_str(&" ".repeat(pad + 2));
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line(headers.clone()))?;
    writeln!(
        out,
        "{}",
        "-".repeat(
            widths
                .iter()
                .map(|w| w + 2)
                .sum::<usize>()
                .saturating_sub(2)
        )
    )?;
    for r in &rows {
        writeln!(out, "{}", line(r.iter().map(String::as_str).collect()))?;
    }
    if t.rows.is_empty() {
        writeln!(out, "{}", ReportTx::Nothing.get(lang))?;
    }
    Ok(())
}
