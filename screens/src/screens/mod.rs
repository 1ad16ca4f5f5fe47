//! The counter's screens and the dialogs that belong to them. Each is a layer
//! (`crate::layer`): it takes keys, scans, cards and replies and says what the stack of
//! layers does next; the stack goes back and opens.

mod approval;
pub(crate) mod bulk;
mod cards;
mod conflicts;
mod entry_words;
pub(crate) mod home;
mod hub_entries;
mod journal;
pub(crate) mod lock;
pub(crate) mod login;
pub(crate) mod member;
mod member_dialogs;
mod member_view;
mod money;
mod office;
mod operators;
mod posting;
mod printout;
mod profile;
mod quote;
mod reports;
mod shift;
mod task;
mod verify;

pub use journal::JOURNAL_PAGE;
pub use money::MoneyKind;
pub use posting::member_of;
pub use task::TaskKind;
