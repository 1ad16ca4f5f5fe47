//! `carddesk daily`: the daily job of a terminal in one command, for the
//! `carddesk-daily.timer` of the Debian package (or cron): points expiry, tier
//! downgrades and birthday coupons (`carddesk expire`), then the daily backup into
//! `[backup] daily_dir`.
//! The counter runs the same two at its first start of each day.

use std::io::Write;

use carddesk_data::Book;
use carddesk_model::text::CliTx;

use crate::config::Loaded;

/// Expiry, then the backup (when `[backup] daily_dir` is set). Expiry is an error;
/// a failed backup is returned as a message after expiry has been done.
pub fn run(loaded: &Loaded, book: &mut Book, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let lang = loaded.config.ui.language;
    let report = book.run_daily()?;
    writeln!(
        out,
        "{} {}",
        CliTx::Expiry.get(lang),
        serde_json::to_string(&report)?
    )?;
    tracing::info!(
        day = ?report.day,
        already_ran = report.already_ran,
        points_expired_entries = report.points_expired_entries,
        tier_changes = report.tier_changes,
        birthday_coupons = report.birthday_coupons,
        "daily: expiry done"
    );
    let notices = &loaded.config.notices;
    // Expiry warnings are the daily job's too: queued on every terminal, a member
    // would get one from each.
    if notices.enabled && notices.expiry_warning_days > 0 && report.runs_on.is_none() {
        if let Some(day) = report.day {
            let queued = book.queue_expiry_notices(day, notices.expiry_warning_days)?;
            writeln!(out, "{} {queued}", CliTx::ExpiryWarningsQueued.get(lang))?;
        }
    }
    let backup = &loaded.config.backup;
    if backup.daily_dir.as_os_str().is_empty() {
        writeln!(out, "{}", CliTx::DailyBackupOff.get(lang))?;
        return Ok(Outcome::Done);
    }
    let dir = loaded.resolve(&backup.daily_dir);
    match crate::backup_cmd::daily(book, lang, &dir, backup.keep_days, out) {
        Ok(()) => {
            tracing::info!(dir = %dir.display(), "daily: backup done");
            Ok(Outcome::Done)
        }
        Err(e) => {
            tracing::error!(dir = %dir.display(), "daily: backup failed: {e:#}");
            Ok(Outcome::BackupFailed(format!("{e:#}")))
        }
    }
}

/// What the daily job left undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Expiry was done; the backup was not (the message says why).
    BackupFailed(String),
}
