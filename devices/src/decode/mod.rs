//! Pure decoders from scanner bytes to scanned text: no I/O, no clocks, so they are
//! tested on recorded reports (`tests/recordings/`) and fuzzed with proptest.
//!
//! Control characters scanners send are handled here, never passed on as text:
//! - GS (0x1D, the GS1 field separator) becomes [`GS_SEPARATOR`] (`|`), a visible
//!   ASCII character outside the GS1 character set, so a GS1 code can still be split
//!   into its fields and the code prints on any terminal.
//! - CR, LF and Tab end a scan where the input is a character stream (keyboard
//!   reports, simulated scanner lines); empty scans are dropped, so CR LF gives one
//!   scan. In HID POS reports the report framing ends a scan and they are dropped.
//! - Every other C0 control character and DEL is dropped.

mod keyboard;
mod pos;

pub use keyboard::KeyboardDecoder;
pub use pos::{PosDecoder, POS_DATA_MAX, POS_REPORT_ID, POS_REPORT_LEN};

/// What GS (0x1D) becomes in scanned text.
pub const GS_SEPARATOR: char = '|';

/// Longest scan accepted; longer input is an Error (a stuck scanner or garbage), and
/// bounds memory whatever arrives.
pub const MAX_SCAN_CHARS: usize = 4096;

/// One decoder output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    Scan(String),
    Error(String),
}

/// Accumulates the characters of one scan and applies the control-character rules.
#[derive(Debug, Default)]
pub(crate) struct ScanBuffer {
    text: String,
    chars: usize,
    overflow: bool,
}

impl ScanBuffer {
    /// Add one character. `terminators` says whether CR/LF/Tab end the scan (a
    /// character stream) or are dropped (a framed report).
    pub(crate) fn push(&mut self, c: char, terminators: bool) -> Option<Decoded> {
        match c {
            '\r' | '\n' | '\t' if terminators => return self.finish(),
            '\x1d' => self.push_text(GS_SEPARATOR),
            c if c.is_control() => {}
            c => self.push_text(c),
        }
        None
    }

    fn push_text(&mut self, c: char) {
        if self.chars >= MAX_SCAN_CHARS {
            self.overflow = true;
            return;
        }
        self.text.push(c);
        self.chars += 1;
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.chars == 0 && !self.overflow
    }

    /// End the scan: the text, an Error if it overflowed, nothing if empty.
    pub(crate) fn finish(&mut self) -> Option<Decoded> {
        let text = std::mem::take(&mut self.text);
        let chars = std::mem::take(&mut self.chars);
        if std::mem::take(&mut self.overflow) {
            return Some(Decoded::Error(format!(
                "scan longer than {MAX_SCAN_CHARS} characters discarded"
            )));
        }
        (chars > 0).then_some(Decoded::Scan(text))
    }

    pub(crate) fn clear(&mut self) {
        *self = ScanBuffer::default();
    }
}

/// Splits a byte stream (simulated scanner) into scans: one line per scan, with the
/// same control-character rules. Bytes must be UTF-8 per line.
#[derive(Debug, Default)]
pub struct LineDecoder {
    line: Vec<u8>,
    overflow: bool,
}

impl LineDecoder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Decoded> {
        let mut out = Vec::new();
        for &b in bytes {
            if b == b'\n' || b == b'\r' || b == b'\t' {
                out.extend(self.end_line());
            } else if self.line.len() >= MAX_SCAN_CHARS * 4 {
                self.overflow = true;
            } else {
                self.line.push(b);
            }
        }
        out
    }

    /// End of input: whatever is buffered counts as a last line.
    pub fn finish(&mut self) -> Vec<Decoded> {
        self.end_line().into_iter().collect()
    }

    fn end_line(&mut self) -> Option<Decoded> {
        let line = std::mem::take(&mut self.line);
        if std::mem::take(&mut self.overflow) {
            return Some(Decoded::Error(format!(
                "line longer than {MAX_SCAN_CHARS} characters discarded"
            )));
        }
        let text = match String::from_utf8(line) {
            Ok(t) => t,
            Err(_) => return Some(Decoded::Error("line is not UTF-8; discarded".into())),
        };
        let mut buf = ScanBuffer::default();
        for c in text.chars() {
            buf.push(c, false);
        }
        buf.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls() {
        let mut b = ScanBuffer::default();
        for c in "01\x1d23\x07".chars() {
            assert_eq!(b.push(c, true), None);
        }
        assert_eq!(b.push('\r', true), Some(Decoded::Scan("01|23".into())));
        assert_eq!(b.push('\n', true), None, "CR LF is one scan");
        assert!(b.is_empty());
    }

    #[test]
    fn lines() {
        let mut d = LineDecoder::new();
        assert_eq!(d.feed(b"M001"), vec![]);
        assert_eq!(
            d.feed(b"23\r\n\nA\x1dB\n\xff\n"),
            vec![
                Decoded::Scan("M00123".into()),
                Decoded::Scan("A|B".into()),
                Decoded::Error("line is not UTF-8; discarded".into())
            ]
        );
        assert_eq!(d.feed(&vec![b'x'; MAX_SCAN_CHARS * 5]), vec![]);
        assert!(matches!(d.feed(b"\n")[..], [Decoded::Error(_)]));
        assert_eq!(d.feed(b"tail"), vec![]);
        assert_eq!(d.finish(), vec![Decoded::Scan("tail".into())]);
    }

    #[test]
    fn overflow_is_an_error() {
        let mut b = ScanBuffer::default();
        for _ in 0..MAX_SCAN_CHARS + 3 {
            b.push('1', true);
        }
        assert!(matches!(b.finish(), Some(Decoded::Error(_))));
        assert_eq!(b.finish(), None);
    }
}
