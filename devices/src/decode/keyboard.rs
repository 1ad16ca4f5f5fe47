//! Boot keyboard reports (HID 1.11 appendix B) from a scanner in HID keyboard mode.
//!
//! Report: `[modifiers, reserved, key1..key6]` (8 bytes); a 9-byte report is taken as
//! a report ID followed by the boot layout, as composite scanners send. Keycodes are
//! the Keyboard/Keypad page (0x07) of the HID Usage Tables, mapped with a US layout.
//!
//! A character is produced when its key appears in a report (press edge), so a key
//! held across reports types once and "11" (press, release, press) types twice.
//! Also understood, because scanners use them to send characters a layout lacks:
//! - Ctrl + key sends the C0 control (`Ctrl+]` is GS 0x1D, `Ctrl+M` is CR);
//! - Alt + keypad digits sends the character with that decimal code on Alt release
//!   (Windows "Alt codes": `Alt+0,2,9` is GS).

use super::{Decoded, ScanBuffer};

const MOD_CTRL: u8 = 0x01 | 0x10;
const MOD_SHIFT: u8 = 0x02 | 0x20;
const MOD_ALT: u8 = 0x04 | 0x40;

const KEY_ENTER: u8 = 0x28;
const KEY_TAB: u8 = 0x2B;
const KEY_CAPS_LOCK: u8 = 0x39;
const KEY_KP_ENTER: u8 = 0x58;
/// ErrorRollOver, POSTFail, ErrorUndefined: "no valid key state in this report".
const KEY_ERROR_MAX: u8 = 0x03;

#[derive(Debug, Default)]
pub struct KeyboardDecoder {
    pressed: Vec<u8>,
    caps_lock: bool,
    alt_code: Option<u32>,
    buf: ScanBuffer,
}

impl KeyboardDecoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Decode one input report as read from the device.
    pub fn feed(&mut self, report: &[u8]) -> Vec<Decoded> {
        let boot = match report.len() {
            8 => report,
            9 => &report[1..],
            n => {
                return vec![Decoded::Error(format!(
                    "keyboard report of {n} bytes (expected 8, or 9 with a report ID); ignored"
                ))]
            }
        };
        let modifiers = boot[0];
        let keys: Vec<u8> = boot[2..].iter().copied().filter(|&k| k != 0).collect();
        if keys.iter().any(|&k| k <= KEY_ERROR_MAX) {
            // Phantom state (too many keys): the spec says keep the previous state.
            return Vec::new();
        }
        if let Some(&k) = keys.iter().find(|&&k| k >= 0xE0) {
            self.pressed.clear();
            return vec![Decoded::Error(format!(
                "keyboard report has modifier usage 0x{k:02X} in the key array; ignored"
            ))];
        }

        let mut out = Vec::new();
        let new_keys: Vec<u8> = keys
            .iter()
            .copied()
            .filter(|k| !self.pressed.contains(k))
            .collect();
        for k in new_keys {
            out.extend(self.key_down(k, modifiers));
        }
        self.pressed = keys;

        if modifiers & MOD_ALT == 0 {
            if let Some(code) = self.alt_code.take() {
                out.extend(self.alt_code_char(code));
            }
        }
        out
    }

    /// No report for a while: a scanner configured without a terminator has finished.
    pub fn flush(&mut self) -> Option<Decoded> {
        self.alt_code = None;
        self.buf.finish()
    }

    /// The device went away: forget any half-received scan and key state.
    pub fn reset(&mut self) {
        *self = KeyboardDecoder {
            caps_lock: self.caps_lock,
            ..Default::default()
        };
    }

    /// True when part of a scan is buffered (used to decide whether to flush on idle).
    pub fn has_pending(&self) -> bool {
        !self.buf.is_empty()
    }

    fn key_down(&mut self, key: u8, modifiers: u8) -> Option<Decoded> {
        if key == KEY_CAPS_LOCK {
            self.caps_lock = !self.caps_lock;
            return None;
        }
        if key == KEY_ENTER || key == KEY_KP_ENTER || key == KEY_TAB {
            return self.buf.push('\r', true);
        }
        if modifiers & MOD_ALT != 0 {
            if let Some(d) = keypad_digit(key) {
                self.alt_code = Some(
                    self.alt_code
                        .unwrap_or(0)
                        .saturating_mul(10)
                        .saturating_add(d),
                );
            }
            // Alt with anything else is a shortcut, not text.
            return None;
        }
        let shift = modifiers & MOD_SHIFT != 0;
        let c = us_char(key, shift, self.caps_lock)?;
        let c = if modifiers & MOD_CTRL != 0 {
            ctrl_char(c)?
        } else {
            c
        };
        self.buf.push(c, true)
    }

    fn alt_code_char(&mut self, code: u32) -> Option<Decoded> {
        // Alt codes are typed in the scanner's code page; below 128 that is ASCII,
        // above it we cannot know which code page was meant.
        match u8::try_from(code).ok().filter(|b| b.is_ascii()) {
            Some(b) => self.buf.push(char::from(b), true),
            None => Some(Decoded::Error(format!(
                "Alt code {code} is not ASCII; ignored"
            ))),
        }
    }
}

fn keypad_digit(key: u8) -> Option<u32> {
    match key {
        0x59..=0x61 => Some(u32::from(key - 0x58)),
        0x62 => Some(0),
        _ => None,
    }
}

/// Ctrl+key: letters and `@[\]^_` give the C0 control with the same low 5 bits.
fn ctrl_char(c: char) -> Option<char> {
    let u = c.to_ascii_uppercase();
    ('@'..='_').contains(&u).then(|| char::from(u as u8 & 0x1F))
}

/// US layout. Keypad keys assume Num Lock on (scanners send keypad digits that way).
fn us_char(key: u8, shift: bool, caps: bool) -> Option<char> {
    const DIGITS: &[u8; 10] = b"1234567890";
    const DIGITS_SHIFTED: &[u8; 10] = b"!@#$%^&*()";
    // 0x2C..=0x38: space - = [ ] \ #(non-US) ; ' ` , . /
    const PUNCT: &[u8; 13] = b" -=[]\\#;'`,./";
    const PUNCT_SHIFTED: &[u8; 13] = b" _+{}|~:\"~<>?";
    const KEYPAD: &[u8; 16] = b"/*-+\n1234567890.";
    let b = match key {
        0x04..=0x1D => {
            let lower = b'a' + (key - 0x04);
            if shift != caps {
                lower.to_ascii_uppercase()
            } else {
                lower
            }
        }
        0x1E..=0x27 => {
            let i = usize::from(key - 0x1E);
            if shift {
                DIGITS_SHIFTED[i]
            } else {
                DIGITS[i]
            }
        }
        0x2C..=0x38 => {
            let i = usize::from(key - 0x2C);
            if shift {
                PUNCT_SHIFTED[i]
            } else {
                PUNCT[i]
            }
        }
        0x54..=0x63 => KEYPAD[usize::from(key - 0x54)],
        0x64 => {
            if shift {
                b'|'
            } else {
                b'\\'
            }
        }
        _ => return None,
    };
    Some(char::from(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(m: u8, k: u8) -> [u8; 8] {
        [m, 0, k, 0, 0, 0, 0, 0]
    }
    const UP: [u8; 8] = [0; 8];

    #[test]
    fn typing_with_shift_and_repeat() {
        let mut d = KeyboardDecoder::new();
        let mut out = Vec::new();
        for r in [
            press(0x02, 0x04),
            UP,
            press(0, 0x1E),
            UP,
            press(0, 0x1E),
            UP,
            press(0, 0x28),
            UP,
        ] {
            out.extend(d.feed(&r));
        }
        assert_eq!(out, vec![Decoded::Scan("A11".into())]);
    }

    #[test]
    fn ctrl_bracket_and_alt_code_are_gs() {
        let mut d = KeyboardDecoder::new();
        let mut out = Vec::new();
        for r in [
            press(0, 0x1F),    // 2
            press(0x01, 0x30), // Ctrl+] = GS
            UP,
            press(0x04, 0x62), // Alt+KP0
            press(0x04, 0x5A), // Alt+KP2 (KP0 released in the same report)
            press(0x04, 0x61), // Alt+KP9
            UP,                // Alt released -> GS
            press(0, 0x20),    // 3
            press(0, 0x2B),    // Tab ends
            UP,
        ] {
            out.extend(d.feed(&r));
        }
        assert_eq!(out, vec![Decoded::Scan("2||3".into())]);
    }

    #[test]
    fn bad_lengths_are_errors() {
        let mut d = KeyboardDecoder::new();
        assert!(matches!(d.feed(&[0; 3])[..], [Decoded::Error(_)]));
        assert!(matches!(d.feed(&[])[..], [Decoded::Error(_)]));
        assert!(
            d.feed(&[0, 0, 1, 1, 1, 1, 1, 1]).is_empty(),
            "rollover keeps state"
        );
    }

    #[test]
    fn flush_on_idle() {
        let mut d = KeyboardDecoder::new();
        d.feed(&press(0, 0x27));
        assert!(d.has_pending());
        assert_eq!(d.flush(), Some(Decoded::Scan("0".into())));
        assert_eq!(d.flush(), None);
    }
}
