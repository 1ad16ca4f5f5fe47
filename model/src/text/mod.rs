//! The text catalogue: every operator-facing text, keyed by type, in every language.
//!
//! - The keys are here: [`Tx`] (the counter's fixed texts), [`ReportTx`] (reports and
//!   receipts), [`CliTx`] (the command line), [`QuoteLabel`] (the lines of a quote),
//!   [`Msg`] (the counter's messages with values: counts, money, codes, names),
//!   [`CliMsg`] (the command line's), [`HubMsg`] (the hub's, also sent on the wire),
//!   [`FileMsg`] (files: outputs, books, modes), [`EntryKind`] (a
//!   journal line's kind), [`OpError`] (refusals) and [`Why`] (why a field was refused).
//! - Each language is one folder (`zh_cn/`, `en/`) implementing [`Texts`]: one exhaustive
//!   match per key type, so the compiler refuses a language that misses a text.
//! - [`Lang::texts`] dispatches to the operator's language. Nothing outside this folder
//!   holds a text in two languages.
//!
//! Adding a language: add `text/xx/` (copy `en/`, translate), add the `Lang` variant
//! with its config name in `lang.rs` (and to `Lang::ALL`), and its arm in
//! [`Lang::texts`]; the compiler then lists every text still missing. Money is formatted by [`money`] (exact `Decimal`, two
//! places), never through floats.

/// Declares a key type of fixed texts: the enum, its list of every key (for the
/// completeness test) and `get`, which reads the key in a language through `$method`.
macro_rules! keys {
    ($(#[$doc:meta])* $name:ident via $method:ident { $($key:ident,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($key),* }

        impl $name {
            /// Every key of this type.
            pub const ALL: &'static [$name] = &[$($name::$key),*];

            /// This text in the operator's language.
            pub fn get(self, lang: crate::Lang) -> &'static str {
                lang.texts().$method(self)
            }
        }
    };
}

mod cli_msg;
mod cli_tx;
mod en;
mod file_msg;
mod hub_msg;
mod label;
mod msg;
mod report_tx;
mod tx;
mod zh_cn;

pub use crate::why::Why;
pub use cli_msg::CliMsg;
pub use cli_tx::CliTx;
pub use file_msg::FileMsg;
pub use hub_msg::HubMsg;
pub use label::QuoteLabel;
pub use msg::Msg;
pub use report_tx::ReportTx;
pub use tx::Tx;

use rust_decimal::Decimal;

use crate::error::OpError;
use crate::{EntryKind, Lang};

/// One language's texts: every key type, matched exhaustively in the language's folder.
pub trait Texts: Sync {
    fn tx(&self, t: Tx) -> &'static str;
    fn report_tx(&self, t: ReportTx) -> &'static str;
    fn cli_tx(&self, t: CliTx) -> &'static str;
    fn label(&self, l: QuoteLabel) -> &'static str;
    fn kind(&self, k: EntryKind) -> &'static str;
    /// A receipt's heading for an entry of this kind.
    fn receipt_title(&self, k: EntryKind) -> String;
    fn msg(&self, m: &Msg) -> String;
    fn cli_msg(&self, m: &CliMsg) -> String;
    fn file_msg(&self, m: &FileMsg) -> String;
    fn hub_msg(&self, m: &HubMsg) -> String;
    fn replication(&self, e: &crate::wire::ReplicationError) -> String;
    fn refusal(&self, e: &OpError) -> String;
    fn why(&self, w: &Why) -> String;
}

impl Lang {
    /// This language's texts.
    pub fn texts(self) -> &'static dyn Texts {
        match self {
            Lang::Zh => &zh_cn::ZhCn,
            Lang::En => &en::En,
        }
    }
}

/// An amount as the counter shows it: exact, two places (`12.50`), in every language.
pub fn money(d: Decimal) -> String {
    format!("{:.2}", d.round_dp(2))
}

/// The separator of the status bar's parts.
fn sep(ascii: bool) -> &'static str {
    if ascii {
        " - "
    } else {
        " · "
    }
}

/// A zone as people write it: UTC+8, UTC-3:30.
fn zone(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    if m.is_multiple_of(60) {
        format!("UTC{sign}{}", m / 60)
    } else {
        format!("UTC{sign}{}:{:02}", m / 60, m % 60)
    }
}
