//! PC/SC failures: the library missing, or a SCARD_* status code in words.

use std::fmt;

use super::Long;

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
    LostContact,
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
    pub(super) fn from_code(code: Long) -> Error {
        match code {
            0x8010_0002 => Error::Cancelled,
            0x8010_0003 => Error::InvalidHandle,
            0x8010_0008 => Error::InsufficientBuffer,
            0x8010_0009 => Error::UnknownReader,
            0x8010_000A => Error::Timeout,
            0x8010_000C => Error::NoSmartcard,
            0x8010_0013 => Error::LostContact,
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
                | Error::LostContact
                | Error::Shutdown
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotInstalled(why) => write!(f, "PC/SC library not installed: {why}"),
            Error::Cancelled => f.write_str("the wait was cancelled"),
            Error::InvalidHandle => f.write_str("context no longer valid"),
            Error::UnknownReader => f.write_str("no such reader"),
            Error::Timeout => f.write_str("timed out"),
            Error::NoSmartcard => f.write_str("no card in the reader"),
            Error::LostContact => f.write_str("lost contact"),
            Error::ReaderUnavailable => f.write_str("the reader is not available"),
            Error::Shutdown => f.write_str("shutting down"),
            Error::NoService => f.write_str("not running"),
            Error::ServiceStopped => f.write_str("stopped"),
            Error::NoReadersAvailable => f.write_str("no readers"),
            Error::RemovedCard => f.write_str("the card was removed"),
            Error::InsufficientBuffer => f.write_str("answer too long"),
            Error::Other(code) => write!(f, "PC/SC error 0x{code:08X}"),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

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
