//! The names of the lines of a quote or preview, and of the balances before → after.

use carddesk_model::Lang;

pub use carddesk_model::text::QuoteLabel;

use super::Tx;

pub fn quote_label(l: QuoteLabel, lang: Lang) -> &'static str {
    l.get(lang)
}

/// Names of balances in "before -> after" lines.
pub fn balance_label(l: QuoteLabel, lang: Lang) -> &'static str {
    match l {
        QuoteLabel::Principal => Tx::Principal.get(lang),
        QuoteLabel::Bonus => Tx::Bonus.get(lang),
        QuoteLabel::Points | QuoteLabel::PointsEarned | QuoteLabel::PointsUsed => {
            Tx::Points.get(lang)
        }
        other => quote_label(other, lang),
    }
}
