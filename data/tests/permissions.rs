//! The permission matrix: every role × every privileged action, through `Book::execute`
//! (the path the screens and `carddesk op` use), alone and with a supervisor's approval.

mod common;

use carddesk_data::conflict::{ConflictAsset, ConflictKind, Resolution};
use carddesk_data::effects::Effect;
use carddesk_data::entry::EntryBody;
use carddesk_data::ops::{
    AddOperator, AdjustPoints, ChargeCompany, FreezeMember, IssueCoupon, OpenCompany,
    RefundStoredValue, Reverse, SetPaymentPin, SettleCompany, SettleConflict, TopUp,
    UnfreezeMember, VoidCoupon,
};
use carddesk_data::permissions::{allows, Action};
use carddesk_data::{Actor, Book, Checkout, ManualClock, OpError, Request, Role, Tender};
use common::TestBook;
use rust_decimal_macros::dec;

fn boss() -> Actor {
    Actor::new("boss", "rooms")
}

/// The default rules with corporate accounts on, so their steps can be asked for too.
fn book() -> TestBook {
    TestBook::with_rules(carddesk_data::Rules {
        corporate: Some(Default::default()),
        ..Default::default()
    })
}

/// Sets up what `action` needs and returns the request that performs it.
fn request_for(t: &mut TestBook, action: Action, n: usize) -> Option<Request> {
    let no = t.register(
        &format!("权限{n}"),
        &format!("1370000{n:04}"),
        &format!("CC{n:04}"),
    );
    let top_up = |t: &mut TestBook, amount| {
        t.run(Request::TopUp(TopUp {
            member_no: no.clone().into(),
            amount,
            tender: Tender::Cash,
        }))
        .unwrap()
    };
    Some(match action {
        Action::RefundStoredValue => {
            top_up(t, dec!(100));
            Request::RefundStoredValue(RefundStoredValue {
                member_no: no.into(),
                amount: dec!(10),
                tender: Tender::Cash,
                reason: "r".into(),
            })
        }
        Action::Reverse => {
            let out = top_up(t, dec!(100));
            Request::Reverse(Reverse {
                entry_id: out.entry_id,
                reason: "r".into(),
            })
        }
        Action::AdjustPoints => Request::AdjustPoints(AdjustPoints {
            member_no: no.into(),
            points: 10,
            reason: "r".into(),
        }),
        Action::FreezeMember => Request::FreezeMember(FreezeMember {
            member_no: no.into(),
            reason: "r".into(),
        }),
        Action::UnfreezeMember => {
            t.run_as(
                &boss(),
                Request::FreezeMember(FreezeMember {
                    member_no: no.clone().into(),
                    reason: "r".into(),
                }),
            )
            .unwrap();
            Request::UnfreezeMember(UnfreezeMember {
                member_no: no.into(),
                reason: "r".into(),
            })
        }
        Action::IssueCouponManually => Request::IssueCoupon(IssueCoupon {
            member_no: no.into(),
            template: "cash20".into(),
            reason: "r".into(),
        }),
        Action::VoidCoupon => {
            let out = t
                .run_as(
                    &boss(),
                    Request::IssueCoupon(IssueCoupon {
                        member_no: no.into(),
                        template: "cash20".into(),
                        reason: "r".into(),
                    }),
                )
                .unwrap();
            let code = out.account.unwrap().coupons[0].code.clone();
            Request::VoidCoupon(VoidCoupon {
                code,
                reason: "r".into(),
            })
        }
        Action::LargeStoredValuePayment => {
            top_up(t, dec!(6000));
            Request::Checkout(Checkout {
                member_no: no.into(),
                bill: dec!(5500),
                bill_ref: "B".into(),
                coupons: vec![],
                use_points: false,
                use_stored_value: true,
                max_points: None,
                max_stored_value: None,
                tender: Tender::Cash,
                pin: None,
            })
        }
        Action::ManageOperators => Request::AddOperator(AddOperator {
            operator_id: format!("new{n}"),
            name: "新员工".into(),
            role: Role::Cashier,
            pin: "5555".into(),
        }),
        Action::SettleConflict => {
            top_up(t, dec!(100));
            let conflict = t.receive_from_hub(
                &no,
                EntryBody::ConflictRaised {
                    conflict: ConflictKind::Overdraw,
                    asset: ConflictAsset::StoredValue,
                    subject: String::new(),
                    amount: dec!(30),
                    debt: dec!(30),
                    causes: vec![],
                    effects: vec![Effect::Debt { delta: dec!(30) }],
                },
            );
            Request::SettleConflict(SettleConflict {
                conflict_id: conflict,
                resolution: Resolution::WrittenOff,
                amount: None,
                tender: Tender::Cash,
                note: "r".into(),
            })
        }
        Action::ResetPaymentPin => {
            t.run(Request::SetPaymentPin(SetPaymentPin {
                member_no: no.clone().into(),
                pin: "1357".into(),
                old_pin: None,
            }))
            .unwrap();
            Request::SetPaymentPin(SetPaymentPin {
                member_no: no.clone().into(),
                pin: "2468".into(),
                old_pin: None,
            })
        }
        Action::OpenCompany => Request::OpenCompany(OpenCompany {
            member_no: no.into(),
            credit_limit: dec!(1000),
        }),
        Action::SettleCompany => {
            t.run_as(
                &boss(),
                Request::OpenCompany(OpenCompany {
                    member_no: no.clone().into(),
                    credit_limit: dec!(1000),
                }),
            )
            .unwrap();
            t.run(Request::ChargeCompany(ChargeCompany {
                member_no: no.clone().into(),
                amount: dec!(100),
                bill_ref: format!("B{n}"),
            }))
            .unwrap();
            Request::SettleCompany(SettleCompany {
                member_no: no.into(),
                amount: dec!(10),
                tender: Tender::Cash,
                note: String::new(),
            })
        }
        Action::ChangeConfig => return None,
    })
}

fn approver(body: &EntryBody) -> Option<String> {
    match body {
        EntryBody::MemberFrozen { approved_by, .. }
        | EntryBody::MemberUnfrozen { approved_by, .. }
        | EntryBody::PaymentPinSet { approved_by, .. } => approved_by.clone(),
        EntryBody::CheckedOut { approved_by, .. } => approved_by.clone(),
        EntryBody::StoredValueRefunded { approved_by, .. }
        | EntryBody::PointsAdjusted { approved_by, .. }
        | EntryBody::CouponIssued { approved_by, .. }
        | EntryBody::CouponVoided { approved_by, .. }
        | EntryBody::Reversed { approved_by, .. }
        | EntryBody::ConflictSettled { approved_by, .. }
        | EntryBody::CompanyOpened { approved_by, .. }
        | EntryBody::CompanySettled { approved_by, .. } => Some(approved_by.clone()),
        _ => None,
    }
}

#[test]
fn every_role_times_every_privileged_action() {
    let mut t = book();
    let mut n = 0;
    for (operator, role) in [
        ("op1", Role::Cashier),
        ("sup", Role::Supervisor),
        ("boss", Role::Admin),
    ] {
        for action in Action::ALL {
            n += 1;
            let Some(req) = request_for(&mut t, action, n) else {
                assert_eq!(allows(role, action), role == Role::Admin, "{action:?}");
                continue;
            };
            let result = t.run_as(&Actor::new(operator, "rooms"), req);
            if allows(role, action) {
                let out = result.unwrap_or_else(|e| panic!("{operator} {action:?}: {e:?}"));
                if let Some(d) = &out.detail {
                    if action != Action::ManageOperators {
                        assert_eq!(approver(d).as_deref(), Some(operator), "{action:?}");
                    }
                }
            } else {
                assert_eq!(
                    result.unwrap_err(),
                    OpError::NeedsRole(action.needs()),
                    "{operator} {action:?}"
                );
            }
        }
    }
    t.assert_verified();
}

#[test]
fn a_cashier_with_a_supervisor_pin_does_supervisor_steps_and_the_entry_names_both() {
    let mut t = book();
    let sup = t.approved();
    for (i, action) in Action::ALL.into_iter().enumerate() {
        let Some(req) = request_for(&mut t, action, 100 + i) else {
            continue;
        };
        let result = t.run_as(&sup, req);
        if action.needs() <= Role::Supervisor {
            let out = result.unwrap_or_else(|e| panic!("{action:?}: {e:?}"));
            let entry = t.book.entry(&out.entry_id).unwrap().unwrap();
            assert_eq!(entry.header.operator, "op1");
            assert_eq!(
                approver(&entry.parsed_body().unwrap()).as_deref(),
                Some("sup"),
                "{action:?}"
            );
        } else {
            assert_eq!(
                result.unwrap_err(),
                OpError::NeedsRole(Role::Admin),
                "{action:?}"
            );
        }
    }
}

#[test]
fn the_first_operator_of_an_empty_book_must_be_the_admin() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::new(chrono::DateTime::from_timestamp(common::START, 0).unwrap());
    let mut book = Book::create(
        &dir.path().join("b.db"),
        common::terminal("T01"),
        Box::new(clock),
    )
    .unwrap();
    assert!(!book.has_operators().unwrap());
    let add = |role| {
        Request::AddOperator(AddOperator {
            operator_id: "first".into(),
            name: "第一".into(),
            role,
            pin: "123456".into(),
        })
    };
    let setup = Actor::new("setup", "rooms");
    assert_eq!(
        book.execute(&setup, "a", &add(Role::Cashier))
            .unwrap_err()
            .code(),
        "invalid_input"
    );
    book.execute(&setup, "b", &add(Role::Admin)).unwrap();
    assert!(book.has_operators().unwrap());
    assert_eq!(book.login("first", "123456").unwrap().role, Role::Admin);
}

#[test]
fn an_admin_switches_an_operator_off_and_changes_pins_and_a_cashier_only_their_own() {
    use carddesk_data::ops::{ChangeOperatorPin, SetOperatorActive};
    let mut t = TestBook::new();
    let off = |active| {
        Request::SetOperatorActive(SetOperatorActive {
            operator_id: "op1".into(),
            active,
        })
    };
    let pin = |id: &str, pin: &str| {
        Request::ChangeOperatorPin(ChangeOperatorPin {
            operator_id: id.into(),
            pin: pin.into(),
        })
    };
    // A cashier changes their own PIN, not someone else's.
    t.run(pin("op1", "4321")).unwrap();
    assert_eq!(
        t.run(pin("sup", "4321")).unwrap_err(),
        OpError::NeedsRole(Role::Admin)
    );
    assert!(t.book.login("op1", "4321").is_ok());
    assert_eq!(
        t.run(off(false)).unwrap_err(),
        OpError::NeedsRole(Role::Admin)
    );
    t.run_as(&boss(), off(false)).unwrap();
    assert_eq!(
        t.book.login("op1", "4321").unwrap_err().code(),
        "unknown_operator"
    );
    let listed = t.book.operators().unwrap();
    assert!(listed.iter().any(|o| o.operator_id == "op1" && !o.active));
    assert_eq!(
        t.run_as(&boss(), off(false)).unwrap_err().code(),
        "invalid_input"
    );
    t.run_as(&boss(), off(true)).unwrap();
    t.run_as(&boss(), pin("op1", "7777")).unwrap();
    assert!(t.book.login("op1", "7777").is_ok());
    t.assert_verified();
}
