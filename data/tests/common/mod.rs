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
    /// The hub's chain as this book has received it (see `from_hub`).
    hub_tip: (i64, carddesk_data::journal::Hash),
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
    Actor::new("op1", "rooms")
}

/// 2026-09-21 22:13 in the chain's time zone (UTC+8), a Monday.
pub const START: i64 = 1_790_000_000;

impl TestBook {
    pub fn new() -> TestBook {
        TestBook::with_rules(Rules::default())
    }

    pub fn with_rules(rules: Rules) -> TestBook {
        let dir = tempfile::tempdir().expect("temp dir");
        let clock = ManualClock::new(chrono::DateTime::from_timestamp(START, 0).expect("time"));
        let mut t = terminal("T01");
        t.rules = rules;
        let book =
            Book::create(&dir.path().join("book.db"), t, Box::new(clock.clone())).expect("open");
        let mut tb = TestBook {
            book,
            clock,
            dir,
            n: 0,
            hub_tip: (0, carddesk_data::journal::GENESIS),
        };
        tb.add_staff();
        tb
    }

    /// Receives an entry of the hub (terminal HUB), as a sync would bring it.
    pub fn receive_from_hub(&mut self, member_no: &str, body: carddesk_data::EntryBody) -> String {
        let hlc = (self.book.now().timestamp_millis() << 16) + 0xFFFF;
        let e = carddesk_data::conflict::hub_entry(
            self.hub_tip.0 + 1,
            self.hub_tip.1,
            hlc,
            member_no,
            &body,
        );
        self.hub_tip = (e.seq, e.hash);
        let id = e.id();
        self.book
            .ingest_remote(vec![e])
            .expect("hub entry ingested");
        id
    }

    pub fn run(&mut self, req: Request) -> Result<Outcome, carddesk_data::OpError> {
        self.run_as(&actor(), req)
    }

    pub fn run_as(
        &mut self,
        actor: &Actor,
        req: Request,
    ) -> Result<Outcome, carddesk_data::OpError> {
        self.n += 1;
        self.clock.advance(chrono::Duration::seconds(1));
        let id = format!("t-{}", self.n);
        self.book.execute(actor, &id, &req)
    }

    /// The staff every test book has: the admin "boss" (PIN 999999), the supervisor "sup"
    /// (PIN 246813) and the cashier "op1" (PIN 1111), who runs `run`.
    pub fn add_staff(&mut self) {
        use carddesk_data::ops::AddOperator;
        use carddesk_data::Role;
        if self.book.has_operators().expect("operators") {
            return;
        }
        let setup = Actor::new("setup", "rooms");
        self.run_as(
            &setup,
            Request::AddOperator(AddOperator {
                operator_id: "boss".into(),
                name: "老板".into(),
                role: Role::Admin,
                pin: "999999".into(),
            }),
        )
        .expect("admin");
        self.run_as(
            &Actor::new("boss", "rooms"),
            Request::AddOperator(AddOperator {
                operator_id: "sup".into(),
                name: "主管".into(),
                role: Role::Supervisor,
                pin: "246813".into(),
            }),
        )
        .expect("supervisor");
        self.run_as(
            &Actor::new("boss", "rooms"),
            Request::AddOperator(AddOperator {
                operator_id: "op1".into(),
                name: "收银一".into(),
                role: Role::Cashier,
                pin: "1111".into(),
            }),
        )
        .expect("cashier");
    }

    /// The cashier, with the supervisor's approval checked.
    pub fn approved(&self) -> Actor {
        let sup = self
            .book
            .approve("sup", "246813", carddesk_data::Role::Supervisor)
            .expect("approval");
        let mut a = actor();
        a.approved_by = Some(sup.operator_id);
        a
    }

    pub fn account(&self, no: &str) -> carddesk_data::Account {
        self.book.account(no).expect("account")
    }

    pub fn assert_verified(&self) {
        let report = self.book.verify().expect("verify runs");
        assert!(report.is_clean(), "verify: {report:?}");
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
