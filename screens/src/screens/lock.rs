//! The idle lock: after `ui.idle_lock_minutes` without a key the screen hides what it
//! showed and asks the same operator's PIN. Esc only clears the PIN; F4 logs out
//! (another operator then logs in). A modal over the layers, which keep their state.

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use crate::context::Shared;
use crate::field::{FieldKind, TextField};
use crate::i18n::Tx;
use crate::keymap::{self, bind, Binding, Key, KeyHelp};
use crate::layer::{Flow, Kind, Layer, Modal};
use crate::model::{Command, Reply};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    Unlock,
    LogOut,
    Clear,
}

/// The lock's keys; it has no F1, so all of them are on the key bar.
const KEYS: &[Binding<Act>] = &[
    bind(
        "Enter/F12",
        &[Key::Enter, Key::F(12)],
        Tx::KUnlock,
        Act::Unlock,
    ),
    bind("F4", &[Key::F(4)], Tx::KLogout, Act::LogOut),
    bind("Esc", &[Key::Esc], Tx::KClear, Act::Clear),
];

pub struct LockPrompt {
    pin: TextField,
    busy: bool,
    /// Locked by the operator (Ctrl-L, F11, the back office), not for being idle.
    manual: bool,
}

impl LockPrompt {
    /// `manual`: the operator locked the screen on purpose (not for being idle).
    pub fn new(manual: bool) -> Self {
        LockPrompt {
            pin: TextField::new(FieldKind::Secret, 12),
            busy: false,
            manual,
        }
    }

    /// A refused PIN: clear it and let the operator try again.
    fn refused(&mut self) {
        self.busy = false;
        self.pin.clear();
    }
}

impl Layer for LockPrompt {
    fn name(&self) -> &'static str {
        "lock"
    }

    fn kind(&self) -> Kind {
        Kind::Modal(Modal::Lock)
    }

    fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Flow {
        match keymap::find(KEYS, &key) {
            Some(Act::LogOut) => return Flow::Login,
            Some(Act::Clear) => self.pin.clear(),
            _ if self.busy => sh.info(sh.tx(Tx::BusyWait)),
            Some(Act::Unlock) => {
                let Some(op) = &sh.operator else {
                    return Flow::Login;
                };
                if self.pin.is_empty() {
                    sh.error(sh.tx(Tx::FillAll));
                } else {
                    self.busy = true;
                    let operator_id = op.operator_id.clone();
                    sh.send(Command::Unlock {
                        operator_id,
                        pin: self.pin.value().to_string(),
                    });
                }
            }
            None if self.pin.key(&key) => {}
            None => return Flow::Pass,
        }
        Flow::Stay
    }

    /// The PIN.
    fn typing(&self) -> bool {
        !self.busy
    }

    /// Only the same operator's PIN unlocks.
    fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Flow> {
        let Reply::Unlocked(result) = r else {
            return None;
        };
        let same = |id: &str| sh.operator.as_ref().is_some_and(|me| me.operator_id == id);
        match result {
            Ok(o) if same(&o.operator_id) => {
                sh.ok(sh.tx(Tx::Unlocked));
                return Some(Flow::back());
            }
            Ok(_) => sh.error(sh.tx(Tx::OtherOperator)),
            Err(e) => sh.error(e.message(sh.lang())),
        }
        self.refused();
        Some(Flow::Stay)
    }

    fn render(&self, f: &mut Frame, body: Rect, sh: &Shared, _keys: &[KeyHelp]) {
        let lang = sh.lang();
        let theme = sh.theme();
        // What was on screen is hidden while locked.
        f.render_widget(Clear, body);
        let w = 56.min(body.width);
        let h = 8.min(body.height);
        let popup = Rect::new(
            body.x + (body.width - w) / 2,
            body.y + body.height.saturating_sub(h) / 3,
            w,
            h,
        );
        let block = theme.block(format!(" {} ", Tx::LockedTitle.get(lang)));
        let inner = block.inner(popup);
        f.render_widget(block, popup);
        if inner.height < 5 {
            return;
        }
        let who = sh
            .operator
            .as_ref()
            .map(|o| format!("{} {}", o.operator_id, o.name))
            .unwrap_or_default();
        f.render_widget(
            Paragraph::new(vec![
                Line::from(Span::styled(
                    if self.manual {
                        Tx::LockedNowHint
                    } else {
                        Tx::LockedHint
                    }
                    .get(lang),
                    theme.muted(),
                )),
                Line::from(""),
                Line::from(vec![
                    Span::styled(format!("{} ", Tx::OperatorId.get(lang)), theme.label()),
                    Span::raw(who),
                ]),
            ]),
            Rect::new(inner.x + 1, inner.y, inner.width.saturating_sub(2), 3),
        );
        let label = format!("{} ", Tx::Pin.get(lang));
        let lw = crate::text::width(&label) as u16;
        f.render_widget(
            Paragraph::new(Span::styled(label, theme.focus())),
            Rect::new(inner.x + 1, inner.y + 3, lw, 1),
        );
        self.pin.render(
            f,
            Rect::new(
                inner.x + 1 + lw,
                inner.y + 3,
                inner.width.saturating_sub(lw + 2),
                1,
            ),
            !self.busy,
        );
    }

    fn keys(&self, _sh: &Shared) -> Option<Vec<KeyHelp>> {
        Some(keymap::all(KEYS))
    }
}
