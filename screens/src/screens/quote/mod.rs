//! The quote panel of the posting forms: every line, every balance before → after,
//! and what F12 will do (or what it did).

mod lines;

use carddesk_model::Outcome;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::context::Shared;
use crate::i18n::{self, Tx};
use crate::model::Quote;
use crate::text::{pad_left, width};

pub fn render(
    f: &mut Frame,
    area: Rect,
    sh: &Shared,
    quote: Option<&Quote>,
    done: Option<&Outcome>,
    in_flight: bool,
) {
    let lang = sh.lang();
    let theme = sh.theme();
    let block = theme
        .block(format!(" {} ", Tx::QuoteTitle.get(lang)))
        .borders(Borders::LEFT);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(q) = quote.map(|q| lines::text(q, lang)) else {
        return;
    };
    let mut lines = Vec::new();
    let w = inner.width.saturating_sub(2) as usize;
    for (label, value) in &q.lines {
        // A tier change reads "from → to": in ASCII mode the arrow is drawn as "->".
        let value = value.replace('→', theme.arrow());
        lines.push(Line::from(vec![
            Span::styled(label.to_string(), theme.label()),
            Span::raw(pad_left(&value, w.saturating_sub(width(label)))),
        ]));
    }
    lines.push(Line::from(""));
    if !q.balances.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(
                "{} {} {}",
                Tx::Before.get(lang),
                theme.arrow(),
                Tx::After.get(lang)
            ),
            theme.title(),
        )));
    }
    for (label, before, after) in &q.balances {
        let change = format!("{before} {} {after}", theme.arrow());
        lines.push(Line::from(vec![
            Span::styled(label.to_string(), theme.label()),
            Span::styled(
                pad_left(&change, w.saturating_sub(width(label))),
                theme.money(),
            ),
        ]));
    }
    if q.pin_required {
        lines.push(Line::from(Span::styled(
            Tx::PinNeeded.get(lang),
            theme.error(),
        )));
    }
    lines.push(Line::from(""));
    let footer = match done {
        Some(d) => Span::styled(
            format!(
                "{}  {}",
                i18n::posted(&d.entry_id, d.replayed, lang),
                Tx::AnyKeyBack.get(lang)
            ),
            theme.ok(),
        ),
        None if in_flight => Span::raw(Tx::Working.get(lang)),
        None => Span::styled(Tx::PressF12.get(lang), theme.focus()),
    };
    lines.push(Line::from(footer));
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }),
        Rect::new(
            inner.x + 1,
            inner.y + 1,
            inner.width.saturating_sub(1),
            inner.height.saturating_sub(1),
        ),
    );
}
