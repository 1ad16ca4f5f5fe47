//! Reader states for SCardGetStatusChange: SCARD_STATE_* flags and SCARD_READERSTATE.

use std::ffi::{c_char, c_void, CStr, CString};
use std::ptr::null_mut;

use super::{Dword, MAX_ATR_SIZE};

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

/// SCARD_READERSTATE (pcsclite.h).
#[repr(C)]
pub(super) struct RawReaderState {
    reader: *const c_char,
    user_data: *mut c_void,
    current_state: Dword,
    event_state: Dword,
    atr_len: Dword,
    atr: [u8; MAX_ATR_SIZE],
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

/// SCARD_IO_REQUEST (pcsclite.h): the protocol header of a transmit. Beside the
/// reader state because both are the library's own structs, used by the calls
/// (library.rs) and by their safe wrappers (context.rs).
#[repr(C)]
pub(super) struct IoRequest {
    pub(super) protocol: Dword,
    pub(super) pci_length: Dword,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pcsc_lib::pnp_notification;

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

    /// sizeof(SCARD_READERSTATE) of pcsc-lite on 64-bit Linux (two pointers, three
    /// unsigned longs, 33 ATR bytes, padded to 8).
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn layout_matches_pcsclite() {
        assert_eq!(std::mem::size_of::<RawReaderState>(), 80);
        assert_eq!(std::mem::size_of::<ReaderState>(), 80);
        assert_eq!(std::mem::offset_of!(RawReaderState, atr), 40);
    }
}
