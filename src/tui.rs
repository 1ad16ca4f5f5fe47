//! The full-screen counter program: terminal setup and restore, the event loop.

use std::path::Path;

use crate::config::Loaded;

pub fn run(loaded: &Loaded, path: &Path) -> anyhow::Result<()> {
    let book = crate::open_book(loaded, path)?;
    let members = book.count_members()?;
    eprintln!(
        "carddesk: the book {} is ready ({members} members). The counter screens come with the TUI issue;\n\
         meanwhile: echo '{{\"query\":\"1234\"}}' | carddesk --db {} op find_member",
        path.display(),
        path.display()
    );
    Ok(())
}
