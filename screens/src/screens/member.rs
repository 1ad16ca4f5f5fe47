//! The member on the counter: profile, cards, account and the latest entries, and the
//! keys to every operation on them.

use carddesk_data::Found;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::Frame;

use super::cards::Cards;
use super::home::Home;
use super::journal::Journal;
use super::member_dialogs::{BindDialog, FreezeDialog};
use super::member_view::render_member;
use super::money::{Money, MoneyKind};
use super::profile::ProfileForm;
use super::task::{Task, TaskKind};
use crate::chrome::KeyHelp;
use crate::context::Shared;
use crate::i18n::{self, Tx};
use crate::layer::{Flow, Layer};
use crate::model::{FindPurpose, Reply};

/// The member on the counter (`Shared::member`); the screen itself keeps nothing.
pub struct MemberScreen;

impl Layer for MemberScreen {
    fn name(&self) -> &'static str {
        "member"
    }

    fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Flow {
        let Some((member_no, frozen)) = sh
            .member
            .as_ref()
            .map(|v| (v.member.member_no.clone(), v.member.is_frozen()))
        else {
            return Flow::Home;
        };
        // Printable keys typed without Alt start a new search: a cashier who types a
        // name or phone here never fires a command by accident.
        if let KeyCode::Char(c) = key.code {
            if !key
                .modifiers
                .intersects(KeyModifiers::ALT | KeyModifiers::CONTROL)
            {
                return Flow::Reset(Box::new(Home::with_results(&c.to_string(), Vec::new())));
            }
        }
        let Some(&(_, _, action, _)) = MEMBER_KEYS.iter().find(|(f, alt, _, _)| {
            f.is_some_and(|n| key.code == KeyCode::F(n))
                || (key.modifiers.contains(KeyModifiers::ALT)
                    && matches!(key.code, KeyCode::Char(c) if c.eq_ignore_ascii_case(alt)))
        }) else {
            return Flow::Pass;
        };
        // A frozen member may not transact: say so at once, not after a filled form.
        if frozen && action.transacts() {
            sh.error(i18n::member_frozen(&member_no, sh.lang()));
            return Flow::Stay;
        }
        let task = |kind, sh: &mut Shared| Flow::Open(Box::new(Task::new(kind, sh)));
        let money = |kind, sh: &mut Shared| Flow::Open(Box::new(Money::new(kind, sh)));
        match action {
            Action::Checkout => money(MoneyKind::Checkout, sh),
            Action::TopUp => money(MoneyKind::TopUp, sh),
            Action::Stay => money(MoneyKind::Stay, sh),
            Action::Edit => Flow::Open(Box::new(ProfileForm::edit(sh))),
            Action::Cards => Flow::Open(Box::new(Cards::new(sh))),
            Action::Journal => Flow::Open(Box::new(Journal::for_member(sh, &member_no))),
            Action::Freeze => Flow::Open(Box::new(FreezeDialog::new(sh, frozen))),
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
                Flow::Stay
            }
        }
    }

    fn card(&mut self, sh: &mut Shared, uid: &str) -> Flow {
        // Looked up here so an unknown card can be offered for binding to this member.
        sh.find(uid, FindPurpose::Card);
        Flow::Stay
    }

    fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Flow> {
        let Reply::Found {
            ticket,
            query,
            purpose: FindPurpose::Card,
            result,
        } = r
        else {
            return None;
        };
        if *ticket != sh.find_ticket {
            return None;
        }
        let lang = sh.lang();
        Some(match result {
            Ok(Found::One { member }) => {
                if sh.member_no() != Some(member.member_no.as_str()) {
                    sh.open_member(&member.member_no);
                }
                Flow::Stay
            }
            Err(e) if e.code() == "not_found" => {
                let no = sh.member_no().unwrap_or_default().to_string();
                sh.info(i18n::bind_card_ask(query, &no, lang));
                Flow::Open(Box::new(BindDialog::new(sh, query)))
            }
            Err(e) => {
                sh.error(e.message(lang));
                Flow::Stay
            }
            Ok(Found::Many { .. }) => Flow::Stay,
        })
    }

    fn render(&self, f: &mut Frame, area: Rect, sh: &Shared, _keys: &[KeyHelp]) {
        let Some(view) = &sh.member else {
            return;
        };
        render_member(f, area, view, sh.theme(), sh.lang(), sh.is_supervisor());
    }

    fn keys(&self, sh: &Shared) -> Option<Vec<KeyHelp>> {
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
        Some(keys)
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
