//! The log file of every command (`[log] path`): one file a day, the live one always at
//! the configured name (`carddesk.log`, so support can `tail -f` it), yesterday's renamed
//! `carddesk.log.YYYY-MM-DD` at the first line of a new day, and files older than
//! `[log] keep_days` removed then. Files are created owner-only (0600), and only when
//! something is written: a command that logs nothing leaves no file behind.
//!
//! Several processes may share the file (the counter, the daily job, `carddesk sync`):
//! each appends whole lines, and the day's first writer renames yesterday's file. A
//! process that finds the live file already written today only reopens it.

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{Local, NaiveDate};

pub struct DailyFile {
    dir: PathBuf,
    name: OsString,
    keep_days: u32,
    open: Option<(File, NaiveDate)>,
}

impl DailyFile {
    pub fn new(path: &Path, keep_days: u32) -> DailyFile {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let name = path
            .file_name()
            .map_or_else(|| OsString::from("carddesk.log"), |n| n.to_os_string());
        DailyFile {
            dir,
            name,
            keep_days,
            open: None,
        }
    }

    fn live(&self) -> PathBuf {
        self.dir.join(&self.name)
    }

    /// The file of `day`'s lines once it is no longer the live one.
    fn dated(&self, day: NaiveDate) -> PathBuf {
        let mut n = self.name.clone();
        n.push(format!(".{}", day.format("%Y-%m-%d")));
        self.dir.join(n)
    }

    /// The live file for `today`: an older day's is renamed first, then old ones pruned.
    fn roll(&mut self, today: NaiveDate) -> io::Result<()> {
        self.open = None;
        crate::private_dirs(&self.dir)?;
        let live = self.live();
        if let Some(day) = last_written(&live).filter(|d| *d < today) {
            let dated = self.dated(day);
            // Another process may have rolled already; never replace its file.
            if !dated.exists() {
                std::fs::rename(&live, &dated)?;
            }
            self.prune(today);
        }
        let mut open = OpenOptions::new();
        open.create(true).append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
        let file = open.open(&live)?;
        give_to_folder_owner(&live, &self.dir);
        self.open = Some((file, today));
        Ok(())
    }

    /// Removes dated files more than `keep_days` days old; only names this writer makes.
    fn prune(&self, today: NaiveDate) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let prefix = format!("{}.", self.name.to_string_lossy());
        for e in entries.filter_map(|e| e.ok()) {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(day) = name
                .strip_prefix(&prefix)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            else {
                continue;
            };
            if (today - day).num_days() > i64::from(self.keep_days) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// Root running a command (support's `sudo carddesk …`) must not leave a log file the
/// service user can no longer write: a file root makes goes to the folder's owner.
fn give_to_folder_owner(file: &Path, dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            return;
        }
        let (Ok(d), Ok(f)) = (std::fs::metadata(dir), std::fs::metadata(file)) else {
            return;
        };
        if f.uid() == 0 && d.uid() != 0 {
            let _ = std::os::unix::fs::chown(file, Some(d.uid()), Some(d.gid()));
        }
    }
    #[cfg(not(unix))]
    let _ = (file, dir);
}

/// The local day a file was last written, if it exists.
fn last_written(p: &Path) -> Option<NaiveDate> {
    let modified = std::fs::metadata(p).ok()?.modified().ok()?;
    Some(chrono::DateTime::<Local>::from(modified).date_naive())
}

impl Write for DailyFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let today = Local::now().date_naive();
        if self.open.as_ref().map(|(_, day)| *day) != Some(today) {
            self.roll(today)?;
        }
        match &mut self.open {
            Some((file, _)) => file.write(buf),
            None => Err(io::Error::other("the log file is not open")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.open {
            Some((file, _)) => file.flush(),
            None => Ok(()),
        }
    }
}

/// Logs of this process go to the config's log file (and to standard error too with
/// `stderr`: the hub, whose standard error is its service's journal). Keep the guard
/// until the process ends: dropping it flushes the last lines.
pub fn init(
    loaded: &crate::config::Loaded,
    stderr: bool,
) -> tracing_appender::non_blocking::WorkerGuard {
    use tracing_subscriber::fmt::writer::MakeWriterExt;
    let log = &loaded.config.log;
    let file = DailyFile::new(&loaded.resolve(&log.path), log.keep_days);
    let (writer, guard) = tracing_appender::non_blocking(file);
    let filter = || {
        tracing_subscriber::EnvFilter::try_new(&log.level)
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"))
    };
    let builder = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_env_filter(filter());
    // A second start in one process (tests) keeps the first subscriber.
    let _ = if stderr {
        builder.with_writer(writer.and(io::stderr)).try_init()
    } else {
        builder.with_writer(writer).try_init()
    };
    guard
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn nothing_is_created_until_a_line_is_written_and_then_owner_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("logs/carddesk.log");
        let mut f = DailyFile::new(&path, 14);
        assert!(!dir.path().join("logs").exists());
        f.write_all(b"one\n").expect("write");
        f.write_all(b"two\n").expect("write");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap_or_default(),
            "one\ntwo\n"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).map(|m| m.permissions().mode());
            assert_eq!(mode.unwrap_or(0) & 0o777, 0o600);
        }
    }

    #[test]
    fn a_new_day_renames_the_old_file_and_prunes_past_retention() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("carddesk.log");
        let mut f = DailyFile::new(&path, 2);
        for old in ["2026-11-20", "2026-11-27", "2026-11-28"] {
            std::fs::write(dir.path().join(format!("carddesk.log.{old}")), old).expect("old");
        }
        std::fs::write(dir.path().join("carddesk.log.notes"), "kept").expect("other");
        std::fs::write(&path, "yesterday\n").expect("live");
        let yesterday = day("2026-11-29");
        let when = yesterday.and_hms_opt(12, 0, 0).unwrap_or_default();
        let when = when
            .and_local_timezone(Local)
            .single()
            .expect("a local time");
        let file = File::options().write(true).open(&path).expect("open");
        file.set_modified(when.into()).expect("mtime");
        drop(file);

        f.roll(day("2026-11-30")).expect("roll");
        let names = |d: &Path| {
            let mut v: Vec<String> = std::fs::read_dir(d)
                .map(|r| {
                    r.filter_map(|e| e.ok())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            v.sort();
            v
        };
        assert_eq!(
            names(dir.path()),
            [
                "carddesk.log",
                "carddesk.log.2026-11-28",
                "carddesk.log.2026-11-29",
                "carddesk.log.notes"
            ]
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("carddesk.log.2026-11-29")).unwrap_or_default(),
            "yesterday\n"
        );
    }
}
