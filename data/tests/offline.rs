//! Offline caps, member debt and conflict settlement in one book. The hub is behind the
//! `Authorizer` trait (the network boundary); here a scripted one answers, so each rule
//! is checked exactly. The real hub over HTTP is tested in the root crate (hub_sync,
//! simulation).

mod common;

use std::sync::{Arc, Mutex};

use carddesk_data::authorize::{AuthAnswer, Authorizer, Spend};
use carddesk_data::conflict::{ConflictAsset, ConflictKind, Resolution};
use carddesk_data::effects::Effect;
use carddesk_data::error::OfflineLimit;
use carddesk_data::journal::Entry;
use carddesk_data::ops::{SettleConflict, TopUp};
use carddesk_data::{Checkout, EntryBody, OpError, Request, Role, Tender};
use common::TestBook;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// Each question put to the hub: op id, spends, how many pending entries came along.
type Asked = Vec<(String, Vec<Spend>, usize)>;

#[derive(Clone, Default)]
struct Script {
    /// None: unreachable.
    answer: Arc<Mutex<Option<AuthAnswer>>>,
    asked: Arc<Mutex<Asked>>,
}

impl Authorizer for Script {
    fn hub_tip(&mut self) -> Option<i64> {
        self.answer.lock().unwrap().as_ref().map(|_| 0)
    }
    fn authorize(&mut self, op: &str, _m: &str, spends: &[Spend], pending: &[Entry]) -> AuthAnswer {
        self.asked
            .lock()
            .unwrap()
            .push((op.to_string(), spends.to_vec(), pending.len()));
        self.answer
            .lock()
            .unwrap()
            .clone()
            .unwrap_or(AuthAnswer::Unreachable)
    }
}

fn book_with_hub(answer: Option<AuthAnswer>) -> (TestBook, Script, String) {
    with_balance(answer, dec!(1000))
}

fn with_balance(answer: Option<AuthAnswer>, top_up: Decimal) -> (TestBook, Script, String) {
    let mut t = TestBook::new();
    let no = t.register("离线", "13900000001", "0F01");
    if top_up > Decimal::ZERO {
        t.run(Request::TopUp(TopUp {
            member_no: no.clone().into(),
            amount: top_up,
            tender: Tender::Cash,
        }))
        .unwrap();
    }
    let script = Script::default();
    *script.answer.lock().unwrap() = answer;
    t.book.set_authorizer(Box::new(script.clone()));
    (t, script, no)
}

fn pay(no: &str, bill: Decimal) -> Request {
    Request::Checkout(Checkout {
        member_no: no.to_string().into(),
        bill,
        bill_ref: "B1".into(),
        coupons: vec![],
        use_points: false,
        use_stored_value: true,
        max_points: None,
        max_stored_value: None,
        tender: Tender::Cash,
        pin: None,
    })
}

fn offline_flag(t: &TestBook, entry_id: &str) -> bool {
    t.book.entry(entry_id).unwrap().unwrap().header.offline
}

#[test]
fn online_a_spend_is_put_to_the_hub_and_not_marked_offline() {
    let (mut t, script, no) = book_with_hub(Some(AuthAnswer::Approved));
    let out = t.run(pay(&no, dec!(88))).unwrap();
    assert!(!offline_flag(&t, &out.entry_id));
    let asked = script.asked.lock().unwrap().clone();
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].1, vec![Spend::StoredValue { amount: dec!(88) }]);
    // The unsynced entries of this terminal travel with the question.
    assert!(asked[0].2 > 0);
    // A top-up takes nothing: it is never put to the hub.
    t.run(Request::TopUp(TopUp {
        member_no: no.into(),
        amount: dec!(10),
        tender: Tender::Cash,
    }))
    .unwrap();
    assert_eq!(script.asked.lock().unwrap().len(), 1);
}

#[test]
fn a_hub_refusal_writes_nothing_and_says_why() {
    let (mut t, _script, no) = book_with_hub(Some(AuthAnswer::Refused {
        message: "全店储值余额 5.00 不足".into(),
        message_en: "chain-wide stored value 5.00 is not enough".into(),
    }));
    let before = t.book.journal_page(None, 1000).unwrap().len();
    let balance = t.account(&no).stored_value();
    let err = t.run(pay(&no, dec!(88))).unwrap_err();
    assert_eq!(err.code(), "hub_refused");
    assert!(err.message(carddesk_data::Lang::Zh).contains("不足"));
    assert_eq!(t.book.journal_page(None, 1000).unwrap().len(), before);
    assert_eq!(t.account(&no).stored_value(), balance);
}

#[test]
fn offline_spends_are_marked_and_capped_per_member_and_per_terminal() {
    let (mut t, _script, no) = book_with_hub(None);
    // Default caps: 500 per member, 3 spends per member, 5000 per terminal.
    let a = t.run(pay(&no, dec!(300))).unwrap();
    assert!(offline_flag(&t, &a.entry_id));
    let err = t.run(pay(&no, dec!(250))).unwrap_err();
    assert!(
        matches!(
            err,
            OpError::OfflineLimit {
                what: OfflineLimit::MemberStoredValue,
                used,
                asked,
                ..
            } if used == dec!(300) && asked == dec!(250)
        ),
        "{err:?}"
    );
    assert!(err.message(carddesk_data::Lang::Zh).contains("离线限额"));
    t.run(pay(&no, dec!(100))).unwrap();
    t.run(pay(&no, dec!(100))).unwrap();
    let err = t.run(pay(&no, dec!(1))).unwrap_err();
    assert!(
        matches!(
            err,
            OpError::OfflineLimit {
                what: OfflineLimit::MemberSpends,
                ..
            }
        ),
        "{err:?}"
    );
    // Top-ups are always allowed offline.
    t.run(Request::TopUp(TopUp {
        member_no: no.clone().into(),
        amount: dec!(50),
        tender: Tender::Cash,
    }))
    .unwrap();
    // The window passes: the member may spend offline again.
    t.clock.advance(chrono::Duration::hours(25));
    let b = t.run(pay(&no, dec!(400))).unwrap();
    assert!(offline_flag(&t, &b.entry_id));
    t.assert_verified();
}

#[test]
fn the_terminal_exposure_cap_counts_every_member() {
    let mut rules = carddesk_data::Rules::default();
    rules.offline.max_terminal_exposure = dec!(600);
    let mut t = TestBook::with_rules(rules);
    let a = t.register("甲", "13900000011", "E101");
    let b = t.register("乙", "13900000012", "E102");
    for no in [&a, &b] {
        t.run(Request::TopUp(TopUp {
            member_no: no.clone().into(),
            amount: dec!(1000),
            tender: Tender::Cash,
        }))
        .unwrap();
    }
    t.book.set_authorizer(Box::new(Script::default()));
    t.run(pay(&a, dec!(400))).unwrap();
    let err = t.run(pay(&b, dec!(300))).unwrap_err();
    assert!(
        matches!(
            err,
            OpError::OfflineLimit {
                what: OfflineLimit::TerminalExposure,
                ..
            }
        ),
        "{err:?}"
    );
    t.run(pay(&b, dec!(200))).unwrap();
}

fn overdraw(t: &mut TestBook, no: &str, debt: Decimal) -> String {
    t.receive_from_hub(
        no,
        EntryBody::ConflictRaised {
            conflict: ConflictKind::Overdraw,
            asset: ConflictAsset::StoredValue,
            subject: String::new(),
            amount: debt,
            debt,
            causes: vec!["T02-9".into()],
            effects: vec![Effect::Debt { delta: debt }],
        },
    )
}

#[test]
fn a_member_with_debt_may_not_spend_offline_and_the_next_top_up_repays_it_first() {
    let (mut t, script, no) = with_balance(None, dec!(200));
    // Offline spends elsewhere overdrew the member: the hub booked a debt of 40.
    let conflict = overdraw(&mut t, &no, dec!(40));
    assert_eq!(t.account(&no).debt, dec!(40));
    let principal = t.account(&no).principal;
    let err = t.run(pay(&no, dec!(1))).unwrap_err();
    assert_eq!(err.code(), "offline_blocked");
    // A top-up of 100: 40 repays the debt, 60 becomes stored value (bonus on all 100).
    let out = t
        .run(Request::TopUp(TopUp {
            member_no: no.clone().into(),
            amount: dec!(100),
            tender: Tender::Cash,
        }))
        .unwrap();
    let acct = out.account.unwrap();
    assert_eq!(acct.debt, dec!(0));
    assert_eq!(acct.principal, principal + dec!(60));
    // Still blocked offline while the conflict is open; settled, the member may spend.
    assert_eq!(
        t.run(pay(&no, dec!(1))).unwrap_err().code(),
        "offline_blocked"
    );
    assert_eq!(t.book.open_conflicts().unwrap(), 1);
    *script.answer.lock().unwrap() = Some(AuthAnswer::Approved);
    t.run_as(
        &t.approved(),
        Request::SettleConflict(SettleConflict {
            conflict_id: conflict.clone(),
            resolution: Resolution::Accepted,
            amount: None,
            tender: Tender::Cash,
            note: "已充值还款".into(),
        }),
    )
    .unwrap();
    assert_eq!(t.book.open_conflicts().unwrap(), 0);
    *script.answer.lock().unwrap() = None;
    t.run(pay(&no, dec!(1))).unwrap();
    t.assert_verified();
}

#[test]
fn settling_collects_or_writes_off_the_debt_once_and_needs_the_hub() {
    let (mut t, script, no) = book_with_hub(None);
    let c1 = overdraw(&mut t, &no, dec!(30));
    let c2 = overdraw(&mut t, &no, dec!(20));
    assert_eq!(t.account(&no).debt, dec!(50));
    let settle = |id: &str, resolution, amount| {
        Request::SettleConflict(SettleConflict {
            conflict_id: id.to_string(),
            resolution,
            amount,
            tender: Tender::Cash,
            note: "现场处理".into(),
        })
    };
    // Offline, a settlement waits for the hub (only one supervisor may settle it).
    let err = t.run_as(&t.approved(), settle(&c1, Resolution::Collected, None));
    assert_eq!(err.unwrap_err(), OpError::NeedsHub);
    *script.answer.lock().unwrap() = Some(AuthAnswer::Approved);
    // A cashier alone may not.
    let err = t.run(settle(&c1, Resolution::Collected, None)).unwrap_err();
    assert_eq!(err, OpError::NeedsRole(Role::Supervisor));
    let out = t
        .run_as(&t.approved(), settle(&c1, Resolution::Collected, None))
        .unwrap();
    assert_eq!(out.account.unwrap().debt, dec!(20));
    let again = t.run_as(&t.approved(), settle(&c1, Resolution::WrittenOff, None));
    assert_eq!(again.unwrap_err(), OpError::ConflictSettled(c1.clone()));
    let out = t
        .run_as(
            &t.approved(),
            settle(&c2, Resolution::WrittenOff, Some(dec!(5))),
        )
        .unwrap();
    assert_eq!(out.account.unwrap().debt, dec!(15));
    let list = t.book.conflicts(true, 10).unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|c| c.settled_by.is_some()));
    assert_eq!(list[0].causes, vec!["T02-9".to_string()]);
    // The hub's bookings are settled, never reversed.
    let err = t
        .run_as(
            &t.approved(),
            Request::Reverse(carddesk_data::ops::Reverse {
                entry_id: c2.into(),
                reason: "r".into(),
            }),
        )
        .unwrap_err();
    assert_eq!(err.code(), "not_reversible");
    t.assert_verified();
}

#[test]
fn a_terminal_without_a_hub_has_no_caps() {
    let mut t = TestBook::new();
    let no = t.register("单机", "13900000021", "5A01");
    t.run(Request::TopUp(TopUp {
        member_no: no.clone().into(),
        amount: dec!(5000),
        tender: Tender::Cash,
    }))
    .unwrap();
    for _ in 0..5 {
        let out = t.run(pay(&no, dec!(400))).unwrap();
        assert!(!offline_flag(&t, &out.entry_id));
    }
}
