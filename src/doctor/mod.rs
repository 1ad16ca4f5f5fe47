//! `carddesk doctor [--json]`: one screen for remote support, in the operator's language.
//! Each check has a stable id (the JSON's `id`, and what a fault is called): the config
//! and its mode, the book (mode, SQLite's quick check, size), the last daily backup,
//! the devices (pcscd, readers, scanners), the hub (reachable, TLS, token, clock skew,
//! last sync) and the free disk space. Exit 0 when nothing failed, 1 when something did
//! (docs/cli.md).

mod hub;
mod local;

use std::io::Write;
use std::path::Path;

use carddesk_data::Lang;
use carddesk_model::text::CliTx;
use serde::Serialize;

use crate::config;

/// How a check came out. `Off`: not applicable here (no hub, PC/SC turned off).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Warn,
    Fail,
    Off,
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// Stable: `config`, `book`, `book_mode`, `book_verify`, `backup`, `pcscd`,
    /// `readers`, `scanners`, `hub`, `hub_tls`, `hub_token`, `clock`, `last_sync`, `disk`.
    pub id: &'static str,
    pub status: Status,
    /// What was found, in the operator's language.
    pub detail: String,
    /// What to do about it, when something is to be done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Check {
    fn new(id: &'static str, status: Status, detail: impl Into<String>) -> Check {
        Check {
            id,
            status,
            detail: detail.into(),
            hint: None,
        }
    }

    fn hint(mut self, hint: impl Into<String>) -> Check {
        self.hint = Some(hint.into());
        self
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub version: String,
    pub healthy: bool,
    /// The ids of the checks that failed.
    pub faults: Vec<&'static str>,
    pub checks: Vec<Check>,
}

impl Report {
    fn new(checks: Vec<Check>) -> Report {
        let faults: Vec<&'static str> = checks
            .iter()
            .filter(|c| c.status == Status::Fail)
            .map(|c| c.id)
            .collect();
        Report {
            version: crate::version(),
            healthy: faults.is_empty(),
            faults,
            checks,
        }
    }

    pub fn exit_code(&self) -> u8 {
        if self.healthy {
            0
        } else {
            1
        }
    }
}

/// Runs every check. A config that does not load is the one fault then: nothing else
/// can be known without it.
pub fn run(config_path: Option<&Path>, db_override: Option<&Path>) -> (Report, Lang) {
    let loaded = match config::load(config_path) {
        Ok(l) => l,
        Err(e) => {
            let lang = config::Config::default().ui.language;
            let check = Check::new("config", Status::Fail, e.to_string())
                .hint(CliTx::DoctorFixConfig.get(lang));
            return (Report::new(vec![check]), lang);
        }
    };
    let lang = loaded.config.ui.language;
    let book = crate::db_path(&loaded, db_override);
    let mut checks = vec![local::config(&loaded)];
    let opened = local::book(&loaded, &book, &mut checks);
    checks.push(local::backup(&loaded, opened.as_ref()));
    checks.push(local::daily_job(&loaded));
    checks.extend(local::devices(&loaded));
    checks.extend(hub::checks(&loaded, opened.as_ref()));
    checks.push(local::disk(&loaded, &book));
    (Report::new(checks), lang)
}

pub fn print(report: &Report, lang: Lang, json: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(report)?)?;
        return Ok(());
    }
    writeln!(
        out,
        "carddesk doctor  {}",
        report.version.trim_start_matches("carddesk ")
    )?;
    for c in &report.checks {
        let mark = match c.status {
            Status::Ok => "ok  ",
            Status::Warn => "WARN",
            Status::Fail => "FAIL",
            Status::Off => "-   ",
        };
        writeln!(out, "{mark} {:<11} {}", c.id, c.detail)?;
        if let Some(h) = &c.hint {
            if c.status != Status::Ok {
                writeln!(out, "     {:<11} → {h}", "")?;
            }
        }
    }
    if report.healthy {
        writeln!(out, "{}", CliTx::ResultHealthy.get(lang))?;
    } else {
        writeln!(
            out,
            "{} {}",
            CliTx::ResultFaults.get(lang),
            report.faults.join(", ")
        )?;
    }
    Ok(())
}

/// A byte count for people: 1.5 MB, 820 KB.
fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(1536), "1.5 KB");
        assert_eq!(bytes(3 << 30), "3.0 GB");
    }

    #[test]
    fn a_failed_check_is_a_fault_and_the_exit_code_says_so() {
        let r = Report::new(vec![
            Check::new("book", Status::Ok, "x"),
            Check::new("clock", Status::Fail, "y"),
            Check::new("hub", Status::Warn, "z"),
        ]);
        assert_eq!(r.faults, vec!["clock"]);
        assert_eq!(r.exit_code(), 1);
        assert_eq!(Report::new(vec![]).exit_code(), 0);
    }
}
