//! Drawing a money form: the fields, the form's own settings (tender, points, stored
//! value, the member's coupons, the change due) and the quote beside them.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use rust_decimal::Decimal;

use super::{tendered, Money, MoneyKind, Toggle, CASH, COUPON, MAX_POINTS, MAX_STORED};
use crate::context::Shared;
use crate::i18n::{self, Tx};

impl Money {
    pub(super) fn draw(&self, f: &mut Frame, area: Rect, sh: &Shared) {
        let lang = sh.lang();
        let theme = sh.theme();
        let who = match &self.member {
            Some((no, name)) => format!("{} {no} {name}", Tx::MemberNo.get(lang)),
            None => Tx::NoMember.get(lang).to_string(),
        };
        let block = theme.block(format!(" {} - {who} ", self.title().get(lang)));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [left, right] =
            Layout::horizontal([Constraint::Length(38), Constraint::Min(30)]).areas(inner);
        // A checkout begun with no member has its lookup line above the form.
        let lookup_rows = u16::from(self.lookup.is_some());
        let form_area = Rect::new(
            left.x + 1,
            left.y + 1 + lookup_rows,
            left.width.saturating_sub(2),
            self.form.fields.len() as u16,
        );
        let active = self.posting.done().is_none() && !self.posting.in_flight();
        let in_lookup = self.lookup.as_ref().is_some_and(|l| l.focus);
        // On with no limit: all that applies; on with one: at most that much.
        let pays = |t: Toggle, field: usize| {
            let limit = self.form.value(field).trim();
            let text = match (self.uses(t), limit.is_empty()) {
                (false, _) => Tx::No.get(lang).to_string(),
                (true, true) => Tx::AllThatApplies.get(lang).to_string(),
                (true, false) => i18n::at_most(limit, lang),
            };
            let key = if t == Toggle::Points { "F5" } else { "F6" };
            format!("{text} ({key})")
        };
        let mut extra: Vec<(Tx, String)> = Vec::new();
        if self.has(Toggle::Tender) {
            extra.push((
                Tx::Tender,
                format!("{} (F2)", i18n::tender(self.tender, lang)),
            ));
        }
        if self.kind == MoneyKind::Checkout {
            extra.push((Tx::UsePoints, pays(Toggle::Points, MAX_POINTS)));
            extra.push((Tx::UseStored, pays(Toggle::Stored, MAX_STORED)));
            let no = self.member.as_ref().map_or("", |(no, _)| no.as_str());
            let coupon = self.form.value(COUPON);
            let line = tendered::coupon_line(sh, no, coupon);
            extra.push((Tx::MemberCoupons, line));
            let cash = self.form.value(CASH);
            match tendered::change(self.posting.quote(), self.tender, cash) {
                Some(c) if c < Decimal::ZERO => extra.push((Tx::CashShort, format!("{:.2}", -c))),
                Some(c) => extra.push((Tx::ChangeDue, format!("{c:.2}"))),
                None => {}
            }
        }
        let lw = extra
            .iter()
            .map(|(l, _)| crate::text::width(l.get(lang)) as u16 + 2)
            .fold(self.form.label_width(lang), u16::max);
        let form_area = Rect {
            height: self.form.fields.len() as u16,
            ..form_area
        };
        if let Some(l) = &self.lookup {
            let line = Rect::new(form_area.x, left.y + 1, form_area.width, 1);
            l.render(f, line, sh, lw);
        }
        let active = active && !in_lookup;
        self.form.render_with(f, form_area, lw, theme, lang, active);
        let mut y = form_area.bottom();
        for (label, value) in extra {
            if y >= left.bottom() {
                break;
            }
            f.render_widget(
                Paragraph::new(Span::styled(label.get(lang), theme.label())),
                Rect::new(form_area.x, y, lw, 1),
            );
            f.render_widget(
                Paragraph::new(value),
                Rect::new(form_area.x + lw, y, form_area.width.saturating_sub(lw), 1),
            );
            y += 1;
        }
        if y + 1 < left.bottom() {
            f.render_widget(
                Paragraph::new(Line::from(Span::styled(
                    Tx::EnterForPreview.get(lang),
                    theme.muted(),
                )))
                .wrap(ratatui::widgets::Wrap { trim: true }),
                Rect::new(form_area.x, y + 1, form_area.width, left.bottom() - y - 1),
            );
        }
        self.posting.render(f, right, sh);
    }
}
