//! The counter's small helpers for texts. Every word lives in the model crate's text
//! catalogue (`carddesk_model::text`, one folder per language); these helpers only
//! turn the screens' values into the catalogue's keys.

mod messages;
mod quote;
mod words;

pub use carddesk_model::text::{money, Msg, Tx};
pub use messages::*;
pub use quote::*;
pub use words::*;
