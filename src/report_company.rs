//! `carddesk report company-statement --member NO [--from] [--to]`: a company's
//! charges (挂账) and payments with what it owes after each (协议单位对账单). Without
//! --from and --to it covers the whole account.

use carddesk_data::{Book, Lang};
use carddesk_model::text::ReportTx;

use crate::report_table::{date, refused, Args, Table};

/// The kinds a statement line shows, in the operator's language (CSV keeps the word).
const KINDS: &[(&str, ReportTx)] = &[
    ("company_charged", ReportTx::KindCharge),
    ("company_settled", ReportTx::KindPayment),
    ("reversed", ReportTx::KindReversal),
];

pub(crate) fn table(book: &Book, lang: Lang, a: &Args) -> anyhow::Result<Table> {
    let Some(member) = a.member else {
        return Err(refused(ReportTx::NeedsCompany.get(lang).to_string()));
    };
    let from = a.from.map(|s| date(lang, s)).transpose()?;
    let to = a.to.map(|s| date(lang, s)).transpose()?;
    let s = book
        .company_statement(member, from, to)
        .map_err(|e| refused(e.message(lang)))?;
    let mut rows = Vec::new();
    // A window opens with what was owed before it.
    if from.is_some() {
        let mut opening = vec![String::new(); 7];
        opening.push(s.opening.to_string());
        rows.push(opening);
    }
    rows.extend(s.lines.into_iter().map(|l| {
        vec![
            l.entry_id,
            l.time,
            l.kind.as_str().to_string(),
            l.bill_ref.or(l.reversal_of).unwrap_or_default(),
            l.member.unwrap_or_default(),
            l.charged.to_string(),
            l.paid.to_string(),
            l.owed.to_string(),
        ]
    }));
    Ok(Table {
        columns: vec![
            ("entry", ReportTx::ColEntry),
            ("time", ReportTx::ColTime),
            ("kind", ReportTx::Kind),
            ("bill_ref", ReportTx::ColBillRef),
            ("member_no", ReportTx::ColMemberNo),
            ("charged", ReportTx::ColCharged),
            ("paid", ReportTx::ColPaid),
            ("owed", ReportTx::ColOwed),
        ],
        rows,
        labels: KINDS,
    })
}
