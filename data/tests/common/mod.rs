//! Shared test setup: a real SQLite file in a temp folder.
#![allow(dead_code)]

use carddesk_data::ops::RegisterMember;
use carddesk_data::{
    Actor, Book, Credential, CredentialKind, ManualClock, Outcome, Profile, Request, Rules,
    Terminal,
};

pub struct TestBook {
    pub book: Book,
    pub clock: ManualClock,
    pub dir: tempfile::TempDir,
    n: u64,
}

pub fn terminal(id: &str) -> Terminal {
    Terminal {
        id: id.into(),
        outlet: "rooms".into(),
        member_prefix: "1".into(),
        rules: Rules::default(),
    }
}

pub fn actor() -> Actor {
    Actor {
        operator: "op1".into(),
        outlet: "rooms".into(),
    }
}

impl TestBook {
    pub fn new() -> TestBook {
        let dir = tempfile::tempdir().expect("temp dir");
        let clock =
            ManualClock::new(chrono::DateTime::from_timestamp(1_790_000_000, 0).expect("time"));
        let book = Book::open(
            &dir.path().join("book.db"),
            terminal("T01"),
            Box::new(clock.clone()),
        )
        .expect("open");
        TestBook {
            book,
            clock,
            dir,
            n: 0,
        }
    }

    pub fn run(&mut self, req: Request) -> Result<Outcome, carddesk_data::OpError> {
        self.n += 1;
        self.clock.advance(chrono::Duration::seconds(1));
        let id = format!("t-{}", self.n);
        self.book.execute(&actor(), &id, &req)
    }

    /// Registers a member with a phone and a chip card; returns the member no.
    pub fn register(&mut self, name: &str, phone: &str, card: &str) -> String {
        let req = Request::RegisterMember(RegisterMember {
            profile: Profile {
                name: name.into(),
                phone: Some(phone.into()),
                ..Default::default()
            },
            tier: None,
            credentials: vec![Credential::new(CredentialKind::Card, card)],
        });
        let out = self.run(req).expect("register");
        out.member.expect("member in outcome").member_no
    }
}
