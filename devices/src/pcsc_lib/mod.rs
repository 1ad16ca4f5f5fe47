//! PC/SC through pcsc-lite's client library opened at run time (dlopen), not linked:
//! a counter PC without PC/SC still starts (the card reader is then reported
//! unavailable), and the build needs no pcsc headers or pkg-config.
//!
//! Only the calls the PC/SC thread and the inventory make are wrapped, with the Linux
//! pcsc-lite ABI (pcsclite.h, winscard.h): DWORD and LONG are C `unsigned long` and
//! `long`, SCARDCONTEXT and SCARDHANDLE are LONG, SCARD_READERSTATE and
//! SCARD_IO_REQUEST are plain `repr(C)` structs.
//!
//! `CARDDESK_PCSC_LIB` names another library file (default `libpcsclite.so.1`), so
//! tests can simulate a PC where PC/SC is not installed.

mod context;
mod error;
mod library;
mod reader_state;

use std::ffi::{c_long, c_ulong, CString};

pub use context::Context;
pub use error::Error;
pub use reader_state::{ReaderState, State};

type Dword = c_ulong;
type Long = c_long;
type Handle = Long;

/// Largest short APDU response (pcsclite.h MAX_BUFFER_SIZE).
pub const MAX_BUFFER_SIZE: usize = 264;
const MAX_ATR_SIZE: usize = 33;

/// The pseudo-reader whose state changes when a reader is plugged or unplugged.
pub fn pnp_notification() -> CString {
    CString::from(c"\\\\?PnP?\\Notification")
}
