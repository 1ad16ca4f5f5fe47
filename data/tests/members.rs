//! Members and credentials: register, edit, freeze, bind, lost, replace, and every way
//! the counter finds a member.

mod common;

use carddesk_data::ops::{
    BindCredential, EditMember, FreezeMember, RegisterMember, ReplaceCredential, ReportLost,
    UnfreezeMember,
};
use carddesk_data::{Credential, CredentialKind, Found, OpError, Profile, ProfilePatch, Request};
use common::TestBook;

fn card(v: &str) -> Credential {
    Credential::new(CredentialKind::Card, v)
}

fn one(found: Result<Found, OpError>) -> carddesk_data::Member {
    match found {
        Ok(Found::One { member }) => *member,
        other => panic!("expected one member, got {other:?}"),
    }
}

#[test]
fn a_registered_member_is_found_by_card_code_phone_member_no_and_name() {
    let mut t = TestBook::new();
    let no = t.register("张三丰", "138 0013 8000", "04:a1:b2:c3");
    let code = Credential::new(CredentialKind::Code, "CD000000000042");
    t.run(Request::BindCredential(BindCredential {
        member_no: no.clone().into(),
        credential: code,
    }))
    .unwrap();
    for q in [
        "04A1B2C3",
        "04a1b2c3",
        "CD000000000042",
        "13800138000",
        no.as_str(),
        "张三",
    ] {
        assert_eq!(one(t.book.find(q)).member_no, no, "query {q}");
    }
}

#[test]
fn last_four_phone_digits_list_every_match() {
    let mut t = TestBook::new();
    let a = t.register("王伟", "13900001234", "A1");
    let b = t.register("李娜", "13600001234", "B1");
    t.register("赵强", "13600005678", "C1");
    match t.book.find("1234").unwrap() {
        Found::Many { members } => {
            let mut nos: Vec<_> = members.iter().map(|m| m.member_no.clone()).collect();
            nos.sort();
            assert_eq!(nos, vec![a, b]);
        }
        other => panic!("expected a list, got {other:?}"),
    }
}

#[test]
fn latin_name_prefix_is_case_insensitive_and_chinese_prefix_works() {
    let mut t = TestBook::new();
    let anna = t.register("Anna Schmidt", "13900000001", "01");
    let wang = t.register("欧阳娜娜", "13900000002", "02");
    assert_eq!(one(t.book.find("anna")).member_no, anna);
    assert_eq!(one(t.book.find("欧阳")).member_no, wang);
    assert!(matches!(t.book.find("Zed"), Err(OpError::NotFound(_))));
}

#[test]
fn a_lost_card_never_finds_its_member_again_and_says_it_is_lost() {
    let mut t = TestBook::new();
    let no = t.register("张三", "13800000000", "DEADBEEF");
    t.run(Request::ReportLost(ReportLost {
        credential: card("deadbeef"),
    }))
    .unwrap();
    match t.book.find("DEADBEEF") {
        Err(OpError::CredentialLost { member_no, .. }) => assert_eq!(member_no, no),
        other => panic!("expected lost, got {other:?}"),
    }
    // Nor can it be bound to anyone again.
    let other = t.register("李四", "13800000001", "CAFE");
    let err = t
        .run(Request::BindCredential(BindCredential {
            member_no: other.into(),
            credential: card("DEADBEEF"),
        }))
        .unwrap_err();
    assert_eq!(err.code(), "credential_lost");
    assert!(err.message(carddesk_data::Lang::Zh).contains("挂失"));
}

#[test]
fn replacing_a_lost_card_gives_the_member_a_working_one() {
    let mut t = TestBook::new();
    let no = t.register("张三", "13800000000", "AAAA");
    t.run(Request::ReportLost(ReportLost {
        credential: card("AAAA"),
    }))
    .unwrap();
    t.run(Request::ReplaceCredential(ReplaceCredential {
        old: card("AAAA"),
        new: card("BBBB"),
        tender: None,
    }))
    .unwrap();
    assert_eq!(one(t.book.find("BBBB")).member_no, no);
    assert!(matches!(
        t.book.find("AAAA"),
        Err(OpError::CredentialLost { .. })
    ));
    assert!(t.book.verify().unwrap().is_clean());
}

#[test]
fn a_card_already_bound_is_refused_naming_its_holder() {
    let mut t = TestBook::new();
    let first = t.register("张三", "13800000000", "AAAA");
    let req = Request::RegisterMember(RegisterMember {
        profile: Profile {
            name: "李四".into(),
            ..Default::default()
        },
        tier: None,
        credentials: vec![card("aaaa")],
    });
    match t.run(req) {
        Err(OpError::CredentialTaken { member_no, .. }) => assert_eq!(member_no, first),
        other => panic!("expected taken, got {other:?}"),
    }
}

#[test]
fn editing_the_phone_moves_the_phone_credential() {
    let mut t = TestBook::new();
    let no = t.register("张三", "13800000000", "AAAA");
    let changes = ProfilePatch {
        phone: Some("13911112222".into()),
        name: Some("张三丰".into()),
        ..Default::default()
    };
    let out = t
        .run(Request::EditMember(EditMember {
            member_no: no.clone().into(),
            changes,
        }))
        .unwrap();
    let m = out.member.unwrap();
    assert_eq!(m.phone.as_deref(), Some("13911112222"));
    assert_eq!(m.name, "张三丰");
    assert_eq!(one(t.book.find("13911112222")).member_no, no);
    assert!(
        t.book.find("13800000000").is_err(),
        "the old phone no longer finds the member"
    );
    assert_eq!(
        t.book.recent_entries(&no, 10).unwrap()[0].kind,
        "member_edited"
    );
    assert!(t.book.verify().unwrap().is_clean());
}

#[test]
fn freeze_and_unfreeze_are_journaled_and_a_frozen_member_gets_no_new_card() {
    let mut t = TestBook::new();
    let no = t.register("张三", "13800000000", "AAAA");
    let freeze = Request::FreezeMember(FreezeMember {
        member_no: no.clone().into(),
        reason: "卡纠纷".into(),
    });
    // Freezing is a supervisor's step: the cashier alone is refused.
    assert_eq!(
        t.run(freeze.clone()).unwrap_err().code(),
        "needs_supervisor"
    );
    let sup = t.approved();
    assert_eq!(
        t.run_as(&sup, freeze.clone())
            .unwrap()
            .member
            .unwrap()
            .status,
        "frozen"
    );
    assert_eq!(
        t.run_as(&sup, freeze).unwrap_err().code(),
        "already_in_state"
    );
    let bind = Request::BindCredential(BindCredential {
        member_no: no.clone().into(),
        credential: card("BBBB"),
    });
    assert_eq!(t.run(bind).unwrap_err().code(), "member_frozen");
    // Staff still find a frozen member (and the screen shows the state).
    assert!(one(t.book.find("AAAA")).is_frozen());
    let unfreeze = Request::UnfreezeMember(UnfreezeMember {
        member_no: no.clone().into(),
        reason: "已解决".into(),
    });
    assert_eq!(
        t.run_as(&sup, unfreeze).unwrap().member.unwrap().status,
        "active"
    );
    let kinds: Vec<String> = t
        .book
        .recent_entries(&no, 10)
        .unwrap()
        .into_iter()
        .map(|e| e.kind.to_string())
        .collect();
    assert_eq!(
        kinds,
        ["member_unfrozen", "member_frozen", "member_registered"]
    );
}

#[test]
fn bad_input_is_refused_with_a_message_in_both_languages_and_writes_nothing() {
    let mut t = TestBook::new();
    let cases = [
        Request::RegisterMember(RegisterMember {
            profile: Profile {
                name: "  ".into(),
                ..Default::default()
            },
            tier: None,
            credentials: vec![],
        }),
        Request::RegisterMember(RegisterMember {
            profile: Profile {
                name: "A".into(),
                phone: Some("12ab".into()),
                ..Default::default()
            },
            tier: None,
            credentials: vec![],
        }),
        Request::RegisterMember(RegisterMember {
            profile: Profile {
                name: "A".into(),
                ..Default::default()
            },
            tier: Some("钻石".into()),
            credentials: vec![],
        }),
        Request::RegisterMember(RegisterMember {
            profile: Profile {
                name: "A".into(),
                ..Default::default()
            },
            tier: None,
            credentials: vec![card("XYZ")],
        }),
    ];
    for req in cases {
        let err = t.run(req).unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert!(
            !err.message(carddesk_data::Lang::Zh).is_empty()
                && err.message(carddesk_data::Lang::En) != err.message(carddesk_data::Lang::Zh)
        );
    }
    let report = t.book.verify().unwrap();
    assert_eq!(
        report.entries, 3,
        "nothing half-written: only the staff entries"
    );
}

/// The counter's lookup of a value whose kind it doesn't know (a scan, a typed phone)
/// answers the hit from the value index alone (migration 013) and the member's
/// credentials from the member index alone (014), as a lookup told the kind answers it from
/// the table's own key: no extra seek into the table per hit (bench item: within 1.5x of
/// the bare statement).
#[test]
fn a_value_lookup_reads_its_hit_from_the_index_alone() {
    let mut t = TestBook::new();
    let no = t.register("覆盖索引", "138 0013 8111", "04:a1:b2:c4");
    let conn = rusqlite::Connection::open(t.dir.path().join("book.db")).unwrap();
    let plan: Vec<String> = conn
        .prepare(
            "EXPLAIN QUERY PLAN SELECT kind, status, member_no FROM credentials WHERE value = ?1",
        )
        .unwrap()
        .query_map(["13800138111"], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        plan.iter()
            .any(|p| p.contains("COVERING INDEX credentials_value")),
        "the plan reads the table: {plan:?}"
    );
    // The member's credentials, listed by kind then value, come from
    // `credentials_member` alone: no seek into the table, no sort.
    let plan: Vec<String> = conn
        .prepare(
            "EXPLAIN QUERY PLAN SELECT kind, value, status FROM credentials
             WHERE member_no = ?1 ORDER BY kind, value",
        )
        .unwrap()
        .query_map([&no], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        plan.iter()
            .any(|p| p.contains("COVERING INDEX credentials_member")),
        "the plan reads the table: {plan:?}"
    );
    assert!(!plan.iter().any(|p| p.contains("TEMP B-TREE")), "{plan:?}");
    let m = one(t.book.find("13800138111"));
    assert_eq!(m.member_no, no);
    assert_eq!(one(t.book.find(&no)).credentials, m.credentials);
}
