//! A hub process for the tests, and enrolling a terminal with it the way people do:
//! `carddesk hub enroll T` on the hub's side prints a code, `carddesk sync --enroll CODE`
//! on the terminal's side stores the credential in its token file.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

fn carddesk(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_carddesk"));
    c.current_dir(dir)
        .env_remove("CARDDESK_CONFIG")
        .env("NO_COLOR", "1");
    c
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `carddesk hub enroll TERMINAL` run in the hub's folder: the code it prints.
pub fn code(hub_dir: &Path, store: &str, terminal: &str) -> String {
    let out = carddesk(hub_dir)
        .args(["hub", "enroll", terminal, "--store", store])
        .output()
        .expect("hub enroll");
    assert!(
        out.status.success(),
        "hub enroll {terminal}: {}",
        text(&out)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// `carddesk sync --enroll CODE` in a terminal's folder (its config.toml names the hub).
pub fn redeem(terminal_dir: &Path, code: &str) -> std::process::Output {
    carddesk(terminal_dir)
        .args(["sync", "--enroll", code])
        .output()
        .expect("sync --enroll")
}

/// The token the terminal's token file holds.
pub fn stored_token(terminal_dir: &Path) -> String {
    let text = std::fs::read_to_string(terminal_dir.join("hub-token.toml")).expect("token file");
    let v: toml::Table = toml::from_str(&text).expect("token file TOML");
    v["token"].as_str().expect("token").to_string()
}

/// The pinned fingerprint the terminal's token file holds.
pub fn stored_fingerprint(terminal_dir: &Path) -> String {
    let text = std::fs::read_to_string(terminal_dir.join("hub-token.toml")).expect("token file");
    let v: toml::Table = toml::from_str(&text).expect("token file TOML");
    v["fingerprint"].as_str().unwrap_or_default().to_string()
}

/// Enrolls `terminal` (config.toml in `terminal_dir` already names the hub) and
/// returns its token.
pub fn enroll(hub_dir: &Path, store: &str, terminal: &str, terminal_dir: &Path) -> String {
    let code = code(hub_dir, store, terminal);
    let out = redeem(terminal_dir, &code);
    assert!(
        out.status.success(),
        "sync --enroll {terminal}: {}",
        text(&out)
    );
    stored_token(terminal_dir)
}

/// The first line a started `carddesk hub serve` prints (where it listens); the rest of
/// its standard output is drained so the hub never blocks on a full pipe.
pub fn first_line(child: &mut std::process::Child) -> String {
    use std::io::{BufRead, BufReader};
    let stdout = child.stdout.take().expect("hub stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        if let Some(Ok(line)) = lines.next() {
            let _ = tx.send(line);
        }
        for _ in lines {}
    });
    rx.recv_timeout(std::time::Duration::from_secs(60))
        .expect("the hub printed where it listens")
}

/// Starts `carddesk hub serve` on a free loopback port over plain HTTP
/// (`insecure_http`, written to the folder's config.toml): for tests about what the hub
/// decides, not transport (TLS has its own tests in hub_limits.rs). Returns the
/// process and the URL it announced.
pub fn start_plain_hub(
    dir: &Path,
    store: &str,
    stderr: std::process::Stdio,
) -> (std::process::Child, String) {
    start_plain_hub_with(dir, store, stderr, &[])
}

/// [`start_plain_hub`] with these environment variables set for the hub.
pub fn start_plain_hub_with(
    dir: &Path,
    store: &str,
    stderr: std::process::Stdio,
    env: &[(&str, &str)],
) -> (std::process::Child, String) {
    std::fs::write(dir.join("config.toml"), "[hub]\ninsecure_http = true\n").expect("hub config");
    let mut child = carddesk(dir)
        .envs(env.iter().copied())
        .args(["hub", "serve", "--listen", "127.0.0.1:0", "--store", store])
        .stdout(std::process::Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("spawn hub");
    let line = first_line(&mut child);
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    (child, url)
}
