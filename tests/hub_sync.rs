//! Replication end to end, with real processes: a hub (`carddesk hub serve`) on SQLite
//! and on a real PostgreSQL server, three terminal books (T01, T02, T03) each driven by
//! `carddesk op` and synced by `carddesk sync`, ending with identical balances in all
//! three books and `verify` clean in each. Then the hub's refusals: an id re-sent with
//! other content (409, alarmed), a terminal posting as another (403), gaps and broken
//! chains (422), unknown tokens (401); and the benchmark on both stores, small.
//!
//! PostgreSQL: `CARDDESK_TEST_PG_URL` (default postgres://postgres@127.0.0.1:5432/test);
//! each test creates its own database there with `psql` and drops it afterwards.
//! scripts/test installs and starts PostgreSQL where none runs.

#![cfg(feature = "hub")]

mod common;
#[path = "common/hub.rs"]
mod enrolling;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use carddesk::hub::bench::{generate, generate_signed};
use carddesk::sync::{HubClient, HubTransport, SyncError};
use carddesk_data::journal::Entry;
use common::Site;
use serde_json::{json, Value};

const TERMINALS: [(&str, &str, &str); 3] = [
    ("T01", "rooms", "1"),
    ("T02", "restaurant", "2"),
    ("T03", "ktv", "3"),
];

// ---------------------------------------------------------------------------------------
// PostgreSQL: a database of its own per test (the hub crate's tests share the helper).

#[path = "../hub/tests/common/mod.rs"]
mod pg;
use pg::PgDb;

// ---------------------------------------------------------------------------------------
// The hub process.

struct HubProc {
    child: Child,
    url: String,
    store: String,
}

impl HubProc {
    /// Plain HTTP on loopback (`insecure_http`); TLS is tested in tests/hub_limits.rs.
    fn start(site: &Site, store: &str) -> HubProc {
        let (child, url) = enrolling::start_plain_hub(site.dir.path(), store, Stdio::inherit());
        HubProc {
            child,
            url,
            store: store.to_string(),
        }
    }

    /// Enrolls `terminal` through a folder of its own (code, then `sync --enroll`) and
    /// returns its token.
    fn enroll(&self, site: &Site, terminal: &str) -> String {
        let t = Site::new();
        std::fs::write(
            t.path("config.toml"),
            format!(
                "[terminal]\nid = \"{terminal}\"\n[sync]\nhub_url = \"{}\"\ninsecure_http = true\n",
                self.url
            ),
        )
        .expect("write config");
        enrolling::enroll(site.dir.path(), &self.store, terminal, t.dir.path())
    }

    fn alarms(&self, site: &Site) -> Vec<Value> {
        let out = site.run(&["hub", "alarms", "--json", "--store", &self.store]);
        assert!(out.status.success(), "{}", common::text(&out));
        serde_json::from_slice(&out.stdout).expect("alarms JSON")
    }
}

impl Drop for HubProc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------------------
// Terminals.

struct Term {
    id: &'static str,
    site: Site,
}

impl Term {
    fn new(id: &'static str, outlet: &str, prefix: &str, hub_url: &str, token: &str) -> Term {
        let site = Site::new();
        std::fs::write(
            site.path("config.toml"),
            format!(
                "[terminal]\nid = \"{id}\"\noutlet = \"{outlet}\"\nmember_prefix = \"{prefix}\"\n\
                 [database]\npath = \"book.db\"\n[backup]\ndaily_dir = \"\"\n\
                 [sync]\nhub_url = \"{hub_url}\"\ntoken = \"{token}\"\ninsecure_http = true\n"
            ),
        )
        .expect("write config");
        site.init();
        Term { id, site }
    }

    fn ok(&self, kind: &str, mut req: Value, op: &str) -> Value {
        req["op_id"] = json!(format!("{}-{op}", self.id));
        let (code, out) = self.site.op(kind, req);
        assert_eq!(code, 0, "{} {kind}: {out}", self.id);
        out["result"].clone()
    }

    fn register(&self, name: &str, op: &str) -> String {
        let r = self.ok("register_member", json!({"profile": {"name": name}}), op);
        r["member"]["member_no"]
            .as_str()
            .expect("member no")
            .to_string()
    }

    fn top_up(&self, no: &str, amount: &str, op: &str) {
        self.ok(
            "top_up",
            json!({"member_no": no, "amount": amount, "tender": "cash"}),
            op,
        );
    }

    fn checkout(&self, no: &str, bill: &str, op: &str) {
        self.ok(
            "checkout",
            json!({"member_no": no, "bill": bill, "bill_ref": op, "coupons": [],
                   "use_points": false, "use_stored_value": true, "tender": "cash"}),
            op,
        );
    }

    /// Points this terminal at another hub address (a dead one: a partition).
    fn set_hub(&self, hub_url: &str) {
        let path = self.site.path("config.toml");
        let text = std::fs::read_to_string(&path).expect("config");
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        for l in &mut lines {
            if l.starts_with("hub_url") {
                *l = format!("hub_url = \"{hub_url}\"");
            }
        }
        std::fs::write(&path, lines.join("\n") + "\n").expect("write config");
    }

    /// A stored-value checkout; the refusal code when refused.
    fn try_checkout(&self, no: &str, bill: &str, op: &str) -> Result<Value, String> {
        let req = json!({"member_no": no, "bill": bill, "bill_ref": op, "coupons": [],
                         "use_points": false, "use_stored_value": true, "tender": "cash",
                         "op_id": format!("{}-{op}", self.id)});
        let (code, out) = self.site.op("checkout", req);
        if code == 0 {
            Ok(out["result"].clone())
        } else {
            Err(out["error"]["code"]
                .as_str()
                .unwrap_or_default()
                .to_string())
        }
    }

    fn conflicts(&self) -> Vec<Value> {
        let out = self.site.run(&["conflicts", "--all", "--json"]);
        assert!(out.status.success(), "{}", common::text(&out));
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).expect("conflict JSON"))
            .collect()
    }

    fn sync(&self) -> Value {
        let out = self.site.run(&["sync", "--json"]);
        let report: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("sync JSON ({e}): {}", common::text(&out)));
        assert!(
            out.status.success() && report["ok"] == json!(true),
            "{} sync: {report}",
            self.id
        );
        report
    }

    fn account(&self, no: &str) -> Value {
        let (code, out) = self.site.op("account", json!({"member_no": no}));
        assert_eq!(code, 0, "{} account {no}: {out}", self.id);
        out["result"].clone()
    }

    fn verify(&self) -> Value {
        let db = self.site.db();
        let out = self
            .site
            .run(&["--db", db.to_str().unwrap_or_default(), "verify", "--json"]);
        assert!(
            out.status.success(),
            "{} verify: {}",
            self.id,
            common::text(&out)
        );
        serde_json::from_slice(&out.stdout).expect("verify JSON")
    }
}

/// A hub on `store` with T01, T02 and T03 enrolled and configured to sync through it.
fn chain(store: &str) -> (Site, HubProc, Vec<Term>) {
    let hub_site = Site::new();
    let hub = HubProc::start(&hub_site, store);
    let terms: Vec<Term> = TERMINALS
        .iter()
        .map(|(id, outlet, prefix)| {
            let token = hub.enroll(&hub_site, id);
            Term::new(id, outlet, prefix, &hub.url, &token)
        })
        .collect();
    (hub_site, hub, terms)
}

fn three_terminals(store: &str) {
    let (hub_site, hub, terms) = chain(store);
    let [t1, t2, t3] = [&terms[0], &terms[1], &terms[2]];
    let sync_all = |rounds: usize| {
        for _ in 0..rounds {
            for t in &terms {
                t.sync();
            }
        }
    };

    // Round 1: each terminal registers its own members and takes top-ups.
    let a = t1.register("林小姐", "r1");
    t1.top_up(&a, "500", "r2");
    let b = t2.register("王先生", "r1");
    t2.top_up(&b, "1000", "r2");
    let c = t3.register("陈女士", "r1");
    let first = t1.sync();
    assert_eq!(first["pushed"], json!(2), "{first}");
    sync_all(2);

    // Round 2: members are served at other outlets.
    t2.checkout(&a, "100", "c1");
    t3.top_up(&b, "200", "t1");
    t1.checkout(&c, "50", "c1");
    t3.checkout(&b, "300", "c2");
    sync_all(1);

    // Round 3: the same member at three terminals between two syncs.
    t1.top_up(&a, "200", "t2");
    t2.top_up(&a, "300", "t2");
    t3.checkout(&a, "50", "c3");
    t1.checkout(&b, "120", "c2");
    sync_all(2);

    // Three syncs at the same moment: the hub serialises each terminal's batches.
    t1.top_up(&c, "1000", "t3");
    t2.checkout(&c, "60", "c3");
    t3.top_up(&c, "200", "t4");
    let children: Vec<_> = terms
        .iter()
        .map(|t| {
            t.site
                .cmd()
                .args(["sync", "--json"])
                .stdout(Stdio::piped())
                .spawn()
                .expect("spawn sync")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("sync");
        assert!(out.status.success(), "{}", common::text(&out));
    }
    sync_all(1);

    // A sync with nothing new moves nothing.
    let idle = t2.sync();
    assert_eq!(
        (idle["pushed"].clone(), idle["pulled"].clone()),
        (json!(0), json!(0)),
        "{idle}"
    );

    for no in [&a, &b, &c] {
        let expected = t1.account(no);
        for t in [t2, t3] {
            assert_eq!(
                t.account(no),
                expected,
                "member {no}: {} differs from T01",
                t.id
            );
        }
    }
    // Stored value: A 500+100 bonus −100 +200+20 +300+20 −50 (bonus first).
    let a_acc = t3.account(&a);
    let total = |acc: &Value| -> f64 {
        ["principal", "bonus"]
            .iter()
            .map(|k| {
                acc[k]
                    .as_str()
                    .unwrap_or("0")
                    .parse::<f64>()
                    .unwrap_or(f64::NAN)
            })
            .sum()
    };
    assert!((total(&a_acc) - 990.0).abs() < 0.001, "{a_acc}");

    let reports: Vec<Value> = terms.iter().map(Term::verify).collect();
    // 3 registrations, 7 top-ups, 6 checkouts (and any tier changes they earned).
    assert!(
        reports[0]["entries"].as_u64().unwrap_or(0) >= 16,
        "{}",
        reports[0]
    );
    let kinds = rusqlite::Connection::open(t1.site.db())
        .expect("T01 book")
        .prepare("SELECT kind FROM journal WHERE terminal = 'HUB'")
        .and_then(|mut s| {
            s.query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()
        })
        .expect("hub entries");
    // Every spend was authorized online against enough money: no conflict. The hub may
    // still have put a principal/bonus split right (two outlets drew bonus at once).
    assert!(
        kinds.iter().all(|k| k == "stored_value_rebalanced"),
        "{kinds:?}"
    );
    let chains = reports[0]["terminals"].as_array().map_or(0, Vec::len);
    assert_eq!(chains, 3 + usize::from(!kinds.is_empty()), "{}", reports[0]);
    for r in &reports {
        assert_eq!(r["problems"], json!([]), "{r}");
        assert_eq!(
            r["entries"], reports[0]["entries"],
            "every book holds every entry"
        );
        assert_eq!(r["terminals"], reports[0]["terminals"]);
    }
    assert!(hub.alarms(&hub_site).is_empty());
}

#[test]
fn three_terminals_converge_through_a_sqlite_hub() {
    let hub_dir = tempfile::tempdir().expect("tmp");
    let store = format!("sqlite:{}", hub_dir.path().join("hub.db").display());
    three_terminals(&store);
}

#[test]
fn three_terminals_converge_through_a_postgresql_hub() {
    let db = PgDb::create("sync");
    three_terminals(&db.url);
}

// ---------------------------------------------------------------------------------------
// Online authorization, offline spends and conflicts.

fn authorization_and_conflicts(store: &str) {
    let (_hub_site, hub, terms) = chain(store);
    let [t1, t2, t3] = [&terms[0], &terms[1], &terms[2]];
    let sync_all = || {
        for t in &terms {
            t.sync();
        }
    };
    let a = t1.register("林小姐", "r1");
    t1.top_up(&a, "100", "r2");
    sync_all();

    // Online: T02 spends 80; T01 has not synced since, and its own book still shows
    // 100, but the hub holds the chain-wide 20 and refuses 50. Nothing is written.
    let paid = t2.try_checkout(&a, "80", "c1").expect("authorized online");
    assert_eq!(paid["account"]["principal"], json!("20.00"), "{paid}");
    assert_eq!(t1.try_checkout(&a, "50", "c1"), Err("hub_refused".into()));
    assert_eq!(t1.account(&a)["principal"], json!("100.00"));

    // Apart (the hub unreachable for both): each spends within the offline caps on what
    // it knows. T01 still believes in 100.
    let dead = "http://127.0.0.1:9";
    t1.set_hub(dead);
    t2.set_hub(dead);
    t2.try_checkout(&a, "20", "c2")
        .expect("offline within the caps");
    t1.try_checkout(&a, "60", "c2")
        .expect("offline within the caps");
    let marked: i64 = rusqlite::Connection::open(t1.site.db())
        .expect("T01 book")
        .query_row(
            "SELECT offline FROM journal WHERE terminal = 'T01' ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("last entry");
    assert_eq!(marked, 1, "an offline spend is marked offline");

    // Together again: T02's 20 lands first (20 → 0), then T01's 60 overdraws.
    t1.set_hub(&hub.url);
    t2.set_hub(&hub.url);
    t2.sync();
    t1.sync();
    sync_all();
    for t in &terms {
        let acct = t.account(&a);
        assert_eq!(acct["principal"], json!("0.00"), "{} {acct}", t.id);
        assert_eq!(acct["debt"], json!("60.00"), "{} {acct}", t.id);
        let listed = t.conflicts();
        assert_eq!(listed.len(), 1, "{} {listed:?}", t.id);
        assert_eq!(listed[0]["kind"], json!("overdraw"));
        assert_eq!(listed[0]["amount"], json!("60.00"));
        assert_eq!(listed[0]["causes"], json!(["T01-3"]));
    }
    // The next top-up (at T03, which knows the debt) repays it first.
    t3.top_up(&a, "100", "t1");
    sync_all();
    sync_all();
    for t in &terms {
        let acct = t.account(&a);
        assert_eq!(acct["debt"], json!("0.00"), "{} {acct}", t.id);
        assert_eq!(acct["principal"], json!("40.00"), "{} {acct}", t.id);
        let report = t.verify();
        assert_eq!(report["problems"], json!([]), "{} {report}", t.id);
    }
}

#[test]
fn spends_are_authorized_and_offline_double_spends_become_debt_on_a_sqlite_hub() {
    let hub_dir = tempfile::tempdir().expect("tmp");
    let store = format!("sqlite:{}", hub_dir.path().join("hub.db").display());
    authorization_and_conflicts(&store);
}

#[test]
fn spends_are_authorized_and_offline_double_spends_become_debt_on_a_postgresql_hub() {
    let db = PgDb::create("conflicts");
    authorization_and_conflicts(&db.url);
}

// ---------------------------------------------------------------------------------------
// Refusals.

fn refused(r: Result<impl std::fmt::Debug, SyncError>) -> (u16, String) {
    match r {
        Err(SyncError::Refused { status, code, .. }) => (status, code),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn refusals(store: &str) {
    let site = Site::new();
    let hub = HubProc::start(&site, store);
    let t1_token = hub.enroll(&site, "T01");
    let t2_token = hub.enroll(&site, "T02");
    let t1 = HubClient::new(&hub.url, &t1_token, "", Duration::from_secs(10)).expect("client");
    let t2 = HubClient::new(&hub.url, &t2_token, "", Duration::from_secs(10)).expect("client");
    // Signed with T01's key, so that an entry changed below and signed again is refused
    // for what it is, not for its signature.
    let key = carddesk_data::signing::TerminalKey::generate();
    let sign = |e: &mut Entry| e.sig = Some(key.sig_column(&e.hash, e.seq == 1));
    let entries = generate_signed("T01", 5, &key).expect("entries");

    let first = t1.push("T01", &entries[..3]).expect("push");
    assert_eq!((first.accepted, first.duplicates), (3, 0));
    // The same entries again (an answer was lost): a no-op.
    let again = t1.push("T01", &entries[..4]).expect("re-push");
    assert_eq!((again.accepted, again.duplicates, again.tip.seq), (1, 3, 4));

    // Same id, other content: 409 and an alarm.
    let mut changed = entries[1].clone();
    changed.body = changed.body.replace("基准会员", "改过的");
    changed.hash = changed.computed_hash();
    sign(&mut changed);
    assert_eq!(
        refused(t1.push("T01", &[changed])),
        (409, "conflict".into())
    );

    // A new entry whose op id another entry already has: 409 and an alarm.
    let mut reused = entries[4].clone();
    reused.op_id = entries[0].op_id.clone();
    reused.hash = reused.computed_hash();
    sign(&mut reused);
    assert_eq!(refused(t1.push("T01", &[reused])), (409, "conflict".into()));

    // T02 posting T01's entries, either way of claiming: 403.
    assert_eq!(
        refused(t2.push("T01", &entries[4..])),
        (403, "forbidden".into())
    );
    assert_eq!(
        refused(t2.push("T02", &entries[4..])),
        (403, "forbidden".into())
    );

    // A gap, a broken chain, a changed entry with its old hash: 422, nothing stored.
    let gap = generate_signed("T01", 7, &key).expect("entries");
    assert_eq!(refused(t1.push("T01", &gap[5..])), (422, "chain".into()));
    let mut tampered = entries[4].clone();
    tampered.body = tampered.body.replace("基准会员", "改过的");
    assert_eq!(refused(t1.push("T01", &[tampered])), (422, "chain".into()));
    let other_chain = generate("T02", 1).expect("entries");
    let mut broken = entries[4].clone();
    broken.prev_hash = other_chain[0].hash;
    broken.hash = broken.computed_hash();
    sign(&mut broken);
    assert_eq!(refused(t1.push("T01", &[broken])), (422, "chain".into()));

    // An unknown token: 401.
    let stranger =
        HubClient::new(&hub.url, "cdt_nope", "", Duration::from_secs(10)).expect("client");
    assert_eq!(refused(stranger.tips()), (401, "unauthorized".into()));

    // Nothing refused was stored; the honest next entry still goes in.
    let tips = t1.tips().expect("tips");
    assert_eq!(tips["T01"].seq, 4);
    assert_eq!(t1.push("T01", &entries[4..]).expect("push").accepted, 1);
    let mut after = std::collections::BTreeMap::new();
    let pulled = carddesk::sync::pull_all(&t2, &mut after, None).expect("pull");
    assert_eq!(pulled, entries);

    let alarms = hub.alarms(&site);
    let kinds: Vec<&str> = alarms.iter().filter_map(|a| a["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        [
            "conflict",
            "conflict",
            "impersonation",
            "impersonation",
            "tampering",
            "tampering"
        ],
        "{alarms:?}"
    );
    assert_eq!(alarms[0]["entry_id"], json!("T01-2"));
    assert_eq!(alarms[1]["op_id"], json!(entries[0].op_id));
    assert_eq!(alarms[2]["terminal"], json!("T02"));
    let text = site.run(&["hub", "alarms", "--store", store]);
    assert!(
        common::text(&text).contains("T01-2"),
        "{}",
        common::text(&text)
    );
}

#[test]
fn sqlite_hub_refuses_rewrites_impersonation_and_gaps() {
    let dir = tempfile::tempdir().expect("tmp");
    refusals(&format!("sqlite:{}", dir.path().join("hub.db").display()));
}

#[test]
fn postgresql_hub_refuses_rewrites_impersonation_and_gaps() {
    let db = PgDb::create("refuse");
    refusals(&db.url);
}

#[test]
fn an_unreachable_hub_is_an_error_report_and_the_counter_goes_on() {
    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("port");
    let t = Term::new(
        "T01",
        "rooms",
        "1",
        &format!("http://127.0.0.1:{port}"),
        "cdt_x",
    );
    let no = t.register("离线会员", "r1");
    let started = std::time::Instant::now();
    let out = t.site.run(&["sync", "--json"]);
    assert_eq!(out.status.code(), Some(3), "{}", common::text(&out));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["error"]["code"], json!("unreachable"), "{report}");
    assert!(started.elapsed() < Duration::from_secs(30));
    t.top_up(&no, "200", "t1");
    t.verify();
}

#[test]
fn the_hub_benchmark_runs_on_both_stores() {
    let db = PgDb::create("bench");
    let dir = tempfile::tempdir().expect("tmp");
    let sqlite = format!("sqlite:{}", dir.path().join("hub.db").display());
    let site = Site::new();
    let out = site.run(&[
        "hub",
        "bench",
        "--entries",
        "3000",
        "--store",
        &sqlite,
        "--store",
        &db.url,
        "--terminals",
        "6",
        "--authorizations",
        "4",
        "--members",
        "5",
        "--scope-members",
        "20",
    ]);
    assert!(out.status.success(), "{}", common::text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json_lines = figure_lines(&stdout);
    // Three JSON lines, each an array of one object per store, told apart by their
    // figures (not by their order): push/pull, authorization, the group's first pull.
    assert_eq!(json_lines.len(), 3, "three JSON lines of figures: {stdout}");
    let part = |key: &str| {
        let found: Vec<&Value> = json_lines
            .iter()
            .filter(|l| l[0].get(key).is_some())
            .collect();
        let [line] = found.as_slice() else {
            panic!("one JSON line with {key}: {stdout}")
        };
        *line
    };
    let (figures, authorized, scoped) = (
        part("push_per_second"),
        part("p99_ms"),
        part("scope_entries"),
    );
    // The outlet group's first pull on each store: 20 of 200 members, each registered
    // and edited (40 entries of the scope among 400), into a partial book.
    assert_eq!(scoped.as_array().map(Vec::len), Some(2), "{scoped}");
    for f in scoped.as_array().into_iter().flatten() {
        assert_eq!(
            (f["group_members"].as_u64(), f["chain_entries"].as_u64()),
            (Some(20), Some(400)),
            "{f}"
        );
        assert!(f["scope_entries"].as_u64().unwrap_or(0) >= 40, "{f}");
        assert!(
            f["scope_entries_per_second"].as_f64().unwrap_or(0.0) > 0.0,
            "{f}"
        );
        assert!(f["book_mib"].as_f64().unwrap_or(0.0) > 0.0, "{f}");
        // The new terminal's own process was watched (the bench's, holding the hub,
        // is hundreds of MiB).
        assert!(f["peak_rss_mib"].as_f64().unwrap_or(0.0) > 0.0, "{f}");
    }
    // Online authorization through two hubs on each store: 24 spends of 1.00 against
    // 1,000.00 each are all approved, timed, and a hub starts on the store after.
    for f in authorized.as_array().into_iter().flatten() {
        assert_eq!(
            (f["hubs"].as_u64(), f["terminals"].as_u64()),
            (Some(2), Some(6)),
            "{f}"
        );
        assert_eq!(f["authorizations"].as_u64(), Some(24), "{f}");
        assert_eq!(f["approved"].as_u64(), Some(24), "{f}");
        assert!(f["p99_ms"].as_f64().unwrap_or(0.0) > 0.0, "{f}");
        assert!(f["start_ms"].as_f64().unwrap_or(0.0) > 0.0, "{f}");
    }
    assert_eq!(authorized.as_array().map(Vec::len), Some(2), "{authorized}");
    let stores: Vec<&str> = figures
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["store"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(stores, ["sqlite", "postgresql"]);
    for f in figures.as_array().into_iter().flatten() {
        assert!(f["push_per_second"].as_f64().unwrap_or(0.0) > 0.0, "{f}");
        // The ceiling beside them: the same chain's signatures, verified alone.
        assert!(
            f["signatures_per_second"].as_f64().unwrap_or(0.0) > 0.0,
            "{f}"
        );
        // Four terminals pushed their own chains at once, every entry accepted.
        assert!(
            f["concurrent_push_per_second"].as_f64().unwrap_or(0.0) > 0.0,
            "{f}"
        );
    }
}

/// The JSON lines of figures a bench printed (each an array, one object per store).
fn figure_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .filter(|l| l.starts_with('['))
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

#[test]
fn the_hub_benchmark_makes_a_chain_of_the_size_asked() {
    let dir = tempfile::tempdir().expect("tmp");
    let sqlite = format!("sqlite:{}", dir.path().join("hub.db").display());
    let site = Site::new();
    let out = site.run(&[
        "hub",
        "bench",
        "--entries",
        "0",
        "--terminals",
        "0",
        "--scope-members",
        "20",
        "--chain-members",
        "1000",
        "--store",
        &sqlite,
    ]);
    assert!(out.status.success(), "{}", common::text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json_lines = figure_lines(&stdout);
    // `--entries 0` and `--terminals 0` skip push/pull and authorization: the group's
    // first pull alone, 20 members among 1,000 (not ten times 20), two entries each.
    let [scoped] = json_lines.as_slice() else {
        panic!("one JSON line of figures: {stdout}")
    };
    let f = &scoped[0];
    assert_eq!(
        (
            f["chain_members"].as_u64(),
            f["chain_entries"].as_u64(),
            f["group_members"].as_u64(),
            f["scope_entries"].as_u64()
        ),
        (Some(1000), Some(2000), Some(20), Some(40)),
        "{f}"
    );
}

// ---------------------------------------------------------------------------------------
// Crash harness for sync: `carddesk sync` killed with SIGKILL mid-transfer, pushing and
// pulling, each kill followed by `verify`; then a full sync converges.

#[test]
fn sync_killed_mid_transfer_loses_nothing_and_converges() {
    use rand::Rng;
    let hub_site = Site::new();
    let store = format!("sqlite:{}", hub_site.path("hub.db").display());
    let hub = HubProc::start(&hub_site, &store);
    let t1 = Term::new("T01", "rooms", "1", &hub.url, &hub.enroll(&hub_site, "T01"));
    let t2 = Term::new(
        "T02",
        "restaurant",
        "2",
        &hub.url,
        &hub.enroll(&hub_site, "T02"),
    );
    let built = t1.site.run(&["demo", "--members", "6000", "--force"]);
    assert!(built.status.success(), "{}", common::text(&built));
    let mut rng = rand::rng();
    let kills = std::env::var("CRASH_SYNC_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    for kill in 0..kills {
        for t in [&t1, &t2] {
            let mut child = t
                .site
                .cmd()
                .args(["sync"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("spawn sync");
            std::thread::sleep(Duration::from_millis(rng.random_range(5..400)));
            let _ = child.kill();
            let _ = child.wait();
            let report = t.verify();
            assert!(
                report["problems"].as_array().is_some_and(|p| p.is_empty()),
                "{} after kill {}: {report}",
                t.id,
                kill + 1
            );
        }
    }
    t1.sync();
    t2.sync();
    let (v1, v2) = (t1.verify(), t2.verify());
    assert_eq!(v1["entries"], v2["entries"], "both books hold every entry");
    for i in [1u64, 70, 700, 3500, 5999] {
        let no = format!("1{i:07}");
        assert_eq!(t1.account(&no), t2.account(&no), "member {no}");
    }
    assert!(
        hub.alarms(&hub_site).is_empty(),
        "a killed sync raises no alarm"
    );
    println!(
        "survived {} SIGKILLs of carddesk sync (push and pull), each followed by a clean verify; {} entries converged",
        2 * kills,
        v1["entries"]
    );
}

// ---------------------------------------------------------------------------------------
// Several hub processes on one PostgreSQL (issue 18).

impl Term {
    /// Lists several hubs (`[sync] hub_urls`) in place of `hub_url`.
    fn set_hubs(&self, urls: &[&str]) {
        let path = self.site.path("config.toml");
        let text = std::fs::read_to_string(&path).expect("config");
        let list = urls
            .iter()
            .map(|u| format!("\"{u}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let lines: Vec<String> = text
            .lines()
            .map(|l| {
                if l.starts_with("hub_url") {
                    format!("hub_urls = [{list}]")
                } else {
                    l.to_string()
                }
            })
            .collect();
        std::fs::write(&path, lines.join("\n") + "\n").expect("write config");
    }
}

#[test]
fn two_hubs_on_one_postgresql_share_the_balance_and_terminals_fail_over() {
    let db = PgDb::create("two_hubs");
    let hub_site = Site::new();
    let a = HubProc::start(&hub_site, &db.url);
    let b = HubProc::start(&hub_site, &db.url);
    let t1 = Term::new("T01", "rooms", "1", &a.url, &a.enroll(&hub_site, "T01"));
    let t2 = Term::new(
        "T02",
        "restaurant",
        "2",
        &b.url,
        &b.enroll(&hub_site, "T02"),
    );
    // Each terminal asks "its" hub first and the other when that one does not answer.
    t1.set_hubs(&[&a.url, &b.url]);
    t2.set_hubs(&[&b.url, &a.url]);
    let m = t1.register("王先生", "r1");
    t1.top_up(&m, "1000", "r2");
    let report = t1.sync();
    assert_eq!(
        report["hub"],
        json!(a.url),
        "the report names the hub: {report}"
    );
    assert_eq!(t2.sync()["hub"], json!(b.url));

    // 1,000 topped up comes with its bonus: 1,300 to spend. An approval through A holds
    // at B: the state is the store's, not a process's.
    t1.try_checkout(&m, "1000", "c0")
        .expect("approved through A");
    assert_eq!(t2.try_checkout(&m, "600", "c0"), Err("hub_refused".into()));

    // A hub restart keeps the approval whose entry has not arrived yet.
    drop(b);
    let b = HubProc::start(&hub_site, &db.url);
    t1.set_hubs(&[&a.url, &b.url]);
    t2.set_hubs(&[&b.url, &a.url]);
    assert_eq!(t2.try_checkout(&m, "600", "c0b"), Err("hub_refused".into()));

    // Both spend concurrently through both hubs; A dies halfway and T01 fails over to B.
    let spend = |t: &Term, tag: &str| -> Vec<bool> {
        (0..6)
            .map(|i| t.try_checkout(&m, "30", &format!("{tag}{i}")).is_ok())
            .collect()
    };
    let mut a = Some(a);
    let (approved1, approved2) = std::thread::scope(|s| {
        let one = s.spawn(|| spend(&t1, "x"));
        let two = s.spawn(|| spend(&t2, "y"));
        std::thread::sleep(Duration::from_millis(1500));
        drop(a.take());
        (
            one.join().expect("T01 spends"),
            two.join().expect("T02 spends"),
        )
    });
    let approved = approved1.iter().chain(&approved2).filter(|ok| **ok).count() as i64;
    // 300 left: at most 10 of the 12 spends of 30 fit.
    assert!(approved * 30 <= 300, "{approved} spends of 30 approved");
    let r1 = t1.sync();
    assert_eq!(r1["hub"], json!(b.url), "T01 failed over: {r1}");
    t2.sync();
    t1.sync();
    for t in [&t1, &t2] {
        let acct = t.account(&m);
        let amount = |k: &str| -> rust_decimal::Decimal {
            acct[k]
                .as_str()
                .and_then(|p| p.parse().ok())
                .unwrap_or_default()
        };
        let left = rust_decimal::Decimal::from(300 - approved * 30);
        assert_eq!(
            amount("principal") + amount("bonus"),
            left,
            "{} {acct}",
            t.id
        );
        assert_eq!(acct["debt"], json!("0.00"), "{} {acct}", t.id);
        assert_eq!(t.conflicts(), Vec::<Value>::new(), "{}", t.id);
        let report = t.verify();
        assert_eq!(report["problems"], json!([]), "{} {report}", t.id);
    }
    // None answers: the spend goes offline within the caps, and the report says so.
    drop(b);
    let out = t1.site.run(&["sync", "--json"]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("sync JSON");
    assert_eq!(report["error"]["code"], json!("unreachable"), "{report}");
}

// ---------------------------------------------------------------------------------------
// Partial books (issue 18, item 4): a terminal of the `ktv` group next to whole books.

impl Term {
    /// Keeps only the outlet group `outlets` (`[sync] scope = "group"`).
    fn set_group(&self, outlets: &[&str]) {
        let path = self.site.path("config.toml");
        let mut text = std::fs::read_to_string(&path).expect("config");
        let list = outlets
            .iter()
            .map(|o| format!("\"{o}\""))
            .collect::<Vec<_>>()
            .join(", ");
        text = text.replace(
            "[sync]\n",
            &format!("[sync]\nscope = \"group\"\ngroup_outlets = [{list}]\n"),
        );
        std::fs::write(&path, text).expect("write config");
    }

    /// `find_member`: the member found, or the refusal (code, message).
    fn find(&self, query: &str) -> Result<Value, (String, String)> {
        let (code, out) = self.site.op("find_member", json!({ "query": query }));
        if code == 0 {
            Ok(out["result"].clone())
        } else {
            Err((
                out["error"]["code"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                out["error"]["message"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            ))
        }
    }

    fn holds(&self, no: &str) -> bool {
        let (code, _) = self.site.op("show_member", json!({ "member_no": no }));
        code == 0
    }

    fn entries(&self) -> i64 {
        self.verify()["entries"].as_i64().expect("entries")
    }
}

fn partial_books(store: &str) {
    let (hub_site, hub, terms) = chain(store);
    let [t1, t2, t3] = [&terms[0], &terms[1], &terms[2]];
    let t4 = Term::new("T04", "ktv", "4", &hub.url, &hub.enroll(&hub_site, "T04"));
    t4.set_group(&["ktv"]);

    // Members of rooms (T01) and restaurant (T02) with a card and a phone; one of KTV.
    let reg = |t: &Term, name: &str, phone: &str, card: &str, op: &str| -> String {
        let r = t.ok(
            "register_member",
            json!({"profile": {"name": name, "phone": phone},
                   "credentials": [{"kind": "card", "value": card}]}),
            op,
        );
        r["member"]["member_no"].as_str().expect("no").to_string()
    };
    let a = reg(t1, "林小姐", "13900000001", "A0A0A001", "r1");
    t1.top_up(&a, "500", "r2");
    let b = reg(t2, "王先生", "13900000002", "B0B0B002", "r1");
    t2.top_up(&b, "300", "r2");
    let d = reg(t2, "赵先生", "13900000004", "D0D0D004", "r3");
    let c = reg(t3, "陈女士", "13900000003", "C0C0C003", "r1");
    let e = reg(t1, "周先生", "13900000005", "E0E0E005", "r3");
    t1.top_up(&e, "80", "r4");
    t3.top_up(&c, "200", "r2");
    for t in [t1, t2, t3, &t4] {
        t.sync();
    }
    // The KTV group's book holds its own member, not the others.
    assert!(t4.holds(&c), "a member registered at KTV is in the group");
    assert!(!t4.holds(&a) && !t4.holds(&b) && !t4.holds(&d));

    // Offline, an unheld member is "not held here and the hub is unreachable", in
    // words, and nothing is written.
    t4.set_hub("http://127.0.0.1:9");
    let before = t4.entries();
    let (code, message) = t4.find("A0A0A001").expect_err("offline");
    assert_eq!(code, "not_held", "{message}");
    assert!(
        message.contains("不在本机") && message.contains("无法连接中心"),
        "{message}"
    );
    assert!(!t4.holds(&a));
    assert_eq!(t4.entries(), before, "an offline lookup writes nothing");
    t4.set_hub(&hub.url);

    // Online: found through the hub by member no., by card and by phone, then held.
    // D first: T02's key was published by B's registration, which T04 does not hold
    // yet, so D's entries are checked with the key entry the hub sends beside them.
    let found = t4.find(&d).expect("by member no.");
    assert_eq!(found["member"]["member_no"], json!(d), "{found}");
    assert!(!t4.holds(&b));
    let report = t4.verify();
    assert_eq!(
        report["problems"],
        json!([]),
        "T04 with a kept key entry: {report}"
    );
    let found = t4.find("A0A0A001").expect("by card");
    assert_eq!(found["member"]["member_no"], json!(a), "{found}");
    let found = t4.find("13900000002").expect("by phone");
    assert_eq!(found["member"]["member_no"], json!(b), "{found}");
    assert_eq!(t4.account(&a), t1.account(&a), "A whole on T04");
    assert_eq!(t4.account(&b), t2.account(&b), "B whole on T04");
    assert_eq!(t4.find("FFEEDD99").expect_err("unknown").0, "not_found");

    // Followed from then on: a top-up elsewhere reaches it; it spends there too.
    t2.top_up(&a, "100", "t1");
    t2.sync();
    t4.sync();
    assert_eq!(
        t4.account(&a),
        t2.account(&a),
        "a top-up at T02 reached T04"
    );
    t4.checkout(&a, "50", "c1");
    t4.top_up(&b, "60", "t1");
    for _ in 0..2 {
        for t in [t1, t2, t3, &t4] {
            t.sync();
        }
    }
    // Converged with the whole books on every member it holds.
    for m in [&a, &b, &c, &d] {
        let want = t1.account(m);
        for t in [t2, t3, &t4] {
            assert_eq!(t.account(m), want, "{m} on {}", t.id);
        }
    }
    for t in [t1, t2, t3, &t4] {
        let report = t.verify();
        assert_eq!(report["problems"], json!([]), "{} {report}", t.id);
    }
    // It holds less: only its scope and the members it follows.
    assert!(
        !t4.holds(&e),
        "a member never looked up at T04 is not held there"
    );
    assert!(t4.entries() < t1.entries(), "a partial book is smaller");

    // `carddesk op` writes name members directly: an unheld one is fetched first, as a
    // lookup would. With no hub answering the write is refused as not held, in words,
    // and writes nothing.
    t4.set_hub("http://127.0.0.1:9");
    let before = t4.entries();
    let (code, out) = t4.site.op(
        "top_up",
        json!({"member_no": e, "amount": "20", "tender": "cash", "op_id": "T04-e-off"}),
    );
    assert_ne!(code, 0, "{out}");
    assert_eq!(out["error"]["code"], json!("not_held"), "{out}");
    assert!(
        out["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("不在本机")),
        "{out}"
    );
    assert_eq!(t4.entries(), before, "a refused write writes nothing");
    t4.set_hub(&hub.url);
    let e_before = t1.account(&e);
    t4.top_up(&e, "20", "e1");
    assert!(
        t4.holds(&e),
        "the op's member is held and followed from then on"
    );
    for _ in 0..2 {
        for t in [t1, t2, t3, &t4] {
            t.sync();
        }
    }
    assert_ne!(t1.account(&e), e_before, "T04's top-up reached T01");
    assert_eq!(t4.account(&e), t1.account(&e), "E whole on T04");
    let report = t4.verify();
    assert_eq!(report["problems"], json!([]), "T04 {report}");
}

#[test]
fn a_partial_book_finds_follows_and_converges_through_a_sqlite_hub() {
    let hub_dir = tempfile::tempdir().expect("tmp");
    let store = format!("sqlite:{}", hub_dir.path().join("hub.db").display());
    partial_books(&store);
}

#[test]
fn a_partial_book_finds_follows_and_converges_through_a_postgresql_hub() {
    let db = PgDb::create("partial");
    partial_books(&db.url);
}

// ---------------------------------------------------------------------------------------
// A hub survives its PostgreSQL restarting (issue 18, item 3): a throwaway cluster of
// the test's own (never the shared server other tests use), restarted under load.

struct Cluster {
    dir: tempfile::TempDir,
    bin: std::path::PathBuf,
    port: u16,
}

impl Cluster {
    fn as_pg(&self, tool: &str) -> Command {
        // initdb and postgres refuse to run as root: as scripts/test does, the cluster
        // belongs to the postgres user when the tests run as root.
        let path = self.bin.join(tool);
        if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    fn start() -> Cluster {
        let initdb = std::fs::read_dir("/usr/lib/postgresql")
            .expect(
                "PostgreSQL server binaries in /usr/lib/postgresql (scripts/test installs them)",
            )
            .filter_map(Result::ok)
            .map(|d| d.path().join("bin"))
            .filter(|b| b.join("initdb").exists())
            .max()
            .expect("an initdb");
        let dir = tempfile::Builder::new()
            .prefix("carddesk-pg-restart")
            .tempdir_in("/var/tmp")
            .expect("temp dir");
        if is_root() {
            let ok = Command::new("chown")
                .args(["postgres:", dir.path().to_str().unwrap_or_default()])
                .status()
                .expect("chown");
            assert!(ok.success());
        }
        let port = free_port();
        let c = Cluster {
            dir,
            bin: initdb,
            port,
        };
        let out = c
            .as_pg("initdb")
            .args([
                "-D",
                &c.data(),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
            ])
            .output()
            .expect("initdb");
        assert!(out.status.success(), "initdb: {}", common::text(&out));
        c.pg_ctl("start");
        let out = c
            .as_pg("psql")
            .args(["-h", "127.0.0.1", "-p", &port.to_string(), "-U", "postgres"])
            .args(["-qc", "CREATE DATABASE test", "postgres"])
            .output()
            .expect("psql");
        assert!(
            out.status.success(),
            "create database: {}",
            common::text(&out)
        );
        c
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn pg_ctl(&self, action: &str) {
        let opts = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k {} -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("log").display().to_string();
        let out = self
            .as_pg("pg_ctl")
            .args([
                "-D",
                &self.data(),
                "-l",
                &log,
                "-w",
                "-m",
                "fast",
                "-o",
                &opts,
                action,
            ])
            .output()
            .expect("pg_ctl");
        assert!(
            out.status.success(),
            "pg_ctl {action}: {}",
            common::text(&out)
        );
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/test", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self
            .as_pg("pg_ctl")
            .args(["-D", &self.data(), "-m", "immediate", "-w", "stop"])
            .output();
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

#[test]
fn a_hub_survives_its_postgresql_restarting_under_load() {
    let pg = Cluster::start();
    let hub_site = Site::new();
    let hub = HubProc::start(&hub_site, &pg.url());
    let token = hub.enroll(&hub_site, "T01");
    let t1 = Term::new("T01", "rooms", "1", &hub.url, &token);
    let t2 = Term::new(
        "T02",
        "restaurant",
        "2",
        &hub.url,
        &hub.enroll(&hub_site, "T02"),
    );
    let m = t1.register("林小姐", "r1");
    t1.sync();
    t2.sync();
    // Each terminal tops up and syncs in a loop; PostgreSQL restarts in the middle.
    let load = |t: &Term, tag: &str| -> u64 {
        let mut acknowledged = 0;
        for i in 0..12 {
            t.top_up(&m, "10", &format!("{tag}{i}"));
            let out = t.site.run(&["sync", "--json"]);
            let report: Value = serde_json::from_slice(&out.stdout).expect("sync JSON");
            if report["ok"] == json!(true) {
                acknowledged += report["pushed"].as_u64().unwrap_or(0);
            }
            std::thread::sleep(Duration::from_millis(150));
        }
        acknowledged
    };
    let (ack1, ack2) = std::thread::scope(|s| {
        let one = s.spawn(|| load(&t1, "a"));
        let two = s.spawn(|| load(&t2, "b"));
        std::thread::sleep(Duration::from_millis(900));
        pg.pg_ctl("restart");
        (one.join().expect("T01"), two.join().expect("T02"))
    });
    // The same hub process answers again once its database is back.
    let mut rounds = 0;
    while rounds < 20 {
        let ok = [&t1, &t2].iter().all(|t| {
            let out = t.site.run(&["sync", "--json"]);
            serde_json::from_slice::<Value>(&out.stdout)
                .map(|r| r["ok"] == json!(true))
                .unwrap_or(false)
        });
        if ok {
            break;
        }
        rounds += 1;
        std::thread::sleep(Duration::from_millis(500));
    }
    assert!(rounds < 20, "the hub did not reconnect to PostgreSQL");
    t1.sync();
    // Nothing acknowledged is lost, and everything converges: 24 top-ups of 10.
    let tips = HubClient::new(&hub.url, &token, "", Duration::from_secs(5))
        .expect("client")
        .tips()
        .expect("tips");
    assert!(tips["T01"].seq as u64 >= ack1 && tips["T02"].seq as u64 >= ack2);
    assert_eq!(
        tips["T01"].seq, 13,
        "registration and 12 top-ups of T01 on the hub"
    );
    assert_eq!(tips["T02"].seq, 12, "12 top-ups of T02 on the hub");
    let want = t1.account(&m);
    assert_eq!(t2.account(&m), want);
    assert_eq!(want["principal"], json!("240.00"), "{want}");
    for t in [&t1, &t2] {
        let report = t.verify();
        assert_eq!(report["problems"], json!([]), "{} {report}", t.id);
    }
}
