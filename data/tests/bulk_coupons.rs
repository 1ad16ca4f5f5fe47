//! Bulk coupons (批量发券) on a real book: the preview counts and writes nothing, the
//! issue writes one `coupon_issued` entry per active member of the audience (dormant, a
//! tier, a birthday month) in one transaction, frozen members are left out, a retry with
//! the same op id posts nothing and answers the same, another request under that id is
//! refused, it needs a supervisor, the entries sync to another terminal, and verify
//! re-derives every one.

mod common;

use carddesk_data::ops::{
    Audience, BulkCoupons, FreezeMember, IssueCouponsBulk, RegisterMember, TopUp,
};
use carddesk_data::{
    Book, Credential, CredentialKind, EntryBody, EntryKind, OpError, Profile, Request, Tender,
};
use chrono::NaiveDate;
use common::TestBook;
use rust_decimal_macros::dec;

fn register(t: &mut TestBook, name: &str, born: &str, tier: Option<&str>) -> String {
    t.run(Request::RegisterMember(RegisterMember {
        profile: Profile {
            name: name.into(),
            birthday: NaiveDate::parse_from_str(born, "%Y-%m-%d").ok(),
            ..Default::default()
        },
        tier: tier.map(Into::into),
        credentials: vec![Credential::new(CredentialKind::Code, format!("C-{name}"))],
    }))
    .expect("register")
    .member
    .expect("member")
    .member_no
}

fn bulk(audience: Audience) -> IssueCouponsBulk {
    IssueCouponsBulk {
        template: "cash20".into(),
        audience,
        reason: "沉睡会员召回".into(),
    }
}

fn coupon_entries(b: &Book, no: &str) -> usize {
    b.recent_entries(no, 100)
        .expect("entries")
        .iter()
        .filter(|e| e.kind == EntryKind::CouponIssued)
        .count()
}

/// Four members: two long absent (one of them frozen), one who just topped up, one
/// of tier 银卡 born in March. The clock then moves on 100 days but for the top-up.
fn book() -> (TestBook, [String; 4]) {
    let mut t = TestBook::new();
    let away = register(&mut t, "久别", "1980-03-05", None);
    let frozen = register(&mut t, "冻结", "1981-03-06", None);
    let silver = register(&mut t, "银卡", "1982-03-07", Some("银卡"));
    let back = register(&mut t, "常来", "1983-07-08", None);
    t.run_as(
        &t.approved(),
        Request::FreezeMember(FreezeMember {
            member_no: frozen.clone().into(),
            reason: "挂失".into(),
        }),
    )
    .expect("freeze");
    t.clock.advance(chrono::Duration::days(100));
    t.run(Request::TopUp(TopUp {
        member_no: back.clone().into(),
        amount: dec!(100),
        tender: Tender::Cash,
    }))
    .expect("top-up");
    (t, [away, frozen, silver, back])
}

#[test]
fn the_preview_counts_the_audience_and_writes_nothing() {
    let (t, [away, ..]) = book();
    let before = t.book.own_entries_after(0, 10_000).expect("entries").len();
    let p = t
        .book
        .preview_coupons_bulk(&t.approved(), &bulk(Audience::Dormant { days: 90 }))
        .expect("preview");
    assert_eq!(p.members, 2, "久别 and 银卡: {p:?}");
    assert_eq!(p.skipped_frozen, 1);
    assert_eq!(p.first_entry, None);
    assert_eq!(
        t.book.own_entries_after(0, 10_000).expect("entries").len(),
        before
    );
    assert_eq!(coupon_entries(&t.book, &away), 0);
}

#[test]
fn the_issue_writes_one_entry_per_member_with_its_own_coupon_and_verify_agrees() {
    let (mut t, [away, frozen, silver, back]) = book();
    let sup = t.approved();
    let r = bulk(Audience::Dormant { days: 90 });
    let preview = t.book.preview_coupons_bulk(&sup, &r).expect("preview");
    let a = t
        .book
        .issue_coupons_bulk(&sup, "recall-2026-12", &r)
        .expect("issue");
    assert_eq!(a.members, preview.members);
    assert_eq!((a.members, a.skipped_frozen, a.replayed), (2, 1, false));
    for no in [&away, &silver] {
        let coupons = t.account(no).coupons;
        assert_eq!(coupons.len(), 1, "{no}: {coupons:?}");
        assert_eq!(coupons[0].template, "cash20");
        let e = t.book.recent_entries(no, 1).expect("entries").remove(0);
        assert_eq!(e.op_id, format!("recall-2026-12#{no}"));
        match e.parsed_body().expect("body") {
            EntryBody::CouponIssued {
                reason,
                approved_by,
                effects,
                ..
            } => {
                assert_eq!(reason, "沉睡会员召回");
                assert_eq!(approved_by, "sup");
                assert_eq!(effects.len(), 1);
            }
            other => panic!("not a coupon issued: {other:?}"),
        }
    }
    assert_eq!(coupon_entries(&t.book, &frozen), 0, "frozen: none");
    assert_eq!(coupon_entries(&t.book, &back), 0, "came back: none");
    let codes: Vec<String> = [&away, &silver]
        .iter()
        .map(|no| t.account(no).coupons[0].code.clone())
        .collect();
    assert_ne!(codes[0], codes[1]);
    assert_ne!(a.first_entry, a.last_entry);
    t.assert_verified();
}

#[test]
fn the_same_op_id_again_posts_nothing_and_answers_the_same() {
    let (mut t, [away, ..]) = book();
    let sup = t.approved();
    let r = bulk(Audience::Dormant { days: 90 });
    let first = t
        .book
        .issue_coupons_bulk(&sup, "recall-1", &r)
        .expect("issue");
    let n = t.book.own_entries_after(0, 10_000).expect("entries").len();
    // A member who becomes dormant since is not added by a retry.
    t.clock.advance(chrono::Duration::days(100));
    let again = t
        .book
        .issue_coupons_bulk(&sup, "recall-1", &r)
        .expect("retry");
    assert_eq!(
        again,
        BulkCoupons {
            replayed: true,
            ..first.clone()
        }
    );
    assert_eq!(t.book.own_entries_after(0, 10_000).expect("n").len(), n);
    assert_eq!(t.account(&away).coupons.len(), 1);
    // Another request under the same id is refused.
    let other = IssueCouponsBulk {
        template: "free_fruit".into(),
        ..r.clone()
    };
    assert!(matches!(
        t.book.issue_coupons_bulk(&sup, "recall-1", &other),
        Err(OpError::OpIdReused(_))
    ));
    // An empty audience is answered once as well.
    let none = bulk(Audience::BirthdayMonth { month: 12 });
    let empty = t
        .book
        .issue_coupons_bulk(&sup, "dec", &none)
        .expect("empty");
    assert_eq!(empty.members, 0);
    assert!(
        t.book
            .issue_coupons_bulk(&sup, "dec", &none)
            .expect("again")
            .replayed
    );
}

#[test]
fn a_tier_and_a_birthday_month_are_audiences_too() {
    let (mut t, [away, _frozen, silver, _]) = book();
    let sup = t.approved();
    let tier = bulk(Audience::Tier {
        tier: "银卡".into(),
    });
    let a = t
        .book
        .issue_coupons_bulk(&sup, "silver", &tier)
        .expect("tier");
    assert_eq!((a.members, a.skipped_frozen), (1, 0));
    assert_eq!(t.account(&silver).coupons.len(), 1);
    let march = bulk(Audience::BirthdayMonth { month: 3 });
    let b = t
        .book
        .issue_coupons_bulk(&sup, "march", &march)
        .expect("month");
    assert_eq!((b.members, b.skipped_frozen), (2, 1));
    assert_eq!(t.account(&away).coupons.len(), 1);
    assert_eq!(t.account(&silver).coupons.len(), 2);
    t.assert_verified();
}

#[test]
fn refusals_write_nothing_and_say_what_was_wrong() {
    let (mut t, [away, ..]) = book();
    let cashier = common::actor();
    let r = bulk(Audience::Dormant { days: 90 });
    assert!(matches!(
        t.book.issue_coupons_bulk(&cashier, "x1", &r),
        Err(OpError::NeedsRole(_))
    ));
    let sup = t.approved();
    let bad = [
        bulk(Audience::Dormant { days: 0 }),
        bulk(Audience::BirthdayMonth { month: 13 }),
        bulk(Audience::Tier {
            tier: "钻石".into(),
        }),
        IssueCouponsBulk {
            template: "nope".into(),
            ..r.clone()
        },
        IssueCouponsBulk {
            reason: " ".into(),
            ..r.clone()
        },
    ];
    for req in &bad {
        let e = t
            .book
            .issue_coupons_bulk(&sup, "x2", req)
            .expect_err("refused");
        let words = e.message(carddesk_data::Lang::Zh);
        assert!(
            !words.contains("audience") && !words.contains("month"),
            "{words}"
        );
    }
    assert!(matches!(
        t.book.issue_coupons_bulk(&sup, &"x".repeat(129), &r),
        Err(OpError::Invalid { .. })
    ));
    assert_eq!(coupon_entries(&t.book, &away), 0);
    // A refused bulk leaves its op id free.
    let ok = t.book.issue_coupons_bulk(&sup, "x2", &r).expect("issue");
    assert_eq!(ok.members, 2);
}

#[test]
fn a_long_op_id_gives_member_op_ids_a_replica_accepts() {
    let (mut t, [away, ..]) = book();
    let sup = t.approved();
    let long = "r".repeat(128);
    let r = bulk(Audience::Dormant { days: 90 });
    t.book.issue_coupons_bulk(&sup, &long, &r).expect("issue");
    let e = t.book.recent_entries(&away, 1).expect("entries").remove(0);
    assert!(e.op_id.len() <= 128, "{}", e.op_id);
    assert!(
        t.book
            .issue_coupons_bulk(&sup, &long, &r)
            .expect("again")
            .replayed
    );
    // Another terminal takes the entries (re-checking each) and answers a retry from them.
    let mut terminal = common::terminal("T02");
    terminal.rules = t.book.terminal().rules.clone();
    let mut t2 = Book::create(
        &t.dir.path().join("t02.db"),
        terminal,
        Box::new(t.clock.clone()),
    )
    .expect("T02");
    t2.ingest_remote(t.book.own_entries_after(0, 10_000).expect("entries"))
        .expect("T02 takes them");
    assert_eq!(t2.account(&away).expect("account").coupons.len(), 1);
    assert!(t2.verify().expect("verify").is_clean());
    let sup2 = carddesk_data::Actor {
        approved_by: Some("sup".into()),
        ..common::actor()
    };
    let again = t2
        .issue_coupons_bulk(&sup2, &long, &r)
        .expect("retry on T02");
    assert!(again.replayed);
    assert_eq!(again.members, 2);
}

#[test]
fn the_configured_cap_refuses_a_larger_audience_before_writing() {
    let mut rules = carddesk_data::Rules::default();
    rules.bulk_coupons.max_members = 1;
    let mut t = TestBook::with_rules(rules);
    let a = register(&mut t, "甲", "1980-03-05", None);
    let b = register(&mut t, "乙", "1981-03-06", None);
    let sup = t.approved();
    let march = bulk(Audience::BirthdayMonth { month: 3 });
    let e = t
        .book
        .issue_coupons_bulk(&sup, "cap", &march)
        .expect_err("two members, a cap of one");
    let words = e.message(carddesk_data::Lang::En);
    assert!(
        words.contains("2 members") && words.contains("1"),
        "{words}"
    );
    assert_eq!(coupon_entries(&t.book, &a) + coupon_entries(&t.book, &b), 0);
    assert!(t.book.preview_coupons_bulk(&sup, &march).is_err());
    t.assert_verified();
}

#[test]
fn verify_reports_a_kept_bulk_answer_that_differs_from_its_entries() {
    let (mut t, _) = book();
    let sup = t.approved();
    t.book
        .issue_coupons_bulk(&sup, "recall-9", &bulk(Audience::Dormant { days: 90 }))
        .expect("issue");
    t.assert_verified();
    let db = rusqlite::Connection::open(t.dir.path().join("book.db")).expect("open");
    db.execute(
        "UPDATE op_results SET result = json_set(result, '$.members', 3) WHERE op_id = 'recall-9'",
        [],
    )
    .expect("tamper");
    let report = t.book.verify().expect("verify runs");
    assert!(!report.is_clean(), "{report:?}");
    assert!(format!("{report:?}").contains("recall-9"), "{report:?}");
}
