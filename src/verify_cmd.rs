//! `carddesk verify`: prints the report; exits non-zero on any problem.

use std::io::Write;

use carddesk_data::verify::Report;

pub fn print(report: &Report, json: bool, out: &mut dyn Write) -> std::io::Result<()> {
    if json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(report).unwrap_or_default()
        )?;
        return Ok(());
    }
    writeln!(out, "journal entries: {}", report.entries)?;
    for (terminal, last) in &report.terminals {
        writeln!(out, "terminal {terminal}: entries 1..{last}")?;
    }
    writeln!(out, "projection rows checked: {}", report.rows_checked)?;
    for (terminal, n) in &report.unsigned_legacy {
        writeln!(
            out,
            "terminal {terminal}: {n} entries written before it had a signing key (legacy, not signed)"
        )?;
    }
    if report.is_clean() {
        writeln!(
            out,
            "OK: every chain holds and every table equals the journal"
        )?;
    } else {
        for p in &report.problems {
            writeln!(out, "PROBLEM: {p}")?;
        }
        if report.unlisted > 0 {
            writeln!(out, "... and {} more problems", report.unlisted)?;
        }
        writeln!(
            out,
            "FAILED: {} problem(s)",
            report.problems.len() as u64 + report.unlisted
        )?;
    }
    Ok(())
}
