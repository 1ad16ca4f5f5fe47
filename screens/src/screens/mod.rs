//! The counter's screens. Each takes keys, scans, cards and replies, and says where
//! to go next; the app owns the transitions.

mod approval;
mod cards;
mod conflicts;
mod home;
mod journal;
pub(crate) mod lock;
mod login;
mod member;
mod member_view;
mod money;
pub(crate) mod office;
mod operators;
mod posting;
mod printout;
mod profile;
mod quote;
mod reports;
mod shift;
mod task;
mod verify;

use carddesk_data::{MemberSummary, OpError};
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

use crate::app::Shared;
use crate::chrome::KeyHelp;
use crate::model::{FindPurpose, Reply};

pub use journal::JOURNAL_PAGE;
pub use money::MoneyKind;
pub use posting::member_of;
pub use task::TaskKind;

/// What a load shows: the worker's answer, or nothing (the reason said) if it failed.
fn loaded<T: Clone + Default>(sh: &mut Shared, result: &Result<T, OpError>) -> T {
    match result {
        Ok(v) => v.clone(),
        Err(e) => {
            sh.error(e.message(sh.lang()));
            T::default()
        }
    }
}

/// Where a screen sends the operator.
pub enum Nav {
    Stay,
    To(Screen),
    Home,
    /// The member screen of the member on the counter (home if there is none).
    Member,
    Login,
    /// Lock the screen now (the back office's L); the screen underneath stays.
    Lock,
}

pub enum Screen {
    Login(login::Login),
    Home(home::Home),
    Member(member::MemberScreen),
    Profile(profile::ProfileForm),
    Cards(cards::Cards),
    Journal(journal::Journal),
    Money(Box<money::Money>),
    Task(Box<task::Task>),
    Shift(shift::ShiftScreen),
    Office(office::Office),
    Operators(operators::Operators),
    Verify(verify::Verify),
    Reports(reports::Reports),
    Conflicts(conflicts::Conflicts),
}

impl Screen {
    pub fn login_checking() -> Screen {
        Screen::Login(login::Login::checking())
    }

    pub fn login(setup: bool) -> Screen {
        Screen::Login(login::Login::new(setup))
    }

    pub fn home() -> Screen {
        Screen::Home(home::Home::default())
    }

    pub fn home_with(query: &str, members: Vec<MemberSummary>) -> Screen {
        Screen::Home(home::Home::with_results(query, members))
    }

    pub fn member() -> Screen {
        Screen::Member(member::MemberScreen::default())
    }

    pub fn register(sh: &mut Shared) -> Screen {
        Screen::Profile(profile::ProfileForm::register(sh))
    }

    pub fn money(kind: MoneyKind, sh: &mut Shared) -> Screen {
        Screen::Money(Box::new(money::Money::new(kind, sh)))
    }

    pub fn task(kind: TaskKind, sh: &mut Shared) -> Screen {
        Screen::Task(Box::new(task::Task::new(kind, sh, None)))
    }

    pub fn journal_all(sh: &mut Shared) -> Screen {
        Screen::Journal(journal::Journal::all(sh))
    }

    pub fn shift(sh: &mut Shared) -> Screen {
        Screen::Shift(shift::ShiftScreen::load(sh))
    }

    pub fn office() -> Screen {
        Screen::Office(office::Office::default())
    }

    /// The admin's operator list; Esc goes back to the back office or home.
    pub fn operators(sh: &mut Shared, from_office: bool) -> Screen {
        Screen::Operators(operators::Operators::load(sh, from_office))
    }

    pub fn verify(sh: &mut Shared) -> Screen {
        Screen::Verify(verify::Verify::start(sh))
    }

    pub fn reports(_sh: &mut Shared) -> Screen {
        Screen::Reports(reports::Reports::new())
    }

    /// The replication conflicts; Esc goes back to the back office.
    pub fn conflicts(sh: &mut Shared) -> Screen {
        Screen::Conflicts(conflicts::Conflicts::load(sh))
    }

    /// The logged-in operator's own PIN, typed twice; back to the back office.
    pub fn my_pin(sh: &mut Shared) -> Screen {
        let (operator_id, name) = sh
            .operator
            .as_ref()
            .map(|o| (o.operator_id.clone(), o.name.clone()))
            .unwrap_or_default();
        let kind = TaskKind::ChangePin {
            operator_id,
            name,
            own: true,
        };
        Screen::Task(Box::new(task::Task::new(
            kind,
            sh,
            Some(Box::new(Screen::office())),
        )))
    }

    /// Asks the worker again for what this screen shows (when it is returned to).
    pub fn reload(&mut self, sh: &mut Shared) {
        match self {
            Screen::Journal(j) => j.reload(sh),
            Screen::Shift(s) => s.reload(sh),
            Screen::Operators(o) => o.reload(sh),
            Screen::Conflicts(c) => c.reload(sh),
            _ => {}
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Screen::Login(_) => "login",
            Screen::Home(_) => "home",
            Screen::Member(_) => "member",
            Screen::Profile(p) => p.name(),
            Screen::Cards(_) => "cards",
            Screen::Journal(_) => "journal",
            Screen::Money(m) => m.name(),
            Screen::Task(t) => t.name(),
            Screen::Shift(_) => "shift",
            Screen::Office(_) => "office",
            Screen::Operators(_) => "operators",
            Screen::Verify(_) => "verify",
            Screen::Reports(_) => "reports",
            Screen::Conflicts(_) => "conflicts",
        }
    }

    /// A form or a quote is open: quitting now would lose what was typed or shown.
    pub fn holds_work(&self) -> bool {
        matches!(
            self,
            Screen::Profile(_) | Screen::Money(_) | Screen::Task(_) | Screen::Shift(_)
        )
    }

    pub fn key(&mut self, sh: &mut Shared, key: KeyEvent) -> Nav {
        match self {
            Screen::Login(s) => s.key(sh, key),
            Screen::Home(s) => s.key(sh, key),
            Screen::Member(s) => s.key(sh, key),
            Screen::Profile(s) => s.key(sh, key),
            Screen::Cards(s) => s.key(sh, key),
            Screen::Journal(s) => s.key(sh, key),
            Screen::Money(s) => s.key(sh, key),
            Screen::Task(s) => s.key(sh, key),
            Screen::Shift(s) => s.key(sh, key),
            Screen::Office(s) => s.key(sh, key),
            Screen::Operators(s) => s.key(sh, key),
            Screen::Verify(s) => s.key(sh, key),
            Screen::Reports(s) => s.key(sh, key),
            Screen::Conflicts(s) => s.key(sh, key),
        }
    }

    /// A scanned code. Forms that take codes fill them in; elsewhere it looks up.
    pub fn scan(&mut self, sh: &mut Shared, code: &str) -> Nav {
        let taken = match self {
            Screen::Profile(s) => s.scan(sh, code),
            Screen::Cards(s) => s.scan(sh, code),
            Screen::Money(s) => s.scan(sh, code),
            Screen::Member(s) => s.scan(sh, code),
            Screen::Task(s) => s.scan(sh, code),
            Screen::Login(_) => true,
            Screen::Home(_)
            | Screen::Journal(_)
            | Screen::Shift(_)
            | Screen::Office(_)
            | Screen::Operators(_)
            | Screen::Verify(_)
            | Screen::Reports(_)
            | Screen::Conflicts(_) => false,
        };
        if !taken {
            sh.info(crate::i18n::scanned(code, sh.lang()));
            sh.find(code, FindPurpose::Lookup);
        }
        Nav::Stay
    }

    /// A chip card presented.
    pub fn card(&mut self, sh: &mut Shared, uid: &str) -> Nav {
        let taken = match self {
            Screen::Profile(s) => s.card(sh, uid),
            Screen::Cards(s) => s.card(sh, uid),
            Screen::Money(s) => s.card(sh, uid),
            Screen::Member(s) => s.card(sh, uid),
            Screen::Task(_) => {
                sh.error(sh.tx(crate::i18n::Tx::FinishFirst));
                true
            }
            Screen::Login(_) => true,
            Screen::Home(_)
            | Screen::Journal(_)
            | Screen::Shift(_)
            | Screen::Office(_)
            | Screen::Operators(_)
            | Screen::Verify(_)
            | Screen::Reports(_)
            | Screen::Conflicts(_) => false,
        };
        if !taken {
            sh.find(uid, FindPurpose::Card);
        }
        Nav::Stay
    }

    /// A reply this screen is waiting for; None leaves it to the app.
    pub fn reply(&mut self, sh: &mut Shared, r: &Reply) -> Option<Nav> {
        match self {
            Screen::Login(s) => s.reply(sh, r),
            Screen::Home(s) => s.reply(sh, r),
            Screen::Member(s) => s.reply(sh, r),
            Screen::Profile(s) => s.reply(sh, r),
            Screen::Cards(s) => s.reply(sh, r),
            Screen::Journal(s) => s.reply(sh, r),
            Screen::Money(s) => s.reply(sh, r),
            Screen::Task(s) => s.reply(sh, r),
            Screen::Shift(s) => s.reply(sh, r),
            Screen::Office(_) => None,
            Screen::Operators(s) => s.reply(sh, r),
            Screen::Verify(s) => s.reply(sh, r),
            Screen::Reports(s) => s.reply(sh, r),
            Screen::Conflicts(s) => s.reply(sh, r),
        }
    }

    pub fn render(&self, f: &mut Frame, area: Rect, sh: &Shared) {
        match self {
            Screen::Login(s) => s.render(f, area, sh),
            Screen::Home(s) => s.render(f, area, sh),
            Screen::Member(s) => s.render(f, area, sh),
            Screen::Profile(s) => s.render(f, area, sh),
            Screen::Cards(s) => s.render(f, area, sh),
            Screen::Journal(s) => s.render(f, area, sh),
            Screen::Money(s) => s.render(f, area, sh),
            Screen::Task(s) => s.render(f, area, sh),
            Screen::Shift(s) => s.render(f, area, sh),
            Screen::Office(s) => s.render(f, area, sh),
            Screen::Operators(s) => s.render(f, area, sh),
            Screen::Verify(s) => s.render(f, area, sh),
            Screen::Reports(s) => s.render(f, area, sh),
            Screen::Conflicts(s) => s.render(f, area, sh),
        }
    }

    pub fn keys(&self, sh: &Shared) -> Vec<KeyHelp> {
        match self {
            Screen::Login(s) => s.keys(),
            Screen::Home(s) => s.keys(sh),
            Screen::Member(s) => s.keys(sh),
            Screen::Profile(s) => s.keys(),
            Screen::Cards(s) => s.keys(),
            Screen::Journal(s) => s.keys(),
            Screen::Money(s) => s.keys(),
            Screen::Task(s) => s.keys(),
            Screen::Shift(s) => s.keys(),
            Screen::Office(s) => s.keys(sh),
            Screen::Operators(s) => s.keys(),
            Screen::Verify(s) => s.keys(),
            Screen::Reports(s) => s.keys(),
            Screen::Conflicts(s) => s.keys(),
        }
    }
}
