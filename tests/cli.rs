//! The command line a sysadmin expects: the version names the commit, rust-version is
//! true for the locked dependencies, completions and a man page, typed kinds with
//! suggestions, no secret from the environment in --help, and the exit codes of
//! docs/cli.md.

mod common;

use common::{text, Site};

fn run(args: &[&str]) -> std::process::Output {
    Site::new().run(args)
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_version_names_the_commit_it_was_built_from() {
    let out = run(&["--version"]);
    assert!(out.status.success(), "{}", text(&out));
    let said = stdout(&out);
    assert!(
        said.starts_with(&format!("carddesk {}", env!("CARGO_PKG_VERSION"))),
        "{said}"
    );
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("git runs");
    if head.status.success() {
        let hash = String::from_utf8_lossy(&head.stdout).trim().to_string();
        assert!(
            said.contains(&format!("({hash}")),
            "{said} should name {hash}"
        );
    } else {
        assert!(!said.contains("()"), "{said}");
    }
}

/// "1.88.0", "1.88" → (1, 88, 0).
fn version(v: &str) -> (u64, u64, u64) {
    let mut parts = v
        .trim()
        .split(['.', '-', ' '])
        .map(|p| p.parse::<u64>().unwrap_or(0));
    (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

#[test]
fn rust_version_is_true_for_the_locked_dependencies() {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata");
    assert!(out.status.success(), "{}", text(&out));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata JSON");
    let packages = meta["packages"].as_array().expect("packages");
    let ours = packages
        .iter()
        .find(|p| p["name"] == "carddesk")
        .and_then(|p| p["rust_version"].as_str())
        .map(version)
        .expect("carddesk declares rust-version");
    let (needed, by) = packages
        .iter()
        .filter_map(|p| Some((version(p["rust_version"].as_str()?), p["name"].to_string())))
        .max()
        .expect("some dependency declares rust-version");
    assert!(
        needed <= ours,
        "{by} needs {needed:?}, Cargo.toml says {ours:?}"
    );
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let rustc = std::process::Command::new(rustc)
        .arg("--version")
        .output()
        .expect("rustc --version");
    let running = version(
        String::from_utf8_lossy(&rustc.stdout)
            .split_whitespace()
            .nth(1)
            .expect("rustc X.Y.Z"),
    );
    assert!(
        ours <= running,
        "rust-version {ours:?} above the running rustc {running:?}"
    );
}

#[test]
fn bash_completion_knows_the_subcommands_and_kinds() {
    let out = run(&["completions", "bash"]);
    assert!(out.status.success(), "{}", text(&out));
    let script = stdout(&out);
    assert!(script.contains("complete"), "{script}");
    for word in [
        "init",
        "verify",
        "report",
        "restore",
        "completions",
        "stored-value",
        "top_up",
    ] {
        assert!(script.contains(word), "the script should mention {word}");
    }
    for shell in ["zsh", "fish"] {
        let out = run(&["completions", shell]);
        assert!(
            out.status.success() && stdout(&out).contains("verify"),
            "{shell}"
        );
    }
}

#[test]
fn the_man_page_is_roff() {
    let out = run(&["man"]);
    assert!(out.status.success(), "{}", text(&out));
    let page = stdout(&out);
    let th = page
        .lines()
        .find(|l| !l.starts_with(".ie") && !l.starts_with(".el"))
        .unwrap_or_default();
    assert!(th.starts_with(".TH carddesk 1"), "{page}");
    assert!(page.contains("init"), "{page}");
}

#[test]
fn completions_and_man_need_no_configuration() {
    let site = Site::new();
    std::fs::write(site.path("config.toml"), "this is = = not toml").expect("config");
    for args in [&["man"][..], &["completions", "bash"]] {
        let out = site.run(args);
        assert!(out.status.success(), "{args:?}: {}", text(&out));
    }
}

#[test]
fn a_mistyped_kind_gets_a_suggestion_and_exit_2() {
    for (args, want) in [
        (&["op", "top_upp"][..], "top_up"),
        (&["report", "stored_value"], "stored-value"),
        (&["export", "member", "x.csv"], "members"),
        (&["import", "memebrs", "x.csv"], "members"),
    ] {
        let site = Site::new();
        let out = site.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(
            text(&out).contains(&format!("a similar value exists: '{want}'")),
            "{args:?}: {}",
            text(&out)
        );
        assert!(std::fs::read_dir(site.dir.path())
            .expect("dir")
            .next()
            .is_none());
    }
}

#[test]
fn help_lists_the_kinds() {
    for (args, kinds) in [
        (
            &["op", "--help"][..],
            &["register_member", "settle_conflict", "quote_checkout"][..],
        ),
        (&["report", "--help"], &["top-spenders", "settlement"]),
        (&["export", "--help"], &["members", "journal"]),
    ] {
        let out = run(args);
        assert!(out.status.success());
        for k in kinds {
            assert!(stdout(&out).contains(k), "{args:?} should list {k}");
        }
    }
}

#[test]
fn hub_help_never_shows_the_store_from_the_environment() {
    let secret = "postgres://carddesk:Pa55-w0rd-secret@db.example/hub";
    for sub in ["serve", "enroll", "alarms", "revoke", "rotate"] {
        let out = Site::new()
            .cmd()
            .args(["hub", sub, "--help"])
            .env("CARDDESK_HUB_STORE", secret)
            .output()
            .expect("run");
        assert!(out.status.success(), "{}", text(&out));
        assert!(
            !text(&out).contains("Pa55"),
            "hub {sub} --help: {}",
            text(&out)
        );
        assert!(text(&out).contains("CARDDESK_HUB_STORE"), "{}", text(&out));
    }
}

#[test]
fn exit_codes_follow_the_table() {
    let site = Site::new();
    let db = site.db().display().to_string();
    // 4: no book.
    assert_eq!(site.run(&["--db", &db, "verify"]).status.code(), Some(4));
    // 0: a new book; 2: init again where a file is.
    assert_eq!(site.run(&["--db", &db, "init"]).status.code(), Some(0));
    assert_eq!(site.run(&["--db", &db, "init"]).status.code(), Some(2));
    // 2: a refused operation.
    let (code, out) = site.op(
        "top_up",
        serde_json::json!({"member_no": "1999", "amount": "5"}),
    );
    assert_eq!(code, 2, "{out}");
    // 2: bad input past the parser: a date that is not one, a receipt for no entry.
    let out = site.run(&["--db", &db, "report", "day", "--from", "2026-13-01"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let out = site.run(&["--db", &db, "receipt", "T01-99"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    // 2: usage.
    assert_eq!(
        site.run(&["--db", &db, "verify", "--nope"]).status.code(),
        Some(2)
    );
    // 1: verify finds a problem (a balance table that disagrees with the journal).
    let (code, out) = site.op(
        "register_member",
        serde_json::json!({"profile": {"name": "张三"}}),
    );
    assert_eq!(code, 0, "{out}");
    let no = out["result"]["member"]["member_no"]
        .as_str()
        .expect("member no");
    assert_eq!(site.run(&["--db", &db, "verify"]).status.code(), Some(0));
    rusqlite::Connection::open(site.db())
        .expect("open")
        .execute(
            "UPDATE members SET tier = '白金' WHERE member_no = ?1",
            [no],
        )
        .expect("tamper");
    let out = site.run(&["--db", &db, "verify"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    // 5: not a book.
    let other = site.path("notes.txt");
    std::fs::write(&other, "hello").expect("write");
    let out = site.run(&["--db", other.to_str().expect("utf-8"), "verify"]);
    assert_eq!(out.status.code(), Some(5), "{}", text(&out));
}
