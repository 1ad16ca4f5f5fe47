//! Opening libpcsclite and finding the entry points used.

use std::ffi::{c_char, c_void};
use std::sync::Mutex;

use super::reader_state::{IoRequest, RawReaderState};
use super::{Dword, Error, Handle, Long};

/// The library file opened when `CARDDESK_PCSC_LIB` is not set.
const DEFAULT_LIB: &str = "libpcsclite.so.1";
const LIB_ENV: &str = "CARDDESK_PCSC_LIB";

type EstablishFn = unsafe extern "C" fn(Dword, *const c_void, *const c_void, *mut Handle) -> Long;
type ReleaseFn = unsafe extern "C" fn(Handle) -> Long;
type DisconnectFn = unsafe extern "C" fn(Handle, Dword) -> Long;
type ListReadersFn = unsafe extern "C" fn(Handle, *const c_char, *mut c_char, *mut Dword) -> Long;
type StatusChangeFn = unsafe extern "C" fn(Handle, Dword, *mut RawReaderState, Dword) -> Long;
type ConnectFn =
    unsafe extern "C" fn(Handle, *const c_char, Dword, Dword, *mut Handle, *mut Dword) -> Long;
type TransmitFn = unsafe extern "C" fn(
    Handle,
    *const IoRequest,
    *const u8,
    Dword,
    *mut IoRequest,
    *mut u8,
    *mut Dword,
) -> Long;
type StatusFn = unsafe extern "C" fn(
    Handle,
    *mut c_char,
    *mut Dword,
    *mut Dword,
    *mut Dword,
    *mut u8,
    *mut Dword,
) -> Long;

/// The opened library and the entry points used. Leaked once loaded: unloading
/// pcsc-lite while a thread may still be inside it is never safe, and it is small.
pub(super) struct Api {
    _lib: libloading::Library,
    pub(super) establish: EstablishFn,
    pub(super) release: ReleaseFn,
    pub(super) list_readers: ListReadersFn,
    pub(super) get_status_change: StatusChangeFn,
    pub(super) connect: ConnectFn,
    pub(super) transmit: TransmitFn,
    pub(super) status: StatusFn,
    pub(super) disconnect: DisconnectFn,
    pub(super) cancel: ReleaseFn,
}

/// The library path in use: `CARDDESK_PCSC_LIB`, or the default.
fn lib_path() -> String {
    std::env::var(LIB_ENV)
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| DEFAULT_LIB.to_string())
}

/// The loaded library, opening it on first success. A failure is not remembered, so
/// installing PC/SC while the counter runs is picked up at the next retry.
pub(super) fn api() -> Result<&'static Api, Error> {
    static LOADED: Mutex<Option<&'static Api>> = Mutex::new(None);
    let mut loaded = LOADED.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(api) = *loaded {
        return Ok(api);
    }
    let api: &'static Api = Box::leak(Box::new(open(&lib_path())?));
    *loaded = Some(api);
    Ok(api)
}

fn open(path: &str) -> Result<Api, Error> {
    let not_installed = |e: libloading::Error| Error::NotInstalled(e.to_string());
    // SAFETY: pcsc-lite's client library runs no initialisers that depend on us; the
    // symbol types are the prototypes of winscard.h on Linux (see the module doc).
    unsafe {
        let lib = libloading::Library::new(path).map_err(not_installed)?;
        macro_rules! sym {
            ($name:literal) => {
                *lib.get($name).map_err(not_installed)?
            };
        }
        Ok(Api {
            establish: sym!(b"SCardEstablishContext\0"),
            release: sym!(b"SCardReleaseContext\0"),
            list_readers: sym!(b"SCardListReaders\0"),
            get_status_change: sym!(b"SCardGetStatusChange\0"),
            connect: sym!(b"SCardConnect\0"),
            transmit: sym!(b"SCardTransmit\0"),
            status: sym!(b"SCardStatus\0"),
            disconnect: sym!(b"SCardDisconnect\0"),
            cancel: sym!(b"SCardCancel\0"),
            _lib: lib,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_library_is_not_installed() {
        match open("/nonexistent/libpcsclite.so.1") {
            Err(Error::NotInstalled(why)) => assert!(why.contains("nonexistent"), "{why}"),
            Err(e) => panic!("wrong error: {e}"),
            Ok(_) => panic!("a missing file opened"),
        }
    }
}
