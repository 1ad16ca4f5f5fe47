//! The few ESC/POS commands a receipt needs, written out by hand (see the README for
//! why no crate), and GB18030 text as the Chinese-mode printers sold in China expect.

use encoding_rs::GB18030;

use super::{Line, Receipt, Width};

pub const INIT: &[u8] = &[0x1B, b'@'];
/// FS &: Chinese (double-byte) character mode.
pub const CHINESE_ON: &[u8] = &[0x1C, b'&'];
pub const BOLD_ON: &[u8] = &[0x1B, b'E', 1];
pub const BOLD_OFF: &[u8] = &[0x1B, b'E', 0];
pub const ALIGN_LEFT: &[u8] = &[0x1B, b'a', 0];
pub const ALIGN_CENTER: &[u8] = &[0x1B, b'a', 1];
/// ESC d 4: feed four lines so the last printed line clears the cutter.
pub const FEED: &[u8] = &[0x1B, b'd', 4];
/// GS V 66 0: feed to the cutting position and cut, leaving a hinge (partial cut).
pub const CUT: &[u8] = &[0x1D, b'V', 66, 0];

/// Printed columns of a character in Chinese mode: a single GB18030 byte is a
/// half-width glyph, anything multi-byte a full-width one (two columns). This is not
/// Unicode's East Asian width: "·" or "ü" are narrow on a screen but wide on the paper.
pub fn columns(c: char) -> usize {
    if c.is_ascii() {
        1
    } else {
        2
    }
}

fn text(out: &mut Vec<u8>, s: &str) {
    let (bytes, _, _) = GB18030.encode(s);
    out.extend_from_slice(&bytes);
}

/// The receipt as printer bytes: init, Chinese mode, centred bold title, left-aligned
/// body laid out in `width` columns, feed and cut.
pub fn render(r: &Receipt, width: Width) -> Vec<u8> {
    let mut out = Vec::with_capacity(1024);
    out.extend_from_slice(INIT);
    out.extend_from_slice(CHINESE_ON);
    for line in &r.lines {
        match line {
            Line::Title(t) => {
                out.extend_from_slice(ALIGN_CENTER);
                out.extend_from_slice(BOLD_ON);
                text(&mut out, &super::fit(t, width.columns(), columns));
                out.push(b'\n');
                out.extend_from_slice(BOLD_OFF);
                out.extend_from_slice(ALIGN_LEFT);
            }
            Line::Center(t) => {
                out.extend_from_slice(ALIGN_CENTER);
                text(&mut out, &super::fit(t, width.columns(), columns));
                out.push(b'\n');
                out.extend_from_slice(ALIGN_LEFT);
            }
            other => {
                for l in super::layout(other, width.columns(), columns) {
                    text(&mut out, &l);
                    out.push(b'\n');
                }
            }
        }
    }
    out.extend_from_slice(FEED);
    out.extend_from_slice(CUT);
    out
}
