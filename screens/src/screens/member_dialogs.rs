//! The member screen's dialogs, each a layer over it: freeze or unfreeze with a reason
//! (a cashier's needs a supervisor's approval, asked for over the dialog), and binding
//! an unknown chip card just presented. Each posts itself and closes once posted.

use carddesk_model::entry::CredentialKind;
use carddesk_model::ops::{BindCredential, FreezeMember, UnfreezeMember};
use carddesk_model::permissions::Action;
use carddesk_model::{Credential, Request};
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use super::approval::{approval_refused, own_role_allows};
use super::posting::member_of;
use crate::context::Shared;
use crate::field::{FieldKind, TextField};
use crate::i18n::{self, Tx};
use crate::keymap::{self, bind, Binding, Key, KeyHelp};
use crate::layer::{Back, Flow, Kind, Layer};
use crate::model::{Approval, Command, Reply};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    Confirm,
    Back,
}

/// The freeze dialog's keys: Enter on the reason confirms too.
const FREEZE_KEYS: &[Binding<Act>] = &[
    bind("F12", &[Key::F(12), Key::Enter], Tx::KConfirm, Act::Confirm),
    keymap::esc(Act::Back),
];

const BIND_KEYS: &[Binding<Act>] = &[
    bind("F12", &[Key::F(12)], Tx::KConfirm, Act::Confirm),
    keymap::esc(Act::Back),
];

/// Freeze (or unfreeze) the member on the counter, with a reason.
pub struct FreezeDialog {
    unfreeze: bool,
    reason: TextField,
    op_id: String,
    busy: bool,
    /// The supervisor who approves a cashier's freeze, once typed.
    approval: Option<Approval>,
}

impl FreezeDialog {
    pub fn new(sh: &mut Shared, unfreeze: bool) -> Self {
        FreezeDialog {
            unfreeze,
            reason: TextField::new(FieldKind::Text, 60),
            op_id: sh.op_id(),
            busy: false,
            approval: None,
        }
    }

    /// F12 or Enter: the reason is needed; a cashier's needs a supervisor first.
    fn post(&mut self, sh: &mut Shared) -> Flow {
        let reason = self.reason.value().trim().to_string();
        if reason.is_empty() {
            sh.error(sh.tx(Tx::ReasonRequired));
            return Flow::Stay;
        }
        let action = if self.unfreeze {
            Action::UnfreezeMember
        } else {
            Action::FreezeMember
        };
        if self.approval.is_none() && !own_role_allows(sh, action) {
            sh.info(sh.tx(Tx::NeedsApproval));
            return super::approval::ask();
        }
        let member_no = sh.member_no().unwrap_or_default().to_string();
        let request = if self.unfreeze {
            Request::UnfreezeMember(UnfreezeMember {
                member_no: member_no.into(),
                reason,
            })
        } else {
            Request::FreezeMember(FreezeMember {
                member_no: member_no.into(),
                reason,
            })
        };
        self.busy = true;
        sh.send(Command::Execute {
            op_id: self.op_id.clone(),
            request,
            approval: self.approval.clone(),
        });
        Flow::Stay
    }
}

impl Layer for FreezeDialog {
    fn name(&self) -> &'static str {
        "freeze"
    }

    fn kind(&self) -> Kind {
        Kind::Dialog
    }

    fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Flow {
        let act = keymap::find(FREEZE_KEYS, &key);
        if act == Some(Act::Back) {
            return Flow::back();
        }
        if self.busy {
            sh.info(sh.tx(Tx::BusyWait));
            return Flow::Stay;
        }
        match act {
            Some(_) => self.post(sh),
            None if self.reason.key(&key) => Flow::Stay,
            None => Flow::Pass,
        }
    }

    /// The reason.
    fn typing(&self) -> bool {
        !self.busy
    }

    /// The supervisor's approval: the freeze goes to the book now, with it.
    fn resume(&mut self, sh: &mut Shared, back: Back) -> Flow {
        match back {
            Back::Approved(a) => {
                self.approval = Some(a);
                self.post(sh)
            }
            _ => Flow::Stay,
        }
    }

    fn scan(&mut self, sh: &mut Shared, _code: &str) -> Flow {
        sh.error(sh.tx(Tx::FinishFirst));
        Flow::Stay
    }

    fn card(&mut self, sh: &mut Shared, code: &str) -> Flow {
        self.scan(sh, code)
    }

    fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Flow> {
        let result = posted(sh, r, &self.op_id)?;
        self.busy = false;
        match result {
            Ok(()) => Some(Flow::back()),
            // A wrong or missing approval: ask again.
            Err(true) => {
                self.approval = None;
                Some(super::approval::ask())
            }
            Err(false) => Some(Flow::Stay),
        }
    }

    fn render(&self, f: &mut Frame, area: Rect, sh: &Shared, _keys: &[KeyHelp]) {
        let lang = sh.lang();
        let theme = sh.theme();
        let title = if self.unfreeze {
            Tx::UnfreezeTitle
        } else {
            Tx::FreezeTitle
        };
        let inner = popup(f, area, theme.block(format!(" {} ", title.get(lang))));
        f.render_widget(
            Paragraph::new(Tx::Reason.get(lang)),
            Rect::new(inner.x + 1, inner.y + 1, 10, 1),
        );
        self.reason.render(
            f,
            Rect::new(inner.x + 11, inner.y + 1, inner.width.saturating_sub(12), 1),
            true,
        );
        let hint = match &self.approval {
            Some(a) => format!("{} {}", Tx::ApprovedByText.get(lang), a.operator_id),
            None => Tx::F12Confirm.get(lang).to_string(),
        };
        f.render_widget(
            Paragraph::new(Span::styled(hint, theme.muted())),
            Rect::new(inner.x + 1, inner.y + 3, inner.width.saturating_sub(2), 1),
        );
    }

    fn keys(&self, _sh: &Shared) -> Option<Vec<KeyHelp>> {
        Some(keymap::all(FREEZE_KEYS))
    }
}

/// An unknown chip card was presented on the member screen: bind it to this member?
pub struct BindDialog {
    uid: String,
    op_id: String,
    busy: bool,
}

impl BindDialog {
    pub fn new(sh: &mut Shared, uid: &str) -> Self {
        BindDialog {
            uid: uid.to_string(),
            op_id: sh.op_id(),
            busy: false,
        }
    }
}

impl Layer for BindDialog {
    fn name(&self) -> &'static str {
        "bind_card"
    }

    fn kind(&self) -> Kind {
        Kind::Dialog
    }

    fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Flow {
        let act = keymap::find(BIND_KEYS, &key);
        if act == Some(Act::Back) {
            return Flow::back();
        }
        if self.busy {
            sh.info(sh.tx(Tx::BusyWait));
        } else if act.is_none() {
            return Flow::Pass;
        } else {
            self.busy = true;
            sh.send(Command::Execute {
                op_id: self.op_id.clone(),
                request: Request::BindCredential(BindCredential {
                    member_no: sh.member_no().unwrap_or_default().to_string().into(),
                    credential: Credential::new(CredentialKind::Card, self.uid.clone()),
                }),
                approval: None,
            });
        }
        Flow::Stay
    }

    fn scan(&mut self, sh: &mut Shared, _code: &str) -> Flow {
        sh.error(sh.tx(Tx::FinishFirst));
        Flow::Stay
    }

    fn card(&mut self, sh: &mut Shared, code: &str) -> Flow {
        self.scan(sh, code)
    }

    fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Flow> {
        let result = posted(sh, r, &self.op_id)?;
        self.busy = false;
        Some(match result {
            Ok(()) => Flow::back(),
            Err(_) => Flow::Stay,
        })
    }

    fn render(&self, f: &mut Frame, area: Rect, sh: &Shared, _keys: &[KeyHelp]) {
        let lang = sh.lang();
        let theme = sh.theme();
        let inner = popup(
            f,
            area,
            theme.block(format!(" {} ", Tx::BindTitle.get(lang))),
        );
        let no = sh.member_no().unwrap_or_default();
        f.render_widget(
            Paragraph::new(vec![
                Line::from(""),
                Line::from(i18n::bind_card_ask(&self.uid, no, lang)),
                Line::from(""),
                Line::from(Span::styled(Tx::F12Confirm.get(lang), theme.muted())),
            ]),
            crate::chrome::margins(inner),
        );
    }

    fn keys(&self, _sh: &Shared) -> Option<Vec<KeyHelp>> {
        Some(keymap::all(BIND_KEYS))
    }
}

/// The book's answer to the dialog's posting, if `r` is it: said on the message line,
/// the member shown again once posted. Err(true): refused for want of a good approval.
fn posted(sh: &mut Shared, r: &Reply, op_id: &str) -> Option<Result<(), bool>> {
    let Reply::Executed { op_id: id, result } = r else {
        return None;
    };
    if id != op_id {
        return None;
    }
    let lang = sh.lang();
    Some(match result {
        Ok(done) => {
            sh.ok(i18n::posted(&done.entry_id, done.replayed, lang));
            if let Some(no) = member_of(done) {
                sh.refresh_member(no);
            }
            Ok(())
        }
        Err(e) => {
            sh.error(e.message(lang));
            Err(approval_refused(e))
        }
    })
}

/// A dialog's box in the upper middle of the member screen; the area inside it.
fn popup(f: &mut Frame, area: Rect, block: Block) -> Rect {
    let w = 60.min(area.width);
    let popup = Rect::new(area.x + (area.width - w) / 2, area.y + 6, w, 6);
    f.render_widget(Clear, popup);
    let inner = block.inner(popup);
    f.render_widget(block, popup);
    inner
}
