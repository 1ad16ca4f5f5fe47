//! The command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "carddesk",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("CARDDESK_COMMIT"), ")"),
    about = "Membership counter terminal (会员卡前台收银终端)",
    after_help = "Exit codes: 0 done, 1 failed, 2 refused or bad input, 3 hub unreachable, \
                  4 no book at the path, 5 the file is not a carddesk book (docs/cli.md)."
)]
pub struct Cli {
    /// Configuration file (else $CARDDESK_CONFIG, else ./config.toml, else defaults).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Database file; overrides `database.path` in the config.
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Open on the demo database (demo/carddesk-demo.db), building it on first use.
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every hash chain and sequence, and that every balance table equals the journal.
    Verify {
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// One screen for support: config, book, backup, devices, hub (reachable, TLS,
    /// token, clock skew, last sync) and disk space. Exit 1 when a check failed.
    Doctor {
        /// Print the checks as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Make a new, empty book at --db (or the config's database.path); refused if a
    /// file is already there. Prints the book's full path.
    Init,
    /// Build a realistic demo database.
    Demo {
        /// How many members.
        #[arg(long, default_value_t = 20_000)]
        members: u64,
        /// Replace an existing database at the path.
        #[arg(long)]
        force: bool,
    },
    /// Run one operation: a JSON request on stdin, a JSON result on stdout. With
    /// --batch: JSON lines on stdin, each naming its operation in "op", one result line
    /// each on stdout; exit 0 when every line was done, 2 when any was refused. With
    /// --schema: print the JSON Schema of KIND's request and result (no book needed).
    Op {
        /// The operation (see docs/op-api.md for the fields of each); not with --batch.
        #[arg(
            value_parser = clap::builder::PossibleValuesParser::new(crate::op_kinds::ALL),
            required_unless_present = "batch",
            conflicts_with = "batch"
        )]
        kind: Option<String>,
        /// Read many requests, one JSON object per line, through one open book.
        #[arg(long)]
        batch: bool,
        /// Print the JSON Schema of KIND's request (its fields and the envelope) and of
        /// its result, and exit; reads no stdin and opens no book.
        #[arg(long, requires = "kind")]
        schema: bool,
    },
    /// The daily job: expire points lots past their date; at the first run after a tier
    /// period end, apply the configured downgrade. Safe to run any number of times.
    Expire,
    /// The daily job in one command, for a timer or cron: `expire`, then the daily
    /// backup into `[backup] daily_dir`, kept `[backup] keep_days`. Exit 1 when the
    /// backup failed (expiry was still done).
    Daily,
    /// Deliver pending notices to members (`[notices]` webhook), for a timer or cron;
    /// never needed by the counter. Retries with backoff; records every attempt.
    Notify {
        /// At most this many notices in one run.
        #[arg(long, default_value_t = 500)]
        limit: usize,
    },
    /// Measure lookups and durable operations on a generated database (DESIGN.md §7).
    Bench {
        /// Members in the generated database.
        #[arg(long, default_value_t = 1_000_000)]
        members: u64,
        /// Lookups per key kind and operations measured.
        #[arg(long, default_value_t = 2_000)]
        samples: usize,
        /// Entries pushed and pulled through each hub (0: skip the hub figures).
        #[arg(long, default_value_t = 100_000)]
        hub_entries: usize,
        /// Hub stores to measure (`sqlite:PATH`, `postgres://…`); default: a SQLite
        /// hub in a temporary folder, and PostgreSQL when $CARDDESK_BENCH_PG_URL is set.
        #[arg(long = "hub-store", value_name = "STORE")]
        hub_stores: Vec<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// List card readers and scanners; with --watch print every device event.
    Devices {
        #[arg(long)]
        watch: bool,
        /// Print udev rules giving the group `carddesk` the configured HID scanners'
        /// hidraw nodes (the Debian package writes them to
        /// /etc/udev/rules.d/60-carddesk-scanners.rules).
        #[arg(long, conflicts_with = "watch")]
        udev_rules: bool,
        /// Stop watching after this many seconds.
        #[arg(long, value_name = "SECONDS")]
        timeout: Option<u64>,
    },
    /// Print or reprint the receipt of a journal entry (ESC/POS in GB18030, or text).
    Receipt {
        entry_id: String,
        /// Paper width in mm: 58 (32 columns) or 80 (48 columns).
        #[arg(long, default_value_t = 58, value_parser = paper_width)]
        width: u32,
        /// Write to this file (created owner-only; an existing one only with --force).
        #[arg(long, value_name = "PATH", conflicts_with = "device")]
        out: Option<PathBuf>,
        /// With --out: replace the file if it exists.
        #[arg(long, requires = "out")]
        force: bool,
        /// Send to this printer device, e.g. /dev/usb/lp0.
        #[arg(long, value_name = "PATH")]
        device: Option<PathBuf>,
        /// Plain text instead of ESC/POS (the default when neither --out nor --device).
        #[arg(long)]
        text: bool,
    },
    /// Reports: shift, day, stored-value, points, coupons, tiers, new-members, dormant,
    /// top-spenders, referrals (转介绍排名), settlement (店间结算), commission (提成),
    /// company-statement (协议单位对账单, --member).
    Report {
        #[arg(value_enum)]
        kind: ReportKind,
        /// First local day (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        /// Last local day, included (default: --from).
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        #[arg(long)]
        outlet: Option<String>,
        /// CSV instead of a table.
        #[arg(long)]
        csv: bool,
        /// dormant: no visit in this many days.
        #[arg(long, default_value_t = 90)]
        days: u32,
        /// top-spenders, referrals: how many.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// company-statement: the company's member no.
        #[arg(long)]
        member: Option<String>,
    },
    /// Import members, credentials and opening balances from CSV (all or nothing).
    Import {
        /// What to import.
        #[arg(value_enum)]
        what: ImportKind,
        file: PathBuf,
        /// Check every row and list every problem; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Export members or the journal to CSV.
    Export {
        /// What to export.
        #[arg(value_enum)]
        what: ExportKind,
        file: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Copy the book with SQLite's online backup; safe while the counter runs.
    Backup {
        /// The backup file (an existing one is replaced only with --force).
        #[arg(required_unless_present = "daily")]
        path: Option<PathBuf>,
        /// Replace the backup file if it exists.
        #[arg(long, conflicts_with = "daily")]
        force: bool,
        /// The daily job: DIR/carddesk-YYYY-MM-DD.db once a day, older ones removed.
        #[arg(long, value_name = "DIR", conflicts_with = "path")]
        daily: Option<PathBuf>,
        /// With --daily: keep this many days of backups.
        #[arg(long, default_value_t = 14)]
        keep: u32,
    },
    /// Replace the book with a backup that passes `verify`. Close the counter first.
    Restore { path: PathBuf },
    /// Bench aid: start to first frame and peak memory of the counter, as one JSON line.
    #[command(hide = true)]
    FirstFrameProbe,
    /// Sync with the hub once: push this terminal's new entries, pull everyone else's.
    Sync {
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Enroll this terminal with the code `carddesk hub enroll` printed: its token
        /// (and the hub's certificate fingerprint) go to the token file, not config.toml.
        #[arg(long, value_name = "CODE", conflicts_with = "rotate")]
        enroll: Option<String>,
        /// Replace this terminal's token with a new one from the hub.
        #[arg(long)]
        rotate: bool,
    },
    /// Replication conflicts (冲突): offline double spends the hub found, open ones
    /// first. Settle one with `carddesk op settle_conflict` or at the counter.
    Conflicts {
        /// Settled ones too.
        #[arg(long)]
        all: bool,
        /// Print JSON lines instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// The hub (中心): serve, enroll terminals, alarms, benchmark.
    Hub {
        #[command(subcommand)]
        command: crate::hub::HubCommand,
    },
    /// Print a shell completion script: `carddesk completions bash > /etc/bash_completion.d/carddesk`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `carddesk man > /usr/local/share/man/man1/carddesk.1`.
    Man,
    /// Test aid: writes operations in a loop, printing each op id once committed.
    #[command(hide = true)]
    StressWriter {
        #[arg(long, default_value_t = u64::MAX)]
        count: u64,
    },
}

/// 58 or 80: the paper widths receipts are laid out for.
fn paper_width(s: &str) -> Result<u32, String> {
    match s {
        "58" => Ok(58),
        "80" => Ok(80),
        _ => Err("the paper width is 58 or 80 (mm)".into()),
    }
}

/// The name a value-enum kind is written as on the command line (and handed on as).
fn name(v: Option<clap::builder::PossibleValue>) -> String {
    v.map(|p| p.get_name().to_string()).unwrap_or_default()
}

/// `carddesk report KIND`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportKind {
    Shift,
    Day,
    StoredValue,
    Points,
    Coupons,
    Tiers,
    NewMembers,
    Dormant,
    TopSpenders,
    /// 转介绍排名: referrers ranked by the members they brought.
    Referrals,
    /// 店间结算: what the outlets owe each other.
    Settlement,
    /// 提成: staff commission per operator (cards sold, top-ups taken).
    Commission,
    /// 协议单位对账单: a company's charges and payments with what it owes (--member).
    CompanyStatement,
}

impl ReportKind {
    pub fn name(self) -> String {
        name(self.to_possible_value())
    }
}

/// `carddesk import KIND`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportKind {
    Members,
}

impl ImportKind {
    pub fn name(self) -> String {
        name(self.to_possible_value())
    }
}

/// `carddesk export KIND`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportKind {
    Members,
    Journal,
}

impl ExportKind {
    pub fn name(self) -> String {
        name(self.to_possible_value())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every write kind is a request the book knows (a bulk kind is its own request),
    /// every read a read, and every report kind a report.
    #[test]
    fn kinds_are_the_names_the_commands_take() {
        for name in crate::op_kinds::WRITES
            .iter()
            .filter(|k| !crate::op_kinds::BULK.contains(k))
        {
            let err =
                serde_json::from_value::<carddesk_data::Request>(serde_json::json!({ "op": name }))
                    .expect_err("an empty request is incomplete");
            assert!(
                !err.to_string().contains("unknown variant"),
                "{name}: {err}"
            );
        }
        for name in crate::op_kinds::READS {
            let err = serde_json::from_value::<carddesk_model::reads::Read>(
                serde_json::json!({ "op": name }),
            )
            .map(|_| ())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
            assert!(!err.contains("unknown variant"), "{name}: {err}");
        }
        let reports: Vec<String> = ReportKind::value_variants()
            .iter()
            .map(|k| k.name())
            .collect();
        assert_eq!(reports, crate::report_cmd::KINDS);
    }
}
