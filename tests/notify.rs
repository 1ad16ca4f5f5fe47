//! `carddesk notify` against a real HTTP receiver on 127.0.0.1: notices queued with
//! their entries by the real binary, delivered once each even when the webhook fails
//! first, never sent without consent, and the webhook's secret and members' phone
//! numbers never printed or logged.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use common::Site;
use serde_json::{json, Value};

/// A webhook: answers each request with the next status of `script` (then 200), and
/// keeps every body it got.
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Value>>>,
}

fn receiver(script: Vec<u16>) -> Receiver {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let got = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&got);
    std::thread::spawn(move || {
        let mut script = script.into_iter();
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut len = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                let lower = line.to_ascii_lowercase();
                if let Some(v) = lower.strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0u8; len];
            let _ = reader.read_exact(&mut body);
            let status = script.next().unwrap_or(200);
            let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            seen.lock()
                .expect("lock")
                .push(json!({"status": status, "body": v}));
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    Receiver {
        url: format!("http://127.0.0.1:{port}/hook/SECRET-TOKEN-42"),
        got,
    }
}

fn site_with(r: &Receiver, consent_default: bool) -> Site {
    let site = Site::new();
    let cfg = format!(
        "[notices]\nenabled = true\nwebhook_url = \"{}\"\nconsent_default = {consent_default}\n\
         backoff_ms = 10\nattempts_per_run = 3\nmax_attempts = 5\ntimeout_ms = 2000\n",
        r.url
    );
    std::fs::write(site.path("config.toml"), cfg).expect("config");
    site.add_staff();
    site
}

fn ok(site: &Site, kind: &str, req: Value) -> Value {
    let (code, out) = site.op(kind, req);
    assert_eq!(code, 0, "{kind}: {out}");
    out["result"].clone()
}

fn register(site: &Site, op_id: &str, profile: Value) -> String {
    let reg = ok(
        site,
        "register_member",
        json!({"op_id": op_id, "profile": profile}),
    );
    reg["member"]["member_no"]
        .as_str()
        .expect("member_no")
        .to_string()
}

/// (stdout + stderr, the summary line as JSON).
fn notify(site: &Site) -> (String, Value) {
    let db = site.db();
    let out = site.run(&["--db", db.to_str().unwrap_or_default(), "notify"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "carddesk notify: {text}");
    let summary = text
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str::<Value>(l).ok())
        .unwrap_or(Value::Null);
    (text, summary)
}

fn logs(site: &Site) -> String {
    let mut all = String::new();
    for e in walk(site.dir.path()) {
        if e.extension().is_some_and(|x| x == "log") || e.to_string_lossy().contains("log") {
            all += &std::fs::read_to_string(&e).unwrap_or_default();
        }
    }
    all
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_failing_webhook_is_retried_and_each_notice_delivered_once() {
    let r = receiver(vec![503]);
    let site = site_with(&r, true);
    let no = register(&site, "n1", json!({"name": "王芳", "phone": "13912345678"}));
    ok(
        &site,
        "top_up",
        json!({"op_id": "n2", "member_no": no, "amount": "500", "tender": "cash"}),
    );
    let (text, summary) = notify(&site);
    assert_eq!(summary["delivered"], 2, "{text}");
    assert_eq!(summary["attempts"], 3, "{text}");
    let got = r.got.lock().expect("lock").clone();
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0]["status"], 503);
    assert_eq!(
        got[0]["body"], got[1]["body"],
        "the retry is the same notice"
    );
    let kinds: Vec<&str> = got[1..]
        .iter()
        .map(|g| g["body"]["kind"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(kinds, ["registered", "topped_up"]);
    let first = &got[1]["body"];
    assert_eq!(first["member_no"], no.as_str());
    assert_eq!(first["phone"], "13912345678");
    assert!(
        first["text"].as_str().unwrap_or_default().contains("王芳"),
        "{first}"
    );
    assert!(got[2]["body"]["text"]
        .as_str()
        .unwrap_or_default()
        .contains("600"));

    // Delivered notices are not sent again.
    let (_, again) = notify(&site);
    assert_eq!(again["delivered"], 0);
    assert_eq!(r.got.lock().expect("lock").len(), 3);

    // Neither the webhook's secret nor the phone number is printed or logged.
    let seen = format!("{text}{}", logs(&site));
    assert!(!seen.contains("SECRET-TOKEN-42"), "{seen}");
    assert!(!seen.contains("13912345678"), "{seen}");
}

#[test]
fn nothing_is_sent_without_consent() {
    let r = receiver(vec![]);
    let site = site_with(&r, false);
    let no = register(&site, "c1", json!({"name": "李雷", "phone": "13800001111"}));
    let (text, summary) = notify(&site);
    assert_eq!(summary["delivered"], 0, "{text}");
    assert_eq!(summary["skipped_no_consent"], 1, "{text}");
    assert!(r.got.lock().expect("lock").is_empty());

    // The member agrees (edit_member): later notices go; the skipped one stays skipped.
    ok(
        &site,
        "edit_member",
        json!({"op_id": "c2", "member_no": no, "changes": {"notices": true}}),
    );
    // The member as the counter's profile form reads it carries the consent.
    let shown = ok(&site, "show_member", json!({"member_no": no}));
    assert_eq!(shown["notices"], json!(true), "{shown}");
    ok(
        &site,
        "top_up",
        json!({"op_id": "c3", "member_no": no, "amount": "100", "tender": "cash"}),
    );
    let (text, summary) = notify(&site);
    assert_eq!(summary["delivered"], 1, "{text}");
    let got = r.got.lock().expect("lock").clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["body"]["kind"], "topped_up");

    // A member who said no gets nothing even where the default is yes.
    let r2 = receiver(vec![]);
    let site2 = site_with(&r2, true);
    register(&site2, "d1", json!({"name": "韩梅", "notices": false}));
    let (text, summary) = notify(&site2);
    assert_eq!(summary["skipped_no_consent"], 1, "{text}");
    assert!(r2.got.lock().expect("lock").is_empty());
}

#[test]
fn a_webhook_that_keeps_failing_is_given_up_after_max_attempts() {
    let r = receiver(vec![500; 20]);
    let site = site_with(&r, true);
    register(&site, "f1", json!({"name": "赵六"}));
    let (text, first) = notify(&site);
    assert_eq!(first["delivered"], 0, "{text}");
    assert_eq!(first["retry_later"], 1, "{text}");
    assert_eq!(r.got.lock().expect("lock").len(), 3);
    // The next try waits for the backoff (10 ms doubled three times): then two more
    // reach max_attempts = 5 and the notice is given up.
    std::thread::sleep(std::time::Duration::from_millis(200));
    let (text, second) = notify(&site);
    assert_eq!(second["given_up"], 1, "{text}");
    assert_eq!(r.got.lock().expect("lock").len(), 5);
    let (_, third) = notify(&site);
    assert_eq!(third["attempts"], 0);
}
