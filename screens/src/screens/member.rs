//! The member on the counter: profile, cards, account and the latest entries, and the
//! keys to every operation on them.

use carddesk_model::Found;
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
use crate::context::Shared;
use crate::i18n::{self, Tx};
use crate::keymap::{self, bind, Binding, Key, KeyHelp};
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
        let Some(action) = keymap::find(MEMBER_KEYS, &key) else {
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
            Action::App | Action::Back => Flow::Pass,
            Action::Checkout => money(MoneyKind::Checkout, sh),
            Action::TopUp => money(MoneyKind::TopUp, sh),
            Action::Stay => money(MoneyKind::Stay, sh),
            Action::NoShow => money(MoneyKind::NoShow, sh),
            Action::Edit => Flow::Open(Box::new(ProfileForm::edit(sh))),
            Action::Cards => Flow::Open(Box::new(Cards::new(sh))),
            Action::Journal => Flow::Open(Box::new(Journal::for_member(sh, &member_no))),
            Action::Freeze => Flow::Open(Box::new(FreezeDialog::new(sh, frozen))),
            Action::SellCard => task(TaskKind::SellCountCard, sh),
            Action::SellMemberCard => task(TaskKind::SellMemberCard, sh),
            Action::UseCard => task(TaskKind::UseCountCard, sh),
            Action::IssueCoupon => task(TaskKind::IssueCoupon, sh),
            Action::RedeemCoupon => task(TaskKind::RedeemCoupon, sh),
            Action::VoidCoupon => task(TaskKind::VoidCoupon, sh),
            Action::Refund => task(TaskKind::Refund, sh),
            Action::Adjust => task(TaskKind::AdjustPoints, sh),
            Action::Gift => task(TaskKind::RedeemGift, sh),
            Action::Convert => task(TaskKind::ConvertPoints, sh),
            Action::BuyTier => task(TaskKind::BuyTier, sh),
            Action::ChargeCompany => task(TaskKind::ChargeCompany, sh),
            Action::SettleCompany => task(TaskKind::SettleCompany, sh),
            Action::LinkCompany => task(TaskKind::LinkCompany, sh),
            Action::UnlinkCompany => task(TaskKind::UnlinkCompany, sh),
            Action::OpenCompany => task(TaskKind::OpenCompany, sh),
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
        render_member(
            f,
            area,
            view,
            sh.theme(),
            sh.lang(),
            sh.is_supervisor(),
            &sh.opts.catalog,
        );
    }

    /// Printable keys start a new search.
    fn typing(&self) -> bool {
        true
    }

    fn keys(&self, sh: &Shared) -> Option<Vec<KeyHelp>> {
        let frozen = sh.member.as_ref().is_some_and(|v| v.member.is_frozen());
        Some(keymap::lines(MEMBER_KEYS, |action, line| {
            Some(match action {
                Action::Freeze if frozen => line.says(Tx::KUnfreeze),
                _ => line,
            })
        }))
    }
}

/// What a key does on the member screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    App,
    Back,
    Checkout,
    TopUp,
    Stay,
    NoShow,
    Edit,
    Cards,
    Journal,
    Freeze,
    SellCard,
    SellMemberCard,
    UseCard,
    IssueCoupon,
    RedeemCoupon,
    VoidCoupon,
    Refund,
    Adjust,
    Gift,
    Convert,
    BuyTier,
    ChargeCompany,
    SettleCompany,
    LinkCompany,
    UnlinkCompany,
    OpenCompany,
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
                | Action::App
                | Action::Back
        )
    }
}

/// The member screen's keys, F-keys for the daily steps and Alt-letters for the rest;
/// each F-key has an Alt-letter too (F1's help lists both).
const MEMBER_KEYS: &[Binding<Action>] = &[
    keymap::f1(Action::App),
    bind(
        "F3",
        &[Key::F(3), Key::Alt('c')],
        Tx::KCheckout,
        Action::Checkout,
    ),
    bind("F4", &[Key::F(4), Key::Alt('t')], Tx::KTopUp, Action::TopUp),
    bind("F5", &[Key::F(5), Key::Alt('s')], Tx::KStay, Action::Stay),
    bind("F6", &[Key::F(6), Key::Alt('e')], Tx::KEdit, Action::Edit),
    bind("F7", &[Key::F(7), Key::Alt('k')], Tx::KCards, Action::Cards),
    bind(
        "F8",
        &[Key::F(8), Key::Alt('j')],
        Tx::KJournal,
        Action::Journal,
    ),
    bind("Alt-Z", &[Key::Alt('z')], Tx::KFreeze, Action::Freeze),
    bind("Alt-P", &[Key::Alt('p')], Tx::KSellCard, Action::SellCard),
    bind(
        "Alt-M",
        &[Key::Alt('m')],
        Tx::KSellMemberCard,
        Action::SellMemberCard,
    ),
    bind("Alt-U", &[Key::Alt('u')], Tx::KUseCard, Action::UseCard),
    bind(
        "Alt-G",
        &[Key::Alt('g')],
        Tx::KIssueCoupon,
        Action::IssueCoupon,
    ),
    bind(
        "Alt-X",
        &[Key::Alt('x')],
        Tx::KRedeemCoupon,
        Action::RedeemCoupon,
    ),
    bind(
        "Alt-V",
        &[Key::Alt('v')],
        Tx::KVoidCoupon,
        Action::VoidCoupon,
    ),
    bind("Alt-F", &[Key::Alt('f')], Tx::KRefund, Action::Refund),
    bind("Alt-A", &[Key::Alt('a')], Tx::KAdjust, Action::Adjust),
    bind("Alt-I", &[Key::Alt('i')], Tx::KGift, Action::Gift),
    bind("Alt-O", &[Key::Alt('o')], Tx::KConvert, Action::Convert),
    bind("Alt-L", &[Key::Alt('l')], Tx::KBuyTier, Action::BuyTier),
    bind("Alt-N", &[Key::Alt('n')], Tx::KNoShow, Action::NoShow),
    bind(
        "Alt-H",
        &[Key::Alt('h')],
        Tx::KChargeCompany,
        Action::ChargeCompany,
    ),
    bind(
        "Alt-Y",
        &[Key::Alt('y')],
        Tx::KSettleCompany,
        Action::SettleCompany,
    ),
    bind(
        "Alt-W",
        &[Key::Alt('w')],
        Tx::KLinkCompany,
        Action::LinkCompany,
    ),
    bind(
        "Alt-B",
        &[Key::Alt('b')],
        Tx::KUnlinkCompany,
        Action::UnlinkCompany,
    ),
    bind(
        "Alt-D",
        &[Key::Alt('d')],
        Tx::KOpenCompany,
        Action::OpenCompany,
    ),
    bind("Alt-R", &[Key::Alt('r')], Tx::KRefresh, Action::Refresh),
    keymap::esc(Action::Back),
];
