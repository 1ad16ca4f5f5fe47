//! carddesk's hub: the store every terminal syncs its journal entries through (SQLite
//! for one outlet, PostgreSQL for a chain), the chain-wide authorization state in its tables, and
//! the HTTP service in front of it. The only async code in carddesk. It builds on
//! carddesk-data (entries, checks, wire types); nothing below depends on it.

mod access_log;
mod listener;
pub mod run;
pub mod server;
pub mod service;
pub mod status;
pub mod store;
pub mod tls;

pub use store::{Alarm, HubError, HubStore, Pushed};
