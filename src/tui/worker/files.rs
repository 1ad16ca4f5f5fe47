//! What the worker writes outside the book: a receipt after a money posting, and a
//! report the operator asked to print as a text file next to the book.

use carddesk_data::{Book, Lang};

/// The receipt printer, from config `[printer]`.
#[derive(Debug, Clone)]
pub struct Printer {
    pub device: std::path::PathBuf,
    pub width: crate::receipts::Width,
    pub text: bool,
    pub copies: u32,
    pub lang: Lang,
}

/// Prints the receipt of a freshly posted money entry. A printer fault never undoes or
/// blocks the posting: it is logged, and the receipt can be reprinted with
/// `carddesk receipt ENTRY_ID`.
pub fn print_receipt(book: &Book, p: &Printer, entry_id: &str) {
    let result = (|| -> anyhow::Result<()> {
        let Some(entry) = book.entry(entry_id)? else {
            return Ok(());
        };
        if entry.parsed_body()?.effects().is_empty() {
            return Ok(());
        }
        let member = match &entry.header.member_no {
            Some(no) => book.member(no)?,
            None => None,
        };
        let account = book.account(entry.header.member_no.as_deref().unwrap_or_default())?;
        let rules = &book.terminal().rules;
        let bytes = if p.text {
            crate::receipts::receipt_text(&entry, member.as_ref(), &account, p.width, p.lang, rules)
                .into_bytes()
        } else {
            crate::receipts::receipt_bytes(
                &entry,
                member.as_ref(),
                &account,
                p.width,
                p.lang,
                rules,
            )
        };
        for _ in 0..p.copies {
            crate::receipts::send(&bytes, Some(&p.device))?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => tracing::info!(entry = entry_id, "receipt printed"),
        Err(e) => tracing::warn!(entry = entry_id, "receipt not printed: {e:#}"),
    }
}

/// Writes a report as a text file in `reports/` next to the book; the path, or why not.
pub fn print_report(
    book: &Book,
    lang: Lang,
    name: &str,
    lines: &[String],
) -> Result<String, String> {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let dir = book
        .path()
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(|d| d.join("reports"))
        .unwrap_or_else(|| "reports".into());
    let path = dir.join(format!("{safe}.txt"));
    let mut text = lines.join("\n");
    text.push('\n');
    // Reports name members and staff: an owner-only folder and file, never the book.
    let result = carddesk_data::files::create_private_dir(&dir)
        .map_err(|e| e.message(lang))
        .and_then(|()| {
            carddesk_data::files::write_output(&path, book.path(), true, |f| {
                std::io::Write::write_all(f, text.as_bytes())
            })
            .map_err(|e| match e {
                carddesk_data::files::OutputError::File(e) => e.message(lang),
                carddesk_data::files::OutputError::Write(e) => e.to_string(),
            })
        });
    match result {
        Ok(()) => {
            tracing::info!(path = %path.display(), "report written");
            Ok(path.display().to_string())
        }
        Err(e) => {
            tracing::error!(path = %path.display(), "cannot write the report: {e}");
            Err(format!("{}: {e}", path.display()))
        }
    }
}
