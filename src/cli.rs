//! The command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "carddesk",
    version,
    about = "Membership counter terminal (会员卡前台收银终端)"
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
    /// Build a realistic demo database.
    Demo {
        /// How many members.
        #[arg(long, default_value_t = 20_000)]
        members: u64,
        /// Replace an existing database at the path.
        #[arg(long)]
        force: bool,
    },
    /// Run one operation: a JSON request on stdin, a JSON result on stdout.
    Op {
        /// Writes: register_member, edit_member, freeze_member, unfreeze_member,
        /// bind_credential, report_lost, replace_credential, add_operator, set_payment_pin,
        /// top_up, refund_stored_value, checkout, post_stay, adjust_points, redeem_gift,
        /// convert_points, sell_count_card, use_count_card, issue_coupon, redeem_coupon,
        /// void_coupon, reverse. Reads: find_member, show_member, member_journal, account,
        /// quote_checkout. See the README for the fields.
        kind: String,
    },
    /// The daily job: expire points lots past their date; at the first run after a tier
    /// period end, apply the configured downgrade. Safe to run any number of times.
    Expire,
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
        /// Write to this file (created or replaced).
        #[arg(long, value_name = "PATH", conflicts_with = "device")]
        out: Option<PathBuf>,
        /// Send to this printer device, e.g. /dev/usb/lp0.
        #[arg(long, value_name = "PATH")]
        device: Option<PathBuf>,
        /// Plain text instead of ESC/POS (the default when neither --out nor --device).
        #[arg(long)]
        text: bool,
    },
    /// Reports: shift, day, stored-value, points, coupons, tiers, new-members, dormant,
    /// top-spenders, settlement (店间结算).
    Report {
        kind: String,
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
        /// top-spenders: how many.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Import members, credentials and opening balances from CSV (all or nothing).
    Import {
        /// What to import: members.
        what: String,
        file: PathBuf,
        /// Check every row and list every problem; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Export members or the journal to CSV.
    Export {
        /// members or journal.
        what: String,
        file: PathBuf,
    },
    /// Copy the book with SQLite's online backup; safe while the counter runs.
    Backup {
        /// The backup file (replaced if it exists).
        #[arg(required_unless_present = "daily")]
        path: Option<PathBuf>,
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
