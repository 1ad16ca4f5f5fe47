//! Receipts (小票): what an entry did, for the member, on 58 mm (32 columns) or 80 mm
//! (48 columns) paper, as ESC/POS bytes in GB18030 or as plain text. A receipt is built
//! from the journal entry alone plus the member and the balances after it, so any
//! receipt can be reprinted from the journal at any time (`carddesk receipt ENTRY_ID`).

mod content;
pub mod escpos;

use std::io::Write;
use std::path::Path;

use carddesk_data::analytics::BalancesAfter;
use carddesk_data::journal::Entry;
use carddesk_data::{Account, Lang, Member, Rules};
use carddesk_model::text::ReportTx;
use unicode_width::UnicodeWidthChar;

pub use content::build;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// 58 mm paper: 32 columns of the 12×24 font.
    Mm58,
    /// 80 mm paper: 48 columns.
    Mm80,
}

impl Width {
    pub fn columns(self) -> usize {
        match self {
            Width::Mm58 => 32,
            Width::Mm80 => 48,
        }
    }

    /// From the paper width in mm as configured or typed: 58 or 80.
    pub fn from_mm(mm: u32) -> Option<Width> {
        match mm {
            58 => Some(Width::Mm58),
            80 => Some(Width::Mm80),
            _ => None,
        }
    }
}

/// A receipt, independent of how it is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// Centred, bold.
    Title(String),
    Center(String),
    /// Label on the left, value on the right.
    Pair(String, String),
    Text(String),
    Rule,
}

/// The balances printed at the bottom.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Balances {
    pub principal: rust_decimal::Decimal,
    pub bonus: rust_decimal::Decimal,
    pub points: i64,
}

impl From<&Account> for Balances {
    fn from(a: &Account) -> Self {
        Balances {
            principal: a.principal,
            bonus: a.bonus,
            points: a.points,
        }
    }
}

impl From<&BalancesAfter> for Balances {
    fn from(b: &BalancesAfter) -> Self {
        Balances {
            principal: b.principal,
            bonus: b.bonus,
            points: b.points,
        }
    }
}

/// Control characters in names or notes must never reach the printer: an ESC inside a
/// member's name would be a printer command.
pub(crate) fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn width_of(s: &str, cols: fn(char) -> usize) -> usize {
    s.chars().map(cols).sum()
}

/// `s` cut to at most `max` columns (never splitting a wide character).
pub(crate) fn fit(s: &str, max: usize, cols: fn(char) -> usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in clean(s).chars() {
        let w = cols(c);
        if used + w > max {
            break;
        }
        used += w;
        out.push(c);
    }
    out
}

/// Lines of `width` columns for one receipt line. A pair whose label and value don't
/// fit side by side puts the value on its own line, right-aligned; long text wraps.
pub(crate) fn layout(line: &Line, width: usize, cols: fn(char) -> usize) -> Vec<String> {
    match line {
        Line::Rule => vec!["-".repeat(width)],
        Line::Title(t) | Line::Center(t) => {
            let t = fit(t, width, cols);
            let pad = (width - width_of(&t, cols)) / 2;
            vec![format!("{}{t}", " ".repeat(pad))]
        }
        Line::Pair(label, value) => {
            let label = fit(label, width, cols);
            let value = fit(value, width, cols);
            let (lw, vw) = (width_of(&label, cols), width_of(&value, cols));
            if lw + 1 + vw <= width {
                vec![format!("{label}{}{value}", " ".repeat(width - lw - vw))]
            } else {
                vec![label, format!("{}{value}", " ".repeat(width - vw))]
            }
        }
        Line::Text(t) => {
            let mut lines = vec![String::new()];
            let mut used = 0;
            for c in clean(t).chars() {
                let w = cols(c);
                if used + w > width {
                    lines.push(String::new());
                    used = 0;
                }
                used += w;
                if let Some(l) = lines.last_mut() {
                    l.push(c);
                }
            }
            lines
        }
    }
}

/// Display columns on a screen or in a text file (Unicode East Asian width).
pub fn screen_columns(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// The plain-text receipt: for a printer without ESC/POS, a screen or a file.
pub fn text(r: &Receipt, width: Width) -> String {
    let mut out = String::new();
    for line in &r.lines {
        for l in layout(line, width.columns(), screen_columns) {
            out.push_str(l.trim_end());
            out.push('\n');
        }
    }
    out
}

pub fn escpos(r: &Receipt, width: Width) -> Vec<u8> {
    escpos::render(r, width)
}

/// The receipt of a committed operation, as the TUI prints it on commit: the entry,
/// the member and the balances after it (the outcome's account).
pub fn receipt_bytes(
    entry: &Entry,
    member: Option<&Member>,
    account: &Account,
    width: Width,
    lang: Lang,
    rules: &Rules,
) -> Vec<u8> {
    escpos(
        &build(entry, member, Some(&Balances::from(account)), lang, rules),
        width,
    )
}

/// The plain-text receipt of a committed operation (printers without ESC/POS).
pub fn receipt_text(
    entry: &Entry,
    member: Option<&Member>,
    account: &Account,
    width: Width,
    lang: Lang,
    rules: &Rules,
) -> String {
    text(
        &build(entry, member, Some(&Balances::from(account)), lang, rules),
        width,
    )
}

/// Sends bytes to a printer device (a character device such as /dev/usb/lp0, opened
/// for writing, never created), or to stdout.
pub fn send(bytes: &[u8], device: Option<&Path>) -> std::io::Result<()> {
    if let Some(dev) = device {
        let mut f = std::fs::OpenOptions::new().append(true).open(dev)?;
        f.write_all(bytes)?;
        return f.flush();
    }
    std::io::stdout().write_all(bytes)
}

/// Writes a receipt file: owner-only (it names the member), never onto the book or a
/// hub store, an existing file replaced only with `force`.
fn save(bytes: &[u8], file: &Path, book: &Path, force: bool, lang: Lang) -> anyhow::Result<()> {
    carddesk_data::files::write_output(file, book, force, |f| f.write_all(bytes)).map_err(|e| {
        match e {
            carddesk_data::files::OutputError::File(e) => anyhow::anyhow!("{}", e.message(lang)),
            carddesk_data::files::OutputError::Write(e) => anyhow::anyhow!(
                "{} {}: {e}",
                ReportTx::RcptCannotPrintTo.get(lang),
                file.display()
            ),
        }
    })
}

/// Where `carddesk receipt` sends a receipt.
#[derive(Debug, Clone, Copy)]
pub enum Dest<'a> {
    Stdout,
    Device(&'a Path),
    /// A file; an existing one is replaced only with `force`.
    File {
        path: &'a Path,
        force: bool,
    },
}

/// `carddesk receipt ENTRY_ID`: rebuilds the receipt from the journal (balances as
/// they were right after the entry) and prints it.
pub fn reprint(
    book: &carddesk_data::Book,
    lang: Lang,
    entry_id: &str,
    width: Width,
    dest: Dest<'_>,
    as_text: bool,
) -> anyhow::Result<()> {
    let entry = book
        .entry(entry_id.trim())?
        .ok_or_else(|| crate::exit::Refusal {
            exit: crate::exit::Exit::Refused,
            message: ReportTx::RcptNoSuchEntry.get(lang).to_string(),
        })?;
    let member = match &entry.header.member_no {
        Some(no) => book.member(no)?,
        None => None,
    };
    let balances = book
        .balances_after(&entry.id())?
        .map(|b| Balances::from(&b));
    let receipt = build(
        &entry,
        member.as_ref(),
        balances.as_ref(),
        lang,
        &book.terminal().rules,
    );
    let bytes = if as_text || matches!(dest, Dest::Stdout) {
        text(&receipt, width).into_bytes()
    } else {
        escpos(&receipt, width)
    };
    let device = match dest {
        Dest::File { path, force } => return save(&bytes, path, book.path(), force, lang),
        Dest::Device(d) => Some(d),
        Dest::Stdout => None,
    };
    send(&bytes, device).map_err(|e| {
        let target = device.map(|p| p.display().to_string()).unwrap_or_default();
        anyhow::anyhow!("{} {target}: {e}", ReportTx::RcptCannotPrintTo.get(lang))
    })
}
