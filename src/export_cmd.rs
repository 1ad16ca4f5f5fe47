//! `carddesk export members|journal FILE [--force]`: CSV, written owner-only to a
//! temporary file beside the target and renamed, so a failed export never leaves half a
//! file under the name. The target may not be the book or a hub store, and an existing
//! file is replaced only with --force (see `carddesk_data::files`).

use std::io::BufWriter;
use std::path::Path;

use anyhow::bail;
use carddesk_data::files::{self, OutputError};
use carddesk_data::{export, Book, Lang};
use carddesk_model::text::CliTx;

pub fn run(book: &Book, lang: Lang, what: &str, file: &Path, force: bool) -> anyhow::Result<u64> {
    let members = match what {
        "members" => true,
        "journal" => false,
        other => bail!(
            "{} {other:?} ({})",
            CliTx::CannotExport.get(lang),
            CliTx::MembersOrJournal.get(lang)
        ),
    };
    files::write_output(file, book.path(), force, |out| {
        if members {
            export::members(book, BufWriter::new(out))
        } else {
            export::journal(book, BufWriter::new(out))
        }
    })
    .map_err(|e| match e {
        OutputError::File(e) => anyhow::anyhow!("{}", e.message(lang)),
        OutputError::Write(e) => anyhow::anyhow!("{}", e.message(lang)),
    })
}
