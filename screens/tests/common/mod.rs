//! Builds each screen the way an operator reaches it: keys in, the worker's replies
//! answered by hand with sample data (lists, reports), for the screens' own behaviour.
//! Previews and postings come from the real worker: tests/tui_previews.rs.
#![allow(dead_code, unused_imports)]

mod drivers;
mod fixtures;
mod quotes;
mod scenarios;

pub use drivers::*;
pub use fixtures::*;
pub use quotes::*;
pub use scenarios::*;
