//! A report on screen and on paper: its 38-cell lines in columns, and P, which has the
//! worker write them to a text file for printing.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::context::Shared;
use crate::i18n::{self, Tx};
use crate::layer::Flow;
use crate::model::{Command, Reply};
use crate::report::WIDTH;

/// Lines from `scroll` on, in as many columns side by side as fit (up to `most`) when
/// they are taller than the space, else one that pages.
pub fn render(f: &mut Frame, out: Rect, lines: &[String], scroll: usize, most: usize) {
    let col = WIDTH as u16;
    let h = out.height as usize;
    let columns = if lines.len() > h && out.width > 2 * col {
        (((out.width + 1) / (col + 1)) as usize).min(most)
    } else {
        1
    };
    let shown: Vec<&String> = lines.iter().skip(scroll).collect();
    for c in 0..columns {
        let text: Vec<Line> = shown
            .iter()
            .skip(c * h)
            .take(h)
            .map(|l| Line::from(l.as_str()))
            .collect();
        let x = out.x + c as u16 * (col + 1);
        f.render_widget(
            Paragraph::new(text),
            Rect::new(x, out.y, out.right().saturating_sub(x).min(col), out.height),
        );
    }
}

/// P: the worker writes `lines` to `reports/<name>.txt`.
pub fn print(sh: &mut Shared, name: &str, lines: &[String]) {
    let ticket = sh.ticket();
    sh.info(sh.tx(Tx::Working));
    sh.send(Command::Print {
        ticket,
        name: name.to_string(),
        lines: lines.to_vec(),
    });
}

/// The worker's answer to P, if `r` is it: the file written, or why not.
pub fn reply(sh: &mut Shared, r: &Reply) -> Option<Flow> {
    let Reply::Printed { result, .. } = r else {
        return None;
    };
    let lang = sh.lang();
    match result {
        Ok(path) => sh.ok(i18n::printed(path, lang)),
        Err(why) => sh.error(i18n::print_failed(why, lang)),
    }
    Some(Flow::Stay)
}
