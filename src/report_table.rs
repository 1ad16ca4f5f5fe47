//! What every report shares: its table, its arguments, and how bad input is refused.
//! A module of its own so that each report (`report_cmd`, `report_company`) takes it
//! from below, not from another report.

use carddesk_data::Lang;
use carddesk_model::text::ReportTx;
use chrono::NaiveDate;

#[derive(Default)]
pub struct Table {
    /// (CSV key, zh-CN header, en header)
    pub columns: Vec<(&'static str, ReportTx)>,
    pub rows: Vec<Vec<String>>,
    /// Cell values shown in the operator's language in the aligned table: (the value as
    /// in CSV, zh-CN, en). CSV keeps the stable value.
    pub labels: &'static [(&'static str, ReportTx)],
}

pub struct Args<'a> {
    pub kind: &'a str,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub days: u32,
    pub limit: usize,
    /// company-statement: the company's member no.
    pub member: Option<&'a str>,
}

pub(crate) fn date(lang: Lang, s: &str) -> anyhow::Result<NaiveDate> {
    s.parse()
        .map_err(|_| refused(format!("{s:?}: {}", ReportTx::DateFormat.get(lang))))
}

/// Bad input: exit 2 (docs/cli.md).
pub(crate) fn refused(message: String) -> anyhow::Error {
    crate::exit::Refusal {
        exit: crate::exit::Exit::Refused,
        message,
    }
    .into()
}
