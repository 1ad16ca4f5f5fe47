//! `carddesk backup PATH`, `carddesk backup --daily DIR --keep N` and
//! `carddesk restore PATH`. The work is in `carddesk_data::backup`; this prints it.

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
    let secs = started.elapsed().as_secs_f64();
    writeln!(
        out,
        "{}",
        match lang {
            Lang::Zh => format!("已备份到 {}（{bytes} 字节，{secs:.2} 秒）", dest.display()),
            Lang::En => format!(
                "backup written to {} ({bytes} bytes, {secs:.2} s)",
                dest.display()
            ),
        }
    )?;
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
        Some(p) => writeln!(
            out,
            "{} {}",
            lang.pick("今日备份：", "today's backup:"),
            p.display()
        )?,
        None => writeln!(
            out,
            "{}",
            lang.pick("今日备份已存在", "today's backup already exists")
        )?,
    }
    for p in &done.removed {
        writeln!(
            out,
            "{} {}",
            lang.pick("已删除过期备份：", "removed old backup:"),
            p.display()
        )?;
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
            writeln!(
                out,
                "{}",
                match lang {
                    Lang::Zh => format!(
                        "已从 {} 恢复：{} 笔流水，{} 位会员，校验通过",
                        from.display(),
                        r.entries,
                        r.members
                    ),
                    Lang::En => format!(
                        "restored from {}: {} entries, {} members, verified",
                        from.display(),
                        r.entries,
                        r.members
                    ),
                }
            )?;
            if let Some(p) = r.previous {
                writeln!(
                    out,
                    "{} {}",
                    lang.pick("原账本保留为", "the replaced book is kept as"),
                    p.display()
                )?;
            }
            Ok(0)
        }
        Err(RestoreError::FailsVerify(problems)) => {
            writeln!(out, "{problems}")?;
            writeln!(
                out,
                "{}",
                lang.pick(
                    "备份文件校验不通过，拒绝恢复；账本未改动",
                    "the backup fails verification: refused, the book was not touched"
                )
            )?;
            Ok(1)
        }
        Err(RestoreError::Unusable(why)) => {
            writeln!(out, "{why}")?;
            writeln!(
                out,
                "{}",
                lang.pick(
                    "无法使用此备份，拒绝恢复；账本未改动",
                    "this backup cannot be used: refused, the book was not touched"
                )
            )?;
            Ok(1)
        }
        Err(RestoreError::Op(e)) => Err(anyhow::anyhow!("{}", e.message(lang))),
    }
}
