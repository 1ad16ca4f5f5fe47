//! Corporate accounts (issue 19 item 6, 协议单位): a company with members under it, the
//! company's points per room night a member stays (beside or instead of the guest's),
//! charges to its account within its credit limit, settlement by a supervisor, the
//! statement, reversals, a replica and verify agreeing, and refusals in words.

mod common;

use carddesk_data::ops::{
    ChargeCompany, LinkToCompany, OpenCompany, Reverse, SettleCompany, StayPosting,
    UnlinkFromCompany,
};
use carddesk_data::rules::{CorporateRules, GuestPoints};
use carddesk_data::{EntryBody, Lang, OpError, Request, Role, Rules, Tender};
use common::TestBook;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// Seed 001's figures: 77 points per room night to the company.
fn rules(guest_points: GuestPoints) -> Rules {
    let r = Rules {
        corporate: Some(CorporateRules {
            points_per_night: 77,
            guest_points,
            max_credit_limit: dec!(100000),
        }),
        ..Rules::default()
    };
    r.validate().expect("valid rules");
    r
}

fn open(no: &str, limit: Decimal) -> Request {
    Request::OpenCompany(OpenCompany {
        member_no: no.into(),
        credit_limit: limit,
    })
}

fn link(no: &str, company: &str) -> Request {
    Request::LinkToCompany(LinkToCompany {
        member_no: no.into(),
        company_no: company.into(),
    })
}

fn stay(no: &str, nights: u32, folio: &str) -> Request {
    Request::PostStay(StayPosting {
        member_no: no.into(),
        nights,
        room_revenue: dec!(300) * Decimal::from(nights),
        folio_ref: folio.into(),
        booker: None,
    })
}

fn charge(no: &str, amount: Decimal, bill: &str) -> Request {
    Request::ChargeCompany(ChargeCompany {
        member_no: no.into(),
        amount,
        bill_ref: bill.into(),
    })
}

fn settle(no: &str, amount: Decimal) -> Request {
    Request::SettleCompany(SettleCompany {
        member_no: no.into(),
        amount,
        tender: Tender::BankCard,
        note: "转账 2026-09".into(),
    })
}

/// A company (limit 5000) with one guest under it, and a guest under none.
fn setup(guest_points: GuestPoints) -> (TestBook, String, String, String) {
    let mut t = TestBook::with_rules(rules(guest_points));
    let company = t.register("七天商旅公司", "13800007700", "C770");
    let guest = t.register("差旅员工", "13800007701", "C771");
    let walk_in = t.register("散客", "13800007702", "C772");
    let sup = t.approved();
    t.run_as(&sup, open(&company, dec!(5000))).expect("open");
    t.run(link(&guest, &company)).expect("link");
    (t, company, guest, walk_in)
}

fn refusal(e: &OpError, lang: Lang) -> String {
    e.message(lang)
}

#[test]
fn a_stay_under_a_company_earns_the_company_77_a_night_beside_the_guests_own() {
    let (mut t, company, guest, walk_in) = setup(GuestPoints::Both);
    let out = t.run(stay(&guest, 3, "F-100")).expect("stay");
    assert_eq!(out.follow_ups.len(), 1, "the company's reward follows");
    let reward = t.book.entry(&out.follow_ups[0]).unwrap().unwrap();
    assert_eq!(reward.header.member_no.as_deref(), Some(company.as_str()));
    match reward.parsed_body().unwrap() {
        EntryBody::RewardGiven { points, .. } => assert_eq!(points, 231),
        other => panic!("{other:?}"),
    }
    assert_eq!(t.account(&company).points, 231);
    // The guest earns as a walk-in would for the same stay.
    t.run(stay(&walk_in, 3, "F-101")).expect("walk-in stay");
    assert!(t.account(&guest).points > 0);
    assert_eq!(t.account(&guest).points, t.account(&walk_in).points);
    t.assert_verified();
}

#[test]
fn company_only_gives_the_points_to_the_company_and_the_nights_still_count() {
    let (mut t, company, guest, _) = setup(GuestPoints::CompanyOnly);
    let out = t.run(stay(&guest, 2, "F-200")).expect("stay");
    match out.detail.expect("detail") {
        EntryBody::StayPosted { points, nights, .. } => assert_eq!((points, nights), (0, 2)),
        other => panic!("{other:?}"),
    }
    assert_eq!(t.account(&guest).points, 0);
    assert_eq!(t.account(&company).points, 154);
    // Unlinked, the guest earns their own again and the company nothing.
    t.run(Request::UnlinkFromCompany(UnlinkFromCompany {
        member_no: guest.clone().into(),
    }))
    .expect("unlink");
    let out = t.run(stay(&guest, 1, "F-201")).expect("stay");
    assert!(out.follow_ups.is_empty());
    assert!(t.account(&guest).points > 0);
    assert_eq!(t.account(&company).points, 154);
    t.assert_verified();
}

#[test]
fn reversing_the_stay_takes_the_companys_points_back_too() {
    let (mut t, company, guest, _) = setup(GuestPoints::Both);
    let out = t.run(stay(&guest, 2, "F-300")).expect("stay");
    let sup = t.approved();
    let rev = t
        .run_as(
            &sup,
            Request::Reverse(Reverse {
                entry_id: out.entry_id.to_string().into(),
                reason: "录错房单".into(),
            }),
        )
        .expect("reverse");
    assert_eq!(
        rev.follow_ups.len(),
        1,
        "the company's reward is reversed with it"
    );
    assert_eq!(t.account(&company).points, 0);
    assert_eq!(t.account(&guest).points, 0);
    t.assert_verified();
}

#[test]
fn opening_and_linking_are_refused_in_words() {
    let (mut t, company, guest, walk_in) = setup(GuestPoints::Both);
    // A cashier may not open a company.
    let e = t.run(open(&walk_in, dec!(100))).unwrap_err();
    assert_eq!(e, OpError::NeedsRole(Role::Supervisor));
    let sup = t.approved();
    let e = t.run_as(&sup, open(&walk_in, dec!(100001))).unwrap_err();
    assert!(
        refusal(&e, Lang::En).contains("credit limit is 0 to 100000"),
        "{e:?}"
    );
    // A member under a company is not opened as one.
    let e = t.run_as(&sup, open(&guest, dec!(100))).unwrap_err();
    assert!(refusal(&e, Lang::Zh).contains(&company), "{e:?}");
    // Only under a company, once, and never a company under a company.
    let e = t.run(link(&walk_in, &guest)).unwrap_err();
    assert!(refusal(&e, Lang::Zh).contains("不是协议单位"), "{e:?}");
    let e = t.run(link(&guest, &company)).unwrap_err();
    assert!(
        refusal(&e, Lang::En).contains("already under company"),
        "{e:?}"
    );
    let e = t.run(link(&company, &company)).unwrap_err();
    assert!(
        refusal(&e, Lang::En).contains("cannot be put under a company"),
        "{e:?}"
    );
    for lang in [Lang::En, Lang::Zh] {
        assert!(!refusal(&e, lang).contains("company_no"), "no field names");
    }
}

#[test]
fn with_corporate_accounts_off_every_company_request_is_refused() {
    let mut t = TestBook::new();
    let a = t.register("甲", "13800007710", "C780");
    let sup = t.approved();
    let e = t.run_as(&sup, open(&a, dec!(100))).unwrap_err();
    assert!(refusal(&e, Lang::Zh).contains("未启用协议单位"), "{e:?}");
    let e = t.run(charge(&a, dec!(10), "B1")).unwrap_err();
    assert!(refusal(&e, Lang::En).contains("not used here"), "{e:?}");
}

#[test]
fn charges_stay_within_the_credit_limit_and_a_supervisor_settles() {
    let (mut t, company, guest, walk_in) = setup(GuestPoints::Both);
    // A member under the company charges; the entry is the company's.
    let out = t.run(charge(&guest, dec!(3000), "B-1")).expect("charge");
    assert_eq!(
        out.member.as_ref().map(|m| m.member_no.as_str()),
        Some(company.as_str())
    );
    match out.detail.as_ref().expect("detail") {
        EntryBody::CompanyCharged { member, .. } => assert_eq!(member.as_deref(), Some(&*guest)),
        other => panic!("{other:?}"),
    }
    assert_eq!(t.account(&company).owed, dec!(3000));
    // Above the limit, a bill twice, or a member under no company: refused.
    let e = t.run(charge(&company, dec!(2000.01), "B-2")).unwrap_err();
    let words = refusal(&e, Lang::En);
    assert!(
        words.contains("credit limit of 5000") && words.contains("owes 3000"),
        "{words}"
    );
    assert!(refusal(&e, Lang::Zh).contains("挂账额度"));
    let e = t.run(charge(&company, dec!(10), "B-1")).unwrap_err();
    assert!(matches!(e, OpError::DuplicateFolio { .. }), "{e:?}");
    let e = t.run(charge(&walk_in, dec!(10), "B-3")).unwrap_err();
    assert!(
        refusal(&e, Lang::Zh).contains("不属于任何协议单位"),
        "{e:?}"
    );
    t.run(charge(&company, dec!(2000), "B-2"))
        .expect("up to the limit");
    assert_eq!(t.account(&company).owed, dec!(5000));
    // Settling: a supervisor's, at most what is owed.
    let e = t.run(settle(&company, dec!(100))).unwrap_err();
    assert_eq!(e, OpError::NeedsRole(Role::Supervisor));
    let sup = t.approved();
    let e = t.run_as(&sup, settle(&company, dec!(5000.01))).unwrap_err();
    assert!(
        refusal(&e, Lang::En).contains("more than the company owes (5000"),
        "{e:?}"
    );
    let paid = t
        .run_as(&sup, settle(&company, dec!(4000)))
        .expect("settle");
    assert_eq!(t.account(&company).owed, dec!(1000));
    // The payment is money taken by its tender in the day's report.
    let day = t.book.terminal().rules.business_day(t.book.now());
    let report = t.book.day_report("rooms", day).expect("day report");
    assert_eq!(report.totals.tenders["bank_card"].taken, dec!(4000.00));
    // Reversing the payment owes it again; reversing a charge takes it off.
    t.run_as(
        &sup,
        Request::Reverse(Reverse {
            entry_id: paid.entry_id.to_string().into(),
            reason: "退票".into(),
        }),
    )
    .expect("reverse the payment");
    assert_eq!(t.account(&company).owed, dec!(5000));
    t.run_as(
        &sup,
        Request::Reverse(Reverse {
            entry_id: out.entry_id.to_string().into(),
            reason: "账单作废".into(),
        }),
    )
    .expect("reverse the charge");
    assert_eq!(t.account(&company).owed, dec!(2000));
    // The statement runs through all of it to what is owed now.
    let s = t
        .book
        .company_statement(&company, None, None)
        .expect("statement");
    let owed: Vec<Decimal> = s.lines.iter().map(|l| l.owed).collect();
    assert_eq!(
        owed,
        vec![dec!(3000), dec!(5000), dec!(1000), dec!(5000), dec!(2000)]
    );
    assert_eq!(s.lines[0].member.as_deref(), Some(&*guest));
    assert_eq!(s.lines[2].paid, dec!(4000.00));
    assert_eq!((s.opening, s.closing), (dec!(0), dec!(2000)));
    let standing = t.book.company_standing(&guest).expect("standing");
    assert_eq!(standing.company.as_deref(), Some(&*company));
    let standing = t.book.company_standing(&company).expect("standing");
    assert_eq!(
        (standing.credit_limit, standing.owed),
        (Some(dec!(5000)), dec!(2000))
    );
    t.assert_verified();
}

#[test]
fn a_replica_takes_the_company_entries_and_agrees() {
    let (mut t, company, guest, _) = setup(GuestPoints::Both);
    t.run(stay(&guest, 2, "F-400")).expect("stay");
    t.run(charge(&guest, dec!(800), "B-40")).expect("charge");
    let sup = t.approved();
    t.run_as(&sup, settle(&company, dec!(300))).expect("settle");
    let mut terminal = common::terminal("T02");
    // The replica's own rules differ: the entries carry what was decided.
    terminal.rules = Rules::default();
    let mut replica = carddesk_data::Book::create(
        &t.dir.path().join("t02.db"),
        terminal,
        Box::new(t.clock.clone()),
    )
    .expect("T02");
    replica
        .ingest_remote(t.book.own_entries_after(0, 1000).unwrap())
        .expect("the replica takes every entry");
    assert_eq!(replica.account(&company).unwrap(), t.account(&company));
    assert_eq!(replica.account(&company).unwrap().owed, dec!(500));
    assert_eq!(
        replica.company_standing(&guest).unwrap(),
        t.book.company_standing(&guest).unwrap()
    );
    assert!(replica.verify().unwrap().is_clean());
}

#[test]
fn a_forged_charge_is_refused_by_the_integrity_check() {
    let (mut t, company, _, _) = setup(GuestPoints::Both);
    t.run(charge(&company, dec!(800), "B-50")).expect("charge");
    let entries = t.book.own_entries_after(0, 1000).unwrap();
    let check = carddesk_data::integrity::check_entry;
    let e = entries.last().expect("the charge");
    assert!(check(e, None).is_ok());
    let mut forged = e.clone();
    assert!(forged.body.contains("\"delta\":\"800\""), "{}", forged.body);
    forged.body = forged.body.replace("\"delta\":\"800\"", "\"delta\":\"80\"");
    assert!(check(&forged, None).is_err());
}

#[test]
fn verify_finds_an_owed_amount_the_journal_does_not_give() {
    let (mut t, company, guest, _) = setup(GuestPoints::Both);
    t.run(charge(&guest, dec!(800), "B-60")).expect("charge");
    t.assert_verified();
    let db = rusqlite::Connection::open(t.dir.path().join("book.db")).expect("open");
    db.execute(
        "UPDATE accounts SET owed = 0 WHERE member_no = ?1",
        [&company],
    )
    .expect("tamper");
    let report = t.book.verify().expect("verify runs");
    assert!(!report.is_clean(), "a forgiven charge is found");
    assert!(format!("{report:?}").contains("owed"), "{report:?}");
}
