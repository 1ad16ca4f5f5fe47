//! `carddesk export members|journal FILE`: CSV, written to a temporary file beside the
//! target and renamed, so a failed export never leaves half a file under the name.

use std::io::BufWriter;
use std::path::Path;

use anyhow::{bail, Context};
use carddesk_data::{export, Book, Lang};

pub fn run(book: &Book, lang: Lang, what: &str, file: &Path) -> anyhow::Result<u64> {
    let tmp = file.with_file_name(format!(
        ".{}.partial",
        file.file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default()
    ));
    let out = std::fs::File::create(&tmp).with_context(|| {
        format!(
            "{} {}",
            lang.pick("无法写入", "cannot write"),
            tmp.display()
        )
    })?;
    let result = match what {
        "members" => export::members(book, BufWriter::new(out)),
        "journal" => export::journal(book, BufWriter::new(out)),
        other => {
            let _ = std::fs::remove_file(&tmp);
            bail!(
                "{} {other:?} ({})",
                lang.pick("不能导出", "cannot export"),
                lang.pick("可选 members 或 journal", "members or journal")
            )
        }
    };
    match result {
        Ok(n) => {
            std::fs::rename(&tmp, file).with_context(|| {
                format!(
                    "{} {}",
                    lang.pick("无法写入", "cannot write"),
                    file.display()
                )
            })?;
            Ok(n)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e.into())
        }
    }
}
