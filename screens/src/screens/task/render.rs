//! Drawing a task form: the rows that say what the step is about, the fields, a hint,
//! and the preview beside them.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::{Task, TaskKind};
use crate::context::Shared;
use crate::i18n::{self, Tx};

impl Task {
    pub(super) fn draw(&self, f: &mut Frame, area: Rect, sh: &Shared) {
        let lang = sh.lang();
        let theme = sh.theme();
        let title = match &self.member {
            Some((no, name)) if self.member_no().is_ok() && self.uses_member() => format!(
                " {} - {} {no} {name} ",
                self.title().get(lang),
                Tx::MemberNo.get(lang)
            ),
            _ => format!(" {} ", self.title().get(lang)),
        };
        let block = theme.block(title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [left, right] =
            Layout::horizontal([Constraint::Length(38), Constraint::Min(30)]).areas(inner);
        let x = left.x + 1;
        let w = left.width.saturating_sub(2);
        let mut rows: Vec<(String, String)> = Vec::new();
        if let TaskKind::Reverse { entry_id, kind } = &self.kind {
            rows.push((
                Tx::Entry.get(lang).into(),
                format!("{entry_id} {}", i18n::entry_kind(kind, lang)),
            ));
        }
        if let TaskKind::SetOperatorActive {
            operator_id, name, ..
        }
        | TaskKind::ChangePin {
            operator_id, name, ..
        } = &self.kind
        {
            rows.push((
                Tx::OperatorId.get(lang).into(),
                format!("{operator_id} {name}"),
            ));
        }
        if let TaskKind::SettleConflict(c) = &self.kind {
            rows.push((
                Tx::ConflictLabel.get(lang).into(),
                format!("{} {}", c.conflict_id, i18n::conflict_kind(&c.kind, lang)),
            ));
            rows.push((
                Tx::MemberNo.get(lang).into(),
                format!("{} {}", c.member_no, c.member_name),
            ));
            let amount = if c.asset == "stored_value" {
                i18n::money(c.amount)
            } else {
                c.amount.normalize().to_string()
            };
            rows.push((
                Tx::AssetCol.get(lang).into(),
                format!(
                    "{} {}{amount}",
                    i18n::conflict_asset(&c.asset, lang),
                    if c.subject.is_empty() {
                        String::new()
                    } else {
                        format!("{} ", c.subject)
                    }
                ),
            ));
        }
        if let TaskKind::SetOperatorActive { active, .. } = &self.kind {
            rows.push((
                Tx::Status.get(lang).into(),
                format!(
                    "{} {} {}",
                    i18n::operator_status(!active, lang),
                    theme.arrow(),
                    i18n::operator_status(*active, lang)
                ),
            ));
        }
        if let Some(label) = self.choice_label() {
            let value = self
                .choices(sh)
                .get(self.choice)
                .map(|(_, t)| format!("{t} (F2)"))
                .unwrap_or_else(|| Tx::NothingToChoose.get(lang).into());
            rows.push((label.get(lang).into(), value));
        }
        if self.takes_tender() {
            rows.push((
                Tx::Tender.get(lang).into(),
                format!("{} (F3)", i18n::tender(self.tender, lang)),
            ));
        }
        if let Some(a) = self.posting.approval() {
            rows.push((Tx::ApprovedByText.get(lang).into(), a.operator_id.clone()));
        }
        let lw = rows
            .iter()
            .map(|(l, _)| crate::text::width(l) as u16 + 2)
            .fold(self.form.label_width(lang), u16::max);
        let mut y = left.y + 1;
        for (label, value) in &rows {
            if y >= left.bottom() {
                break;
            }
            f.render_widget(
                Paragraph::new(Span::styled(label.as_str(), theme.label())),
                Rect::new(x, y, lw.min(w), 1),
            );
            f.render_widget(
                Paragraph::new(value.as_str()),
                Rect::new(x + lw.min(w), y, w.saturating_sub(lw), 1),
            );
            y += 1;
        }
        let n = self.form.fields.len() as u16;
        let form_area = Rect::new(x, y, w, n.min(left.bottom().saturating_sub(y)));
        let active = !self.posting.busy();
        self.form.render_with(f, form_area, lw, theme, lang, active);
        let y = form_area.bottom();
        if y + 1 < left.bottom() {
            let hint = if matches!(self.kind, TaskKind::RedeemCoupon | TaskKind::VoidCoupon) {
                Tx::CouponHint.get(lang)
            } else if matches!(self.kind, TaskKind::SettleConflict(_)) {
                Tx::SettleHint.get(lang)
            } else {
                Tx::EnterForPreview.get(lang)
            };
            f.render_widget(
                Paragraph::new(Line::from(Span::styled(hint, theme.muted())))
                    .wrap(Wrap { trim: true }),
                Rect::new(x, y + 1, w, left.bottom() - y - 1),
            );
        }
        self.posting.render(f, right, sh);
    }
}
