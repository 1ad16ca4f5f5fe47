//! Taking the terminal (raw mode, alternate screen) and always giving it back: on a
//! normal exit, on Ctrl-C (a key in raw mode, so a normal exit) and on a panic, where
//! the hook restores the terminal before the panic message is printed.

use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;
use crossterm::{cursor, execute, terminal};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Set while the terminal is ours, so restoring twice is harmless.
static TAKEN: AtomicBool = AtomicBool::new(false);

pub fn enter() -> anyhow::Result<Tui> {
    install_panic_hook();
    terminal::enable_raw_mode().context("cannot put the terminal in raw mode")?;
    TAKEN.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    if let Err(e) = execute!(out, terminal::EnterAlternateScreen, cursor::Hide) {
        restore();
        return Err(e).context("cannot switch to the alternate screen");
    }
    match Terminal::new(CrosstermBackend::new(out)) {
        Ok(t) => Ok(t),
        Err(e) => {
            restore();
            Err(e).context("cannot open the terminal")
        }
    }
}

pub fn leave(t: &mut Tui) {
    let _ = t.show_cursor();
    restore();
}

/// Gives the terminal back: leave the alternate screen, show the cursor, cooked mode.
pub fn restore() {
    if TAKEN.swap(false, Ordering::SeqCst) {
        let _ = execute!(io::stdout(), terminal::LeaveAlternateScreen, cursor::Show);
        let _ = terminal::disable_raw_mode();
    }
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let thread = std::thread::current();
        let name = thread.name().unwrap_or("?");
        tracing::error!(thread = name, "panic: {info}");
        if name == "main" {
            restore();
            previous(info);
        }
        // Another thread's panic is logged only: printing it would scribble over the
        // screen the main thread is still drawing, and the main thread notices the
        // dead thread and exits through `restore`.
    }));
}
