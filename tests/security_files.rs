//! Files carddesk writes with member data: never onto the book or a hub store, never
//! over an existing file without --force, never readable by group or others.

mod common;
#[path = "common/hub.rs"]
mod enrolling;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use carddesk::sync::HubTransport;
use common::{text, Site};
use serde_json::json;

/// A site with one member and one top-up: the book has ID numbers to leak.
fn site_with_member() -> (Site, String) {
    let site = Site::new();
    let (code, reg) = site.op(
        "register_member",
        json!({"op_id": "sec-1", "operator": "front1",
               "profile": {"name": "张三", "phone": "13800138000", "id_doc": "110101198803041234"}}),
    );
    assert_eq!(code, 0, "{reg}");
    let no = reg["result"]["member"]["member_no"]
        .as_str()
        .expect("member_no")
        .to_string();
    let (code, top) = site.op(
        "top_up",
        json!({"op_id": "sec-2", "operator": "front1", "member_no": no, "amount": "100.00", "tender": "cash"}),
    );
    assert_eq!(code, 0, "{top}");
    let entry = top["result"]["entry_id"]
        .as_str()
        .expect("entry_id")
        .to_string();
    (site, entry)
}

/// Runs carddesk under umask 022, the usual default, so a file created without an
/// explicit mode comes out 0644.
fn run_umask(site: &Site, args: &[&str]) -> Output {
    std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 022 && exec \"$0\" \"$@\"")
        .arg(common::bin())
        .args(args)
        .current_dir(site.dir.path())
        .env_remove("CARDDESK_CONFIG")
        .env("NO_COLOR", "1")
        .output()
        .expect("run carddesk")
}

/// Creates a new book under umask 022: with `carddesk init` where it exists, else with
/// the first command that opens it.
fn new_book(site: &Site, path: &Path) {
    let p = path.to_str().expect("utf-8");
    let out = run_umask(site, &["--db", p, "init"]);
    if !out.status.success() {
        let out = run_umask(site, &["--db", p, "verify"]);
        assert!(out.status.success(), "{}", text(&out));
    }
    assert!(path.exists(), "{} was not created", path.display());
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Every command that writes a file, aimed at `target`.
fn writers<'a>(db: &'a str, entry: &'a str, target: &'a str, force: bool) -> Vec<Vec<&'a str>> {
    let mut all = vec![
        vec!["--db", db, "export", "members", target],
        vec!["--db", db, "export", "journal", target],
        vec!["--db", db, "receipt", entry, "--out", target],
        vec!["--db", db, "backup", target],
    ];
    if force {
        for a in &mut all {
            a.push("--force");
        }
    }
    all
}

fn assert_book_intact(site: &Site) {
    let head = std::fs::read(site.db()).expect("read book");
    assert!(
        head.starts_with(b"SQLite format 3\0"),
        "the book was overwritten"
    );
    let (ok, out) = site.verify();
    assert!(ok, "{out}");
    let (code, found) = site.op("find_member", json!({"query": "13800138000"}));
    assert_eq!(code, 0, "{found}");
    assert_eq!(found["result"]["found"], "one", "{found}");
}

#[test]
fn no_output_lands_on_the_book_whatever_its_spelling() {
    let (site, entry) = site_with_member();
    let db = site.db().to_str().expect("utf-8").to_string();
    std::fs::create_dir(site.path("sub")).expect("mkdir");
    std::os::unix::fs::symlink(site.db(), site.path("alias.db")).expect("symlink");
    std::fs::hard_link(site.db(), site.path("hard.db")).expect("hard link");
    let spellings: Vec<PathBuf> = vec![
        site.db(),
        PathBuf::from("book.db"),
        PathBuf::from("./sub/../book.db"),
        site.path("alias.db"),
        site.path("hard.db"),
        site.path("book.db-wal"),
        site.path("sub/../book.db-shm"),
    ];
    for target in &spellings {
        let t = target.to_str().expect("utf-8");
        for force in [false, true] {
            for args in writers(&db, &entry, t, force) {
                let out = site.run(&args);
                let said = text(&out);
                assert!(!out.status.success(), "{args:?} was not refused: {said}");
                assert!(
                    said.contains(t),
                    "{args:?}: the refusal names no path: {said}"
                );
                assert!(
                    said.contains("账本"),
                    "{args:?}: not refused as the book: {said}"
                );
                assert_book_intact(&site);
            }
        }
    }
    // In English too.
    let config = site.path("en.toml");
    std::fs::write(&config, "[ui]\nlanguage = \"en\"\n").expect("config");
    let out = site.run(&[
        "--config",
        config.to_str().expect("utf-8"),
        "--db",
        &db,
        "export",
        "members",
        "./sub/../book.db",
        "--force",
    ]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("./sub/../book.db: this is the open book"),
        "{}",
        text(&out)
    );
    assert_book_intact(&site);
}

#[test]
fn no_output_lands_on_a_hub_store() {
    let (site, entry) = site_with_member();
    let hub = site.path("hub.db");
    let store = format!("sqlite:{}", hub.display());
    // A plain-HTTP hub needs no certificate for its enrollment codes.
    std::fs::write(site.path("config.toml"), "[hub]\ninsecure_http = true\n").expect("config");
    let out = site.run(&["hub", "enroll", "T01", "--store", &store]);
    assert!(out.status.success(), "{}", text(&out));
    let before = std::fs::read(&hub).expect("hub file");
    let db = site.db().to_str().expect("utf-8").to_string();
    let h = hub.to_str().expect("utf-8");
    for args in writers(&db, &entry, h, true) {
        let out = site.run(&args);
        assert!(!out.status.success(), "{args:?}: {}", text(&out));
        assert!(text(&out).contains("中心"), "{args:?}: {}", text(&out));
        assert_eq!(std::fs::read(&hub).expect("hub file"), before, "{args:?}");
    }
    let out = site.run(&["hub", "alarms", "--store", &store]);
    assert!(
        out.status.success(),
        "the hub store was damaged: {}",
        text(&out)
    );
}

#[test]
fn an_existing_file_is_replaced_only_with_force_and_keeps_its_mode() {
    let (site, entry) = site_with_member();
    let db = site.db().to_str().expect("utf-8").to_string();
    let target = site.path("out.bin");
    let t = target.to_str().expect("utf-8");
    for (plain, forced) in writers(&db, &entry, t, false)
        .into_iter()
        .zip(writers(&db, &entry, t, true))
    {
        std::fs::write(&target, b"keep me").expect("write");
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        let out = site.run(&plain);
        assert!(!out.status.success(), "{plain:?}: {}", text(&out));
        assert!(text(&out).contains("--force"), "{plain:?}: {}", text(&out));
        assert!(text(&out).contains(t), "{plain:?}: {}", text(&out));
        assert_eq!(
            std::fs::read(&target).expect("read"),
            b"keep me",
            "{plain:?}"
        );

        let out = site.run(&forced);
        assert!(out.status.success(), "{forced:?}: {}", text(&out));
        assert_ne!(
            std::fs::read(&target).expect("read"),
            b"keep me",
            "{forced:?}"
        );
        assert_eq!(mode(&target), 0o640, "{forced:?}: the mode was not kept");
    }
    // Nothing left behind from the staging files.
    let leftovers: Vec<String> = std::fs::read_dir(site.dir.path())
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn every_file_with_member_data_is_owner_only() {
    let site = Site::new();
    let db = site.db();
    let d = db.to_str().expect("utf-8");
    new_book(&site, &db);
    let (code, reg) = site.op(
        "register_member",
        json!({"op_id": "m-1", "operator": "front1",
               "profile": {"name": "李四", "phone": "13900139000", "id_doc": "110101199001011234"}}),
    );
    assert_eq!(code, 0, "{reg}");
    let (_, top) = site.op(
        "top_up",
        json!({"op_id": "m-2", "operator": "front1", "member_no": reg["result"]["member"]["member_no"], "amount": "50.00", "tender": "cash"}),
    );
    let entry = top["result"]["entry_id"]
        .as_str()
        .expect("entry_id")
        .to_string();
    for f in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{d}{f}"));
        if p.exists() {
            assert_eq!(mode(&p), 0o600, "{}", p.display());
        }
    }

    let p = |n: &str| site.path(n).to_str().expect("utf-8").to_string();
    let cases: Vec<(Vec<String>, String)> = vec![
        (
            vec!["export".into(), "members".into(), p("members.csv")],
            p("members.csv"),
        ),
        (
            vec!["export".into(), "journal".into(), p("journal.csv")],
            p("journal.csv"),
        ),
        (
            vec!["receipt".into(), entry.clone(), "--out".into(), p("r.bin")],
            p("r.bin"),
        ),
        (
            vec![
                "receipt".into(),
                entry.clone(),
                "--text".into(),
                "--out".into(),
                p("r.txt"),
            ],
            p("r.txt"),
        ),
        (vec!["backup".into(), p("copy.db")], p("copy.db")),
    ];
    for (args, file) in &cases {
        let mut all = vec!["--db", d];
        all.extend(args.iter().map(String::as_str));
        let out = run_umask(&site, &all);
        assert!(out.status.success(), "{all:?}: {}", text(&out));
        assert_eq!(mode(Path::new(file)), 0o600, "{file}");
    }
    let members = std::fs::read_to_string(site.path("members.csv")).expect("csv");
    assert!(
        members.contains("110101199001011234"),
        "the export holds ID numbers"
    );

    // The daily backup and the folders it creates.
    let daily = site.path("backups/daily");
    let out = run_umask(
        &site,
        &[
            "--db",
            d,
            "backup",
            "--daily",
            daily.to_str().expect("utf-8"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(mode(&daily), 0o700, "daily folder");
    assert_eq!(
        mode(&site.path("backups")),
        0o700,
        "its parent, created too"
    );
    let files: Vec<PathBuf> = std::fs::read_dir(&daily)
        .expect("list")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(mode(&files[0]), 0o600, "{}", files[0].display());

    // A book in a new folder: the folder is owner-only.
    let nested = site.path("new/place/book.db");
    new_book(&site, &nested);
    assert_eq!(mode(&site.path("new")), 0o700);
    assert_eq!(mode(&site.path("new/place")), 0o700);
    assert_eq!(mode(&nested), 0o600);

    // Restore: the book stays owner-only, and so do its -wal/-shm afterwards.
    let out = run_umask(&site, &["--db", d, "restore", &p("copy.db")]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(mode(&db), 0o600, "the restored book");
    let (ok, said) = site.verify();
    assert!(ok, "{said}");
    for f in ["-wal", "-shm"] {
        let c = PathBuf::from(format!("{d}{f}"));
        if c.exists() {
            assert_eq!(mode(&c), 0o600, "{}", c.display());
        }
    }
}

#[test]
fn a_book_or_config_others_can_read_is_warned_about() {
    let (site, _) = site_with_member();
    let db = site.db();
    let config = site.path("carddesk.toml");
    std::fs::write(&config, "[ui]\nlanguage = \"en\"\n").expect("config");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let out = site.run(&[
        "--config",
        config.to_str().expect("utf-8"),
        "--db",
        db.to_str().expect("utf-8"),
        "verify",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("chmod 600 {}", db.display())),
        "no warning for the book: {err}"
    );
    assert!(
        err.contains(&format!("chmod 600 {}", config.display())),
        "no warning for the config: {err}"
    );
    // The secrets beside the book (signing key, PIN pepper, hub token) are watched too.
    let key = site.path("book.db.key");
    assert!(key.exists(), "the first write made the signing key");
    let token = site.path("hub-token.toml");
    std::fs::write(&token, "token = \"x\"\n").expect("token file");
    for f in [&key, &token] {
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    let out = site.run(&[
        "--config",
        config.to_str().expect("utf-8"),
        "--db",
        db.to_str().expect("utf-8"),
        "verify",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    for f in [&key, &token] {
        assert!(
            err.contains(&format!("chmod 600 {}", f.display())),
            "no warning for {}: {err}",
            f.display()
        );
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    // Fixed: no warning.
    for f in [&db, &config] {
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    let out = site.run(&[
        "--config",
        config.to_str().expect("utf-8"),
        "--db",
        db.to_str().expect("utf-8"),
        "verify",
    ]);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("chmod"),
        "{}",
        text(&out)
    );
}

// ---------------------------------------------------------------------------------------
// Hub authorizations: an approval covers exactly the request it was given for.

/// A running `carddesk hub serve`, stopped when dropped.
struct Hub {
    child: std::process::Child,
    url: String,
    store: String,
}

impl Hub {
    /// A plain-HTTP hub on loopback (`insecure_http`): this test is about approvals,
    /// not transport (TLS has tests of its own in hub_limits.rs).
    fn start(site: &Site, store: &str) -> Hub {
        let (child, url) =
            enrolling::start_plain_hub(site.dir.path(), store, std::process::Stdio::inherit());
        Hub {
            child,
            url,
            store: store.to_string(),
        }
    }

    fn enroll(&self, site: &Site, terminal: &str) -> String {
        let out = site.run(&["hub", "enroll", terminal, "--store", &self.store]);
        assert!(out.status.success(), "{}", text(&out));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// A PostgreSQL database of its own, dropped at the end (the hub crate's tests' helper).
#[path = "../hub/tests/common/mod.rs"]
mod pg;
use pg::PgDb;

/// A terminal site configured to sync through `hub_url`.
/// A terminal enrolled as people do: the hub's code redeemed with `sync --enroll`.
/// Returns the site and the token its token file holds.
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
    std::fs::set_permissions(
        site.path("config.toml"),
        std::fs::Permissions::from_mode(0o600),
    )
    .expect("chmod");
    let out = enrolling::redeem(site.dir.path(), code);
    assert!(out.status.success(), "sync --enroll {id}: {}", text(&out));
    let token = enrolling::stored_token(site.dir.path());
    (site, token)
}

fn ask(
    client: &carddesk::sync::HubClient,
    op_id: &str,
    member_no: &str,
    amount: &str,
) -> serde_json::Value {
    let req: carddesk_data::authorize::AuthorizeRequest = serde_json::from_value(json!({
        "op_id": op_id,
        "member_no": member_no,
        "spends": [{"asset": "stored_value", "amount": amount}],
    }))
    .expect("request");
    let reply = client.authorize(&req).expect("the hub answers");
    serde_json::to_value(reply).expect("reply JSON")
}

fn an_approval_cannot_be_reused_for_more(store: &str) {
    let hub_site = Site::new();
    let hub = Hub::start(&hub_site, store);
    let t1_code = hub.enroll(&hub_site, "T01");
    let t2_code = hub.enroll(&hub_site, "T02");
    // T01 registers a member with 100.00 and syncs it to the hub.
    let (t1, t1_token) = terminal("T01", "1", &hub.url, &t1_code);
    let (_t2, t2_token) = terminal("T02", "2", &hub.url, &t2_code);
    let (code, reg) = t1.op(
        "register_member",
        json!({"op_id": "T01-1", "operator": "front1", "profile": {"name": "王五"}}),
    );
    assert_eq!(code, 0, "{reg}");
    let no = reg["result"]["member"]["member_no"]
        .as_str()
        .expect("member_no")
        .to_string();
    let (code, top) = t1.op(
        "top_up",
        json!({"op_id": "T01-2", "operator": "front1", "member_no": no, "amount": "100.00", "tender": "cash"}),
    );
    assert_eq!(code, 0, "{top}");
    let out = t1.run(&["sync"]);
    assert!(out.status.success(), "{}", text(&out));

    let timeout = std::time::Duration::from_secs(10);
    let c1 = carddesk::sync::HubClient::new(&hub.url, &t1_token, "", timeout).expect("client");
    let c2 = carddesk::sync::HubClient::new(&hub.url, &t2_token, "", timeout).expect("client");
    let first = ask(&c1, "T01-pay", &no, "60.00");
    assert_eq!(first["approved"], true, "{first}");
    // The same op id for more: refused, with a stable code.
    let more = ask(&c1, "T01-pay", &no, "1000.00");
    assert_eq!(more["approved"], false, "{more}");
    assert_eq!(more["code"], "op_id_reused", "{more}");
    assert!(
        more["message"]
            .as_str()
            .unwrap_or_default()
            .contains("T01-pay"),
        "{more}"
    );
    // The same request again (any spelling of the amount) is the same approval.
    let again = ask(&c1, "T01-pay", &no, "60.0");
    assert_eq!(again["approved"], true, "{again}");
    // Another terminal cannot claim the approval with the same op id.
    let other = ask(&c2, "T01-pay", &no, "60.00");
    assert_eq!(other["code"], "op_id_reused", "{other}");
    // Only the 60.00 is held: 40.00 is left, not more.
    let over = ask(&c1, "T01-pay-2", &no, "40.01");
    assert_eq!(over["code"], "insufficient", "{over}");
    let rest = ask(&c1, "T01-pay-3", &no, "40.00");
    assert_eq!(rest["approved"], true, "{rest}");
    // Each reuse raised an alarm naming the op id.
    let out = hub_site.run(&["hub", "alarms", "--json", "--store", store]);
    assert!(out.status.success(), "{}", text(&out));
    let alarms: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("alarms JSON");
    let reused: Vec<&serde_json::Value> = alarms
        .iter()
        .filter(|a| a["kind"] == "op_id_reused" && a["op_id"] == "T01-pay")
        .collect();
    assert_eq!(reused.len(), 2, "{alarms:?}");
    assert!(reused.iter().any(|a| a["terminal"] == "T02"), "{alarms:?}");
}

#[test]
fn an_approval_cannot_be_reused_for_more_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = format!("sqlite:{}", dir.path().join("hub.db").display());
    an_approval_cannot_be_reused_for_more(&store);
}

#[test]
fn an_approval_cannot_be_reused_for_more_on_postgres() {
    let db = PgDb::create("sec");
    an_approval_cannot_be_reused_for_more(&db.url);
}

// ---------------------------------------------------------------------------------------
// Stored answers: checked by verify, never replayed as they stand.

fn stored_answer(site: &Site, op_id: &str) -> serde_json::Value {
    let c = rusqlite::Connection::open(site.db()).expect("open book");
    let text: String = c
        .query_row(
            "SELECT result FROM op_results WHERE op_id = ?1",
            [op_id],
            |r| r.get(0),
        )
        .expect("stored answer");
    serde_json::from_str(&text).expect("answer JSON")
}

fn rewrite_answer(site: &Site, op_id: &str, answer: &serde_json::Value) {
    let c = rusqlite::Connection::open(site.db()).expect("open book");
    let n = c
        .execute(
            "UPDATE op_results SET result = ?2 WHERE op_id = ?1",
            rusqlite::params![op_id, answer.to_string()],
        )
        .expect("rewrite");
    assert_eq!(n, 1);
}

#[test]
fn a_rewritten_stored_answer_fails_verify_and_is_not_replayed() {
    let (site, entry) = site_with_member();
    let top_up = json!({"op_id": "sec-2", "operator": "front1", "member_no": null, "amount": "100.00", "tender": "cash"});
    let (_, first) = site.op("find_member", json!({"query": "13800138000"}));
    let no = first["result"]["member"]["member_no"].clone();
    let mut top_up = top_up;
    top_up["member_no"] = no;
    let (ok, said) = site.verify();
    assert!(ok, "{said}");

    // The answer says the top-up was 100,000.00 and named another entry.
    let mut forged = stored_answer(&site, "sec-2");
    let text = forged["detail"].to_string().replace("100.00", "100000.00");
    assert_ne!(text, forged["detail"].to_string(), "{forged}");
    forged["detail"] = serde_json::from_str(&text).expect("detail");
    forged["entry_id"] = json!("T01-1");
    forged["account"] = json!({"member_no": top_up["member_no"], "principal": "100000.00", "bonus": "0",
                               "points": 0, "has_payment_pin": false, "count_cards": [], "coupons": []});
    rewrite_answer(&site, "sec-2", &forged);

    let (ok, said) = site.verify();
    assert!(!ok, "verify passed a rewritten answer: {said}");
    assert!(said.contains("request sec-2"), "{said}");
    assert!(said.contains("entry_id"), "{said}");
    assert!(said.contains("detail"), "{said}");

    // A retry answers from the journal: the real entry, amount and balance.
    let (code, again) = site.op("top_up", top_up);
    assert_eq!(code, 0, "{again}");
    let r = &again["result"];
    assert_eq!(r["replayed"], true, "{again}");
    assert_eq!(r["entry_id"], entry.as_str(), "{again}");
    assert!(!r["detail"].to_string().contains("100000"), "{again}");
    assert_eq!(r["account"]["principal"], "100.00", "{again}");
}

#[test]
fn a_trigger_or_table_added_to_the_book_fails_verify() {
    let (site, _) = site_with_member();
    let c = rusqlite::Connection::open(site.db()).expect("open book");
    c.execute_batch(
        "CREATE TRIGGER free_money AFTER INSERT ON journal
         BEGIN UPDATE accounts SET principal = principal + 100000; END;",
    )
    .expect("trigger");
    drop(c);
    let (ok, said) = site.verify();
    assert!(!ok, "verify passed a book with a foreign trigger: {said}");
    assert!(said.contains("trigger free_money"), "{said}");
}
