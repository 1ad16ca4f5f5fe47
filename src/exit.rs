//! The exit codes every command shares (the table in docs/cli.md), and the error that
//! carries one to `main`.

use std::process::ExitCode;

/// What the exit status of `carddesk` means, whatever the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Done.
    Ok = 0,
    /// A failure: `verify` found problems, a backup failed verification, a file or the
    /// database could not be read or written, a bad configuration.
    Failed = 1,
    /// The request was refused or its input was wrong (usage, a refused operation, rows
    /// with problems, a file already where a new book would go); nothing was written.
    Refused = 2,
    /// The hub could not be reached or refused this terminal.
    HubUnreachable = 3,
    /// No book at the path; nothing was created.
    NoBook = 4,
    /// The file at the path is not a book this carddesk opens (empty, not a database,
    /// another program's, written by a newer carddesk); it was left untouched.
    NotABook = 5,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

/// An error with its exit code and a message already in the operator's language.
#[derive(Debug)]
pub struct Refusal {
    pub exit: Exit,
    pub message: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Refusal {}

/// The exit code for an error: the first [`Refusal`] in its chain, else [`Exit::Failed`].
pub fn code_of(e: &anyhow::Error) -> Exit {
    e.chain()
        .find_map(|c| c.downcast_ref::<Refusal>())
        .map_or(Exit::Failed, |r| r.exit)
}
