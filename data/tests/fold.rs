//! Property: any sequence of operations leaves every projection table equal to the fold
//! of the journal, and a refused operation writes nothing.

mod common;

use carddesk_data::ops::{
    BindCredential, EditMember, FreezeMember, RegisterMember, ReplaceCredential, ReportLost,
    UnfreezeMember,
};
use carddesk_data::{Credential, CredentialKind, Profile, ProfilePatch, Request};
use common::TestBook;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Step {
    Register {
        name: usize,
        phone: usize,
        card: usize,
    },
    Edit {
        member: usize,
        phone: Option<usize>,
        notes: bool,
    },
    Freeze(usize),
    Unfreeze(usize),
    Bind {
        member: usize,
        card: usize,
    },
    Lost(usize),
    Replace {
        old: usize,
        new: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..5usize, 0..8usize, 0..12usize).prop_map(|(name, phone, card)| Step::Register { name, phone, card }),
        2 => (0..6usize, proptest::option::of(0..8usize), any::<bool>()).prop_map(|(member, phone, notes)| Step::Edit { member, phone, notes }),
        1 => (0..6usize).prop_map(Step::Freeze),
        1 => (0..6usize).prop_map(Step::Unfreeze),
        2 => (0..6usize, 0..12usize).prop_map(|(member, card)| Step::Bind { member, card }),
        1 => (0..12usize).prop_map(Step::Lost),
        1 => (0..12usize, 0..12usize).prop_map(|(old, new)| Step::Replace { old, new }),
    ]
}

fn card(i: usize) -> Credential {
    Credential::new(CredentialKind::Card, format!("{:08X}", 0xA0 + i))
}

const NAMES: [&str; 5] = ["张三", "李四", "王五", "Anna", "欧阳娜娜"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn any_operation_sequence_keeps_the_tables_equal_to_the_journal(steps in proptest::collection::vec(step(), 1..40)) {
        let mut t = TestBook::new();
        let sup = t.approved();
        let mut members: Vec<String> = Vec::new();
        // The three staff entries every test book starts with.
        let mut written = 3u64;
        let no = |members: &Vec<String>, i: usize| members.get(i % members.len().max(1)).cloned().unwrap_or_else(|| "19999999".into());
        for s in steps {
            let req = match s {
                Step::Register { name, phone, card: c } => Request::RegisterMember(RegisterMember {
                    profile: Profile { name: NAMES[name].into(), phone: Some(format!("1380000{phone:04}")), ..Default::default() },
                    tier: None,
                    credentials: vec![card(c)],
                }),
                Step::Edit { member, phone, notes } => Request::EditMember(EditMember {
                    member_no: no(&members, member).into(),
                    changes: ProfilePatch {
                        phone: phone.map(|p| format!("1390000{p:04}")),
                        notes: notes.then(|| "常客".to_string()),
                        ..Default::default()
                    },
                }),
                Step::Freeze(m) => Request::FreezeMember(FreezeMember { member_no: no(&members, m).into(), reason: "r".into() }),
                Step::Unfreeze(m) => Request::UnfreezeMember(UnfreezeMember { member_no: no(&members, m).into(), reason: "r".into() }),
                Step::Bind { member, card: c } => Request::BindCredential(BindCredential { member_no: no(&members, member).into(), credential: card(c) }),
                Step::Lost(c) => Request::ReportLost(ReportLost { credential: card(c) }),
                Step::Replace { old, new } => Request::ReplaceCredential(ReplaceCredential { old: card(old), new: card(new), tender: None }),
            };
            if let Ok(out) = t.run_as(&sup, req) {
                written += 1;
                if out.kind == "member_registered" {
                    members.push(out.member.unwrap().member_no);
                }
            }
        }
        let report = t.book.verify().unwrap();
        prop_assert!(report.is_clean(), "{:?}", report.problems);
        prop_assert_eq!(report.entries, written);
    }
}
