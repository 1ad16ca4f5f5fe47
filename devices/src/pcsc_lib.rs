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

use std::ffi::{c_char, c_long, c_ulong, c_void, CStr, CString};
use std::fmt;
use std::ptr::{null, null_mut};
use std::sync::{Arc, Mutex};
use std::time::Duration;

type Dword = c_ulong;
type Long = c_long;
type Handle = Long;

/// The library file opened when `CARDDESK_PCSC_LIB` is not set.
pub const DEFAULT_LIB: &str = "libpcsclite.so.1";
pub const LIB_ENV: &str = "CARDDESK_PCSC_LIB";

/// Largest short APDU response (pcsclite.h MAX_BUFFER_SIZE).
pub const MAX_BUFFER_SIZE: usize = 264;
const MAX_ATR_SIZE: usize = 33;

const SCOPE_USER: Dword = 0;
const SHARE_SHARED: Dword = 2;
const PROTOCOL_T0: Dword = 1;
const PROTOCOL_T1: Dword = 2;
const RESET_CARD: Dword = 1;

/// The pseudo-reader whose state changes when a reader is plugged or unplugged.
pub fn pnp_notification() -> CString {
    CString::from(c"\\\\?PnP?\\Notification")
}

/// SCARD_STATE_* flags of a reader, as pcsc-lite reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State(Dword);

impl State {
    pub const UNAWARE: State = State(0x0000);
    pub const IGNORE: State = State(0x0001);
    pub const CHANGED: State = State(0x0002);
    pub const UNKNOWN: State = State(0x0004);
    pub const UNAVAILABLE: State = State(0x0008);
    pub const PRESENT: State = State(0x0020);
    pub const MUTE: State = State(0x0200);

    pub fn contains(self, other: State) -> bool {
        self.0 & other.0 == other.0
    }
    pub fn intersects(self, other: State) -> bool {
        self.0 & other.0 != 0
    }
}

impl std::ops::BitOr for State {
    type Output = State;
    fn bitor(self, rhs: State) -> State {
        State(self.0 | rhs.0)
    }
}

/// What a PC/SC call failed with: the library missing, or a SCARD_* status code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// libpcsclite could not be opened (PC/SC is not installed); the loader's words.
    NotInstalled(String),
    Cancelled,
    InvalidHandle,
    UnknownReader,
    Timeout,
    NoSmartcard,
    CommError,
    ReaderUnavailable,
    Shutdown,
    NoService,
    ServiceStopped,
    NoReadersAvailable,
    RemovedCard,
    InsufficientBuffer,
    /// Any other SCARD_* code.
    Other(Long),
}

impl Error {
    fn from_code(code: Long) -> Error {
        match code {
            0x8010_0002 => Error::Cancelled,
            0x8010_0003 => Error::InvalidHandle,
            0x8010_0008 => Error::InsufficientBuffer,
            0x8010_0009 => Error::UnknownReader,
            0x8010_000A => Error::Timeout,
            0x8010_000C => Error::NoSmartcard,
            0x8010_0013 => Error::CommError,
            0x8010_0017 => Error::ReaderUnavailable,
            0x8010_0018 => Error::Shutdown,
            0x8010_001D => Error::NoService,
            0x8010_001E => Error::ServiceStopped,
            0x8010_002E => Error::NoReadersAvailable,
            0x8010_0069 => Error::RemovedCard,
            other => Error::Other(other),
        }
    }

    /// pcscd is not there to answer (never started, stopped, or died).
    pub fn is_service_gone(&self) -> bool {
        matches!(
            self,
            Error::NoService
                | Error::ServiceStopped
                | Error::InvalidHandle
                | Error::CommError
                | Error::Shutdown
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotInstalled(why) => write!(f, "PC/SC library not installed ({why})"),
            Error::Cancelled => f.write_str("the wait was cancelled"),
            Error::InvalidHandle => f.write_str("the PC/SC context is no longer valid"),
            Error::UnknownReader => f.write_str("no such reader"),
            Error::Timeout => f.write_str("timed out"),
            Error::NoSmartcard => f.write_str("no card in the reader"),
            Error::CommError => f.write_str("lost contact with pcscd"),
            Error::ReaderUnavailable => f.write_str("the reader is not available"),
            Error::Shutdown => f.write_str("pcscd is shutting down"),
            Error::NoService => f.write_str("pcscd is not running"),
            Error::ServiceStopped => f.write_str("pcscd has stopped"),
            Error::NoReadersAvailable => f.write_str("no readers"),
            Error::RemovedCard => f.write_str("the card was removed"),
            Error::InsufficientBuffer => f.write_str("answer too long"),
            Error::Other(code) => write!(f, "PC/SC error 0x{code:08X}"),
        }
    }
}

impl std::error::Error for Error {}

fn check(code: Long) -> Result<(), Error> {
    if code == 0 {
        Ok(())
    } else {
        Err(Error::from_code(code))
    }
}

/// SCARD_READERSTATE (pcsclite.h).
#[repr(C)]
struct RawReaderState {
    reader: *const c_char,
    user_data: *mut c_void,
    current_state: Dword,
    event_state: Dword,
    atr_len: Dword,
    atr: [u8; MAX_ATR_SIZE],
}

/// SCARD_IO_REQUEST (pcsclite.h).
#[repr(C)]
struct IoRequest {
    protocol: Dword,
    pci_length: Dword,
}

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
struct Api {
    _lib: libloading::Library,
    establish: EstablishFn,
    release: ReleaseFn,
    list_readers: ListReadersFn,
    get_status_change: StatusChangeFn,
    connect: ConnectFn,
    transmit: TransmitFn,
    status: StatusFn,
    disconnect: DisconnectFn,
    cancel: ReleaseFn,
}

/// The library path in use: `CARDDESK_PCSC_LIB`, or the default.
pub fn lib_path() -> String {
    std::env::var(LIB_ENV)
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| DEFAULT_LIB.to_string())
}

/// The loaded library, opening it on first success. A failure is not remembered, so
/// installing PC/SC while the counter runs is picked up at the next retry.
fn api() -> Result<&'static Api, Error> {
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

struct ContextInner {
    api: &'static Api,
    handle: Handle,
}

impl Drop for ContextInner {
    fn drop(&mut self) {
        // SAFETY: the handle came from SCardEstablishContext and is released once.
        unsafe { (self.api.release)(self.handle) };
    }
}

/// A pcsc-lite context (SCARDCONTEXT). Clones share it; the last one releases it.
/// pcsc-lite allows SCardCancel from another thread while one waits in it.
#[derive(Clone)]
pub struct Context(Arc<ContextInner>);

impl Context {
    /// SCardEstablishContext in user scope; opens the library first if needed.
    pub fn establish() -> Result<Context, Error> {
        let api = api()?;
        let mut handle: Handle = 0;
        // SAFETY: out-pointer to a local; reserved arguments are null as required.
        check(unsafe { (api.establish)(SCOPE_USER, null(), null(), &mut handle) })?;
        Ok(Context(Arc::new(ContextInner { api, handle })))
    }

    fn api(&self) -> &'static Api {
        self.0.api
    }

    /// Interrupt a `get_status_change` waiting on this context.
    pub fn cancel(&self) -> Result<(), Error> {
        // SAFETY: a live context handle.
        check(unsafe { (self.api().cancel)(self.0.handle) })
    }

    /// The names of the readers pcscd knows; empty when there are none.
    pub fn list_readers(&self) -> Result<Vec<CString>, Error> {
        // A reader plugged between asking the size and listing makes the buffer
        // short: ask again a few times.
        for _ in 0..3 {
            let mut len: Dword = 0;
            // SAFETY: a null buffer asks for the size only.
            let code =
                unsafe { (self.api().list_readers)(self.0.handle, null(), null_mut(), &mut len) };
            match check(code) {
                Ok(()) => {}
                Err(Error::NoReadersAvailable) => return Ok(Vec::new()),
                Err(e) => return Err(e),
            }
            let mut buf = vec![0u8; len as usize];
            // SAFETY: `buf` holds `len` bytes, as the call is told.
            let code = unsafe {
                (self.api().list_readers)(
                    self.0.handle,
                    null(),
                    buf.as_mut_ptr().cast(),
                    &mut len,
                )
            };
            match check(code) {
                Ok(()) => {
                    buf.truncate((len as usize).min(buf.len()));
                    return Ok(split_multi_string(&buf));
                }
                Err(Error::NoReadersAvailable) => return Ok(Vec::new()),
                Err(Error::InsufficientBuffer) => continue,
                Err(e) => return Err(e),
            }
        }
        Err(Error::InsufficientBuffer)
    }

    /// Wait up to `timeout` for a reader's state to differ from its current state;
    /// the states are updated in place.
    pub fn get_status_change(
        &self,
        timeout: Duration,
        readers: &mut [ReaderState],
    ) -> Result<(), Error> {
        // Capped below INFINITE (0xFFFFFFFF): callers always give a bound.
        let ms = timeout.as_millis().min(0xFFFF_FFFE) as Dword;
        let count = Dword::try_from(readers.len()).map_err(|_| Error::InsufficientBuffer)?;
        // SAFETY: ReaderState is repr(transparent) over SCARD_READERSTATE, so the slice
        // is the array pcsc-lite expects, `count` long; each name pointer is owned.
        check(unsafe {
            (self.api().get_status_change)(
                self.0.handle,
                ms,
                readers.as_mut_ptr().cast::<RawReaderState>(),
                count,
            )
        })
    }

    /// SCardConnect in shared mode, T=0 or T=1.
    pub fn connect(&self, reader: &CStr) -> Result<Card, Error> {
        let mut handle: Handle = 0;
        let mut protocol: Dword = 0;
        // SAFETY: a NUL-terminated name and out-pointers to locals.
        check(unsafe {
            (self.api().connect)(
                self.0.handle,
                reader.as_ptr(),
                SHARE_SHARED,
                PROTOCOL_T0 | PROTOCOL_T1,
                &mut handle,
                &mut protocol,
            )
        })?;
        Ok(Card {
            ctx: self.clone(),
            handle,
            protocol,
        })
    }
}

/// Names in a PC/SC multi-string: NUL-separated, ended by an empty name.
fn split_multi_string(buf: &[u8]) -> Vec<CString> {
    buf.split(|b| *b == 0)
        .take_while(|n| !n.is_empty())
        .filter_map(|n| CString::new(n).ok())
        .collect()
}

/// One reader's known and reported state, passed to `get_status_change`.
#[repr(transparent)]
pub struct ReaderState(RawReaderState);

// SAFETY: the only pointer is the name this value owns (user_data stays null).
unsafe impl Send for ReaderState {}

impl ReaderState {
    pub fn new(name: CString, current: State) -> ReaderState {
        ReaderState(RawReaderState {
            reader: name.into_raw(),
            user_data: null_mut(),
            current_state: current.0,
            event_state: 0,
            atr_len: 0,
            atr: [0; MAX_ATR_SIZE],
        })
    }

    pub fn name(&self) -> &CStr {
        // SAFETY: set from CString::into_raw in `new`, freed only in Drop.
        unsafe { CStr::from_ptr(self.0.reader) }
    }

    pub fn atr(&self) -> &[u8] {
        &self.0.atr[..(self.0.atr_len as usize).min(MAX_ATR_SIZE)]
    }

    pub fn current_state(&self) -> State {
        State(self.0.current_state)
    }

    pub fn event_state(&self) -> State {
        // The high 16 bits are the event count, not flags.
        State(self.0.event_state & 0xFFFF)
    }

    /// Card insertions and removals seen by the reader (a swap between two waits
    /// shows as a changed count).
    pub fn event_count(&self) -> u32 {
        ((self.0.event_state >> 16) & 0xFFFF) as u32
    }

    /// Take the reported state (with its event count) as known, so the next wait
    /// returns only on a new change.
    pub fn sync_current_state(&mut self) {
        self.0.current_state = self.0.event_state;
    }
}

impl Drop for ReaderState {
    fn drop(&mut self) {
        // SAFETY: the pointer came from CString::into_raw in `new`.
        unsafe { drop(CString::from_raw(self.0.reader.cast_mut())) };
    }
}

/// A connection to the card in a reader; disconnects (resetting the card) on drop.
pub struct Card {
    ctx: Context,
    handle: Handle,
    protocol: Dword,
}

impl Card {
    /// Send an APDU; the answer is written to `buf` and returned.
    pub fn transmit<'b>(&self, apdu: &[u8], buf: &'b mut [u8]) -> Result<&'b [u8], Error> {
        let send = IoRequest {
            protocol: self.protocol,
            pci_length: std::mem::size_of::<IoRequest>() as Dword,
        };
        let mut len = Dword::try_from(buf.len()).unwrap_or(Dword::MAX);
        let apdu_len = Dword::try_from(apdu.len()).map_err(|_| Error::InsufficientBuffer)?;
        // SAFETY: both buffers live for the call with the lengths given.
        check(unsafe {
            (self.ctx.api().transmit)(
                self.handle,
                &send,
                apdu.as_ptr(),
                apdu_len,
                null_mut(),
                buf.as_mut_ptr(),
                &mut len,
            )
        })?;
        Ok(&buf[..(len as usize).min(buf.len())])
    }

    /// The ATR the card answered with when connected (SCardStatus).
    pub fn atr(&self) -> Result<Vec<u8>, Error> {
        let mut name_len: Dword = 0;
        let (mut state, mut protocol): (Dword, Dword) = (0, 0);
        let mut atr = [0u8; MAX_ATR_SIZE];
        let mut atr_len = MAX_ATR_SIZE as Dword;
        // SAFETY: a null name buffer asks for no name; the ATR buffer is MAX_ATR_SIZE.
        check(unsafe {
            (self.ctx.api().status)(
                self.handle,
                null_mut(),
                &mut name_len,
                &mut state,
                &mut protocol,
                atr.as_mut_ptr(),
                &mut atr_len,
            )
        })?;
        Ok(atr[..(atr_len as usize).min(MAX_ATR_SIZE)].to_vec())
    }
}

impl Drop for Card {
    fn drop(&mut self) {
        // SAFETY: a handle from SCardConnect, disconnected once.
        unsafe { (self.ctx.api().disconnect)(self.handle, RESET_CARD) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_string_names() {
        let names = split_multi_string(b"Reader A 00 00\0Reader B 01 00\0\0");
        assert_eq!(
            names,
            vec![
                CString::from(c"Reader A 00 00"),
                CString::from(c"Reader B 01 00")
            ]
        );
        assert!(split_multi_string(b"\0").is_empty());
    }

    #[test]
    fn event_count_is_not_a_flag() {
        let mut st = ReaderState::new(pnp_notification(), State::UNAWARE);
        st.0.event_state = (3 << 16) | 0x0022;
        assert_eq!(st.event_count(), 3);
        assert!(st.event_state().contains(State::PRESENT | State::CHANGED));
        assert!(!st.event_state().intersects(State::MUTE | State::UNKNOWN));
        st.sync_current_state();
        assert_eq!(st.current_state(), State((3 << 16) | 0x0022));
    }

    #[test]
    fn missing_library_is_not_installed() {
        match open("/nonexistent/libpcsclite.so.1") {
            Err(Error::NotInstalled(why)) => assert!(why.contains("nonexistent"), "{why}"),
            Err(e) => panic!("wrong error: {e}"),
            Ok(_) => panic!("a missing file opened"),
        }
    }

    #[test]
    fn codes_map_to_words() {
        assert_eq!(Error::from_code(0x8010_001D), Error::NoService);
        assert!(Error::from_code(0x8010_001D).is_service_gone());
        assert!(!Error::Timeout.is_service_gone());
        assert_eq!(
            Error::from_code(0x8010_0065).to_string(),
            "PC/SC error 0x80100065"
        );
    }
}
