//! The checks of this PC: the config file, the book, the last daily backup, the devices
//! and the disk.

use std::path::Path;

use carddesk_data::Book;
use carddesk_devices::{PcscMissing, SourceState};
use carddesk_model::text::CliTx;

use super::{bytes, Check, Status};
use crate::config::{Loaded, Source};

/// Free space below this on the book's file system is a fault; below `DISK_WARN` a warning.
const DISK_FAIL: u64 = 512 << 20;
const DISK_WARN: u64 = 2 << 30;
/// A daily backup older than this many days is a fault.
const BACKUP_MAX_AGE_DAYS: i64 = 2;

/// The mode bits of a file, where the platform has them.
fn mode(p: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p)
            .ok()
            .map(|m| m.permissions().mode() & 0o777)
    }
    #[cfg(not(unix))]
    {
        let _ = p;
        None
    }
}

fn loose(mode: Option<u32>) -> bool {
    mode.is_some_and(|m| m & 0o044 != 0)
}

fn mode_text(mode: Option<u32>) -> String {
    mode.map_or_else(|| "-".into(), |m| format!("{m:04o}"))
}

pub fn config(loaded: &Loaded) -> Check {
    let lang = loaded.config.ui.language;
    match &loaded.source {
        Source::Defaults => Check::new("config", Status::Warn, CliTx::DoctorNoConfig.get(lang))
            .hint(CliTx::DoctorNameConfig.get(lang)),
        Source::File(p) => {
            let m = mode(p);
            let detail = format!("{} ({})", p.display(), mode_text(m));
            if loose(m) {
                Check::new("config", Status::Fail, detail)
                    .hint(format!("chmod 600 {}", p.display()))
            } else {
                Check::new("config", Status::Ok, detail)
            }
        }
    }
}

/// `book`, `book_mode` and `book_verify`; the open book for the checks after it.
pub fn book(loaded: &Loaded, path: &Path, checks: &mut Vec<Check>) -> Option<Book> {
    let lang = loaded.config.ui.language;
    if crate::nothing_at(path) {
        checks.push(
            Check::new(
                "book",
                Status::Fail,
                format!("{} {}", CliTx::NoBookAt.get(lang), path.display()),
            )
            .hint(format!("carddesk init --db {}", path.display())),
        );
        return None;
    }
    let book = match crate::open_book(loaded, path) {
        Ok(b) => b,
        Err(e) => {
            checks.push(Check::new("book", Status::Fail, format!("{e:#}")));
            return None;
        }
    };
    let size: u64 = ["", "-wal"]
        .iter()
        .filter_map(|ext| {
            let mut p = path.as_os_str().to_owned();
            p.push(ext);
            std::fs::metadata(p).ok().map(|m| m.len())
        })
        .sum();
    checks.push(Check::new(
        "book",
        Status::Ok,
        format!("{} ({})", path.display(), bytes(size)),
    ));
    let m = mode(path);
    checks.push(if loose(m) {
        Check::new(
            "book_mode",
            Status::Fail,
            format!(
                "{} {}",
                mode_text(m),
                CliTx::ReadableByGroupOrOthers.get(lang)
            ),
        )
        .hint(format!("chmod 600 {}", path.display()))
    } else {
        Check::new("book_mode", Status::Ok, mode_text(m))
    });
    checks.push(match book.quick_check() {
        Ok(problems) if problems.is_empty() => Check::new(
            "book_verify",
            Status::Ok,
            CliTx::DoctorQuickCheckPassed.get(lang),
        ),
        Ok(problems) => Check::new("book_verify", Status::Fail, problems.join("; "))
            .hint(CliTx::DoctorRunVerify.get(lang)),
        Err(e) => Check::new("book_verify", Status::Fail, e.to_string()),
    });
    Some(book)
}

/// The newest `carddesk-YYYY-MM-DD.db` in `[backup] daily_dir`.
pub fn backup(loaded: &Loaded, book: Option<&Book>) -> Check {
    let lang = loaded.config.ui.language;
    let cfg = &loaded.config.backup;
    if cfg.daily_dir.as_os_str().is_empty() {
        return Check::new(
            "backup",
            Status::Warn,
            CliTx::DoctorDailyBackupOff.get(lang),
        );
    }
    let dir = loaded.resolve(&cfg.daily_dir);
    let newest = std::fs::read_dir(&dir).ok().and_then(|entries| {
        entries
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let day = name.strip_prefix("carddesk-")?.strip_suffix(".db")?;
                chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
            })
            .max()
    });
    let today = book.map(|b| b.terminal().rules.business_day(b.now()));
    match (newest, today) {
        (None, _) => Check::new(
            "backup",
            Status::Fail,
            format!("{} {}", CliTx::NoDailyBackupIn.get(lang), dir.display()),
        )
        .hint(CliTx::DoctorCheckDailyTimer.get(lang)),
        (Some(day), Some(today)) if (today - day).num_days() > BACKUP_MAX_AGE_DAYS => Check::new(
            "backup",
            Status::Fail,
            format!("{} {day}", CliTx::LastBackup.get(lang)),
        )
        .hint(CliTx::DoctorCheckDailyTimer.get(lang)),
        (Some(day), _) => Check::new(
            "backup",
            Status::Ok,
            format!("{} {day} ({})", CliTx::LastBackup.get(lang), dir.display()),
        ),
    }
}

/// Which terminal runs the daily job. In a chain, every terminal running it writes the
/// same member-and-day op ids twice, and sync stops on the second.
pub fn daily_job(loaded: &Loaded) -> Check {
    let lang = loaded.config.ui.language;
    match &loaded.config.rules.daily_terminal {
        Some(t) if *t == loaded.config.terminal.id => {
            Check::new("daily", Status::Ok, CliTx::DailyJobRunsHere.get(lang))
        }
        Some(t) => Check::new(
            "daily",
            Status::Ok,
            format!("{} {t}", CliTx::DailyJobRunsOn.get(lang)),
        ),
        None if !loaded.config.sync.hubs().is_empty() => Check::new(
            "daily",
            Status::Warn,
            CliTx::DailyJobEveryTerminal.get(lang),
        )
        .hint(CliTx::DoctorSetDailyTerminal.get(lang)),
        None => Check::new("daily", Status::Ok, CliTx::DailyJobRunsHere.get(lang)),
    }
}

/// `pcscd`, `readers` and `scanners`, from the same inventory as `carddesk devices`.
pub fn devices(loaded: &Loaded) -> Vec<Check> {
    let lang = loaded.config.ui.language;
    let cfg = &loaded.config.devices;
    let inv = carddesk_devices::inventory(cfg);
    let mut out = Vec::new();
    if !cfg.pcsc.enabled {
        out.push(Check::new(
            "pcscd",
            Status::Off,
            CliTx::DoctorReadersOff.get(lang),
        ));
    } else {
        out.push(match (&inv.pcscd, inv.pcsc_missing) {
            (SourceState::Ready, _) => Check::new("pcscd", Status::Ok, "ready"),
            (SourceState::Unavailable(why), missing) => {
                let hint = match missing {
                    Some(PcscMissing::Library) => "apt install pcscd libpcsclite1",
                    _ => "systemctl start pcscd",
                };
                Check::new("pcscd", Status::Fail, why.clone()).hint(hint)
            }
        });
        let used: Vec<&str> = inv
            .readers
            .iter()
            .filter(|r| r.used)
            .map(|r| r.name.as_str())
            .collect();
        out.push(if used.is_empty() {
            Check::new("readers", Status::Warn, CliTx::NoCardReaderInUse.get(lang))
        } else {
            Check::new("readers", Status::Ok, used.join(", "))
        });
    }
    let configured = inv.scanners.len();
    let present = inv.scanners.iter().filter(|s| s.path.is_some()).count();
    out.push(if configured == 0 {
        Check::new("scanners", Status::Off, CliTx::DoctorNoHidScanner.get(lang))
    } else if present < configured {
        Check::new(
            "scanners",
            Status::Fail,
            format!("{present}/{configured} {}", CliTx::Connected.get(lang)),
        )
        .hint(CliTx::DoctorCheckCable.get(lang))
    } else {
        Check::new(
            "scanners",
            Status::Ok,
            format!("{present}/{configured} {}", CliTx::Connected.get(lang)),
        )
    });
    out
}

/// Free space on the book's file system.
pub fn disk(loaded: &Loaded, book: &Path) -> Check {
    let lang = loaded.config.ui.language;
    let dir = match book.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.to_path_buf(),
        None => ".".into(),
    };
    let Some((free, total)) = free_space(&dir) else {
        return Check::new(
            "disk",
            Status::Warn,
            format!(
                "{} {}",
                CliTx::CannotReadTheFreeSpaceOf.get(lang),
                dir.display()
            ),
        );
    };
    let detail = format!(
        "{} {} / {} ({})",
        bytes(free),
        CliTx::FreeOf.get(lang),
        bytes(total),
        dir.display()
    );
    let status = if free < DISK_FAIL {
        Status::Fail
    } else if free < DISK_WARN {
        Status::Warn
    } else {
        Status::Ok
    };
    let check = Check::new("disk", status, detail);
    if status == Status::Ok {
        check
    } else {
        check.hint(CliTx::DoctorFreeSpace.get(lang))
    }
}

/// (free to unprivileged users, total) bytes of the file system holding `dir`.
fn free_space(dir: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
        let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
        // SAFETY: `c` is a NUL-terminated path and `s` a statvfs the call fills in.
        if unsafe { libc::statvfs(c.as_ptr(), &mut s) } != 0 {
            return None;
        }
        let unit = s.f_frsize as u64;
        Some((s.f_bavail as u64 * unit, s.f_blocks as u64 * unit))
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}
