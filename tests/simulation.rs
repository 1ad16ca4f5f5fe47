//! The seeded replication simulation (issue 7): three terminals (real books on disk) and
//! a hub (the real hub store and ledger on SQLite) in one process, syncing through the
//! real sync client (`carddesk::sync::sync_with`) over the in-process transport (the
//! hub's own request handling, no socket), driven by a proptest schedule of top-ups,
//! stored-value payments and coupon redemptions, with partitions, dropped / duplicated /
//! reordered deliveries, lost authorization replies, terminal crashes (the book closed
//! and reopened) and clock jumps. An independent reference model replays what the hub
//! ingested, in the order it ingested it, by the rules of DESIGN §4, and at the end,
//! after every terminal heals and syncs:
//!
//! - every replica holds the same entries and the same balances as the model;
//! - per member, stored value minus debt equals what was taken in minus what was spent
//!   (debits equal credits), and no balance is left negative;
//! - every committed (acknowledged) entry is on the hub and on every replica;
//! - every chain is gap-free and verifies;
//! - overdraw conflicts and coupon exceptions appear exactly when the model says.
//!
//! The same schedules run again with partial books (issue 18): T2 keeps the outlet
//! group `restaurant` (every member is registered at `rooms`, so it fetches each member
//! from the hub on first use, then follows it) and T3 the group `ktv` + `rooms`; each
//! must then hold exactly the entries that name no member and every entry of the
//! members it holds, and agree with the whole book T1 on each of them.
//!
//! proptest shrinks a failing schedule. PROPTEST_CASES sets the number of schedules.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use carddesk::sync::{HubTransport, InProcess, SyncError, SyncReport};
use carddesk_data::authorize::{AuthAnswer, AuthorizeReply, AuthorizeRequest, Authorizer, Spend};
use carddesk_data::effects::Effect;
use carddesk_data::enrollment::CredentialReply;
use carddesk_data::journal::Entry;
use carddesk_data::ops::{AddOperator, EditMember, IssueCoupon, RegisterMember, TopUp};
use carddesk_data::partial::{BookScope, Fetched, MemberSource};
use carddesk_data::replication::{
    FetchReply, FetchRequest, Health, PullReply, PullRequest, PushReply, Tip, WireEntry,
};
use carddesk_data::{
    Actor, Book, Checkout, EntryBody, ManualClock, Profile, ProfilePatch, Request, Role, Rules,
    Tender, Terminal,
};
use carddesk_hub::service::Service;
use carddesk_hub::HubStore;
use proptest::prelude::*;
use rust_decimal::Decimal;

const TERMINALS: usize = 3;
const MEMBERS: usize = 2;
const START: i64 = 1_790_000_000;

#[derive(Debug, Clone)]
enum Step {
    /// A profile edit: last writer wins by HLC, ties by entry id.
    Edit {
        t: usize,
        m: usize,
        n: u8,
    },
    TopUp {
        t: usize,
        m: usize,
        yuan: u32,
    },
    Pay {
        t: usize,
        m: usize,
        yuan: u32,
    },
    Redeem {
        t: usize,
        m: usize,
    },
    Partition {
        t: usize,
    },
    Heal {
        t: usize,
    },
    Sync {
        t: usize,
        fault: Fault,
    },
    /// The next authorization reply of `t` is lost (the hub acted on it).
    LoseAuthReply {
        t: usize,
    },
    Crash {
        t: usize,
    },
    ClockJump {
        t: usize,
        minutes: i64,
    },
}

#[derive(Debug, Clone, Copy)]
enum Fault {
    None,
    /// The push reply is lost; the next sync sends the same entries again.
    PushReplyLost,
    /// The push is delivered twice.
    PushTwice,
    /// Pulled entries arrive shuffled across terminals.
    Reordered,
    /// Only a prefix of each terminal's pulled run arrives.
    Truncated,
}

fn step() -> impl Strategy<Value = Step> {
    let t = 0..TERMINALS;
    let m = 0..MEMBERS;
    prop_oneof![
        4 => (t.clone(), m.clone(), 1u32..400).prop_map(|(t, m, yuan)| Step::TopUp { t, m, yuan }),
        6 => (t.clone(), m.clone(), 1u32..400).prop_map(|(t, m, yuan)| Step::Pay { t, m, yuan }),
        2 => (t.clone(), m.clone()).prop_map(|(t, m)| Step::Redeem { t, m }),
        2 => (t.clone(), m, 0u8..4).prop_map(|(t, m, n)| Step::Edit { t, m, n }),
        2 => t.clone().prop_map(|t| Step::Partition { t }),
        2 => t.clone().prop_map(|t| Step::Heal { t }),
        4 => (t.clone(), 0..5u8).prop_map(|(t, f)| Step::Sync {
            t,
            fault: match f {
                0 => Fault::None,
                1 => Fault::PushReplyLost,
                2 => Fault::PushTwice,
                3 => Fault::Reordered,
                _ => Fault::Truncated,
            }
        }),
        1 => t.clone().prop_map(|t| Step::LoseAuthReply { t }),
        1 => t.clone().prop_map(|t| Step::Crash { t }),
        1 => (t, -90i64..90).prop_map(|(t, minutes)| Step::ClockJump { t, minutes }),
    ]
}

/// The network between one terminal and the hub: the real in-process transport, with
/// partitions, lost replies and faulty deliveries put in front of it. It logs what the
/// hub newly stored, call by call, for the model.
struct Link {
    inner: InProcess,
    terminal: String,
    up: Mutex<bool>,
    lose_next_reply: Mutex<bool>,
    /// The fault of the sync in progress.
    fault: Mutex<Fault>,
    /// What the hub newly stored through pushes and authorizations, in order (shared by
    /// every link: the order the hub stored it in).
    ingested: Arc<Mutex<Vec<Vec<String>>>>,
}

impl Link {
    fn is_up(&self) -> bool {
        *self.up.lock().unwrap()
    }

    fn reachable(&self) -> Result<(), SyncError> {
        if self.is_up() {
            Ok(())
        } else {
            Err(unreachable("partitioned"))
        }
    }

    fn hub_seq(&self) -> i64 {
        let tips = self.inner.tips().expect("tips");
        tips.get(&self.terminal).map_or(0, |t| t.seq)
    }

    fn log(&self, ids: Vec<String>) {
        self.ingested.lock().unwrap().push(ids);
    }
}

fn unreachable(detail: &str) -> SyncError {
    SyncError::Unreachable {
        url: "in-process".into(),
        detail: detail.into(),
    }
}

impl HubTransport for Link {
    fn health(&self) -> Result<Health, SyncError> {
        self.reachable()?;
        self.inner.health()
    }

    fn enroll(&self, code: &str, terminal: &str) -> Result<CredentialReply, SyncError> {
        self.reachable()?;
        self.inner.enroll(code, terminal)
    }

    fn rotate(&self) -> Result<CredentialReply, SyncError> {
        self.reachable()?;
        self.inner.rotate()
    }

    fn tips(&self) -> Result<BTreeMap<String, Tip>, SyncError> {
        self.reachable()?;
        self.inner.tips()
    }

    fn push(&self, terminal: &str, entries: &[Entry]) -> Result<PushReply, SyncError> {
        self.reachable()?;
        let reply = self.inner.push(terminal, entries)?;
        let new = &entries[entries.len() - reply.accepted as usize..];
        self.log(new.iter().map(Entry::id).collect());
        match *self.fault.lock().unwrap() {
            Fault::PushTwice => {
                let again = self.inner.push(terminal, entries).expect("re-send");
                assert_eq!(again.accepted, 0, "a re-sent batch is a no-op");
            }
            // The hub stored the batch; the terminal never hears so.
            Fault::PushReplyLost => return Err(unreachable("the reply was lost")),
            _ => {}
        }
        Ok(reply)
    }

    fn pull(
        &self,
        after: &BTreeMap<String, i64>,
        exclude: Option<&str>,
        limit: usize,
    ) -> Result<PullReply, SyncError> {
        self.reachable()?;
        let mut page = self.inner.pull(after, exclude, limit)?;
        let fault = *self.fault.lock().unwrap();
        match fault {
            Fault::Reordered => page.entries = interleaved(page.entries),
            Fault::Truncated => {
                // Keep each terminal's run up to its middle: a delivery cut short.
                let mut counts: HashMap<String, usize> = HashMap::new();
                for e in &page.entries {
                    *counts.entry(e.terminal.clone()).or_default() += 1;
                }
                let mut kept: HashMap<String, usize> = HashMap::new();
                page.entries.retain(|e| {
                    let k = kept.entry(e.terminal.clone()).or_default();
                    *k += 1;
                    *k <= counts[&e.terminal].div_ceil(2)
                });
                page.more = false;
            }
            _ => {}
        }
        Ok(page)
    }

    fn pull_scoped(&self, req: &PullRequest) -> Result<PullReply, SyncError> {
        self.reachable()?;
        let mut page = self.inner.pull_scoped(req)?;
        // A scoped answer's positions come with its entries: only reordering applies.
        if let Fault::Reordered = *self.fault.lock().unwrap() {
            page.entries = interleaved(page.entries);
        }
        Ok(page)
    }

    fn fetch(&self, req: &FetchRequest) -> Result<FetchReply, SyncError> {
        self.reachable()?;
        self.inner.fetch(req)
    }

    fn authorize(&self, req: &AuthorizeRequest) -> Result<AuthorizeReply, SyncError> {
        self.reachable()?;
        let before = self.hub_seq();
        let reply = self.inner.authorize(req).expect("the hub answers");
        let after = self.hub_seq();
        self.log(
            (before + 1..=after)
                .map(|s| format!("{}-{s}", self.terminal))
                .collect(),
        );
        if std::mem::take(&mut *self.lose_next_reply.lock().unwrap()) {
            return Err(unreachable("the reply was lost"));
        }
        Ok(reply)
    }
}

/// The terminals' runs taken in turn, last terminal first: every terminal's entries in
/// their order (the sync client checks that), the terminals shuffled.
fn interleaved(entries: Vec<WireEntry>) -> Vec<WireEntry> {
    let mut runs: BTreeMap<String, VecDeque<WireEntry>> = BTreeMap::new();
    for e in entries {
        runs.entry(e.terminal.clone()).or_default().push_back(e);
    }
    let mut out = Vec::new();
    while runs.values().any(|r| !r.is_empty()) {
        for run in runs.values_mut().rev() {
            out.extend(run.pop_front());
        }
    }
    out
}

/// The book's authorizer: each spend put to the hub through the terminal's link.
struct Gate(Arc<Link>);

impl Authorizer for Gate {
    fn hub_tip(&mut self) -> Option<i64> {
        self.0.is_up().then(|| self.0.hub_seq())
    }

    fn authorize(
        &mut self,
        op_id: &str,
        member_no: &str,
        spends: &[Spend],
        pending: &[Entry],
    ) -> AuthAnswer {
        let req = AuthorizeRequest {
            op_id: op_id.to_string(),
            member_no: member_no.to_string(),
            spends: spends.to_vec(),
            pending: pending.iter().map(WireEntry::from).collect(),
        };
        match self.0.authorize(&req) {
            Ok(reply) if reply.approved => AuthAnswer::Approved,
            Ok(reply) => AuthAnswer::Refused {
                message: reply.message,
                message_en: reply.message_en,
            },
            Err(_) => AuthAnswer::Unreachable,
        }
    }
}

/// A partial book's fetch on lookup, through the terminal's link.
struct Source(Arc<Link>);

impl MemberSource for Source {
    fn fetch(&mut self, values: &[String]) -> Result<Fetched, String> {
        let reply = self
            .0
            .fetch(&FetchRequest {
                values: values.to_vec(),
            })
            .map_err(|e| e.to_string())?;
        let conv = |w: Vec<WireEntry>| -> Vec<Entry> {
            w.into_iter()
                .map(|w| Entry::try_from(w).expect("entry"))
                .collect()
        };
        Ok(Fetched {
            members: reply.members,
            entries: conv(reply.entries),
            keys: conv(reply.keys),
        })
    }
}

struct Node {
    /// The outlet group this terminal's book keeps (None: the whole chain).
    group: Option<Vec<String>>,
    book: Option<Book>,
    clock: ManualClock,
    link: Arc<Link>,
    path: std::path::PathBuf,
    terminal: Terminal,
    n: u64,
}

impl Node {
    fn book(&mut self) -> &mut Book {
        self.book.as_mut().expect("open book")
    }

    fn reopen(&mut self) {
        self.book = None;
        let mut book = Book::open(
            &self.path,
            self.terminal.clone(),
            Box::new(self.clock.clone()),
        )
        .expect("reopen after a crash");
        book.set_authorizer(Box::new(Gate(Arc::clone(&self.link))));
        book.set_member_source(Box::new(Source(Arc::clone(&self.link))));
        if let Some(outlets) = &self.group {
            book.set_scope(&BookScope::Group {
                outlets: outlets.clone(),
            })
            .expect("scope");
        }
        self.book = Some(book);
    }
}

/// The reference model: what the hub must hold, replayed from what it ingested.
#[derive(Default, Debug)]
struct Model {
    /// Per entry: member, principal, bonus and debt deltas (cents), coupon redeemed.
    entries: HashMap<String, (String, i64, i64, i64, Option<String>)>,
    principal: BTreeMap<String, i64>,
    bonus: BTreeMap<String, i64>,
    debt: BTreeMap<String, i64>,
    overdraws: BTreeMap<String, usize>,
    redemptions: BTreeMap<String, usize>,
    coupon_exceptions: BTreeMap<String, usize>,
    /// Credits minus spends per member, cents (debits equal credits).
    net: BTreeMap<String, i64>,
}

fn cents(d: Decimal) -> i64 {
    (d * Decimal::ONE_HUNDRED).trunc().try_into().unwrap_or(0)
}

impl Model {
    fn record(&mut self, id: &str, member: &str, body: &EntryBody) {
        let (mut p, mut b, mut d, mut coupon) = (0, 0, 0, None);
        for e in body.effects() {
            match e {
                Effect::Principal { delta } => p += cents(*delta),
                Effect::Bonus { delta } => b += cents(*delta),
                Effect::Debt { delta } => d += cents(*delta),
                Effect::CouponRedeemed { code } => coupon = Some(code.clone()),
                _ => {}
            }
        }
        *self.net.entry(member.to_string()).or_default() += p + b - d;
        self.entries
            .insert(id.to_string(), (member.to_string(), p, b, d, coupon));
    }

    /// One batch the hub stored, by DESIGN §4: overdrawn stored value goes to zero and
    /// the rest to debt (one conflict); debt meets principal and is repaid; a coupon's
    /// extra standing redemption gets one exception.
    fn hub_batch(&mut self, ids: &[String]) {
        let mut touched = Vec::new();
        let mut coupons = Vec::new();
        for id in ids {
            let Some((m, p, b, d, c)) = self.entries.get(id).cloned() else {
                continue;
            };
            *self.principal.entry(m.clone()).or_default() += p;
            *self.bonus.entry(m.clone()).or_default() += b;
            *self.debt.entry(m.clone()).or_default() += d;
            if let Some(c) = c {
                *self.redemptions.entry(c.clone()).or_default() += 1;
                coupons.push(c);
            }
            touched.push(m);
        }
        touched.sort();
        touched.dedup();
        for m in touched {
            let p = self.principal[&m];
            let b = self.bonus[&m];
            let d = self.debt[&m];
            if p < 0 || b < 0 {
                let total = p + b;
                if total >= 0 {
                    // Put right, then what principal is left repays an older debt.
                    let np = p.max(0).min(total);
                    let r = if d > 0 { d.min(np) } else { 0 };
                    self.principal.insert(m.clone(), np - r);
                    self.bonus.insert(m.clone(), total - np);
                    self.debt.insert(m.clone(), d - r);
                } else {
                    *self.overdraws.entry(m.clone()).or_default() += 1;
                    self.principal.insert(m.clone(), 0);
                    self.bonus.insert(m.clone(), 0);
                    self.debt.insert(m.clone(), d - total);
                }
            } else if d < 0 {
                self.debt.insert(m.clone(), 0);
                self.principal.insert(m.clone(), p - d);
            } else if d > 0 && p > 0 {
                let r = d.min(p);
                self.principal.insert(m.clone(), p - r);
                self.debt.insert(m.clone(), d - r);
            }
        }
        for c in coupons {
            let extra = self.redemptions[&c].saturating_sub(1);
            let exc = self.coupon_exceptions.entry(c).or_default();
            *exc = (*exc).max(extra);
        }
    }
}

struct World {
    _dir: tempfile::TempDir,
    rt: Arc<tokio::runtime::Runtime>,
    hub: Arc<Service>,
    /// What the hub newly stored, batch by batch, not yet given to the model.
    ingested: Arc<Mutex<Vec<Vec<String>>>>,
    nodes: Vec<Node>,
    members: Vec<String>,
    coupons: Vec<String>,
    model: Model,
    acknowledged: Vec<String>,
}

fn rules() -> Rules {
    let mut r = Rules::default();
    r.stored_value.pin_above = None;
    r.stored_value.supervisor_above = None;
    // Generous caps so that offline spends happen and can overdraw.
    r.offline.max_spends_per_member = 50;
    r.offline.max_stored_value_per_member = Decimal::from(100_000);
    r.offline.max_terminal_exposure = Decimal::from(1_000_000);
    r
}

impl World {
    fn new() -> World {
        World::with_groups(&[None, None, None])
    }

    /// T2 keeps `restaurant`, T3 `ktv` and `rooms`; T1 the whole chain.
    fn partial() -> World {
        World::with_groups(&[None, Some(&["restaurant"]), Some(&["ktv", "rooms"])])
    }

    fn with_groups(groups: &[Option<&[&str]>; TERMINALS]) -> World {
        let dir = tempfile::tempdir().expect("temp dir");
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
        let ingested = Arc::new(Mutex::new(Vec::new()));
        let mut nodes = Vec::new();
        for i in 0..TERMINALS {
            let id = format!("T{}", i + 1);
            let token = rt.block_on(hub.store().enroll(&id)).expect("enroll");
            let clock = ManualClock::new(chrono::DateTime::from_timestamp(START, 0).unwrap());
            let terminal = Terminal {
                id: id.clone(),
                outlet: ["rooms", "restaurant", "ktv"][i].into(),
                member_prefix: format!("{}", i + 1),
                rules: rules(),
            };
            let link = Arc::new(Link {
                inner: InProcess::new(Arc::clone(&hub), Arc::clone(&rt), &token),
                terminal: id.clone(),
                up: Mutex::new(true),
                lose_next_reply: Mutex::new(false),
                fault: Mutex::new(Fault::None),
                ingested: Arc::clone(&ingested),
            });
            let mut node = Node {
                group: groups[i].map(|g| g.iter().map(|o| o.to_string()).collect()),
                book: None,
                clock,
                link,
                path: dir.path().join(format!("{id}.db")),
                terminal,
                n: 0,
            };
            let created = Book::create(
                &node.path,
                node.terminal.clone(),
                Box::new(node.clock.clone()),
            )
            .expect("create the book");
            drop(created);
            node.reopen();
            nodes.push(node);
        }
        let mut w = World {
            _dir: dir,
            rt,
            hub,
            ingested,
            nodes,
            members: Vec::new(),
            coupons: Vec::new(),
            model: Model::default(),
            acknowledged: Vec::new(),
        };
        w.setup();
        w
    }

    /// A supervisor, the members and one coupon each, all on T1; everyone syncs.
    fn setup(&mut self) {
        let boss = Actor::new("setup", "rooms");
        self.run(
            0,
            &boss,
            Request::AddOperator(AddOperator {
                operator_id: "sup".into(),
                name: "主管".into(),
                role: Role::Admin,
                pin: "246813".into(),
            }),
        )
        .expect("supervisor");
        for i in 0..MEMBERS {
            let out = self
                .run(
                    0,
                    &boss,
                    Request::RegisterMember(RegisterMember {
                        profile: Profile {
                            name: format!("会员{i}"),
                            phone: Some(format!("1390000{i:04}")),
                            ..Default::default()
                        },
                        tier: None,
                        credentials: vec![],
                    }),
                )
                .expect("register");
            let no = out.member.expect("member").member_no;
            let sup = Actor::new("sup", "rooms");
            let out = self
                .run(
                    0,
                    &sup,
                    Request::IssueCoupon(IssueCoupon {
                        member_no: no.clone().into(),
                        template: "cash20".into(),
                        reason: "sim".into(),
                    }),
                )
                .expect("coupon");
            let code = out
                .detail
                .as_ref()
                .and_then(|b| {
                    b.effects().iter().find_map(|e| match e {
                        Effect::CouponIssued { code, .. } => Some(code.clone()),
                        _ => None,
                    })
                })
                .expect("a coupon code");
            self.members.push(no);
            self.coupons.push(code);
        }
        for t in 0..TERMINALS {
            self.sync(t, Fault::None);
        }
    }

    fn run(
        &mut self,
        t: usize,
        actor: &Actor,
        req: Request,
    ) -> Result<carddesk_data::Outcome, carddesk_data::OpError> {
        let node = &mut self.nodes[t];
        // A partial book looks a member it does not hold up first (fetched from the
        // hub and followed); offline, it is not held here: nothing is posted.
        if let Some(m) = member_of(&req) {
            if node.group.is_some() && !node.book().holds(&m).expect("holds") {
                node.book().find_or_fetch(&m)?;
            }
        }
        node.n += 1;
        node.clock.advance(chrono::Duration::seconds(7));
        let op = format!("{}-op{}", node.terminal.id, node.n);
        let out = node.book().execute(actor, &op, &req)?;
        self.record_outcome(t, &out);
        Ok(out)
    }

    fn record_outcome(&mut self, t: usize, out: &carddesk_data::Outcome) {
        let ids = std::iter::once(out.entry_id.clone()).chain(out.follow_ups.iter().cloned());
        for id in ids {
            let e = self.nodes[t]
                .book()
                .entry(&id)
                .unwrap()
                .expect("committed entry");
            if let (Some(m), Ok(body)) = (&e.header.member_no, e.parsed_body()) {
                self.model.record(&id, m, &body);
            }
            self.acknowledged.push(id.to_string());
        }
        self.drain_authorizations();
    }

    fn drain_authorizations(&mut self) {
        let batches: Vec<Vec<String>> = std::mem::take(&mut *self.ingested.lock().unwrap());
        for b in batches {
            self.model.hub_batch(&b);
        }
    }

    /// One sync of the real client through the terminal's link: push this terminal's
    /// entries the hub lacks, then pull everyone else's, under `fault`.
    fn sync(&mut self, t: usize, fault: Fault) {
        self.drain_authorizations();
        let link = Arc::clone(&self.nodes[t].link);
        *link.fault.lock().unwrap() = fault;
        let mut report = SyncReport::default();
        let result = carddesk::sync::sync_with(&*link, self.nodes[t].book(), &mut report);
        *link.fault.lock().unwrap() = Fault::None;
        match result {
            Ok(()) => {}
            // Partitioned, or the push reply lost: nothing pulled this time.
            Err(SyncError::Unreachable { .. })
                if !link.is_up() || matches!(fault, Fault::PushReplyLost) => {}
            Err(e) => panic!("T{} sync under {fault:?}: {e}", t + 1),
        }
        self.drain_authorizations();
    }

    fn apply(&mut self, s: &Step) {
        let cashier = |t: usize| Actor::new("op1", ["rooms", "restaurant", "ktv"][t]);
        match *s {
            Step::TopUp { t, m, yuan } => {
                let req = Request::TopUp(TopUp {
                    member_no: self.members[m].clone().into(),
                    amount: Decimal::from(yuan),
                    tender: Tender::Cash,
                });
                allowed(self.run(t, &cashier(t), req), "a top-up is always allowed");
            }
            Step::Pay { t, m, yuan } => {
                let req = Request::Checkout(Checkout {
                    member_no: self.members[m].clone().into(),
                    bill: Decimal::from(yuan),
                    bill_ref: "sim".into(),
                    coupons: vec![],
                    use_points: false,
                    use_stored_value: true,
                    max_points: None,
                    max_stored_value: None,
                    tender: Tender::Cash,
                    pin: None,
                });
                // A refusal (the hub says the chain-wide balance is short) writes nothing.
                let _ = self.run(t, &cashier(t), req);
            }
            Step::Redeem { t, m } => {
                // A cash coupon is redeemed in a checkout (the bill paid in cash).
                let req = Request::Checkout(Checkout {
                    member_no: self.members[m].clone().into(),
                    bill: Decimal::from(150),
                    bill_ref: "sim-coupon".into(),
                    coupons: vec![self.coupons[m].clone()],
                    use_points: false,
                    use_stored_value: false,
                    max_points: None,
                    max_stored_value: None,
                    tender: Tender::Cash,
                    pin: None,
                });
                let _ = self.run(t, &cashier(t), req);
            }
            Step::Edit { t, m, n } => {
                let req = Request::EditMember(EditMember {
                    member_no: self.members[m].clone().into(),
                    changes: ProfilePatch {
                        name: Some(format!("会员{m}-{n}")),
                        notes: Some(format!("T{} note {n}", t + 1)),
                        ..Default::default()
                    },
                });
                allowed(self.run(t, &cashier(t), req), "an edit is always allowed");
            }
            Step::Partition { t } => *self.nodes[t].link.up.lock().unwrap() = false,
            Step::Heal { t } => *self.nodes[t].link.up.lock().unwrap() = true,
            Step::Sync { t, fault } => self.sync(t, fault),
            Step::LoseAuthReply { t } => *self.nodes[t].link.lose_next_reply.lock().unwrap() = true,
            Step::Crash { t } => self.nodes[t].reopen(),
            Step::ClockJump { t, minutes } => self.nodes[t]
                .clock
                .advance(chrono::Duration::minutes(minutes)),
        }
        self.drain_authorizations();
    }

    fn heal_and_converge(&mut self) {
        for n in &self.nodes {
            *n.link.up.lock().unwrap() = true;
            *n.link.lose_next_reply.lock().unwrap() = false;
        }
        // Twice: the hub's own entries written during the first round reach everyone.
        for _ in 0..2 {
            for t in 0..TERMINALS {
                self.sync(t, Fault::None);
            }
        }
    }

    /// Whether node `t` holds (or must hold) entry `e`: a whole book every entry, a
    /// partial book its own, those naming no member and those of the members it holds.
    fn should_hold(&mut self, t: usize, e: &Entry) -> bool {
        let node = &mut self.nodes[t];
        if node.group.is_none() || e.terminal == node.terminal.id {
            return true;
        }
        match &e.header.member_no {
            None => true,
            Some(m) => node.book().holds(m).unwrap(),
        }
    }

    fn holds(&mut self, t: usize, m: &str) -> bool {
        self.nodes[t].book().holds(m).unwrap()
    }

    fn check(&mut self) {
        let rt = Arc::clone(&self.rt);
        let tips = rt.block_on(self.hub.store().tips()).unwrap();
        let mut on_hub: Vec<Entry> = Vec::new();
        let mut after = BTreeMap::new();
        loop {
            let (page, more) = rt
                .block_on(self.hub.store().pull(&after, None, 10_000))
                .unwrap();
            for e in &page {
                after.insert(e.terminal.clone(), e.seq);
            }
            let n = page.len();
            on_hub.extend(page);
            if !more || n == 0 {
                break;
            }
        }
        for t in 0..TERMINALS {
            let book = self.nodes[t].book();
            let report = book.verify().unwrap();
            assert!(report.is_clean(), "T{} verify: {report:?}", t + 1);
            if self.nodes[t].group.is_none() {
                let positions = self.nodes[t].book().positions().unwrap();
                for (term, tip) in &tips {
                    let held = positions.get(term).map_or(0, |p| p.0);
                    assert_eq!(
                        held,
                        tip.seq,
                        "T{} holds {term} up to {held}, hub {}",
                        t + 1,
                        tip.seq
                    );
                }
            }
            for e in &on_hub {
                let want = self.should_hold(t, e);
                let held = self.nodes[t].book().entry(&e.id()).unwrap();
                assert_eq!(held.is_some(), want, "T{} holding {}: {e:?}", t + 1, e.id());
                if let Some(h) = held {
                    assert_eq!(&h, e, "T{} holds {} as the hub does", t + 1, e.id());
                }
            }
        }
        for id in self.acknowledged.clone() {
            let e = on_hub.iter().find(|e| e.id() == id).cloned();
            let e = e.unwrap_or_else(|| panic!("{id} acknowledged but not on the hub"));
            for t in 0..TERMINALS {
                if self.should_hold(t, &e) {
                    assert!(
                        self.nodes[t].book().entry(&id).unwrap().is_some(),
                        "{id} lost on T{}",
                        t + 1
                    );
                }
            }
        }
        let conflicts = self.nodes[0].book().conflicts(true, 10_000).unwrap();
        for m in self.members.clone() {
            let want_p = self.model.principal.get(&m).copied().unwrap_or(0);
            let want_b = self.model.bonus.get(&m).copied().unwrap_or(0);
            let want_d = self.model.debt.get(&m).copied().unwrap_or(0);
            for t in 0..TERMINALS {
                if !self.holds(t, &m) {
                    continue;
                }
                let a = self.nodes[t].book().account(&m).unwrap();
                assert_eq!(
                    (cents(a.principal), cents(a.bonus), cents(a.debt)),
                    (want_p, want_b, want_d),
                    "member {m} on T{}: (principal, bonus, debt) against the model",
                    t + 1
                );
                assert!(
                    a.principal >= Decimal::ZERO
                        && a.bonus >= Decimal::ZERO
                        && a.debt >= Decimal::ZERO
                );
                assert!(a.debt == Decimal::ZERO || a.principal == Decimal::ZERO);
            }
            // Debits equal credits: stored value minus debt is what came in minus what went out.
            let net = self.model.net.get(&m).copied().unwrap_or(0);
            assert_eq!(
                want_p + want_b - want_d,
                net,
                "member {m}: debits equal credits"
            );
            let overdraws = conflicts
                .iter()
                .filter(|c| c.member_no == m && c.kind == "overdraw" && c.asset == "stored_value")
                .count();
            assert_eq!(
                overdraws,
                self.model.overdraws.get(&m).copied().unwrap_or(0),
                "member {m}: overdraw conflicts"
            );
        }
        for code in &self.coupons {
            let exceptions = conflicts
                .iter()
                .filter(|c| c.kind == "coupon_redeemed_twice" && &c.subject == code)
                .count();
            assert_eq!(
                exceptions,
                self.model.coupon_exceptions.get(code).copied().unwrap_or(0),
                "coupon {code}: exception entries"
            );
        }
        // Profiles converge too: every replica that holds a member shows the same last edit.
        for m in self.members.clone() {
            let first = self.nodes[0].book().member(&m).unwrap();
            for t in 1..TERMINALS {
                if self.holds(t, &m) {
                    assert_eq!(
                        self.nodes[t].book().member(&m).unwrap(),
                        first,
                        "member {m} on T{}",
                        t + 1
                    );
                }
            }
        }
        // Every replica lists the same conflicts (a partial one: of the members it holds).
        for t in 1..TERMINALS {
            let other = self.nodes[t].book().conflicts(true, 10_000).unwrap();
            let mut want = 0;
            for c in &conflicts {
                if self.holds(t, &c.member_no) {
                    want += 1;
                }
            }
            assert_eq!(other.len(), want, "T{} conflicts", t + 1);
        }
    }
}

fn allowed(r: Result<carddesk_data::Outcome, carddesk_data::OpError>, what: &str) {
    match r {
        Ok(_) | Err(carddesk_data::OpError::NotHeld(_)) => {}
        Err(e) => panic!("{what}: {e}"),
    }
}

fn member_of(req: &Request) -> Option<String> {
    match req {
        Request::TopUp(r) => Some(r.member_no.to_string()),
        Request::Checkout(r) => Some(r.member_no.to_string()),
        Request::EditMember(r) => Some(r.member_no.to_string()),
        _ => None,
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn replicas_converge_to_the_reference_model(steps in prop::collection::vec(step(), 20..90)) {
        let mut w = World::new();
        for s in &steps {
            w.apply(s);
        }
        w.heal_and_converge();
        w.check();
    }

    #[test]
    fn partial_books_converge_on_every_member_they_hold(steps in prop::collection::vec(step(), 20..90)) {
        let mut w = World::partial();
        for s in &steps {
            w.apply(s);
        }
        w.heal_and_converge();
        w.check();
    }
}

/// The scenario of DESIGN §4 spelled out: two terminals apart both spend the same
/// stored value; after sync the sale stands, the balance is zero, the rest is debt, one
/// conflict is listed everywhere, and the next top-up repays the debt first.
#[test]
fn an_offline_double_spend_becomes_one_conflict_and_member_debt() {
    let mut w = World::new();
    w.apply(&Step::TopUp {
        t: 0,
        m: 0,
        yuan: 100,
    });
    for t in 0..TERMINALS {
        w.sync(t, Fault::None);
    }
    w.apply(&Step::Partition { t: 1 });
    w.apply(&Step::Partition { t: 2 });
    w.apply(&Step::Pay {
        t: 1,
        m: 0,
        yuan: 80,
    });
    w.apply(&Step::Pay {
        t: 2,
        m: 0,
        yuan: 70,
    });
    w.apply(&Step::Redeem { t: 1, m: 0 });
    w.apply(&Step::Redeem { t: 2, m: 0 });
    w.heal_and_converge();
    w.check();
    let m = w.members[0].clone();
    let a = w.nodes[0].book().account(&m).unwrap();
    assert_eq!(a.stored_value(), Decimal::ZERO);
    assert_eq!(a.debt, Decimal::from(50), "100 + 0 bonus, 150 spent");
    let list = w.nodes[2].book().conflicts(false, 10).unwrap();
    assert_eq!(list.len(), 2, "{list:?}");
    // Online now, a spend is refused by the hub; the next top-up repays the debt first.
    let err = w.run(
        0,
        &Actor::new("op1", "rooms"),
        Request::Checkout(Checkout {
            member_no: m.clone().into(),
            bill: Decimal::from(10),
            bill_ref: "x".into(),
            coupons: vec![],
            use_points: false,
            use_stored_value: true,
            max_points: None,
            max_stored_value: None,
            tender: Tender::Cash,
            pin: None,
        }),
    );
    assert!(err.is_ok(), "no stored value: the bill is paid in cash");
    w.apply(&Step::TopUp {
        t: 1,
        m: 0,
        yuan: 80,
    });
    w.heal_and_converge();
    w.check();
    let a = w.nodes[2].book().account(&m).unwrap();
    assert_eq!(a.debt, Decimal::ZERO);
}

/// A partial book fetches a member on first use (T2 keeps `restaurant`, every member is
/// registered at `rooms`), follows it from then on, and holds no member it never used;
/// partitioned, it posts nothing for a member it does not hold.
#[test]
fn a_partial_book_holds_what_it_used_and_follows_it() {
    let mut w = World::partial();
    let (m0, m1) = (w.members[0].clone(), w.members[1].clone());
    assert!(w.holds(2, &m0) && w.holds(2, &m1), "T3 keeps rooms: both");
    assert!(
        !w.holds(1, &m0) && !w.holds(1, &m1),
        "T2 keeps restaurant: none yet"
    );
    w.apply(&Step::Partition { t: 1 });
    let before = w.nodes[1].book().positions().unwrap();
    let offline = w.run(
        1,
        &Actor::new("op1", "restaurant"),
        Request::TopUp(TopUp {
            member_no: m0.clone().into(),
            amount: Decimal::from(50),
            tender: Tender::Cash,
        }),
    );
    assert!(
        matches!(offline, Err(carddesk_data::OpError::NotHeld(_))),
        "{offline:?}"
    );
    assert_eq!(
        w.nodes[1].book().positions().unwrap(),
        before,
        "nothing written"
    );
    w.apply(&Step::Heal { t: 1 });
    w.apply(&Step::TopUp {
        t: 1,
        m: 0,
        yuan: 50,
    });
    assert!(
        w.holds(1, &m0) && !w.holds(1, &m1),
        "fetched on first use only"
    );
    w.apply(&Step::TopUp {
        t: 0,
        m: 0,
        yuan: 70,
    });
    w.sync(0, Fault::None);
    w.sync(1, Fault::None);
    let a1 = w.nodes[1].book().account(&m0).unwrap();
    assert_eq!(
        a1.principal,
        Decimal::from(120),
        "T1's top-up reached the follower"
    );
    w.sync(0, Fault::None);
    let a0 = w.nodes[0].book().account(&m0).unwrap();
    assert_eq!(a0.principal, a1.principal);
    w.heal_and_converge();
    w.check();
    assert!(!w.holds(1, &m1), "still not held");
}

/// The steps the simulation shrank that failure to.
fn debt_beside_stored_value_steps() -> Vec<Step> {
    use Fault::*;
    use Step::*;
    vec![
        TopUp {
            t: 0,
            m: 0,
            yuan: 1,
        },
        TopUp {
            t: 0,
            m: 0,
            yuan: 59,
        },
        TopUp {
            t: 0,
            m: 0,
            yuan: 1,
        },
        TopUp {
            t: 0,
            m: 0,
            yuan: 1,
        },
        Sync { t: 0, fault: None },
        TopUp {
            t: 2,
            m: 0,
            yuan: 202,
        },
        Partition { t: 0 },
        Pay {
            t: 0,
            m: 0,
            yuan: 207,
        },
        Sync {
            t: 2,
            fault: Truncated,
        },
        Partition { t: 2 },
        Sync { t: 1, fault: None },
        TopUp {
            t: 2,
            m: 0,
            yuan: 199,
        },
        Pay {
            t: 2,
            m: 0,
            yuan: 78,
        },
        Pay {
            t: 1,
            m: 0,
            yuan: 312,
        },
        Sync {
            t: 2,
            fault: PushReplyLost,
        },
        Pay {
            t: 1,
            m: 0,
            yuan: 390,
        },
        TopUp {
            t: 0,
            m: 0,
            yuan: 60,
        },
        Sync {
            t: 0,
            fault: Reordered,
        },
        Sync {
            t: 2,
            fault: PushReplyLost,
        },
        Heal { t: 0 },
    ]
}

/// Found by the seeded simulation: an overdraft of the bonus put right from principal
/// (`stored_value_rebalanced`) left the rest of the principal beside an older debt. The
/// hub now repays the debt from it too, in whole and in partial books alike.
#[test]
fn stored_value_put_right_beside_an_older_debt_repays_it() {
    for mut w in [World::new(), World::partial()] {
        for s in &debt_beside_stored_value_steps() {
            w.apply(s);
        }
        w.heal_and_converge();
        w.check();
    }
}
