//! A hub that cannot be knocked over, with the real `carddesk hub serve` process on
//! loopback: a stranger's huge body is refused before it is read (the hub's RSS, read
//! from /proc, stays low); a connection that trickles its headers is closed within a
//! few seconds; hundreds of held connections under a small open-files limit do not stop
//! a normal request from being served.

#![cfg(all(feature = "hub", target_os = "linux"))]

mod common;
#[path = "common/hub.rs"]
mod enrolling;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Site;

const HEADER_TIMEOUT_MS: u64 = 1_500;

struct Hub {
    child: Child,
    addr: SocketAddr,
    site: Site,
    store: String,
    /// The first line the hub printed.
    banner: String,
}

impl Hub {
    /// A plain-HTTP hub (`insecure_http`): the limits are the same with TLS.
    fn start(extra: &str, open_files: Option<u32>) -> Hub {
        Hub::start_with(&format!("insecure_http = true\n{extra}"), open_files)
    }

    /// `carddesk hub serve` with `[hub]` keys `extra`, under an open-files limit when given.
    fn start_with(extra: &str, open_files: Option<u32>) -> Hub {
        let site = Site::new();
        std::fs::write(
            site.path("config.toml"),
            format!(
                "[hub]\nlisten = \"127.0.0.1:0\"\n\
                 header_timeout_ms = {HEADER_TIMEOUT_MS}\n{extra}\n"
            ),
        )
        .expect("write config");
        let store = format!("sqlite:{}", site.path("hub.db").display());
        let mut cmd = match open_files {
            // `ulimit` lowers both limits, so the hub cannot raise them again.
            Some(n) => {
                let mut c = Command::new("bash");
                c.arg("-c")
                    .arg(format!("ulimit -n {n} && exec \"$0\" \"$@\""))
                    .arg(common::bin());
                c
            }
            None => Command::new(common::bin()),
        };
        let mut child = cmd
            .current_dir(site.dir.path())
            .env_remove("CARDDESK_CONFIG")
            .args(["--config", "config.toml", "hub", "serve", "--store", &store])
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(site.path("hub.log")).expect("hub log"))
            .spawn()
            .expect("spawn hub");
        let line = enrolling::first_line(&mut child);
        let addr = line
            .clone()
            .split_whitespace()
            .find_map(|w| w.strip_prefix("http://").or(w.strip_prefix("https://")))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .parse()
            .expect("socket address");
        Hub {
            child,
            addr,
            site,
            store,
            banner: line,
        }
    }

    /// Resident memory of the hub process, in KiB.
    fn rss_kib(&self) -> u64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).expect("status");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .expect("VmRSS")
    }

    /// A folder for terminal `id` whose config.toml names this hub.
    fn terminal(&self, id: &str) -> Site {
        let site = Site::new();
        std::fs::write(
            site.path("config.toml"),
            format!(
                "[terminal]\nid = \"{id}\"\n[sync]\nhub_url = \"http://{}\"\ninsecure_http = true\n",
                self.addr
            ),
        )
        .expect("write config");
        site
    }

    /// Enrolls `id` (hub enroll, then sync --enroll) and returns its token.
    fn token(&self, id: &str) -> String {
        let t = self.terminal(id);
        enrolling::enroll(self.site.dir.path(), &self.store, id, t.dir.path())
    }

    fn hub_cmd(&self, args: &[&str]) -> std::process::Output {
        let mut all = vec!["--config", "config.toml", "hub"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--store", &self.store]);
        self.site.run(&all)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.site.path("hub.log")).unwrap_or_default()
    }

    /// One plain request on a new connection; the status code, or None when the
    /// connection was closed or timed out first.
    fn status(&self, request: &str) -> Option<u16> {
        let mut s = TcpStream::connect_timeout(&self.addr, Duration::from_secs(2)).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(3))).ok()?;
        s.write_all(request.as_bytes()).ok()?;
        let mut head = [0u8; 12];
        s.read_exact(&mut head).ok()?;
        std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const HEALTH: &str = "GET /v1/health HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n";

/// What became of one big upload: the status line's code (if any), bytes sent, and
/// how long until the answer came.
struct Upload {
    status: Option<u16>,
    sent: u64,
    answered_after: Option<Duration>,
}

/// POSTs a `length`-byte body to `/v1/entries` without a token, writing until the hub
/// stops taking it; the answer is read on a thread of its own as soon as it comes.
fn upload_without_token(addr: SocketAddr, length: u64) -> Upload {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_write_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut reader = s.try_clone().expect("clone");
    reader
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    let started = Instant::now();
    let answer = std::thread::spawn(move || {
        let mut head = [0u8; 12];
        match reader.read_exact(&mut head) {
            Ok(()) => (
                std::str::from_utf8(&head[9..12])
                    .ok()
                    .and_then(|c| c.parse().ok()),
                Some(started.elapsed()),
            ),
            Err(_) => (None, None),
        }
    });
    let head = format!(
        "POST /v1/entries HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    );
    let mut sent = 0u64;
    if s.write_all(head.as_bytes()).is_ok() {
        let chunk = vec![b' '; 1 << 20];
        while sent < length {
            let n = chunk.len().min((length - sent) as usize);
            if s.write_all(&chunk[..n]).is_err() {
                break;
            }
            sent += n as u64;
        }
    }
    let (status, answered_after) = answer.join().expect("reader");
    Upload {
        status,
        sent,
        answered_after,
    }
}

#[test]
fn a_strangers_huge_body_is_refused_without_being_read() {
    let hub = Hub::start("", None);
    let before = hub.rss_kib();
    // Under the old 256 MiB limit, so a hub that reads before it checks reads it all.
    let length: u64 = 250_000_000;
    let uploads: Vec<_> = (0..4)
        .map(|_| {
            let addr = hub.addr;
            std::thread::spawn(move || upload_without_token(addr, length))
        })
        .collect();
    let uploads: Vec<Upload> = uploads
        .into_iter()
        .map(|t| t.join().expect("upload"))
        .collect();
    let after = hub.rss_kib();
    for u in &uploads {
        assert_eq!(u.status, Some(401), "refused as unauthorized");
        let took = u.answered_after.expect("answered");
        assert!(took < Duration::from_secs(2), "answered after {took:?}");
        assert!(
            u.sent < 64 << 20,
            "the hub took {} bytes of a body it refused",
            u.sent
        );
    }
    let grew_kib = after.saturating_sub(before);
    eprintln!("hub RSS {before} KiB before, {after} KiB after four 250 MB uploads");
    assert!(grew_kib < 32 << 10, "the hub's RSS grew by {grew_kib} KiB");
    // And it still serves.
    assert_eq!(hub.status(HEALTH), Some(200));
}

#[test]
fn an_oversized_body_with_a_token_is_refused_by_its_length() {
    let hub = Hub::start("max_body_mib = 1", None);
    let token = hub.token("T01");
    let started = Instant::now();
    let status = hub.status(&format!(
        "POST /v1/entries HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        2 << 20
    ));
    assert_eq!(status, Some(413));
    assert!(started.elapsed() < Duration::from_secs(2));
}

/// How long until the hub closes a new connection fed by `feed` one byte per `every`
/// (None: not within `limit`).
fn closed_within(
    addr: SocketAddr,
    limit: Duration,
    feed: &[u8],
    every: Duration,
) -> Option<Duration> {
    closed_within_on(
        TcpStream::connect(addr).expect("connect"),
        limit,
        feed,
        every,
    )
}

#[test]
fn trickling_and_silent_connections_are_closed() {
    let hub = Hub::start("request_timeout_ms = 2000", None);
    let limit = Duration::from_secs(10);
    // Headers one byte every 200 ms: they would take 20 s.
    let headers = b"GET /v1/health HTTP/1.1\r\nHost: hub\r\nUser-Agent: slowloris-test-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n\r\n";
    let took = closed_within(hub.addr, limit, headers, Duration::from_millis(200))
        .expect("a trickling connection was closed");
    assert!(took < Duration::from_secs(4), "closed after {took:?}");
    // A connection that sends nothing.
    let took = closed_within(hub.addr, limit, b"", Duration::from_millis(100))
        .expect("a silent connection was closed");
    assert!(took < Duration::from_secs(4), "closed after {took:?}");
    // A body trickled after quick headers, with a valid token: the request's timeout.
    let token = hub.token("T01");
    let mut slow_body = format!(
        "POST /v1/entries HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
    )
    .into_bytes();
    slow_body.extend([b' '; 200]);
    let mut s = TcpStream::connect(hub.addr).expect("connect");
    let head_len = slow_body.len() - 200;
    s.write_all(&slow_body[..head_len]).expect("headers");
    let took = closed_within_on(s, limit, &slow_body[head_len..], Duration::from_millis(100))
        .expect("a trickled body was cut off");
    assert!(took < Duration::from_secs(5), "cut off after {took:?}");
}

/// [`closed_within`] on a connection already open. An answer (408, 400) is fine: what
/// matters is that the connection ends.
fn closed_within_on(
    mut s: TcpStream,
    limit: Duration,
    feed: &[u8],
    every: Duration,
) -> Option<Duration> {
    s.set_read_timeout(Some(Duration::from_millis(50)))
        .expect("timeout");
    let started = Instant::now();
    let mut fed = 0;
    let mut buf = [0u8; 512];
    while started.elapsed() < limit {
        if fed < feed.len() {
            if s.write_all(&feed[fed..fed + 1]).is_err() {
                return Some(started.elapsed());
            }
            fed += 1;
        }
        match s.read(&mut buf) {
            Ok(0) => return Some(started.elapsed()),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => return Some(started.elapsed()),
        }
        std::thread::sleep(every);
    }
    None
}

#[test]
fn many_held_connections_do_not_stop_a_normal_request() {
    // 128 open files: the old hub stopped serving at about 120 held connections.
    let hub = Hub::start("max_connections = 1000", Some(128));
    let mut held = Vec::new();
    for _ in 0..300 {
        if let Ok(mut s) = TcpStream::connect_timeout(&hub.addr, Duration::from_secs(1)) {
            let _ = s.write_all(b"GET /v1/health HTTP/1.1\r\nHo");
            held.push(s);
        }
    }
    assert!(held.len() >= 250, "only {} connections opened", held.len());
    // A normal client retries a closed connection; it must be served within a few
    // seconds while the 300 are still open on this side.
    let started = Instant::now();
    let mut served = None;
    for _ in 0..40 {
        if hub.status(HEALTH) == Some(200) {
            served = Some(started.elapsed());
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let took = served.expect("the hub served a request while 300 connections were held");
    eprintln!("served after {took:?} with {} connections held", held.len());
    assert!(took < Duration::from_secs(6), "served only after {took:?}");
    drop(held);
}

fn tips_status(hub: &Hub, token: &str) -> Option<u16> {
    hub.status(&format!(
        "GET /v1/tips HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    ))
}

#[test]
fn an_enrollment_code_works_once_for_its_terminal_and_the_token_is_private() {
    let hub = Hub::start("", None);
    let t1 = hub.terminal("T01");
    let code = enrolling::code(hub.site.dir.path(), &hub.store, "T01");
    assert!(code.starts_with("cde_"), "{code}");
    let out = enrolling::redeem(t1.dir.path(), &code);
    assert!(out.status.success(), "{}", common::text(&out));
    let token_file = t1.path("hub-token.toml");
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(&token_file)
            .expect("token file")
            .permissions(),
    );
    assert_eq!(mode & 0o777, 0o600, "token file mode {mode:o}");
    let token = enrolling::stored_token(t1.dir.path());
    let config = std::fs::read_to_string(t1.path("config.toml")).expect("config");
    assert!(!config.contains(&token), "the token landed in config.toml");
    assert_eq!(tips_status(&hub, &token), Some(200));

    // The same code again (another T01 folder): refused, in words, nothing stored.
    let again = hub.terminal("T01");
    let out = enrolling::redeem(again.dir.path(), &code);
    assert!(!out.status.success());
    let said = common::text(&out);
    assert!(said.contains("登记码无效"), "{said}");
    assert!(!again.path("hub-token.toml").exists());
    // The first token still works.
    assert_eq!(tips_status(&hub, &token), Some(200));

    // T02's code is no use to T01.
    let t2_code = enrolling::code(hub.site.dir.path(), &hub.store, "T02");
    let out = enrolling::redeem(again.dir.path(), &t2_code);
    assert!(!out.status.success(), "{}", common::text(&out));
}

#[test]
fn rotated_and_revoked_tokens_are_refused_and_every_refusal_is_logged() {
    let hub = Hub::start("", None);
    let t1 = hub.terminal("T01");
    let first = enrolling::enroll(hub.site.dir.path(), &hub.store, "T01", t1.dir.path());

    // The terminal rotates its own token: the old one stops working at once.
    let out = t1.run(&["sync", "--rotate"]);
    assert!(out.status.success(), "{}", common::text(&out));
    let second = enrolling::stored_token(t1.dir.path());
    assert_ne!(first, second);
    assert_eq!(tips_status(&hub, &first), Some(401));
    assert_eq!(tips_status(&hub, &second), Some(200));

    // A refusal of a known terminal names it and the remote address.
    let bad = hub.status(&format!(
        "POST /v1/entries HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {second}\r\n\
         Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
    ));
    assert_eq!(bad, Some(400));

    // The hub revokes it.
    let out = hub.hub_cmd(&["revoke", "T01"]);
    assert!(out.status.success(), "{}", common::text(&out));
    assert_eq!(tips_status(&hub, &second), Some(401));
    let out = t1.run(&["sync", "--rotate"]);
    assert!(
        !out.status.success(),
        "a revoked terminal rotated its token"
    );

    // hub rotate: a new code, and the terminal is back.
    let out = hub.hub_cmd(&["rotate", "T01"]);
    assert!(out.status.success(), "{}", common::text(&out));
    let code = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let out = enrolling::redeem(t1.dir.path(), &code);
    assert!(out.status.success(), "{}", common::text(&out));
    let third = enrolling::stored_token(t1.dir.path());
    assert_eq!(tips_status(&hub, &third), Some(200));

    let log = hub.log();
    let refusals: Vec<&str> = log.lines().filter(|l| l.contains("refused")).collect();
    assert!(
        refusals
            .iter()
            .any(|l| l.contains("unknown token") && l.contains("remote=127.0.0.1")),
        "{log}"
    );
    assert!(
        refusals.iter().any(|l| l.contains("terminal=T01")
            && l.contains("remote=127.0.0.1")
            && l.contains("status=400")),
        "{log}"
    );
}

#[test]
fn the_hub_speaks_tls_and_terminals_pin_its_certificate() {
    use carddesk::sync::{HubClient, HubTransport, SyncError};
    let hub = Hub::start_with("", None);
    assert!(hub.banner.contains("https://"), "{}", hub.banner);
    // The certificate made at first start: private, and the one the banner names.
    let mode = |p: &std::path::Path| {
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(p).expect("file").permissions())
            & 0o777
    };
    assert_eq!(mode(&hub.site.path("hub-key.pem")), 0o600);
    assert_eq!(mode(&hub.site.path("hub-cert.pem")), 0o600);
    use rustls::pki_types::pem::PemObject;
    let der = rustls::pki_types::CertificateDer::from_pem_file(hub.site.path("hub-cert.pem"))
        .expect("PEM certificate");
    let fingerprint = carddesk::pinned_tls::fingerprint(&der);
    assert!(hub.banner.contains(&fingerprint), "{}", hub.banner);

    // Plain HTTP to the TLS port gets no answer.
    assert_eq!(hub.status(HEALTH), None);

    let url = format!("https://{}", hub.addr);
    let t1 = Site::new();
    std::fs::write(
        t1.path("config.toml"),
        format!("[terminal]\nid = \"T01\"\n[sync]\nhub_url = \"{url}\"\n"),
    )
    .expect("config");
    let code = enrolling::code(hub.site.dir.path(), &hub.store, "T01");
    assert!(code.ends_with(&format!(".{fingerprint}")), "{code}");

    // A code whose fingerprint is not the hub's: the terminal refuses the hub before
    // sending anything, and the code is not spent.
    let (secret, _) = code.split_once('.').expect("code with fingerprint");
    let forged = format!("{secret}.{}", "0".repeat(64));
    let out = enrolling::redeem(t1.dir.path(), &forged);
    assert!(!out.status.success(), "{}", common::text(&out));
    assert!(!t1.path("hub-token.toml").exists());

    let out = enrolling::redeem(t1.dir.path(), &code);
    assert!(out.status.success(), "{}", common::text(&out));
    assert_eq!(enrolling::stored_fingerprint(t1.dir.path()), fingerprint);
    let token = enrolling::stored_token(t1.dir.path());

    let pinned =
        HubClient::new(&url, &token, &fingerprint, Duration::from_secs(10)).expect("client");
    assert!(pinned.tips().expect("tips over TLS").contains_key("T01"));
    let other_pin = "ab".repeat(32);
    let wrong = HubClient::new(&url, &token, &other_pin, Duration::from_secs(10)).expect("client");
    match wrong.tips() {
        Err(SyncError::Unreachable { detail, .. }) => {
            assert!(detail.contains("certificate"), "{detail}")
        }
        other => panic!("a hub with another certificate was trusted: {other:?}"),
    }

    // A terminal set to plain HTTP without insecure_http refuses to send its code.
    let t2 = Site::new();
    std::fs::write(
        t2.path("config.toml"),
        format!(
            "[terminal]\nid = \"T02\"\n[ui]\nlanguage = \"en\"\n[sync]\nhub_url = \"http://{}\"\n",
            hub.addr
        ),
    )
    .expect("config");
    let t2_code = enrolling::code(hub.site.dir.path(), &hub.store, "T02");
    let out = enrolling::redeem(t2.dir.path(), &t2_code);
    assert!(!out.status.success());
    assert!(
        common::text(&out).contains("plain http"),
        "{}",
        common::text(&out)
    );
    // In the operator's language (zh-CN by default).
    std::fs::write(
        t2.path("config.toml"),
        format!(
            "[terminal]\nid = \"T02\"\n[sync]\nhub_url = \"http://{}\"\n",
            hub.addr
        ),
    )
    .expect("config");
    let out = enrolling::redeem(t2.dir.path(), &t2_code);
    assert!(!out.status.success());
    assert!(
        common::text(&out).contains("明文 http"),
        "{}",
        common::text(&out)
    );
}
