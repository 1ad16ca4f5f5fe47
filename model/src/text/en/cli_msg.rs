//! The command line's messages with values, in en.

use crate::text::CliMsg;

pub(super) fn cli_msg(m: &CliMsg) -> String {
    match m {
        CliMsg::BackupWritten { dest, bytes, took } => format!(
            "backup written to {dest} ({bytes} bytes, {:.2} s)",
            took.as_secs_f64()
        ),
        CliMsg::Restored {
            from,
            entries,
            members,
        } => format!("restored from {from}: {entries} entries, {members} members, verified"),
        CliMsg::ImportDryRun { rows, took } => format!(
            "dry run: all {rows} rows are good; nothing written ({:.2} s)",
            took.as_secs_f64()
        ),
        CliMsg::Imported {
            members,
            openings,
            took,
        } => format!(
            "imported {members} members and {openings} opening balances in {:.2} s",
            took.as_secs_f64()
        ),
        CliMsg::ImportProblem {
            line,
            column,
            reason,
        } => format!("line {line}, column {column}: {reason}"),
        CliMsg::ImportBadRows(n) => format!("{n} bad row(s); nothing was written"),
        CliMsg::DemoExists { path } => format!("{path} already exists; add --force to replace it"),
        CliMsg::SecretIsBook { path } => {
            format!("a secret's file cannot be the book itself: {path}")
        }
        CliMsg::TokenRevoked { terminal } => format!("terminal {terminal}'s token revoked"),
        CliMsg::EnrollCode { terminal, hours } => format!(
            "enrollment code for terminal {terminal} (valid {hours} hours, once): run carddesk sync --enroll CODE on that terminal"
        ),
        CliMsg::NotEnrolled { terminal } => format!("terminal {terminal} is not enrolled"),
        CliMsg::Enrolled { terminal, path } => {
            format!("terminal {terminal} enrolled; credential stored in {path}")
        }
        CliMsg::TokenReplaced { terminal } => format!("terminal {terminal}'s token replaced"),
        CliMsg::SyncNotConfigured => "sync is not configured: set [sync] hub_url and enroll this terminal (carddesk sync --enroll CODE)".into(),
        CliMsg::SyncUnreachable { url, detail } => format!("hub {url} unreachable: {detail}"),
        CliMsg::SyncRefused {
            status,
            code,
            message_en,
            ..
        } => format!("hub refused ({status} {code}): {message_en}"),
        CliMsg::SyncProtocol(d) => format!("hub answered something unexpected: {d}"),
        CliMsg::BookBehindHub { hub, book } => format!(
            "the hub holds {hub} entries of this terminal, this book only {book} (restored from an old backup?); not syncing"
        ),
        CliMsg::Diverged { entry_id } => format!(
            "the hub's entry {entry_id} differs from this book's: this terminal's history diverged; not syncing"
        ),
        CliMsg::BookRefusedPull(d) => format!("the book refused the pulled entries: {d}"),
        CliMsg::PlainHttp => "[sync] hub_url is plain http: the token would cross the network in clear; use https, or set [sync] insecure_http = true on a closed LAN".into(),
        CliMsg::NotHttps { url } => format!("[sync] hub_url {url:?} is not an https:// address"),
        CliMsg::BadEnrollCode => "the enrollment code is not one carddesk hub enroll prints".into(),
        CliMsg::NoFingerprint => "this enrollment code has no certificate fingerprint, but the hub is https: take the code from carddesk hub enroll on that hub".into(),
        CliMsg::TokenFile { detail } => {
            format!("the token file cannot be read or written: {detail}")
        }
        CliMsg::TlsSetup { detail } => format!("TLS setup: {detail}"),
    }
}
