//! Entries that cannot mint money. A terminal's token lets it post its own chain, but
//! every entry's balance effects must follow from its kind and body, checked by the hub
//! on ingest, by a terminal when it pulls, and by `verify`. Hand-built forgeries (a
//! top-up whose body says 1.00 but whose effects credit 10,000; a terminal entry of the
//! hub-only kind `conflict_raised` carrying bonus) are refused everywhere, and the hub
//! raises an alarm and logs the refusal.

#![cfg(feature = "hub")]

mod common;
#[path = "common/hub.rs"]
mod enrolling;

use std::path::PathBuf;
use std::process::Child;
use std::time::Duration;

use carddesk::sync::{HubClient, HubTransport, SyncError};
use carddesk_data::conflict::{ConflictAsset, ConflictKind};
use carddesk_data::effects::Effect;
use carddesk_data::entry::EntryBody;
use carddesk_data::journal::{self, Entry, Header};
use carddesk_data::receipt::Tender;
use common::Site;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{json, Value};

/// A hub on SQLite whose standard error (its log) goes to a file.
struct Hub {
    child: Child,
    url: String,
    store: String,
    log: PathBuf,
}

impl Hub {
    /// A plain-HTTP hub on loopback (`insecure_http`): these tests are about entries,
    /// not transport (TLS has tests of its own in hub_limits.rs).
    fn start(site: &Site) -> Hub {
        let store = format!("sqlite:{}", site.path("hub.db").display());
        let log = site.path("hub.log");
        let stderr = std::fs::File::create(&log).expect("hub log");
        let (child, url) = enrolling::start_plain_hub(site.dir.path(), &store, stderr.into());
        Hub {
            child,
            url,
            store,
            log,
        }
    }

    fn enroll(&self, site: &Site, terminal: &str) -> String {
        let out = site.run(&["hub", "enroll", terminal, "--store", &self.store]);
        assert!(out.status.success(), "{}", common::text(&out));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    fn alarms(&self, site: &Site) -> Vec<Value> {
        let out = site.run(&["hub", "alarms", "--json", "--store", &self.store]);
        assert!(out.status.success(), "{}", common::text(&out));
        serde_json::from_slice(&out.stdout).expect("alarms JSON")
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A terminal book configured to sync through `hub_url`, enrolled as people do (the
/// hub's code redeemed with `sync --enroll`), with an empty book. Returns the site and
/// the token its token file holds.
fn terminal(id: &str, prefix: &str, hub_url: &str, code: &str) -> (Site, String) {
    let site = Site::new();
    std::fs::write(
        site.path("config.toml"),
        format!(
            "[terminal]\nid = \"{id}\"\noutlet = \"rooms\"\nmember_prefix = \"{prefix}\"\n\
             [database]\npath = \"book.db\"\n[backup]\ndaily_dir = \"\"\n\
             [sync]\nhub_url = \"{hub_url}\"\ninsecure_http = true\n"
        ),
    )
    .expect("write config");
    let out = enrolling::redeem(site.dir.path(), code);
    assert!(out.status.success(), "sync --enroll {id}: {out:?}");
    let token = enrolling::stored_token(site.dir.path());
    let init = site.run(&["init"]);
    assert!(init.status.success(), "init {id}: {init:?}");
    (site, token)
}

fn ok(site: &Site, kind: &str, req: Value) -> Value {
    let (code, out) = site.op(kind, req);
    assert_eq!(code, 0, "{kind}: {out}");
    out["result"].clone()
}

fn sync(site: &Site) -> Value {
    let out = site.run(&["sync", "--json"]);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("sync JSON ({e}): {}", common::text(&out)))
}

fn principal(site: &Site, member_no: &str) -> Decimal {
    let acct = ok(site, "account", json!({"member_no": member_no}));
    let text = acct["principal"]
        .as_str()
        .unwrap_or_else(|| panic!("principal in {acct}"))
        .to_string();
    text.parse().expect("a decimal")
}

/// The next entry of `terminal`'s chain in `db`, with `body`, properly hashed and
/// signed with the terminal's key file: what someone in control of the terminal PC
/// (book, key file and token) can build.
fn forge(db: &std::path::Path, terminal: &str, member_no: &str, body: &EntryBody) -> Entry {
    let conn = rusqlite::Connection::open(db).expect("open book");
    let (seq, prev_hash) = journal::chain_tip(&conn, terminal).expect("tip");
    let mut e = Entry {
        terminal: terminal.to_string(),
        seq,
        hlc: carddesk_data::hlc::next(0, chrono::Utc::now().timestamp_millis()),
        op_id: format!("forged-{seq}"),
        header: Header {
            operator: "setup".into(),
            outlet: "rooms".into(),
            member_no: Some(member_no.to_string()),
            reversal_of: None,
            offline: false,
        },
        kind: body.kind(),
        body: serde_json::to_string(body).expect("body"),
        prev_hash,
        hash: journal::GENESIS,
        sig: None,
    };
    e.hash = e.computed_hash();
    let mut key = db.as_os_str().to_owned();
    key.push(".key");
    let key = carddesk_data::signing::TerminalKey::load_or_create(std::path::Path::new(&key))
        .expect("the terminal's key");
    e.sig = Some(key.sign(&e.hash));
    e
}

fn inflated_top_up() -> EntryBody {
    EntryBody::ToppedUp {
        amount: dec!(1.00),
        bonus: Decimal::ZERO,
        tender: Tender::Cash,
        effects: vec![Effect::Principal { delta: dec!(10000) }],
    }
}

fn terminal_conflict() -> EntryBody {
    EntryBody::ConflictRaised {
        conflict: ConflictKind::Overdraw,
        asset: ConflictAsset::StoredValue,
        subject: String::new(),
        amount: Decimal::ZERO,
        debt: Decimal::ZERO,
        causes: Vec::new(),
        effects: vec![Effect::Bonus { delta: dec!(5000) }],
    }
}

fn refused(r: Result<impl std::fmt::Debug, SyncError>) -> (u16, String) {
    match r {
        Err(SyncError::Refused { status, code, .. }) => (status, code),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A hub with T01 and T02, a member of T01 with 100.00 principal, synced both ways.
fn chain() -> (Site, Hub, String, Site, String, Site) {
    let hub_site = Site::new();
    let hub = Hub::start(&hub_site);
    let t1_code = hub.enroll(&hub_site, "T01");
    let t2_code = hub.enroll(&hub_site, "T02");
    let (t1, t1_token) = terminal("T01", "1", &hub.url, &t1_code);
    let (t2, _) = terminal("T02", "2", &hub.url, &t2_code);
    let r = ok(
        &t1,
        "register_member",
        json!({"op_id": "r1", "profile": {"name": "张三"}}),
    );
    let no = r["member"]["member_no"].as_str().expect("no").to_string();
    ok(
        &t1,
        "top_up",
        json!({"op_id": "t1", "member_no": no, "amount": "100", "tender": "cash"}),
    );
    assert_eq!(sync(&t1)["ok"], json!(true));
    assert_eq!(sync(&t2)["ok"], json!(true));
    assert_eq!(principal(&t2, &no), dec!(100));
    (hub_site, hub, t1_token, t1, no, t2)
}

#[test]
fn the_hub_refuses_forged_effects_and_hub_only_kinds_with_an_alarm_and_a_log_line() {
    let (hub_site, hub, t1_token, t1, no, t2) = chain();
    let client = HubClient::new(&hub.url, &t1_token, "", Duration::from_secs(10)).expect("client");

    let inflated = forge(&t1.db(), "T01", &no, &inflated_top_up());
    assert_eq!(
        refused(client.push("T01", std::slice::from_ref(&inflated))),
        (422, "forged".into())
    );
    let conflict = forge(&t1.db(), "T01", &no, &terminal_conflict());
    assert_eq!(
        refused(client.push("T01", std::slice::from_ref(&conflict))),
        (422, "forged".into())
    );

    // Nothing was stored: the other terminal pulls nothing new.
    assert_eq!(sync(&t2)["ok"], json!(true));
    assert_eq!(principal(&t2, &no), dec!(100));
    let alarms = hub.alarms(&hub_site);
    let tampering: Vec<&Value> = alarms
        .iter()
        .filter(|a| a["kind"] == json!("tampering"))
        .collect();
    assert_eq!(tampering.len(), 2, "{alarms:?}");
    assert_eq!(tampering[0]["entry_id"], json!(inflated.id()));
    assert!(
        tampering[1]["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("written only by the hub"),
        "{alarms:?}"
    );
    let log = std::fs::read_to_string(&hub.log).expect("hub log");
    assert!(
        log.contains("tampering") && log.contains(&inflated.id()),
        "hub log: {log}"
    );
}

/// A hub that stored a forgery (an old hub, or its store edited): the terminal that
/// pulls it refuses the whole batch and keeps its balances.
#[test]
fn a_terminal_refuses_to_pull_forged_effects() {
    let (hub_site, _hub, _, t1, no, t2) = chain();
    let forged = forge(&t1.db(), "T01", &no, &inflated_top_up());
    let store = rusqlite::Connection::open(hub_site.path("hub.db")).expect("hub store");
    store
        .execute(
            "INSERT INTO hub_entries (terminal, seq, hlc, op_id, operator, outlet, member_no,
                 kind, body, reversal_of, offline, prev_hash, hash, sig, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'now')",
            &journal::row_params(&forged)[..],
        )
        .expect("plant");
    store
        .execute(
            "UPDATE hub_terminals SET tip_seq = ?2, tip_hash = ?3 WHERE terminal = ?1",
            rusqlite::params!["T01", forged.seq, forged.hash.to_vec()],
        )
        .expect("tip");
    drop(store);
    let report = sync(&t2);
    assert_eq!(report["ok"], json!(false), "{report}");
    let message = report["error"]["message_en"].as_str().unwrap_or_default();
    assert!(
        message.contains(&forged.id()) && message.contains("do not follow from its body"),
        "{report}"
    );
    assert_eq!(principal(&t2, &no), dec!(100));
    let (clean, out) = t2.verify();
    assert!(clean, "{out}");
}

/// A forgery written straight into a book, chained and hashed, with the balance row
/// made to match: `verify` names the entry.
#[test]
fn verify_names_an_entry_whose_effects_its_body_does_not_explain() {
    let site = Site::new();
    let r = ok(
        &site,
        "register_member",
        json!({"op_id": "r1", "profile": {"name": "李四"}}),
    );
    let no = r["member"]["member_no"].as_str().expect("no").to_string();
    ok(
        &site,
        "top_up",
        json!({"op_id": "t1", "member_no": no, "amount": "100", "tender": "cash"}),
    );
    let forged = forge(&site.db(), "T01", &no, &inflated_top_up());
    let conn = rusqlite::Connection::open(site.db()).expect("book");
    journal::insert(&conn, &forged).expect("insert");
    conn.execute(
        "UPDATE accounts SET principal = principal + 1000000 WHERE member_no = ?1",
        [&no],
    )
    .expect("balance");
    drop(conn);
    let (clean, out) = site.verify();
    assert!(!clean, "verify must fail: {out}");
    assert!(
        out.contains(&format!(
            "entry {}: its balance effects do not follow from its body",
            forged.id()
        )) && out.contains("amount 1.00, the effects move 10000"),
        "{out}"
    );
}

/// The last entry of `terminal` in `db`, with its body rewritten by `change`, hashed
/// again and stored: what someone holding the book (but not the key file) can do.
fn rewrite_last(
    db: &std::path::Path,
    terminal: &str,
    change: impl Fn(EntryBody) -> EntryBody,
) -> Entry {
    let conn = rusqlite::Connection::open(db).expect("book");
    let (next, _) = journal::chain_tip(&conn, terminal).expect("tip");
    let mut e = journal::by_id(&conn, &journal::entry_id(terminal, next - 1))
        .expect("read")
        .expect("entry");
    let body = change(e.parsed_body().expect("body"));
    e.kind = body.kind();
    e.body = serde_json::to_string(&body).expect("body");
    e.hash = e.computed_hash();
    conn.execute(
        "UPDATE journal SET body = ?3, hash = ?4 WHERE terminal = ?1 AND seq = ?2",
        rusqlite::params![terminal, e.seq, e.body, e.hash.to_vec()],
    )
    .expect("rewrite");
    e
}

#[test]
fn an_unsynced_top_up_rewritten_with_fresh_hashes_is_caught_by_verify_and_refused_by_the_hub() {
    let (hub_site, hub, _, t1, no, t2) = chain();
    ok(
        &t1,
        "top_up",
        json!({"op_id": "t2", "member_no": no, "amount": "100", "tender": "cash"}),
    );
    let rewritten = rewrite_last(&t1.db(), "T01", |body| match body {
        EntryBody::ToppedUp { tender, .. } => EntryBody::ToppedUp {
            amount: dec!(5000.00),
            bonus: Decimal::ZERO,
            tender,
            effects: vec![Effect::Principal {
                delta: dec!(5000.00),
            }],
        },
        other => panic!("expected the top-up, got {other:?}"),
    });
    let conn = rusqlite::Connection::open(t1.db()).expect("book");
    conn.execute(
        "UPDATE accounts SET principal = principal + 490000 WHERE member_no = ?1",
        [&no],
    )
    .expect("balance");
    drop(conn);
    assert_eq!(principal(&t1, &no), dec!(5100));

    let (clean, out) = t1.verify();
    assert!(!clean, "verify must fail: {out}");
    assert!(
        out.contains(&format!(
            "entry {}: its signature does not verify",
            rewritten.id()
        )),
        "{out}"
    );
    let report = sync(&t1);
    assert_eq!(report["ok"], json!(false), "{report}");
    assert_eq!(report["error"]["code"], json!("signature"), "{report}");
    assert_eq!(sync(&t2)["ok"], json!(true));
    assert_eq!(principal(&t2, &no), dec!(100));
    assert!(
        hub.alarms(&hub_site)
            .iter()
            .any(|a| a["kind"] == json!("tampering") && a["entry_id"] == json!(rewritten.id())),
        "{:?}",
        hub.alarms(&hub_site)
    );
}

#[test]
fn the_key_file_is_private_outside_the_book_and_the_hub_refuses_a_second_key() {
    let (hub_site, hub, t1_token, t1, no, _t2) = chain();
    let key_file = t1.path("book.db.key");
    let secret = std::fs::read_to_string(&key_file).expect("the key file beside the book");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let book = std::fs::read(t1.db()).expect("book");
    assert!(
        !book
            .windows(secret.trim().len())
            .any(|w| w == secret.trim().as_bytes()),
        "the secret key must not be in the book"
    );

    // A thief with the book and the token but not the key file publishes a key of
    // their own on an entry.
    let thief = carddesk_data::signing::TerminalKey::load_or_create(&hub_site.path("thief.key"))
        .expect("key");
    let mut e = forge(&t1.db(), "T01", &no, &inflated_top_up());
    let mut sig = hex::decode(thief.public_hex()).expect("hex");
    sig.extend(thief.sign(&e.hash));
    e.sig = Some(sig);
    let client = HubClient::new(&hub.url, &t1_token, "", Duration::from_secs(10)).expect("client");
    assert_eq!(
        refused(client.push("T01", std::slice::from_ref(&e))),
        (422, "signature".into())
    );
    let alarms = hub.alarms(&hub_site);
    assert!(
        alarms.iter().any(|a| a["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("second key")),
        "{alarms:?}"
    );
}

#[test]
fn supervisor_and_admin_pins_need_six_digits_in_the_operators_language() {
    let site = Site::new();
    let (code, out) = site.op(
        "add_operator",
        json!({"op_id": "a1", "operator": "setup", "operator_id": "boss", "name": "店长",
               "role": "admin", "pin": "9999"}),
    );
    assert_ne!(code, 0, "{out}");
    let said = |out: &Value, key: &str, text: &str| {
        assert!(
            out["error"][key]
                .as_str()
                .unwrap_or_default()
                .contains(text),
            "{out}"
        )
    };
    said(&out, "message", "主管和管理员的密码至少6位数字");
    said(
        &out,
        "message_en",
        "a supervisor's or admin's PIN is at least 6 digits",
    );
    ok(
        &site,
        "add_operator",
        json!({"op_id": "a2", "operator": "setup", "operator_id": "boss", "name": "店长",
               "role": "admin", "pin": "999999"}),
    );
    let boss = |req: Value| {
        let mut req = req;
        req["operator"] = json!("boss");
        req["operator_pin"] = json!("999999");
        req
    };
    let (code, out) = site.op(
        "add_operator",
        boss(json!({"op_id": "a3", "operator_id": "sup", "name": "主管",
                    "role": "supervisor", "pin": "2468"})),
    );
    assert_ne!(code, 0, "{out}");
    ok(
        &site,
        "add_operator",
        boss(json!({"op_id": "a4", "operator_id": "amy", "name": "收银",
                    "role": "cashier", "pin": "2468"})),
    );
    // A supervisor's PIN changed later is held to the same rule.
    ok(
        &site,
        "add_operator",
        boss(json!({"op_id": "a5", "operator_id": "sup", "name": "主管",
                    "role": "supervisor", "pin": "246813"})),
    );
    let (code, out) = site.op(
        "change_operator_pin",
        boss(json!({"op_id": "a6", "operator_id": "sup", "pin": "1357"})),
    );
    assert_ne!(code, 0, "{out}");
    said(
        &out,
        "message_en",
        "a supervisor's or admin's PIN is at least 6 digits",
    );
}

#[test]
fn pin_hashes_are_keyed_with_a_pepper_kept_outside_the_book() {
    let site = Site::new();
    site.add_staff();
    let conn = rusqlite::Connection::open(site.db()).expect("book");
    let stored: String = conn
        .query_row(
            "SELECT pin_hash FROM operators WHERE operator_id = 'boss'",
            [],
            |r| r.get(0),
        )
        .expect("boss");
    drop(conn);
    let phc = stored
        .strip_prefix("pepper:")
        .and_then(|rest| rest.split_once(':'))
        .map(|(_, phc)| phc.to_string())
        .unwrap_or_else(|| panic!("a peppered hash, got {stored}"));
    // From the book alone the right PIN does not match: the guesses need the pepper.
    assert!(!carddesk_data::pin::matches("999999", &phc));
    let pepper = site.path("book.db.pepper");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&pepper)
            .expect("pepper file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let secret = std::fs::read_to_string(&pepper).expect("pepper");
    let book = std::fs::read(site.db()).expect("book");
    assert!(!book
        .windows(secret.trim().len())
        .any(|w| w == secret.trim().as_bytes()));

    // Another terminal of the chain (here: a copy of the book with its key file) checks
    // the PIN once it holds the chain's pepper file, and says what is missing before.
    let other = Site::new();
    std::fs::copy(site.db(), other.db()).expect("copy book");
    std::fs::copy(site.path("book.db.key"), other.path("book.db.key")).expect("copy key");
    let freeze = |op: &str| {
        other.op(
            "add_operator",
            json!({"op_id": op, "operator": "boss", "operator_pin": "999999",
                   "operator_id": "amy", "name": "收银", "role": "cashier", "pin": "1357"}),
        )
    };
    let (code, out) = freeze("o1");
    assert_ne!(code, 0, "{out}");
    assert!(
        out["error"]["message_en"]
            .as_str()
            .unwrap_or_default()
            .contains("pepper file"),
        "{out}"
    );
    std::fs::copy(&pepper, other.path("book.db.pepper")).expect("copy pepper");
    let (code, out) = freeze("o2");
    assert_eq!(code, 0, "{out}");
}
