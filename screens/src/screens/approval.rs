//! The on-the-spot supervisor approval: a privileged step (reversal, freeze, coupon
//! issue or void, a large stored-value payment) asked for by a cashier opens this
//! prompt, a dialog over the form; a supervisor types their id and PIN, and the form
//! gets them back and sends the step to the book with them. The book checks the PIN and
//! the role and records the supervisor in the entry next to the cashier. Esc closes the
//! prompt and posts nothing.

use carddesk_model::permissions::{self, Action};
use carddesk_model::OpError;
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use crate::context::Shared;
use crate::field::{FieldKind, Form, FormKey, TextField};
use crate::i18n::Tx;
use crate::keymap::{self, bind, Binding, Key, KeyHelp};
use crate::layer::{Back, Flow, Kind, Layer};
use crate::model::Approval;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    /// The form's: Enter on the PIN gives the approval.
    Form,
    Approve,
    Cancel,
}

const KEYS: &[Binding<Act>] = &[
    bind("Enter", &[Key::Enter], Tx::KApprove, Act::Form),
    bind("Esc", &[Key::Esc], Tx::KBack, Act::Cancel),
    bind("F12", &[Key::F(12)], Tx::KApprove, Act::Approve).help_only(),
    keymap::fields(Act::Form),
];

pub struct ApprovalPrompt {
    form: Form,
}

impl Default for ApprovalPrompt {
    fn default() -> Self {
        ApprovalPrompt {
            form: Form::new(vec![
                (Tx::SupervisorId, TextField::new(FieldKind::Text, 16)),
                (Tx::Pin, TextField::new(FieldKind::Secret, 12)),
            ]),
        }
    }
}

/// Opens the prompt over the form.
pub fn ask() -> Flow {
    Flow::Open(Box::new(ApprovalPrompt::default()))
}

impl Layer for ApprovalPrompt {
    fn name(&self) -> &'static str {
        "approval"
    }

    fn kind(&self) -> Kind {
        Kind::Dialog
    }

    fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Flow {
        let act = keymap::find(KEYS, &key);
        if act == Some(Act::Cancel) {
            return Flow::Back(Back::Cancelled);
        }
        let form = match act {
            Some(Act::Approve) => FormKey::Submit,
            _ => self.form.key(&key),
        };
        if form == FormKey::NotMine {
            return Flow::Pass;
        }
        if form == FormKey::Submit {
            let id = self.form.value(0).trim().to_string();
            let pin = self.form.value(1).to_string();
            if id.is_empty() || pin.is_empty() {
                sh.error(sh.tx(Tx::FillAll));
                return Flow::Stay;
            }
            return Flow::Back(Back::Approved(Approval {
                operator_id: id,
                pin,
            }));
        }
        Flow::Stay
    }

    fn keys(&self, _sh: &Shared) -> Option<Vec<KeyHelp>> {
        Some(keymap::all(KEYS))
    }

    fn typing(&self) -> bool {
        true
    }

    fn render(&self, f: &mut Frame, area: Rect, sh: &Shared, _keys: &[KeyHelp]) {
        let lang = sh.lang();
        let theme = sh.theme();
        let w = 56.min(area.width);
        let h = 7.min(area.height);
        let popup = Rect::new(
            area.x + (area.width - w) / 2,
            area.y + area.height.saturating_sub(h) / 2,
            w,
            h,
        );
        f.render_widget(Clear, popup);
        let block = theme.block(format!(" {} ", Tx::ApprovalTitle.get(lang)));
        let inner = block.inner(popup);
        f.render_widget(block, popup);
        if inner.height < 4 {
            return;
        }
        f.render_widget(
            Paragraph::new(Span::styled(Tx::ApprovalHint.get(lang), theme.muted())),
            Rect::new(inner.x + 1, inner.y, inner.width.saturating_sub(2), 1),
        );
        self.form.render(
            f,
            Rect::new(inner.x + 1, inner.y + 2, inner.width.saturating_sub(2), 2),
            theme,
            lang,
            true,
        );
    }
}

/// Whether the operator's own role allows `action`; if not, a supervisor approves.
pub fn own_role_allows(sh: &Shared, action: Action) -> bool {
    sh.operator
        .as_ref()
        .is_some_and(|o| permissions::allows(o.role, action))
}

/// A refusal that means the approval is missing or was not good: ask again.
pub fn approval_refused(e: &OpError) -> bool {
    matches!(
        e.code(),
        "needs_supervisor" | "wrong_pin" | "locked_out" | "unknown_operator"
    )
}
