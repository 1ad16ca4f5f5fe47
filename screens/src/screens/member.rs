//! The member on the counter: profile, cards, account and the latest entries, and the
//! keys to every operation on them.

use carddesk_data::entry::CredentialKind;
use carddesk_data::ops::{BindCredential, FreezeMember, UnfreezeMember};
use carddesk_data::{Credential, Found, Request, Role};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui::Frame;

use super::approval::{approval_refused, own_role_allows, ApprovalPrompt, PromptKey};
pub use super::member_view::{cred_status_text, cred_value, kind_text, render_member, status_text};
use super::task::TaskKind;
use super::{MoneyKind, Nav, Screen};
use crate::app::Shared;
use crate::chrome::KeyHelp;
use crate::field::{FieldKind, TextField};
use crate::i18n::{self, Tx};
use crate::model::{Approval, Command, FindPurpose, Reply};
use carddesk_data::permissions::Action as Permission;

enum Dialog {
    /// Freeze or unfreeze, with a reason.
    Freeze {
        unfreeze: bool,
        reason: TextField,
        op_id: String,
        busy: bool,
        /// The supervisor who approves a cashier's freeze, once typed.
        approval: Option<Approval>,
        prompt: Option<ApprovalPrompt>,
    },
    /// An unknown chip card was presented: bind it to this member?
    BindCard {
        uid: String,
        op_id: String,
        busy: bool,
    },
}

#[derive(Default)]
pub struct MemberScreen {
    dialog: Option<Dialog>,
}

impl MemberScreen {
    pub fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Nav {
        let Some((member_no, frozen)) = sh
            .member
            .as_ref()
            .map(|v| (v.member.member_no.clone(), v.member.is_frozen()))
        else {
            return Nav::Home;
        };
        if let Some(d) = &mut self.dialog {
            return match dialog_key(d, sh, key, &member_no) {
                Some(nav) => nav,
                None => {
                    self.dialog = None;
                    Nav::Stay
                }
            };
        }
        if key.code == KeyCode::Esc {
            return Nav::Home;
        }
        // Printable keys typed without Alt start a new search: a cashier who types a
        // name or phone here never fires a command by accident.
        if let KeyCode::Char(c) = key.code {
            if !key
                .modifiers
                .intersects(KeyModifiers::ALT | KeyModifiers::CONTROL)
            {
                return Nav::To(Screen::home_with(&c.to_string(), Vec::new()));
            }
        }
        let Some(&(_, _, action, _)) = MEMBER_KEYS.iter().find(|(f, alt, _, _)| {
            f.is_some_and(|n| key.code == KeyCode::F(n))
                || (key.modifiers.contains(KeyModifiers::ALT)
                    && matches!(key.code, KeyCode::Char(c) if c.eq_ignore_ascii_case(alt)))
        }) else {
            return Nav::Stay;
        };
        // A frozen member may not transact: say so at once, not after a filled form.
        if frozen && action.transacts() {
            sh.error(i18n::member_frozen(&member_no, sh.lang()));
            return Nav::Stay;
        }
        let task = |kind, sh: &mut Shared| Nav::To(Screen::task(kind, sh));
        match action {
            Action::Checkout => Nav::To(Screen::money(MoneyKind::Checkout, sh)),
            Action::TopUp => Nav::To(Screen::money(MoneyKind::TopUp, sh)),
            Action::Stay => Nav::To(Screen::money(MoneyKind::Stay, sh)),
            Action::Edit => Nav::To(Screen::Profile(super::profile::ProfileForm::edit(sh))),
            Action::Cards => Nav::To(Screen::Cards(super::cards::Cards::new(sh))),
            Action::Journal => Nav::To(Screen::Journal(super::journal::Journal::for_member(
                sh, &member_no,
            ))),
            Action::Freeze => {
                self.dialog = Some(Dialog::Freeze {
                    unfreeze: frozen,
                    reason: TextField::new(FieldKind::Text, 60),
                    op_id: sh.op_id(),
                    busy: false,
                    approval: None,
                    prompt: None,
                });
                Nav::Stay
            }
            Action::SellCard => task(TaskKind::SellCountCard, sh),
            Action::UseCard => task(TaskKind::UseCountCard, sh),
            Action::IssueCoupon => task(TaskKind::IssueCoupon, sh),
            Action::RedeemCoupon => task(TaskKind::RedeemCoupon, sh),
            Action::VoidCoupon => task(TaskKind::VoidCoupon, sh),
            Action::Refund => task(TaskKind::Refund, sh),
            Action::Adjust => task(TaskKind::AdjustPoints, sh),
            Action::Gift => task(TaskKind::RedeemGift, sh),
            Action::Convert => task(TaskKind::ConvertPoints, sh),
            Action::Refresh => {
                sh.refresh_member(&member_no);
                Nav::Stay
            }
        }
    }

    pub fn scan(&mut self, sh: &mut Shared, _code: &str) -> bool {
        if self.dialog.is_some() {
            sh.error(sh.tx(Tx::FinishFirst));
            return true;
        }
        false
    }

    pub fn card(&mut self, sh: &mut Shared, uid: &str) -> bool {
        if self.dialog.is_some() {
            sh.error(sh.tx(Tx::FinishFirst));
            return true;
        }
        // Looked up here so an unknown card can be offered for binding to this member.
        sh.find(uid, FindPurpose::Card);
        true
    }

    pub fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Nav> {
        let lang = sh.lang();
        match r {
            Reply::Found {
                ticket,
                query,
                purpose: FindPurpose::Card,
                result,
            } if *ticket == sh.find_ticket => {
                match result {
                    Ok(Found::One { member }) => {
                        if sh.member_no() != Some(member.member_no.as_str()) {
                            sh.open_member(&member.member_no);
                        }
                    }
                    Err(e) if e.code() == "not_found" => {
                        let no = sh.member_no().unwrap_or_default().to_string();
                        sh.info(i18n::bind_card_ask(query, &no, lang));
                        self.dialog = Some(Dialog::BindCard {
                            uid: query.clone(),
                            op_id: sh.op_id(),
                            busy: false,
                        });
                    }
                    Err(e) => sh.error(e.message(lang)),
                    Ok(Found::Many { .. }) => {}
                }
                Some(Nav::Stay)
            }
            Reply::Executed { op_id, result } => {
                let mine = match &self.dialog {
                    Some(Dialog::Freeze { op_id: o, .. })
                    | Some(Dialog::BindCard { op_id: o, .. }) => o == op_id,
                    None => false,
                };
                if !mine {
                    return None;
                }
                match result {
                    Ok(done) => {
                        sh.ok(i18n::posted(&done.entry_id, done.replayed, lang));
                        self.dialog = None;
                        if let Some(no) = super::posting::member_of(done) {
                            sh.refresh_member(no);
                        }
                    }
                    Err(e) => {
                        sh.error(e.message(lang));
                        match &mut self.dialog {
                            Some(Dialog::Freeze {
                                busy,
                                approval,
                                prompt,
                                ..
                            }) => {
                                *busy = false;
                                if approval_refused(e) {
                                    // A wrong or missing approval: ask again.
                                    *approval = None;
                                    *prompt = Some(ApprovalPrompt::default());
                                }
                            }
                            Some(Dialog::BindCard { busy, .. }) => *busy = false,
                            None => {}
                        }
                    }
                }
                Some(Nav::Stay)
            }
            _ => None,
        }
    }

    pub fn render(&self, f: &mut Frame, area: Rect, sh: &Shared) {
        let Some(view) = &sh.member else {
            return;
        };
        render_member(f, area, view, sh.theme(), sh.lang(), reveals_ids(sh));
        if let Some(d) = &self.dialog {
            render_dialog(f, area, d, sh);
        }
    }

    pub fn keys(&self, sh: &Shared) -> Vec<KeyHelp> {
        if let Some(Dialog::Freeze {
            prompt: Some(_), ..
        }) = &self.dialog
        {
            return vec![("Enter", Tx::KApprove), ("Esc", Tx::KBack)];
        }
        if self.dialog.is_some() {
            return vec![("F12", Tx::KConfirm), ("Esc", Tx::KBack)];
        }
        let frozen = sh.member.as_ref().is_some_and(|v| v.member.is_frozen());
        let mut keys = vec![("F1", Tx::KHelp)];
        keys.extend(MEMBER_KEYS.iter().map(|&(_, _, action, label)| {
            let help = match action {
                Action::Freeze if frozen => Tx::KUnfreeze,
                _ => action.help(),
            };
            (label, help)
        }));
        keys.push(("Esc", Tx::KBack));
        keys
    }
}

/// What a key does on the member screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Checkout,
    TopUp,
    Stay,
    Edit,
    Cards,
    Journal,
    Freeze,
    SellCard,
    UseCard,
    IssueCoupon,
    RedeemCoupon,
    VoidCoupon,
    Refund,
    Adjust,
    Gift,
    Convert,
    Refresh,
}

impl Action {
    /// Moves money, points, coupons or uses: refused for a frozen member.
    fn transacts(self) -> bool {
        !matches!(
            self,
            Action::Edit
                | Action::Cards
                | Action::Journal
                | Action::Freeze
                | Action::VoidCoupon
                | Action::RedeemCoupon
                | Action::Refresh
        )
    }

    fn help(self) -> Tx {
        match self {
            Action::Checkout => Tx::KCheckout,
            Action::TopUp => Tx::KTopUp,
            Action::Stay => Tx::KStay,
            Action::Edit => Tx::KEdit,
            Action::Cards => Tx::KCards,
            Action::Journal => Tx::KJournal,
            Action::Freeze => Tx::KFreeze,
            Action::SellCard => Tx::KSellCard,
            Action::UseCard => Tx::KUseCard,
            Action::IssueCoupon => Tx::KIssueCoupon,
            Action::RedeemCoupon => Tx::KRedeemCoupon,
            Action::VoidCoupon => Tx::KVoidCoupon,
            Action::Refund => Tx::KRefund,
            Action::Adjust => Tx::KAdjust,
            Action::Gift => Tx::KGift,
            Action::Convert => Tx::KConvert,
            Action::Refresh => Tx::KRefresh,
        }
    }
}

/// The member screen's keys: one table drives both the handling and the help, so
/// they cannot drift. (function key, Alt letter, action, label on the help bar)
const MEMBER_KEYS: &[(Option<u8>, char, Action, &str)] = &[
    (Some(3), 'c', Action::Checkout, "F3"),
    (Some(4), 't', Action::TopUp, "F4"),
    (Some(5), 's', Action::Stay, "F5"),
    (Some(6), 'e', Action::Edit, "F6"),
    (Some(7), 'k', Action::Cards, "F7"),
    (Some(8), 'j', Action::Journal, "F8"),
    (None, 'z', Action::Freeze, "Alt-Z"),
    (None, 'p', Action::SellCard, "Alt-P"),
    (None, 'u', Action::UseCard, "Alt-U"),
    (None, 'g', Action::IssueCoupon, "Alt-G"),
    (None, 'x', Action::RedeemCoupon, "Alt-X"),
    (None, 'v', Action::VoidCoupon, "Alt-V"),
    (None, 'f', Action::Refund, "Alt-F"),
    (None, 'a', Action::Adjust, "Alt-A"),
    (None, 'i', Action::Gift, "Alt-I"),
    (None, 'o', Action::Convert, "Alt-O"),
    (None, 'r', Action::Refresh, "Alt-R"),
];

/// Keys in a dialog; None closes it.
fn dialog_key(d: &mut Dialog, sh: &mut Shared, key: KeyEvent, member_no: &str) -> Option<Nav> {
    let busy = matches!(
        d,
        Dialog::Freeze { busy: true, .. } | Dialog::BindCard { busy: true, .. }
    );
    if let Dialog::Freeze {
        prompt: p @ Some(_),
        approval,
        ..
    } = d
    {
        if let Some(prompt) = p {
            match prompt.key(sh, key) {
                PromptKey::Pending => {}
                PromptKey::Cancel => *p = None,
                PromptKey::Done(a) => {
                    *p = None;
                    *approval = Some(a);
                    // The freeze goes to the book now, with the approval.
                    return dialog_key(d, sh, KeyEvent::from(KeyCode::F(12)), member_no);
                }
            }
        }
        return Some(Nav::Stay);
    }
    if key.code == KeyCode::Esc {
        return None;
    }
    if busy {
        sh.info(sh.tx(Tx::BusyWait));
        return Some(Nav::Stay);
    }
    match d {
        Dialog::Freeze {
            unfreeze,
            reason,
            op_id,
            busy,
            approval,
            prompt,
        } => {
            if key.code == KeyCode::F(12) || key.code == KeyCode::Enter {
                let r = reason.value().trim().to_string();
                if r.is_empty() {
                    sh.error(sh.tx(Tx::ReasonRequired));
                    return Some(Nav::Stay);
                }
                let action = if *unfreeze {
                    Permission::UnfreezeMember
                } else {
                    Permission::FreezeMember
                };
                if approval.is_none() && !own_role_allows(sh, action) {
                    sh.info(sh.tx(Tx::NeedsApproval));
                    *prompt = Some(ApprovalPrompt::default());
                    return Some(Nav::Stay);
                }
                let request = if *unfreeze {
                    Request::UnfreezeMember(UnfreezeMember {
                        member_no: member_no.to_string(),
                        reason: r,
                    })
                } else {
                    Request::FreezeMember(FreezeMember {
                        member_no: member_no.to_string(),
                        reason: r,
                    })
                };
                *busy = true;
                sh.send(Command::Execute {
                    op_id: op_id.clone(),
                    request,
                    approval: approval.clone(),
                });
            } else {
                reason.key(&key);
            }
        }
        Dialog::BindCard { uid, op_id, busy } => {
            if key.code == KeyCode::F(12) {
                *busy = true;
                sh.send(Command::Execute {
                    op_id: op_id.clone(),
                    request: Request::BindCredential(BindCredential {
                        member_no: member_no.to_string(),
                        credential: Credential::new(CredentialKind::Card, uid.clone()),
                    }),
                    approval: None,
                });
            }
        }
    }
    Some(Nav::Stay)
}

fn render_dialog(f: &mut Frame, area: Rect, d: &Dialog, sh: &Shared) {
    let lang = sh.lang();
    let theme = sh.theme();
    let w = 60.min(area.width);
    let popup = Rect::new(area.x + (area.width - w) / 2, area.y + 6, w, 6);
    f.render_widget(Clear, popup);
    match d {
        Dialog::Freeze {
            unfreeze,
            reason,
            prompt,
            approval,
            ..
        } => {
            let title = if *unfreeze {
                Tx::UnfreezeTitle
            } else {
                Tx::FreezeTitle
            };
            let block = theme.block(format!(" {} ", title.get(lang)));
            let inner = block.inner(popup);
            f.render_widget(block, popup);
            f.render_widget(
                Paragraph::new(Tx::Reason.get(lang)),
                Rect::new(inner.x + 1, inner.y + 1, 10, 1),
            );
            reason.render(
                f,
                Rect::new(inner.x + 11, inner.y + 1, inner.width.saturating_sub(12), 1),
                true,
            );
            let hint = match approval {
                Some(a) => format!("{} {}", Tx::ApprovedByText.get(lang), a.operator_id),
                None => Tx::F12Confirm.get(lang).to_string(),
            };
            f.render_widget(
                Paragraph::new(Span::styled(hint, theme.muted())),
                Rect::new(inner.x + 1, inner.y + 3, inner.width.saturating_sub(2), 1),
            );
            if let Some(p) = prompt {
                p.render(f, area, sh);
            }
        }
        Dialog::BindCard { uid, .. } => {
            let block = theme.block(format!(" {} ", Tx::BindTitle.get(lang)));
            let inner = block.inner(popup);
            f.render_widget(block, popup);
            let no = sh.member_no().unwrap_or_default();
            f.render_widget(
                Paragraph::new(vec![
                    Line::from(""),
                    Line::from(i18n::bind_card_ask(uid, no, lang)),
                    Line::from(""),
                    Line::from(Span::styled(Tx::F12Confirm.get(lang), theme.muted())),
                ]),
                crate::chrome::margins(inner),
            );
        }
    }
}

/// Supervisors and admins see ID-document numbers in full; cashiers see them masked.
pub fn reveals_ids(sh: &Shared) -> bool {
    sh.operator
        .as_ref()
        .is_some_and(|o| o.role >= Role::Supervisor)
}
