//! carddesk's counter screens. Pure: state + input -> new state + commands for the
//! worker that owns the book; state -> frame. No I/O, no clock, no SQL, so every
//! screen is tested by feeding inputs and reading a `TestBackend` buffer.

pub mod app;
pub mod bench;
pub mod burst;
mod catalog;
mod chrome;
pub mod context;
mod esc_tail;
pub mod field;
pub mod i18n;
pub mod keymap;
mod layer;
mod modals;
pub mod model;
pub mod report;
mod screens;
mod stack;
pub mod testing;
pub mod text;
pub mod theme;

pub use app::App;
pub use context::{Message, Options, Severity};
pub use model::*;
pub use screens::{MoneyKind, TaskKind, JOURNAL_PAGE};
pub use theme::Theme;
