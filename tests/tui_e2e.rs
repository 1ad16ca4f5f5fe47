//! The counter end to end in a real terminal: the real binary in a detached tmux
//! session (80x24, its own server socket), on a small demo book in a temp folder. It
//! creates the administrator, scans a member with a burst, tops up and checks out,
//! quits, and then checks the balances through `carddesk op` and `carddesk verify`.
//! A second run panics on purpose (debug builds only) and the shell must be usable.

use std::path::{Path, PathBuf};
use std::process::Command;

use rust_decimal::Decimal;
use serde_json::Value;

#[path = "common/tmux.rs"]
mod tmux;

use tmux::Tmux;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_carddesk")
}

struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("config.toml"),
            "[database]\npath = \"book.db\"\n\n[ui]\nlanguage = \"en\"\n\n\
             [log]\npath = \"logs/carddesk.log\"\nlevel = \"debug\"\n\n\
             [devices.pcsc]\nenabled = false\n",
        )
        .expect("write config");
        // Owner-only, as a real install keeps it (else every command warns on stderr).
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(
                dir.path().join("config.toml"),
                std::fs::Permissions::from_mode(0o600),
            )
            .expect("chmod config");
        }
        let site = Site { dir };
        let out = site.carddesk(&["demo", "--members", "200"], None);
        assert!(out.0 == 0, "demo failed: {}", out.1);
        site
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn config(&self) -> PathBuf {
        self.path().join("config.toml")
    }

    /// Runs carddesk with this site's config; (exit code, stdout + stderr).
    fn carddesk(&self, args: &[&str], stdin: Option<&Value>) -> (i32, String) {
        use std::io::Write;
        let mut cmd = Command::new(bin());
        cmd.current_dir(self.path())
            .env_remove("CARDDESK_CONFIG")
            .arg("--config")
            .arg(self.config())
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().expect("spawn carddesk");
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
            String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr),
        )
    }

    fn op(&self, kind: &str, request: Value) -> Value {
        let (code, out) = self.carddesk(&["op", kind], Some(&request));
        let v: Value = serde_json::from_str(out.trim())
            .unwrap_or_else(|e| panic!("op {kind} printed no JSON ({e}): {out}"));
        assert_eq!(code, 0, "op {kind}: {v}");
        v["result"].clone()
    }

    fn tui_command(&self) -> String {
        format!("{} --config {}", bin(), self.config().display())
    }
}

fn money(v: &Value) -> Decimal {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not a money string: {v}"))
}

/// The number after the arrow on the line starting with `label` in the quote panel.
fn after_value(screen: &str, label: &str) -> Decimal {
    screen
        .lines()
        .filter_map(|l| l.split('│').nth(2))
        .find(|panel| panel.trim_start().starts_with(label) && panel.contains('→'))
        .and_then(|panel| panel.split('→').nth(1))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {label} before -> after on screen:\n{screen}"))
}

#[test]
fn counter_end_to_end_in_tmux() {
    let site = Site::new();
    let code = carddesk_data::demo::code(1);
    let found = site.op("find_member", serde_json::json!({ "query": code }));
    let member_no = found["member"]["member_no"]
        .as_str()
        .expect("demo member 1 is found by its code")
        .to_string();

    let tmux = Tmux::start(site.path());
    tmux.type_slowly(&site.tui_command());
    tmux.keys(&["Enter"]);
    tmux.wait_for("First run: create the administrator");

    // First run: the administrator, typed by a person.
    tmux.type_slowly("admin");
    tmux.keys(&["Tab"]);
    tmux.type_slowly("Wang");
    tmux.keys(&["Tab"]);
    tmux.type_slowly("246813");
    tmux.keys(&["Tab"]);
    tmux.type_slowly("246813");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Hello, Wang.");

    // A scanner burst: the code and Enter in one write.
    tmux.keys(&[&code, "Enter"]);
    let s = tmux.wait_for(&format!("Member no. {member_no}"));
    assert!(
        s.contains(&format!("Scanned: {code}")),
        "the burst was not taken as a scan:\n{s}"
    );

    // Top-up 500: the quote first, then F12.
    tmux.keys(&["F4"]);
    tmux.wait_for("Top-up - Member no.");
    tmux.type_slowly("500");
    tmux.keys(&["Enter"]);
    let quote = tmux.wait_for("before → after");
    let principal_after_top_up = after_value(&quote, "Principal");
    // No shift is open: the first cash posting asks, and F12 again posts.
    assert!(
        quote.lines().next().unwrap_or("").contains("no shift"),
        "{quote}"
    );
    tmux.keys(&["F12"]);
    tmux.wait_for("No shift is open");
    tmux.keys(&["F12"]);
    tmux.wait_for("Posted T01-");
    tmux.keys(&["Enter"]);
    tmux.wait_for("F3 checkout");

    // Checkout 188 from stored value; F12 pressed twice in a row posts once.
    tmux.keys(&["F3"]);
    tmux.wait_for("Checkout - Member no.");
    tmux.type_slowly("188");
    tmux.keys(&["Tab"]);
    tmux.type_slowly("A-1");
    tmux.keys(&["Enter"]);
    tmux.keys(&["Enter"]);
    tmux.keys(&["Enter"]);
    let quote = tmux.wait_for("Points earned");
    let principal = after_value(&quote, "Principal");
    let bonus = after_value(&quote, "Bonus");
    let points = after_value(&quote, "Points");
    // Stored value pays: the balance after checkout is below the one after top-up.
    assert!(principal < principal_after_top_up, "{quote}");
    tmux.keys(&["F12", "F12"]);
    tmux.wait_for("Posted T01-");
    tmux.keys(&["Enter"]);
    tmux.wait_for("F3 checkout");

    // Quit, and the shell is back.
    tmux.keys(&["F10"]);
    tmux.wait_for("Quit carddesk?");
    tmux.keys(&["F10"]);
    tmux.wait_for_shell();
    tmux.type_slowly("echo quit-ok-$((20+1))");
    tmux.keys(&["Enter"]);
    tmux.wait_for("quit-ok-21");
    // The counter's log names staff and members: owner-only.
    {
        use std::os::unix::fs::PermissionsExt;
        let log = site.path().join("logs/carddesk.log");
        let meta = std::fs::metadata(&log).unwrap_or_else(|e| panic!("{}: {e}", log.display()));
        assert_eq!(
            meta.permissions().mode() & 0o777,
            0o600,
            "{}",
            log.display()
        );
        let dir = std::fs::metadata(site.path().join("logs")).expect("log folder");
        assert_eq!(dir.permissions().mode() & 0o777, 0o700);
    }

    // The book agrees with what the screen promised.
    let account = site.op("account", serde_json::json!({ "member_no": member_no }));
    assert_eq!(money(&account["principal"]), principal, "{account}");
    assert_eq!(money(&account["bonus"]), bonus, "{account}");
    assert_eq!(
        Decimal::from(account["points"].as_i64().unwrap_or(-1)),
        points
    );
    let journal = site.op(
        "member_journal",
        serde_json::json!({ "member_no": member_no }),
    );
    let kinds: Vec<&str> = journal
        .as_array()
        .map(|es| es.iter().filter_map(|e| e["kind"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        kinds.iter().filter(|k| **k == "topped_up").count(),
        1,
        "{kinds:?}"
    );
    assert_eq!(
        kinds.iter().filter(|k| **k == "checked_out").count(),
        1,
        "{kinds:?}"
    );
    let (code, report) = site.carddesk(&["verify"], None);
    assert_eq!(code, 0, "verify: {report}");

    // Logs went to the file, not the screen.
    let log = std::fs::read_to_string(site.path().join("logs/carddesk.log")).unwrap_or_default();
    assert!(
        log.contains("counter starting") && log.contains("posted"),
        "{log}"
    );
}

/// Debug builds only: the hidden panic key exists only there.
#[cfg(debug_assertions)]
#[test]
fn the_terminal_is_usable_after_a_panic() {
    let site = Site::new();
    let tmux = Tmux::start(site.path());
    tmux.type_slowly(&format!(
        "CARDDESK_TEST_PANIC_KEY=F9 {}",
        site.tui_command()
    ));
    tmux.keys(&["Enter"]);
    tmux.wait_for("First run: create the administrator");
    tmux.keys(&["F9"]);
    tmux.wait_for("test panic requested");
    tmux.wait_for_shell();
    tmux.type_slowly("stty -a && echo panic-ok-$((40+2))");
    tmux.keys(&["Enter"]);
    let s = tmux.wait_for("panic-ok-42");
    // Cooked mode again: line editing and echo are on (stty prints "-icanon" when off).
    let words: Vec<&str> = s.split_whitespace().collect();
    assert!(words.contains(&"icanon"), "{s}");
    assert!(words.contains(&"echo"), "{s}");
    // The typed command was echoed: the shell is usable. (Its first letter may be echoed
    // before the shell redraws its prompt, so it is left out of the match.)
    assert!(s.contains("tty -a && echo panic-ok"), "{s}");
}

/// Issue 16, item 21: the bytes the counter writes to a real terminal for each key
/// typed into a form, taken from the pty by tmux `pipe-pane` (what an SSH link would
/// carry). Printed as a figure for docs/benchmarks.md; only a loose bound is asserted.
#[test]
fn bytes_per_keystroke_in_a_form_through_a_real_pty() {
    let site = Site::new();
    let tmux = Tmux::start(site.path());
    tmux.type_slowly(&site.tui_command());
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
    tmux.keys(&["F2"]);
    tmux.wait_for("Register a member");
    // Let the form's frame and any message settle before measuring.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let out = site.path().join("pty.bytes");
    tmux.run(&[
        "pipe-pane",
        "-o",
        "-t",
        "main",
        &format!("cat > '{}'", out.display()),
    ]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let typed = "Zhang Wei 1988";
    tmux.type_slowly(typed);
    tmux.wait_for(typed);
    std::thread::sleep(std::time::Duration::from_millis(500));
    tmux.run(&["pipe-pane", "-t", "main"]);
    std::thread::sleep(std::time::Duration::from_millis(200));
    let bytes = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    let keys = typed.chars().count() as u64;
    let per_key = bytes as f64 / keys as f64;
    println!("bytes per keystroke in a form through a real pty: {per_key:.1} ({bytes} bytes for {keys} keys)");
    assert!(bytes > 0, "nothing was captured from the pty");
    assert!(per_key <= 48.0, "{per_key:.1} bytes per keystroke");
}

/// Writes one scan to the counter's simulated scanner (a FIFO the counter holds open).
fn scan(fifo: &Path, code: &str) {
    use std::io::Write;
    let start = std::time::Instant::now();
    while !fifo.exists() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "the counter made no FIFO at {}",
            fifo.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(fifo)
        .unwrap_or_else(|e| panic!("{}: {e}", fifo.display()));
    writeln!(f, "{code}").expect("write the scan");
}

/// Keys the cashier presses, counted. Typed values (an amount, a bill number) are the
/// data of the task, and scans are device input: neither is counted.
struct Keys<'t> {
    tmux: &'t Tmux,
    n: usize,
}

impl Keys<'_> {
    fn press(&mut self, key: &str) {
        self.tmux.keys(&[key]);
        self.n += 1;
    }
}

/// Issue 16, item 15: the rush-hour goals, counted on the real binary in tmux with a
/// simulated scanner: scan → top-up 500 → posted in ≤ 3 keys; a checkout with a
/// scanned coupon, points and stored value in ≤ 5; a full visit (scan, top-up,
/// checkout with a coupon, ready for the next guest) in ≤ 9.
#[test]
fn a_full_visit_meets_the_key_goals() {
    let site = Site::new();
    let fifo = site.path().join("scan.fifo");
    {
        use std::io::Write;
        let mut config = std::fs::OpenOptions::new()
            .append(true)
            .open(site.config())
            .expect("config");
        writeln!(
            config,
            "\n[devices]\nsimulated_scanner = \"{}\"",
            fifo.display()
        )
        .expect("append the scanner");
    }
    let code = carddesk_data::demo::code(1);
    let next_guest = carddesk_data::demo::code(2);
    let found = site.op("find_member", serde_json::json!({ "query": code }));
    let member_no = found["member"]["member_no"]
        .as_str()
        .expect("demo member 1")
        .to_string();

    let tmux = Tmux::start(site.path());
    tmux.type_slowly(&site.tui_command());
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

    // Before the guest comes (not counted): a shift open, points and a coupon to use.
    let admin = |mut v: Value| {
        v["operator"] = "admin".into();
        v["operator_pin"] = "246813".into();
        v
    };
    site.op("open_shift", admin(serde_json::json!({ "float": "0" })));
    site.op(
        "post_stay",
        admin(serde_json::json!({ "member_no": member_no, "nights": 2, "room_revenue": "736", "folio_ref": "F-1" })),
    );
    site.op(
        "issue_coupon",
        admin(serde_json::json!({ "member_no": member_no, "template": "cash20", "reason": "e2e" })),
    );
    let account = site.op("account", serde_json::json!({ "member_no": member_no }));
    // The one just issued runs longest (the list is by expiry).
    let coupon = account["coupons"]
        .as_array()
        .and_then(|cs| cs.iter().rev().find(|c| c["template"] == "cash20"))
        .and_then(|c| c["code"].as_str())
        .expect("the coupon issued")
        .to_string();
    // Logged in again, the counter sees the shift.
    tmux.keys(&["F4"]);
    tmux.wait_for("Operator log in");
    tmux.type_slowly("admin");
    tmux.keys(&["Tab"]);
    tmux.type_slowly("246813");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Hello, Wang.");

    let mut k = Keys { tmux: &tmux, n: 0 };
    // Scan → top-up 500 → posted.
    scan(&fifo, &code);
    tmux.wait_for(&format!("Member no. {member_no}"));
    k.press("F4");
    tmux.wait_for("Top-up - Member no.");
    tmux.type_slowly("500");
    k.press("Enter");
    tmux.wait_for("before → after");
    k.press("F12");
    tmux.wait_for("Posted T01-");
    let top_up = k.n;
    k.press("Enter");
    tmux.wait_for("F3 checkout");

    // Checkout with a scanned coupon, points and stored value.
    let before = k.n;
    k.press("F3");
    tmux.wait_for("Checkout - Member no.");
    tmux.type_slowly("188");
    k.press("Tab");
    tmux.type_slowly("A-1");
    // The scanned coupon completes the form: it is quoted at once.
    scan(&fifo, &coupon);
    tmux.wait_for("before → after");
    k.press("F5");
    k.press("Enter");
    tmux.wait_for("Points offset");
    k.press("F12");
    tmux.wait_for("Posted T01-");
    let checkout = k.n - before;

    // Ready for the next guest: their scan opens them, no key first.
    scan(&fifo, &next_guest);
    let next = site.op("find_member", serde_json::json!({ "query": next_guest }));
    let next_no = next["member"]["member_no"]
        .as_str()
        .unwrap_or("?")
        .to_string();
    tmux.wait_for(&format!("Member no. {next_no}"));
    let visit = k.n;
    println!(
        "keys: top-up {top_up} (goal 3), checkout {checkout} (goal 5), full visit {visit} (goal 9)"
    );
    assert!(top_up <= 3, "top-up took {top_up} keys");
    assert!(checkout <= 5, "checkout took {checkout} keys");
    assert!(visit <= 9, "the visit took {visit} keys");

    let journal = site.op(
        "member_journal",
        serde_json::json!({ "member_no": member_no }),
    );
    let checkouts: Vec<&Value> = journal
        .as_array()
        .map(|es| es.iter().filter(|e| e["kind"] == "checked_out").collect())
        .unwrap_or_default();
    assert_eq!(checkouts.len(), 1, "{journal}");
}
