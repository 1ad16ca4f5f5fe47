//! The checks of this PC: the config file, the book, the last daily backup, the devices
//! and the disk.

use std::path::Path;

use carddesk_data::Book;
use carddesk_devices::{PcscMissing, SourceState};

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
        Source::Defaults => Check::new(
            "config",
            Status::Warn,
            lang.pick(
                "没有配置文件：使用内置默认值",
                "no config file: built-in defaults",
            ),
        )
        .hint(lang.pick(
            "用 --config 或 CARDDESK_CONFIG 指定配置文件",
            "name the config with --config or CARDDESK_CONFIG",
        )),
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
                format!(
                    "{} {}",
                    lang.pick("没有账本：", "no book at"),
                    path.display()
                ),
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
                lang.pick("同组或其他用户可读", "readable by group or others")
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
            lang.pick(
                "快速检查通过（完整检查：carddesk verify）",
                "quick check passed (full check: carddesk verify)",
            ),
        ),
        Ok(problems) => {
            Check::new("book_verify", Status::Fail, problems.join("; ")).hint(lang.pick(
                "运行 carddesk verify；必要时从备份恢复",
                "run carddesk verify; restore from a backup if needed",
            ))
        }
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
            lang.pick(
                "每日备份已关闭（[backup] daily_dir）",
                "daily backup off ([backup] daily_dir)",
            ),
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
            format!(
                "{} {}",
                lang.pick("没有每日备份：", "no daily backup in"),
                dir.display()
            ),
        )
        .hint(lang.pick(
            "检查 carddesk-daily.timer，或运行 carddesk daily",
            "check carddesk-daily.timer, or run carddesk daily",
        )),
        (Some(day), Some(today)) if (today - day).num_days() > BACKUP_MAX_AGE_DAYS => Check::new(
            "backup",
            Status::Fail,
            format!("{} {day}", lang.pick("最近备份：", "last backup:")),
        )
        .hint(lang.pick(
            "检查 carddesk-daily.timer，或运行 carddesk daily",
            "check carddesk-daily.timer, or run carddesk daily",
        )),
        (Some(day), _) => Check::new(
            "backup",
            Status::Ok,
            format!(
                "{} {day} ({})",
                lang.pick("最近备份：", "last backup:"),
                dir.display()
            ),
        ),
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
            lang.pick(
                "读卡器已关闭（[devices.pcsc]）",
                "card readers off ([devices.pcsc])",
            ),
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
            Check::new(
                "readers",
                Status::Warn,
                lang.pick("没有可用的读卡器", "no card reader in use"),
            )
        } else {
            Check::new("readers", Status::Ok, used.join(", "))
        });
    }
    let configured = inv.scanners.len();
    let present = inv.scanners.iter().filter(|s| s.path.is_some()).count();
    out.push(if configured == 0 {
        Check::new(
            "scanners",
            Status::Off,
            lang.pick(
                "未配置 HID 扫描枪（键盘模式扫描枪无需配置）",
                "no HID scanner configured (keyboard-mode scanners need none)",
            ),
        )
    } else if present < configured {
        Check::new(
            "scanners",
            Status::Fail,
            format!(
                "{present}/{configured} {}",
                lang.pick("台已连接", "connected")
            ),
        )
        .hint(lang.pick(
            "检查 USB 线与 udev 规则：carddesk devices",
            "check the cable and the udev rule: carddesk devices",
        ))
    } else {
        Check::new(
            "scanners",
            Status::Ok,
            format!(
                "{present}/{configured} {}",
                lang.pick("台已连接", "connected")
            ),
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
                lang.pick("无法读取剩余空间：", "cannot read the free space of"),
                dir.display()
            ),
        );
    };
    let detail = format!(
        "{} {} / {} ({})",
        bytes(free),
        lang.pick("可用", "free of"),
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
        check.hint(lang.pick(
            "清理磁盘；旧备份按 [backup] keep_days 自动删除",
            "free some space; old backups go by [backup] keep_days",
        ))
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
