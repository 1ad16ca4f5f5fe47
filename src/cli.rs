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
    /// Test aid: writes operations in a loop, printing each op id once committed.
    #[command(hide = true)]
    StressWriter {
        #[arg(long, default_value_t = u64::MAX)]
        count: u64,
    },
}
