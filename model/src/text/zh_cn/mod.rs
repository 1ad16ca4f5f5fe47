//! Every operator-facing text in zh-CN. A language is a folder: one file per area,
//! each an exhaustive match over its keys, so a text missing here does not compile.

mod cli;
mod cli_msg;
mod counter;
mod fields;
mod file_msg;
mod fixed;
mod hub_msg;
mod refusals;
mod replication;
mod reports;
mod why;
mod words;

use crate::error::OpError;
use crate::text::{CliMsg, CliTx, FileMsg, HubMsg, Msg, QuoteLabel, ReportTx, Texts, Tx, Why};
use crate::wire::ReplicationError;
use crate::EntryKind;

/// The zh-CN texts.
pub struct ZhCn;

impl Texts for ZhCn {
    fn tx(&self, t: Tx) -> &'static str {
        fixed::tx(t)
    }
    fn report_tx(&self, t: ReportTx) -> &'static str {
        reports::report_tx(t)
    }
    fn cli_tx(&self, t: CliTx) -> &'static str {
        cli::cli_tx(t)
    }
    fn label(&self, l: QuoteLabel) -> &'static str {
        words::label(l)
    }
    fn kind(&self, k: EntryKind) -> &'static str {
        words::kind(k)
    }
    fn receipt_title(&self, k: EntryKind) -> String {
        words::receipt_title(k)
    }
    fn msg(&self, m: &Msg) -> String {
        counter::msg(m)
    }
    fn cli_msg(&self, m: &CliMsg) -> String {
        cli_msg::cli_msg(m)
    }
    fn file_msg(&self, m: &FileMsg) -> String {
        file_msg::file_msg(m)
    }
    fn hub_msg(&self, m: &HubMsg) -> String {
        hub_msg::hub_msg(m)
    }
    fn replication(&self, e: &ReplicationError) -> String {
        replication::replication(e)
    }
    fn refusal(&self, e: &OpError) -> String {
        refusals::refusal(e)
    }
    fn why(&self, w: &Why) -> String {
        why::why(w)
    }
}
