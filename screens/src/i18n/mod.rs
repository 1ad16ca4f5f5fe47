//! Every text the counter shows, in zh-CN and en: the fixed texts in `texts`, the
//! names of the book's words (kinds, roles, tenders) in `words`, the names of the lines
//! of a quote in `quote`, and messages with values in them in `messages`.

mod messages;
mod quote;
mod texts;
mod words;

pub use messages::*;
pub use quote::*;
pub use texts::Tx;
pub use words::*;
