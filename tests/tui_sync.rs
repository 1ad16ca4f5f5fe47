//! The counter's background sync end to end: a SQLite hub process, the real binary in
//! tmux with `[sync]` pointing at it (interval 1 s). The status bar shows online; with
//! the hub stopped the counter still posts a top-up and shows offline; with the hub
//! back on the same address it shows online again, and a second terminal's
//! `carddesk sync` receives the top-up taken while the hub was down.

#![cfg(feature = "hub")]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use rust_decimal::Decimal;
use serde_json::{json, Value};

#[path = "common/tmux.rs"]
mod tmux;

use tmux::Tmux;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_carddesk")
}

/// A folder with a config.toml; carddesk runs in it.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new(config: &str) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("config.toml"), config).expect("write config");
        Site { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn config(&self) -> PathBuf {
        self.path().join("config.toml")
    }

    fn cmd(&self) -> Command {
        let mut c = Command::new(bin());
        c.current_dir(self.path())
            .env_remove("CARDDESK_CONFIG")
            .env("NO_COLOR", "1")
            .arg("--config")
            .arg(self.config());
        c
    }

    /// (exit code, stdout, stderr)
    fn run(&self, args: &[&str], stdin: Option<&Value>) -> (i32, String, String) {
        use std::io::Write;
        let mut child = self
            .cmd()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn carddesk");
        if let Some(v) = stdin {
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(v.to_string().as_bytes())
                .expect("write request");
        }
        drop(child.stdin.take());
        let out = child.wait_with_output().expect("carddesk output");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn op(&self, kind: &str, request: Value) -> Value {
        let (code, out, err) = self.run(&["op", kind], Some(&request));
        let v: Value = serde_json::from_str(out.trim())
            .unwrap_or_else(|e| panic!("op {kind} printed no JSON ({e}): {out}{err}"));
        assert_eq!(code, 0, "op {kind}: {v}");
        v["result"].clone()
    }
}

fn terminal_config(id: &str, prefix: &str, hub_url: &str) -> String {
    format!(
        "[terminal]\nid = \"{id}\"\nmember_prefix = \"{prefix}\"\n\
         [database]\npath = \"book.db\"\n[backup]\ndaily_dir = \"\"\n\
         [ui]\nlanguage = \"en\"\n\
         [log]\npath = \"logs/carddesk.log\"\nlevel = \"debug\"\n\
         [devices.pcsc]\nenabled = false\n\
         [sync]\nhub_url = \"{hub_url}\"\ninsecure_http = true\ninterval_seconds = 1\n"
    )
}

/// `carddesk hub serve` on a SQLite store; `listen` 127.0.0.1:0 picks a port.
struct Hub {
    child: Child,
    url: String,
}

impl Hub {
    fn start(site: &Site, store: &str, listen: &str) -> Result<Hub, String> {
        let mut child = site
            .cmd()
            .args(["hub", "serve", "--listen", listen, "--store", store])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("spawn hub: {e}"))?;
        let stdout = child.stdout.take().ok_or("hub stdout")?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            if let Some(Ok(line)) = lines.next() {
                let _ = tx.send(line);
            }
            for _ in lines {}
        });
        let Ok(line) = rx.recv_timeout(Duration::from_secs(60)) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("the hub did not start on {listen}"));
        };
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .ok_or_else(|| format!("no address in {line:?}"))?
            .to_string();
        Ok(Hub { child, url })
    }

    /// Starts again on the same address (a few tries while the port is released).
    fn restart(site: &Site, store: &str, url: &str) -> Hub {
        let listen = url.trim_start_matches("http://");
        let mut last = String::new();
        for _ in 0..20 {
            match Hub::start(site, store, listen) {
                Ok(h) => return h,
                Err(e) => last = e,
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        panic!("the hub did not restart on {listen}: {last}");
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn money(v: &Value) -> Decimal {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not a money string: {v}"))
}

#[test]
fn the_counter_keeps_working_offline_and_catches_up_when_the_hub_returns() {
    let hub_site = Site::new("[hub]\ninsecure_http = true\n");
    let store = format!("sqlite:{}", hub_site.path().join("hub.db").display());
    let hub = Hub::start(&hub_site, &store, "127.0.0.1:0").expect("hub");
    // Enrolled as people do: a code from the hub, redeemed on the terminal.
    let enrolled = |id: &str, prefix: &str| {
        let (code, out, err) = hub_site.run(&["hub", "enroll", id, "--store", &store], None);
        assert_eq!(code, 0, "enroll {id}: {out}{err}");
        let site = Site::new(&terminal_config(id, prefix, &hub.url));
        let (code, out, err) = site.run(&["sync", "--enroll", out.trim()], None);
        assert_eq!(code, 0, "sync --enroll {id}: {out}{err}");
        site
    };
    let counter = enrolled("T01", "1");
    let other = enrolled("T02", "2");
    let (code, out, err) = other.run(&["init"], None);
    assert_eq!(code, 0, "init: {out}{err}");
    let (code, out, err) = counter.run(&["demo", "--members", "20"], None);
    assert_eq!(code, 0, "demo: {out}{err}");
    let code1 = carddesk_data::demo::code(1);
    let found = counter.op("find_member", json!({ "query": code1 }));
    let member_no = found["member"]["member_no"]
        .as_str()
        .expect("demo member 1 is found by its code")
        .to_string();

    let tmux = Tmux::start(counter.path());
    tmux.type_slowly(&format!(
        "{} --config {}",
        bin(),
        counter.config().display()
    ));
    tmux.keys(&["Enter"]);
    tmux.wait_for("First run: create the administrator");
    tmux.type_slowly("admin");
    tmux.keys(&["Tab"]);
    tmux.type_slowly("Wang");
    tmux.keys(&["Tab"]);
    tmux.type_slowly("246813");
    tmux.keys(&["Tab"]);
    tmux.type_slowly("246813");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Hello, Wang.");
    let s = tmux.wait_status("online");
    // At 80 columns with "no shift" on the bar the sync part takes its short form.
    let bar = s.lines().next().unwrap_or_default();
    assert!(
        bar.contains("synced") || bar.contains("online 0s") || bar.contains("online 1s"),
        "{s}"
    );

    // The hub goes away; the counter goes on: scan, top-up, post.
    let hub_url = hub.url.clone();
    hub.stop();
    tmux.keys(&[&code1, "Enter"]);
    tmux.wait_for(&format!("Member no. {member_no}"));
    tmux.keys(&["F4"]);
    tmux.wait_for("Top-up - Member no.");
    tmux.type_slowly("500");
    tmux.keys(&["Enter"]);
    tmux.wait_for("before → after");
    tmux.keys(&["F12"]);
    tmux.wait_for("No shift is open");
    tmux.keys(&["F12"]);
    tmux.wait_for("Posted T01-");
    let s = tmux.wait_status("offline");
    // The age of the last sync, in the long or (beside "no shift") the short form.
    let bar = s.lines().next().unwrap_or_default();
    assert!(
        bar.contains("last sync") || bar.contains("offline 0s") || bar.contains("offline 1s"),
        "{s}"
    );
    eprintln!("status bar: {}", tmux.status());
    tmux.keys(&["Enter"]);
    tmux.wait_for("F3 checkout");

    // Back on the same address: online again, and the top-up goes up.
    let hub = Hub::restart(&hub_site, &store, &hub_url);
    // Only a round that reached the hub (after pushing) turns the bar online.
    tmux.wait_status("online");
    let status = tmux.status();
    eprintln!("status bar: {status}");

    tmux.keys(&["F10"]);
    tmux.wait_for("Quit carddesk?");
    tmux.keys(&["F10"]);
    tmux.wait_for_shell();

    // A second terminal pulls everything and sees the same balance as the counter.
    let (code, out, err) = other.run(&["sync", "--json"], None);
    let report: Value =
        serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("sync JSON ({e}): {out}{err}"));
    assert_eq!(code, 0, "sync: {report}");
    assert_eq!(report["ok"], json!(true), "{report}");
    let here = counter.op("account", json!({ "member_no": member_no }));
    let there = other.op("account", json!({ "member_no": member_no }));
    assert_eq!(
        money(&there["principal"]),
        money(&here["principal"]),
        "T02 {there}\nT01 {here}\nstatus: {status}"
    );
    assert!(money(&here["principal"]) >= Decimal::from(500), "{here}");
    // And the top-up posted at the counter while the hub was down is in T02's book.
    let journal = other.op("member_journal", json!({ "member_no": member_no }));
    let from_counter = journal.as_array().is_some_and(|list| {
        list.iter().any(|e| {
            e["kind"] == json!("topped_up")
                && e["operator"] == json!("admin")
                && e["entry_id"]
                    .as_str()
                    .is_some_and(|id| id.starts_with("T01"))
        })
    });
    assert!(from_counter, "{journal}");
    drop(hub);
}
