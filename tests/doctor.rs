//! `carddesk doctor` through the real binary: a healthy terminal with a hub, then each
//! fault injected and named — the book world-readable, pcscd not answering, the token
//! revoked, the hub's clock an hour off, the hub down — and a config that does not load.
//!
//! pcscd is shared with other tests, so it is never stopped: "pcscd not answering" is
//! PCSCLITE_CSOCK_NAME naming a socket nobody listens on (what libpcsclite sees when
//! pcscd is stopped; without libpcsclite it is "not installed", the same fault). The
//! hub's clock is set off with CARDDESK_TEST_HUB_CLOCK_OFFSET_SECS, read by debug
//! builds only.

mod common;
#[path = "common/hub.rs"]
mod hub;

use std::path::Path;
use std::process::{Child, Output, Stdio};

use common::{text, Site};

struct Hub {
    child: Child,
    url: String,
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain-HTTP hub whose standard error (its log) goes to `hub.log` in `dir`.
fn start_hub(dir: &Path, store: &str, env: &[(&str, &str)]) -> Hub {
    let log = std::fs::File::create(dir.join("hub.log")).expect("hub log");
    let (child, url) = hub::start_plain_hub_with(dir, store, Stdio::from(log), env);
    Hub { child, url }
}

/// The terminal's config: its book and backups here, PC/SC as given, the hub at `url`,
/// and this terminal the chain's daily terminal.
fn write_config(site: &Site, url: &str, pcsc: bool, lang: &str) {
    write_config_daily(site, url, pcsc, lang, Some("T01"));
}

fn write_config_daily(site: &Site, url: &str, pcsc: bool, lang: &str, daily: Option<&str>) {
    let p = site.path("config.toml");
    let rules = daily.map_or(String::new(), |t| {
        format!("[rules]\ndaily_terminal = \"{t}\"\n")
    });
    std::fs::write(
        &p,
        format!(
            "[ui]\nlanguage = \"{lang}\"\n[database]\npath = \"book.db\"\n\
             [backup]\ndaily_dir = \"backups\"\n[devices.pcsc]\nenabled = {pcsc}\n\
             [sync]\nhub_url = \"{url}\"\ninsecure_http = true\n{rules}"
        ),
    )
    .expect("config");
    chmod(&p, 0o600);
}

fn chmod(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn doctor(site: &Site, env: &[(&str, &str)], json: bool) -> (i32, serde_json::Value, Output) {
    let mut cmd = site.cmd();
    cmd.envs(env.iter().copied()).arg("doctor");
    if json {
        cmd.arg("--json");
    }
    let out = cmd.output().expect("doctor");
    let code = out.status.code().unwrap_or(-1);
    let v = if json {
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("doctor --json: {e}: {}", text(&out)))
    } else {
        serde_json::Value::Null
    };
    (code, v, out)
}

fn faults(v: &serde_json::Value) -> Vec<String> {
    v["faults"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| f.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn status_of(v: &serde_json::Value, id: &str) -> String {
    v["checks"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["id"] == id))
        .map(|c| c["status"].as_str().unwrap_or_default().to_string())
        .unwrap_or_else(|| panic!("no check {id}: {v:#}"))
}

#[test]
fn doctor_passes_a_healthy_terminal_and_names_each_fault() {
    let hub_dir = tempfile::tempdir().expect("hub dir");
    let store = format!("sqlite:{}", hub_dir.path().join("hub.db").display());
    let hub = start_hub(hub_dir.path(), &store, &[]);

    let site = Site::new();
    write_config(&site, &hub.url, false, "en");
    for args in [&["init"][..], &["daily"]] {
        let out = site.run(args);
        assert!(out.status.success(), "{args:?}: {}", text(&out));
    }
    hub::enroll(hub_dir.path(), &store, "T01", site.dir.path());
    let out = site.run(&["sync"]);
    assert!(out.status.success(), "sync: {}", text(&out));
    // Every command logs to the [log] file (owner-only); the daily job says what it did.
    let log = std::fs::read_to_string(site.path("carddesk.log")).expect("the log");
    assert!(log.contains("daily: expiry done"), "{log}");
    assert!(
        log.contains("command=\"sync\"") || log.contains("command=sync"),
        "{log}"
    );
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(site.path("carddesk.log")).map(|m| m.permissions().mode());
        assert_eq!(mode.unwrap_or(0) & 0o777, 0o600);
    }

    // The hub's status: version and commit, its clock, this terminal's last pull.
    let token = hub::stored_token(site.dir.path());
    let status: serde_json::Value = ureq::get(&format!("{}/v1/status", hub.url))
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .expect("GET /v1/status")
        .body_mut()
        .read_json()
        .expect("status JSON");
    assert_eq!(status["version"], env!("CARGO_PKG_VERSION"), "{status:#}");
    assert!(
        !status["commit"].as_str().unwrap_or_default().is_empty(),
        "{status:#}"
    );
    assert!(
        status["now"].as_str().is_some_and(|t| t.ends_with('Z')),
        "{status:#}"
    );
    assert_eq!(status["open_alarms"], 0, "{status:#}");
    let t01 = status["terminals"]
        .as_array()
        .and_then(|ts| ts.iter().find(|t| t["terminal"] == "T01"))
        .cloned()
        .unwrap_or_default();
    assert!(t01["last_pull"].is_string(), "{status:#}");
    // Without a token: refused.
    assert!(ureq::get(&format!("{}/v1/status", hub.url)).call().is_err());
    // The hub logged each request: terminal, route, status, duration.
    let hub_log = std::fs::read_to_string(hub_dir.path().join("hub.log")).unwrap_or_default();
    let tips = hub_log
        .lines()
        .find(|l| l.contains("hub: request") && l.contains("route=/v1/tips"))
        .unwrap_or_else(|| panic!("no request line for /v1/tips: {hub_log}"));
    for field in ["terminal=T01", "status=200", "ms=", "method=GET"] {
        assert!(tips.contains(field), "{field} in {tips}");
    }

    // Healthy: exit 0, no fault, every check there.
    let (code, v, out) = doctor(&site, &[], true);
    assert_eq!(code, 0, "{v:#} {}", text(&out));
    assert_eq!(v["healthy"], true, "{v:#}");
    assert!(faults(&v).is_empty(), "{v:#}");
    for (id, want) in [
        ("config", "ok"),
        ("book", "ok"),
        ("book_mode", "ok"),
        ("book_verify", "ok"),
        ("backup", "ok"),
        ("daily", "ok"),
        ("pcscd", "off"),
        ("scanners", "off"),
        ("hub", "ok"),
        ("hub_tls", "warn"),
        ("hub_token", "ok"),
        ("clock", "ok"),
        ("last_sync", "ok"),
    ] {
        assert_eq!(status_of(&v, id), want, "{id}: {v:#}");
    }
    assert!(v["version"]
        .as_str()
        .unwrap_or_default()
        .starts_with("carddesk "));
    // One screenful, in the operator's language.
    let (code, _, out) = doctor(&site, &[], false);
    assert_eq!(code, 0, "{}", text(&out));
    let screen = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(screen.lines().count() <= 24, "{screen}");
    assert!(screen.contains("result: healthy"), "{screen}");

    // A terminal of a chain where no terminal is named for the daily job: a warning
    // that says which key to set (two terminals would write the same expiry ops).
    write_config_daily(&site, &hub.url, false, "en", None);
    let (code, v, _) = doctor(&site, &[], true);
    assert_eq!(code, 0, "a warning is no fault: {v:#}");
    assert_eq!(status_of(&v, "daily"), "warn", "{v:#}");
    assert!(v.to_string().contains("rules.daily_terminal"), "{v:#}");
    // Another terminal named: this one does not run it, and says where it runs.
    write_config_daily(&site, &hub.url, false, "en", Some("T09"));
    let out = site.run(&["expire"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("\"runs_on\":\"T09\""), "{}", text(&out));
    write_config(&site, &hub.url, false, "en");

    // The book readable by everyone.
    chmod(&site.path("book.db"), 0o644);
    let (code, v, _) = doctor(&site, &[], true);
    assert_eq!(
        (code, faults(&v)),
        (1, vec!["book_mode".to_string()]),
        "{v:#}"
    );
    let (_, _, out) = doctor(&site, &[], false);
    let screen = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(screen.contains("FAIL book_mode"), "{screen}");
    assert!(screen.contains("chmod 600"), "{screen}");
    assert!(screen.contains("result: faults: book_mode"), "{screen}");
    chmod(&site.path("book.db"), 0o600);

    // pcscd not answering.
    write_config(&site, &hub.url, true, "en");
    let gone = site.path("no-pcscd.sock");
    let gone = gone.to_str().unwrap_or_default();
    let (code, v, _) = doctor(&site, &[("PCSCLITE_CSOCK_NAME", gone)], true);
    assert_eq!((code, faults(&v)), (1, vec!["pcscd".to_string()]), "{v:#}");
    write_config(&site, &hub.url, false, "en");

    // The token revoked at the hub.
    let out = site
        .cmd()
        .current_dir(hub_dir.path())
        .args(["hub", "revoke", "T01", "--store", &store])
        .output()
        .expect("revoke");
    assert!(out.status.success(), "{}", text(&out));
    let (code, v, _) = doctor(&site, &[], true);
    assert_eq!(
        (code, faults(&v)),
        (1, vec!["hub_token".to_string()]),
        "{v:#}"
    );
    drop(hub);

    // A hub whose clock is an hour behind: this PC's is an hour ahead of it.
    let skewed = start_hub(
        hub_dir.path(),
        &store,
        &[("CARDDESK_TEST_HUB_CLOCK_OFFSET_SECS", "-3600")],
    );
    write_config(&site, &skewed.url, false, "en");
    hub::enroll(hub_dir.path(), &store, "T01", site.dir.path());
    let (code, v, _) = doctor(&site, &[], true);
    assert_eq!((code, faults(&v)), (1, vec!["clock".to_string()]), "{v:#}");
    let clock = v["checks"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["id"] == "clock"))
        .map(|c| c["detail"].to_string())
        .unwrap_or_default();
    assert!(
        clock.contains("+3600") || clock.contains("+3599"),
        "{clock}"
    );

    // The hub down.
    drop(skewed);
    let (code, v, _) = doctor(&site, &[], true);
    assert_eq!((code, faults(&v)), (1, vec!["hub".to_string()]), "{v:#}");
}

#[test]
fn doctor_speaks_chinese_by_default_and_reports_a_config_that_does_not_load() {
    let site = Site::new();
    let p = site.path("config.toml");
    std::fs::write(&p, "[database]\npath = \"book.db\"\n").expect("config");
    chmod(&p, 0o600);
    site.run(&["init"]);
    let (code, _, out) = doctor(&site, &[], false);
    let screen = String::from_utf8_lossy(&out.stdout).into_owned();
    // No backup yet (a fault), and the conclusion in Chinese.
    assert_eq!(code, 1, "{screen}");
    assert!(
        screen.contains("结论：有故障：") && screen.contains("backup"),
        "{screen}"
    );
    assert!(screen.contains("单机运行"), "{screen}");

    std::fs::write(&p, "[ui]\nlangauge = \"en\"\n").expect("config");
    let (code, v, out) = doctor(&site, &[], true);
    assert_eq!(
        (code, faults(&v)),
        (1, vec!["config".to_string()]),
        "{}",
        text(&out)
    );
    chmod(&p, 0o644);
    std::fs::write(&p, "[database]\npath = \"book.db\"\n").expect("config");
    let (_, v, _) = doctor(&site, &[], true);
    assert!(faults(&v).contains(&"config".to_string()), "{v:#}");
}
