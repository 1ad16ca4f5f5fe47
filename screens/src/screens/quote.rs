//! The quote panel of the money screens: every line, every balance before → after,
//! and what F12 will do (or what it did).

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::Shared;
use crate::i18n::{self, Tx};
use crate::model::{Amount, Done, QuoteLabel, QuoteView};
use crate::text::{pad_left, width};

pub fn render(
    f: &mut Frame,
    area: Rect,
    sh: &Shared,
    quote: Option<&QuoteView>,
    done: &Option<Done>,
    in_flight: bool,
) {
    let lang = sh.lang();
    let theme = sh.theme();
    let block = theme
        .block(format!(" {} ", Tx::QuoteTitle.get(lang)))
        .borders(Borders::LEFT);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(q) = quote else {
        return;
    };
    let mut lines = Vec::new();
    let w = inner.width.saturating_sub(2) as usize;
    for l in &q.lines {
        let label = i18n::quote_label(l.label, lang);
        // Kinds and roles come as the book's words; show them in the operator's language.
        let value = match (&l.label, &l.value) {
            (QuoteLabel::Reverses, Amount::Text(k)) => i18n::entry_kind(k, lang),
            (QuoteLabel::Role, Amount::Text(r)) => i18n::role(r, lang).to_string(),
            (QuoteLabel::Status, Amount::Text(s)) if s == "active" || s == "off" => {
                i18n::operator_status(s == "active", lang).to_string()
            }
            (QuoteLabel::Pin, Amount::Text(_)) => "****".to_string(),
            (QuoteLabel::Resolution, Amount::Text(r)) => i18n::resolution(r, lang),
            (QuoteLabel::Tender, Amount::Text(t)) => i18n::tender_word(t, lang),
            (QuoteLabel::Into, Amount::Text(t)) if t == "stored_value" => {
                Tx::IntoStoredValue.get(lang).to_string()
            }
            (_, v) => amount_text(v),
        };
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
    for b in &q.balances {
        let label = i18n::balance_label(b.label, lang);
        let change = format!(
            "{} {} {}",
            amount_text(&b.before),
            theme.arrow(),
            amount_text(&b.after)
        );
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

fn amount_text(a: &Amount) -> String {
    match a {
        Amount::Money(d) => i18n::money(*d),
        Amount::Points(p) | Amount::Count(p) => p.to_string(),
        Amount::Text(t) => t.clone(),
    }
}
