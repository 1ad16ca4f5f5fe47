//! `carddesk backup PATH`, `carddesk backup --daily DIR --keep N` and
//! `carddesk restore PATH`. The work is in `carddesk_data::backup`; this prints it.

use carddesk_model::text::CliMsg;
use carddesk_model::text::CliTx;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use carddesk_data::backup::{self, RestoreError};
use carddesk_data::{Book, Lang, Terminal};

pub fn backup(
    book: &Book,
    lang: Lang,
    dest: &Path,
    force: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let bytes = book
        .backup_to(dest, force)
        .map_err(|e| anyhow::anyhow!("{}", e.message(lang)))?;
    let took = started.elapsed();
    let done = CliMsg::BackupWritten {
        dest: dest.display().to_string(),
        bytes,
        took,
    };
    writeln!(out, "{}", done.get(lang))?;
    Ok(())
}

/// The daily job, for `carddesk backup --daily` and for the counter's first start of
/// the day: one backup per local day in `dir`, the last `keep` days kept.
pub fn daily(
    book: &Book,
    lang: Lang,
    dir: &Path,
    keep: u32,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let today = book.terminal().rules.local(book.now()).date();
    let done = backup::daily(book, dir, keep, today)
        .map_err(|e| anyhow::anyhow!("{}", e.message(lang)))?;
    match &done.written {
        Some(p) => writeln!(out, "{} {}", CliTx::TodaysBackup.get(lang), p.display())?,
        None => writeln!(out, "{}", CliTx::TodaysBackupExists.get(lang))?,
    }
    for p in &done.removed {
        writeln!(out, "{} {}", CliTx::RemovedOldBackup.get(lang), p.display())?;
    }
    Ok(())
}

/// Returns the exit code: 0 restored, 1 refused.
pub fn restore(
    from: &Path,
    book_path: &Path,
    terminal: Terminal,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    match backup::restore(from, book_path, terminal, &stamp) {
        Ok(r) => {
            let done = CliMsg::Restored {
                from: from.display().to_string(),
                entries: r.entries,
                members: r.members,
            };
            writeln!(out, "{}", done.get(lang))?;
            if let Some(p) = r.previous {
                writeln!(
                    out,
                    "{} {}",
                    CliTx::ReplacedBookKeptAs.get(lang),
                    p.display()
                )?;
            }
            Ok(0)
        }
        Err(RestoreError::FailsVerify(problems)) => {
            writeln!(out, "{problems}")?;
            writeln!(out, "{}", CliTx::RestoreFailsVerify.get(lang))?;
            Ok(1)
        }
        Err(RestoreError::Unusable(why)) => {
            writeln!(out, "{why}")?;
            writeln!(out, "{}", CliTx::RestoreUnusable.get(lang))?;
            Ok(1)
        }
        Err(RestoreError::Op(e)) => Err(anyhow::anyhow!("{}", e.message(lang))),
    }
}
