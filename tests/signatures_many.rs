//! Pages of many signed entries, as a terminal's first push and a new terminal's first
//! pull carry them. Their signatures are verified together (in batches, on every core:
//! `data/src/signatures.rs`), so a single forged signature deep in a page must still be
//! found and named, and must still refuse the whole page: at the hub on push, and at a
//! whole or partial book on pull from a hub whose store was planted with it; and
//! `carddesk verify` names every one in a book.

#![cfg(feature = "hub")]

mod common;
#[path = "common/hub.rs"]
mod enrolling;

use std::process::Child;
use std::time::Duration;

use carddesk::sync::{HubClient, HubTransport, SyncError};
use carddesk_data::journal::Entry;
use common::Site;
use serde_json::{json, Value};

/// Entries per page here: several of the verifier's batches, split across threads.
const PAGE: usize = 900;
/// The forged one, in the second half (another thread's part on two cores).
const FORGED: usize = 700;

struct Hub {
    child: Child,
    url: String,
    store: String,
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn hub(site: &Site) -> Hub {
    let store = format!("sqlite:{}", site.path("hub.db").display());
    let (child, url) =
        enrolling::start_plain_hub(site.dir.path(), &store, std::process::Stdio::null());
    Hub { child, url, store }
}

/// A terminal enrolled with the hub and initialised; `extra` joins its `[sync]`.
fn terminal(hub_site: &Site, hub: &Hub, id: &str, extra: &str) -> (Site, String) {
    let site = Site::new();
    std::fs::write(
        site.path("config.toml"),
        format!(
            "[terminal]\nid = \"{id}\"\noutlet = \"rooms\"\nmember_prefix = \"5\"\n\
             [database]\npath = \"book.db\"\n[backup]\ndaily_dir = \"\"\n\
             [sync]\nhub_url = \"{}\"\ninsecure_http = true\n{extra}",
            hub.url
        ),
    )
    .expect("config");
    let token = enrolling::enroll(hub_site.dir.path(), &hub.store, id, site.dir.path());
    let init = site.run(&["init"]);
    assert!(init.status.success(), "init {id}: {}", common::text(&init));
    (site, token)
}

fn sync(site: &Site) -> Value {
    let out = site.run(&["sync", "--json"]);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("sync JSON ({e}): {}", common::text(&out)))
}

/// How many of `terminal`'s entries the book at `site` holds.
fn held(site: &Site, terminal: &str) -> i64 {
    let conn = rusqlite::Connection::open(site.db()).expect("book");
    conn.query_row(
        "SELECT count(*) FROM journal WHERE terminal = ?1",
        [terminal],
        |r| r.get(0),
    )
    .expect("count")
}

/// `e`'s signature with one bit of it flipped: what altering a signed entry leaves.
fn flipped(e: &Entry) -> Vec<u8> {
    let mut sig = e.sig.clone().expect("the bench's entries are signed");
    let last = sig.len() - 1;
    sig[last - 5] ^= 0x01;
    sig
}

#[test]
fn one_forged_signature_in_a_page_of_900_is_named_and_refuses_the_page_everywhere() {
    let hub_site = Site::new();
    let hub = hub(&hub_site);
    let (_writer, token) = terminal(&hub_site, &hub, "BT", "");
    // 900 registrations, signed with BT's own key, the first publishing it.
    let entries = carddesk::hub::bench::generate("BT", PAGE).expect("entries");
    assert!(entries.iter().all(|e| e.sig.is_some()));
    let client = HubClient::new(&hub.url, &token, "", Duration::from_secs(30)).expect("client");

    // At the hub: the page is refused whole, naming the forged entry.
    let mut forged = entries.clone();
    forged[FORGED].sig = Some(flipped(&entries[FORGED]));
    let forged_id = forged[FORGED].id();
    match client.push("BT", &forged) {
        Err(SyncError::Refused { status, code, .. }) => {
            assert_eq!((status, code.as_str()), (422, "signature"));
        }
        other => panic!("a forged signature must be refused, got {other:?}"),
    }
    let tips = client.tips().expect("tips");
    assert_eq!(tips.get("BT").map_or(0, |t| t.seq), 0, "nothing stored");
    let out = hub_site.run(&["hub", "alarms", "--json", "--store", &hub.store]);
    let alarms: Vec<Value> = serde_json::from_slice(&out.stdout).expect("alarms");
    assert!(
        alarms
            .iter()
            .any(|a| a["kind"] == json!("tampering") && a["entry_id"] == json!(forged_id)),
        "the alarm names {forged_id}: {alarms:?}"
    );

    // The genuine page is taken whole.
    client.push("BT", &entries).expect("the genuine page");
    assert_eq!(client.tips().expect("tips")["BT"].seq, PAGE as i64);

    // Someone with write access to the hub's store forges that signature there: a new
    // terminal's first pull, whole book or partial, refuses every entry of the pull.
    let store = rusqlite::Connection::open(hub_site.path("hub.db")).expect("hub store");
    let planted = |sig: &[u8]| {
        store
            .execute(
                "UPDATE hub_entries SET sig = ?1 WHERE terminal = 'BT' AND seq = ?2",
                rusqlite::params![sig, entries[FORGED].seq],
            )
            .expect("plant")
    };
    planted(&flipped(&entries[FORGED]));
    let (whole, _) = terminal(&hub_site, &hub, "T02", "");
    let (partial, _) = terminal(
        &hub_site,
        &hub,
        "T03",
        "scope = \"group\"\ngroup_outlets = [\"rooms\"]\n",
    );
    for book in [&whole, &partial] {
        let report = sync(book);
        assert_eq!(report["ok"], json!(false), "{report}");
        let message = report["error"]["message_en"].as_str().unwrap_or_default();
        assert!(
            message.contains(&forged_id) && message.contains("signature does not verify"),
            "the refusal names {forged_id} and why: {report}"
        );
        assert_eq!(held(book, "BT"), 0, "a refused pull applies nothing");
    }

    // Put back, both books take all 900 and verify clean.
    planted(entries[FORGED].sig.as_deref().expect("signed"));
    for book in [&whole, &partial] {
        let report = sync(book);
        assert_eq!(report["ok"], json!(true), "{report}");
        assert_eq!(held(book, "BT"), PAGE as i64);
        let (clean, out) = book.verify();
        assert!(clean, "{out}");
    }

    // `verify` checks its book's signatures together too, and names every one that
    // does not hold, not only the first.
    let book = rusqlite::Connection::open(whole.db()).expect("book");
    for i in [99, FORGED] {
        book.execute(
            "UPDATE journal SET sig = ?1 WHERE terminal = 'BT' AND seq = ?2",
            rusqlite::params![flipped(&entries[i]), entries[i].seq],
        )
        .expect("alter the book");
    }
    drop(book);
    let (clean, out) = whole.verify();
    assert!(!clean, "{out}");
    for i in [99, FORGED] {
        let named = format!("entry {}: its signature does not verify", entries[i].id());
        assert!(out.contains(&named), "{named} in: {out}");
    }
}

#[test]
fn a_pull_of_several_pages_names_the_first_entry_refused_whatever_page_it_is_in() {
    // 6,000 entries: two pages of a pull (5,000 a page). A page's signatures are
    // verified while the next page is checked, so the order of refusals is at stake.
    const ENTRIES: usize = 6_000;
    let hub_site = Site::new();
    let hub = hub(&hub_site);
    let (_writer, token) = terminal(&hub_site, &hub, "BT", "");
    let entries = carddesk::hub::bench::generate("BT", ENTRIES).expect("entries");
    let client = HubClient::new(&hub.url, &token, "", Duration::from_secs(60)).expect("client");
    for page in entries.chunks(carddesk::sync::PUSH_BATCH) {
        client.push("BT", page).expect("the genuine chain");
    }
    // In the store: a signature that does not verify in the first page, and a
    // malformed one (refused before any arithmetic) in the second.
    let store = rusqlite::Connection::open(hub_site.path("hub.db")).expect("hub store");
    let plant = |i: usize, sig: Vec<u8>| {
        store
            .execute(
                "UPDATE hub_entries SET sig = ?1 WHERE terminal = 'BT' AND seq = ?2",
                rusqlite::params![sig, entries[i].seq],
            )
            .expect("plant")
    };
    plant(999, flipped(&entries[999]));
    plant(5_499, vec![1, 2, 3]);
    let (book, _) = terminal(&hub_site, &hub, "T02", "");
    let report = sync(&book);
    assert_eq!(report["ok"], json!(false), "{report}");
    let message = report["error"]["message_en"].as_str().unwrap_or_default();
    assert!(
        message.contains(&entries[999].id()) && message.contains("signature does not verify"),
        "the first refused, {}, is named: {report}",
        entries[999].id()
    );
    assert_eq!(held(&book, "BT"), 0, "a refused pull applies nothing");

    // The first put back: now the malformed one is the first refused.
    plant(999, entries[999].sig.clone().expect("signed"));
    let report = sync(&book);
    let message = report["error"]["message_en"].as_str().unwrap_or_default();
    assert!(
        message.contains(&entries[5_499].id()) && message.contains("malformed"),
        "{report}"
    );
    assert_eq!(held(&book, "BT"), 0);

    plant(5_499, entries[5_499].sig.clone().expect("signed"));
    assert_eq!(sync(&book)["ok"], json!(true));
    assert_eq!(held(&book, "BT"), ENTRIES as i64);
}
