//! The pcsc-lite context and card connections, with a safe API.

use std::ffi::{CStr, CString};
use std::ptr::{null, null_mut};
use std::sync::Arc;
use std::time::Duration;

use super::library::{api, Api};
use super::reader_state::{IoRequest, RawReaderState, ReaderState};
use super::{Dword, Error, Handle, Long, MAX_ATR_SIZE};

const SCOPE_USER: Dword = 0;
const SHARE_SHARED: Dword = 2;
const PROTOCOL_T0: Dword = 1;
const PROTOCOL_T1: Dword = 2;
const RESET_CARD: Dword = 1;

fn check(code: Long) -> Result<(), Error> {
    if code == 0 {
        Ok(())
    } else {
        Err(Error::from_code(code))
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
                (self.api().list_readers)(self.0.handle, null(), buf.as_mut_ptr().cast(), &mut len)
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
}
