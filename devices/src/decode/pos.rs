//! HID POS scanned data reports (usage page 0x8C, Scanned Data Report 0x12).
//!
//! The HID POS Usage Tables name the fields (Symbology Identifier 1-3, Decoded Data,
//! Decoded Data Continued) but the byte layout comes from each device's report
//! descriptor. This decoder reads the 64-byte layout used by Honeywell and the other
//! common HID POS scanners (as also decoded by the open-source WebHidBarcodeScanner):
//!
//! | byte  | field                                                    |
//! |-------|----------------------------------------------------------|
//! | 0     | report ID, 0x02 for scanned data                         |
//! | 1     | number of valid decoded-data bytes in this report (0-56) |
//! | 2..5  | AIM symbology identifier (e.g. `]C1`), not part of the code |
//! | 5..61 | decoded data, zero padded                                |
//! | 61,62 | vendor bytes (symbology code), ignored                   |
//! | 63    | Decoded Data Continued: non-zero if more reports follow  |
//!
//! Reports with another report ID (attribute, status, ...) carry no scan and are
//! skipped. A truncated or inconsistent scanned data report is an Error and drops the
//! scan it belonged to.

use super::{Decoded, ScanBuffer};

pub const POS_REPORT_ID: u8 = 0x02;
pub const POS_REPORT_LEN: usize = 64;
pub const POS_DATA_MAX: usize = 56;
const DATA_START: usize = 5;
const CONTINUED: usize = 63;

#[derive(Debug, Default)]
pub struct PosDecoder {
    buf: ScanBuffer,
}

impl PosDecoder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn feed(&mut self, report: &[u8]) -> Vec<Decoded> {
        match report.first() {
            None => return vec![self.error("empty report")],
            Some(&id) if id != POS_REPORT_ID => return Vec::new(),
            Some(_) => {}
        }
        if report.len() < POS_REPORT_LEN {
            let msg = format!(
                "truncated scanned data report: {} of {POS_REPORT_LEN} bytes",
                report.len()
            );
            return vec![self.error(&msg)];
        }
        let n = usize::from(report[1]);
        if n > POS_DATA_MAX {
            let msg = format!("scanned data length {n} exceeds {POS_DATA_MAX}");
            return vec![self.error(&msg)];
        }
        let mut out = Vec::new();
        for &b in &report[DATA_START..DATA_START + n] {
            if !b.is_ascii() {
                // Decoded data is bytes in the scanner's code page; only ASCII is
                // unambiguous, and member codes are ASCII.
                let msg = format!("non-ASCII byte 0x{b:02X} in scanned data");
                return vec![self.error(&msg)];
            }
            out.extend(self.buf.push(char::from(b), false));
        }
        if report[CONTINUED] == 0 {
            out.extend(self.buf.finish());
        }
        out
    }

    /// The device went away: drop a scan whose continuation will never come.
    pub fn reset(&mut self) {
        self.buf.clear();
    }

    fn error(&mut self, msg: &str) -> Decoded {
        let pending = !self.buf.is_empty();
        self.buf.clear();
        let tail = if pending {
            "; partial scan discarded"
        } else {
            ""
        };
        Decoded::Error(format!("{msg}{tail}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(data: &[u8], more: bool) -> Vec<u8> {
        let mut r = vec![0u8; POS_REPORT_LEN];
        r[0] = POS_REPORT_ID;
        r[1] = data.len() as u8;
        r[2..5].copy_from_slice(b"]C0");
        r[5..5 + data.len()].copy_from_slice(data);
        r[63] = u8::from(more);
        r
    }

    #[test]
    fn single_and_continued() {
        let mut d = PosDecoder::new();
        assert_eq!(
            d.feed(&report(b"M0012345\r", false)),
            vec![Decoded::Scan("M0012345".into())]
        );
        assert_eq!(d.feed(&report(&[b'1'; 56], true)), vec![]);
        assert_eq!(
            d.feed(&report(b"\x1d22", false)),
            vec![Decoded::Scan(format!("{}|22", "1".repeat(56)))]
        );
    }

    #[test]
    fn errors() {
        let mut d = PosDecoder::new();
        assert!(
            d.feed(&[0x04, 1, 2]).is_empty(),
            "other report IDs are skipped"
        );
        assert!(matches!(d.feed(&[]).as_slice(), [Decoded::Error(_)]));
        assert!(matches!(
            d.feed(&report(b"12", false)[..20]).as_slice(),
            [Decoded::Error(_)]
        ));
        let mut bad = report(b"12", false);
        bad[1] = 57;
        assert!(matches!(d.feed(&bad).as_slice(), [Decoded::Error(_)]));
        d.feed(&report(b"AB", true));
        let e = d.feed(&report(b"\xff", false));
        assert!(matches!(e.as_slice(), [Decoded::Error(m)] if m.contains("partial")));
        assert_eq!(
            d.feed(&report(b"OK", false)),
            vec![Decoded::Scan("OK".into())]
        );
    }
}
