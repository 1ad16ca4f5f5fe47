//! A sync never holds the book's write lock while it waits for the hub: the syncer has a
//! connection of its own beside the counter's, and a cashier's top-up must not wait on
//! the network. Driven through the real sync client and an in-process hub whose pull
//! answers only when the test says so.

use std::collections::BTreeMap;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};

use carddesk::sync::{HubTransport, InProcess, SyncError, SyncReport};
use carddesk_data::authorize::{AuthorizeReply, AuthorizeRequest};
use carddesk_data::enrollment::CredentialReply;
use carddesk_data::journal::Entry;
use carddesk_data::ops::{RegisterMember, TopUp};
use carddesk_data::replication::{
    FetchReply, FetchRequest, Health, PullReply, PullRequest, PushReply, Tip,
};
use carddesk_data::{Actor, Book, Profile, Request, Rules, SystemClock, Tender, Terminal};
use carddesk_hub::service::Service;
use carddesk_hub::HubStore;
use rust_decimal::Decimal;

/// The in-process hub, with the pull held until the test lets it answer.
struct HeldPull {
    inner: InProcess,
    pulling: Mutex<Sender<()>>,
    /// Taken by the first pull: later ones answer at once.
    answer: Mutex<Option<Receiver<()>>>,
}

impl HubTransport for HeldPull {
    fn health(&self) -> Result<Health, SyncError> {
        self.inner.health()
    }
    fn enroll(&self, code: &str, terminal: &str) -> Result<CredentialReply, SyncError> {
        self.inner.enroll(code, terminal)
    }
    fn rotate(&self) -> Result<CredentialReply, SyncError> {
        self.inner.rotate()
    }
    fn tips(&self) -> Result<BTreeMap<String, Tip>, SyncError> {
        self.inner.tips()
    }
    fn push(&self, terminal: &str, entries: &[Entry]) -> Result<PushReply, SyncError> {
        self.inner.push(terminal, entries)
    }
    fn pull(
        &self,
        after: &BTreeMap<String, i64>,
        exclude: Option<&str>,
        limit: usize,
    ) -> Result<PullReply, SyncError> {
        let held = self.answer.lock().ok().and_then(|mut a| a.take());
        if let Some(answer) = held {
            let _ = self.pulling.lock().map(|s| s.send(()));
            // Bounded, so a sync that wrongly holds the lock fails the test, not hangs it.
            let _ = answer.recv_timeout(std::time::Duration::from_secs(20));
        }
        self.inner.pull(after, exclude, limit)
    }
    fn pull_scoped(&self, req: &PullRequest) -> Result<PullReply, SyncError> {
        self.inner.pull_scoped(req)
    }
    fn fetch(&self, req: &FetchRequest) -> Result<FetchReply, SyncError> {
        self.inner.fetch(req)
    }
    fn authorize(&self, req: &AuthorizeRequest) -> Result<AuthorizeReply, SyncError> {
        self.inner.authorize(req)
    }
}

fn terminal(id: &str, prefix: &str) -> Terminal {
    Terminal {
        id: id.into(),
        outlet: "rooms".into(),
        member_prefix: prefix.into(),
        rules: Rules::default(),
    }
}

fn register(book: &mut Book, op: &str, name: &str) -> String {
    book.execute(
        &Actor::new("api", "rooms"),
        op,
        &Request::RegisterMember(RegisterMember {
            profile: Profile {
                name: name.into(),
                ..Default::default()
            },
            tier: None,
            credentials: vec![],
        }),
    )
    .expect("register")
    .member
    .expect("member")
    .member_no
}

#[test]
fn the_counter_writes_while_a_sync_waits_for_the_hub() {
    let dir = tempfile::tempdir().expect("tmp");
    let rt = Arc::new(
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime"),
    );
    let spec = format!("sqlite:{}", dir.path().join("hub.db").display());
    let hub = Arc::new(Service::new(
        rt.block_on(HubStore::open(&spec)).expect("hub"),
    ));
    let t1_token = rt.block_on(hub.store().enroll("T01")).expect("enroll");
    let t2_token = rt.block_on(hub.store().enroll("T02")).expect("enroll");

    // T01's members reach the hub.
    let mut t1 = Book::create(
        &dir.path().join("t1.db"),
        terminal("T01", "1"),
        Box::new(SystemClock),
    )
    .expect("T01");
    let far = register(&mut t1, "T01-reg", "远方");
    let mut report = SyncReport::default();
    carddesk::sync::sync_with(
        &InProcess::new(Arc::clone(&hub), Arc::clone(&rt), &t1_token),
        &mut t1,
        &mut report,
    )
    .expect("T01 syncs");
    let t1_entries = t1.own_entries_after(0, 100).expect("T01's").len() as u64;
    assert_eq!(report.pushed, t1_entries, "{report:?}");

    // T02's syncer pulls on its own connection; its pull waits for the test.
    let path = dir.path().join("t2.db");
    drop(Book::create(&path, terminal("T02", "2"), Box::new(SystemClock)).expect("T02"));
    let (pulling_tx, pulling) = channel();
    let (answer, answer_rx) = channel();
    let link = HeldPull {
        inner: InProcess::new(Arc::clone(&hub), Arc::clone(&rt), &t2_token),
        pulling: Mutex::new(pulling_tx),
        answer: Mutex::new(Some(answer_rx)),
    };
    let mut syncer = Book::open(&path, terminal("T02", "2"), Box::new(SystemClock)).expect("open");
    let mut counter = Book::open(&path, terminal("T02", "2"), Box::new(SystemClock)).expect("open");
    std::thread::scope(|s| {
        let sync = s.spawn(|| {
            let mut report = SyncReport::default();
            let done = carddesk::sync::sync_with(&link, &mut syncer, &mut report);
            (done, report)
        });
        pulling.recv().expect("the sync asks for a page");
        // The page is on the network: the counter registers and tops up meanwhile.
        // Were the sync holding the write lock, these would wait out the busy timeout
        // and fail.
        let near = register(&mut counter, "T02-reg", "近处");
        counter
            .execute(
                &Actor::new("api", "rooms"),
                "T02-top",
                &Request::TopUp(TopUp {
                    member_no: near.clone().into(),
                    amount: Decimal::from(300),
                    tender: Tender::Cash,
                }),
            )
            .expect("the counter's top-up while the sync waits");
        answer.send(()).expect("let the hub answer");
        let (done, report) = sync.join().expect("sync thread");
        done.expect("the sync");
        assert_eq!(report.applied, t1_entries, "{report:?}");
        assert_eq!(
            counter.account(&near).expect("near").principal,
            Decimal::from(300)
        );
        assert!(counter.find(&far).is_ok(), "T01's member came in");
    });
    let check = counter.verify().expect("verify");
    assert!(check.is_clean(), "{:?}", check.problems);
}
