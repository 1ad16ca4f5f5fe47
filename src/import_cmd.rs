//! `carddesk import members FILE [--dry-run]`: prints every bad row (line, column,
//! reason) in the operator's language; the real run writes all rows or none.

use carddesk_model::text::CliMsg;
use carddesk_model::text::CliTx;
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context};
use carddesk_data::import::{self, ImportError};
use carddesk_data::{Book, Lang};

/// The file as UTF-8. Spreadsheets in China often save CSV as GBK/GB18030; a file that
/// is not UTF-8 is read as GB18030 instead (a superset of GBK and GB2312).
fn utf8(bytes: Vec<u8>) -> Vec<u8> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    if std::str::from_utf8(&bytes).is_ok() {
        return bytes;
    }
    let (text, _, _) = encoding_rs::GB18030.decode(&bytes);
    text.into_owned().into_bytes()
}

/// Returns the process exit code: 0 imported (or a clean dry run), 2 bad rows.
pub fn run(
    book: &mut Book,
    lang: Lang,
    what: &str,
    file: &Path,
    dry_run: bool,
    out: &mut dyn std::io::Write,
) -> anyhow::Result<u8> {
    if what != "members" {
        bail!("{} {what:?}", CliTx::OnlyMembersImported.get(lang));
    }
    let bytes = std::fs::read(file)
        .with_context(|| format!("{} {}", CliTx::CannotRead.get(lang), file.display()))?;
    let data = utf8(bytes);
    let source = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let started = Instant::now();
    match import::import_members(book, &data, &source, "import", dry_run) {
        Ok(s) => {
            let took = started.elapsed();
            let done = if dry_run {
                CliMsg::ImportDryRun { rows: s.rows, took }
            } else {
                CliMsg::Imported {
                    members: s.members,
                    openings: s.opening_balances,
                    took,
                }
            };
            writeln!(out, "{}", done.get(lang))?;
            Ok(0)
        }
        Err(ImportError::Problems(problems)) => {
            for p in &problems {
                let problem = CliMsg::ImportProblem {
                    line: p.line,
                    column: p.column.clone(),
                    reason: p.reason(lang),
                };
                writeln!(out, "{}", problem.get(lang))?;
            }
            let rows: std::collections::BTreeSet<u64> = problems.iter().map(|p| p.line).collect();
            writeln!(out, "{}", CliMsg::ImportBadRows(rows.len()).get(lang))?;
            Ok(2)
        }
        Err(ImportError::Op(e)) => Err(anyhow::anyhow!("{}", e.message(lang))),
    }
}
