//! The counter's first run on a path with no book: it says which file it would create
//! and waits for Enter/Y (create) or Esc/N (quit), before the screen is taken.

use std::io::{IsTerminal, Write};
use std::path::Path;

use carddesk_data::Lang;
use carddesk_model::text::CliTx;
use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};

/// True when the operator agreed to create a new book at `path`. Without a terminal to
/// ask on, the answer is no: a script never gets a book by accident.
pub fn confirm_new_book(path: &Path, lang: Lang) -> anyhow::Result<bool> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Ok(false);
    }
    let shown = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = std::io::stdout();
    write!(
        out,
        "{}\r\n  {}\r\n{}\r\n",
        CliTx::FirstRunNoBookAt.get(lang),
        shown.display(),
        CliTx::FirstRunCreateBook.get(lang)
    )?;
    out.flush()?;
    crossterm::terminal::enable_raw_mode()?;
    let answer = read_answer();
    // The terminal is given back whatever the answer, or an error reading it.
    let restored = crossterm::terminal::disable_raw_mode();
    let answer = answer?;
    restored?;
    Ok(answer)
}

fn read_answer() -> anyhow::Result<bool> {
    loop {
        let Event::Key(key) = event::read()? else {
            continue;
        };
        if key.kind != KeyEventKind::Press {
            continue;
        }
        match key.code {
            KeyCode::Enter | KeyCode::Char('y' | 'Y') => return Ok(true),
            KeyCode::Esc | KeyCode::Char('n' | 'N' | 'q' | 'Q') => return Ok(false),
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                return Ok(false)
            }
            _ => {}
        }
    }
}
