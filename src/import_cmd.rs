//! `carddesk import members FILE [--dry-run]`: prints every bad row (line, column,
//! reason) in the operator's language; the real run writes all rows or none.

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
        bail!(
            "{} {what:?}",
            lang.pick(
                "只能导入 members，不能导入",
                "only members can be imported, not"
            )
        );
    }
    let bytes = std::fs::read(file).with_context(|| {
        format!(
            "{} {}",
            lang.pick("无法读取", "cannot read"),
            file.display()
        )
    })?;
    let data = utf8(bytes);
    let source = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let started = Instant::now();
    match import::import_members(book, &data, &source, "import", dry_run) {
        Ok(s) => {
            let secs = started.elapsed().as_secs_f64();
            if dry_run {
                writeln!(
                    out,
                    "{}",
                    match lang {
                        Lang::Zh => format!(
                            "试导入：{} 行全部无误，未写入任何内容（{secs:.2} 秒）",
                            s.rows
                        ),
                        Lang::En => format!(
                            "dry run: all {} rows are good; nothing written ({secs:.2} s)",
                            s.rows
                        ),
                    }
                )?;
            } else {
                writeln!(
                    out,
                    "{}",
                    match lang {
                        Lang::Zh => format!(
                            "已导入 {} 位会员，{} 笔期初余额，用时 {secs:.2} 秒",
                            s.members, s.opening_balances
                        ),
                        Lang::En => format!(
                            "imported {} members and {} opening balances in {secs:.2} s",
                            s.members, s.opening_balances
                        ),
                    }
                )?;
            }
            Ok(0)
        }
        Err(ImportError::Problems(problems)) => {
            for p in &problems {
                writeln!(
                    out,
                    "{}",
                    match lang {
                        Lang::Zh =>
                            format!("第 {} 行，{} 列：{}", p.line, p.column, p.reason(lang)),
                        Lang::En =>
                            format!("line {}, column {}: {}", p.line, p.column, p.reason(lang)),
                    }
                )?;
            }
            let rows: std::collections::BTreeSet<u64> = problems.iter().map(|p| p.line).collect();
            writeln!(
                out,
                "{}",
                match lang {
                    Lang::Zh => format!("共 {} 行有问题，未写入任何内容", rows.len()),
                    Lang::En => format!("{} bad row(s); nothing was written", rows.len()),
                }
            )?;
            Ok(2)
        }
        Err(ImportError::Op(e)) => Err(anyhow::anyhow!("{}", e.message(lang))),
    }
}
