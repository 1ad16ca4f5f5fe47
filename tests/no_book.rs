//! No book is made by accident: every command that reads or writes a book, on a path
//! with no book, refuses with exit 4, names the path and how to make a book, in the
//! configured language, and creates no file and no folder. Only `carddesk init`,
//! `carddesk demo` and the counter's first run (after it showed the path and the
//! operator said yes) create one.

mod common;

#[path = "common/tmux.rs"]
mod tmux;

use std::path::Path;

use common::{text, Site};

/// Every entry under `dir`, recursively: what a command may not add to.
fn listing(dir: &Path) -> Vec<String> {
    let mut all = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                todo.push(p.clone());
            }
            all.push(p.strip_prefix(dir).expect("under").display().to_string());
        }
    }
    all.sort();
    all
}

/// The commands that need a book, with the files they would write in `site`.
fn commands(site: &Site) -> Vec<Vec<String>> {
    let p = |n: &str| site.path(n).display().to_string();
    let csv = p("members.csv");
    std::fs::write(&csv, "name,phone\n张三,13800138000\n").expect("csv");
    [
        vec!["verify"],
        vec!["verify", "--json"],
        vec!["report", "day"],
        vec!["report", "stored-value", "--csv"],
        vec!["export", "members", &p("out.csv")],
        vec!["export", "journal", &p("journal.csv")],
        vec!["import", "members", &csv],
        vec!["import", "members", &csv, "--dry-run"],
        vec!["op", "find_member"],
        vec!["sync", "--json"],
        vec!["receipt", "T01-1", "--out", &p("r.bin")],
        vec!["backup", &p("b.db")],
        vec!["backup", "--daily", &p("daily")],
        vec!["expire"],
        vec!["conflicts"],
        vec!["first-frame-probe"],
        vec!["stress-writer", "--count", "1"],
    ]
    .into_iter()
    .map(|c| c.into_iter().map(String::from).collect())
    .collect()
}

fn refuses_everywhere(site: &Site, db: &Path, lang_args: &[&str], says: &str) {
    for command in commands(site) {
        let before = listing(site.dir.path());
        let db_arg = db.to_str().expect("utf-8");
        let mut args: Vec<&str> = lang_args.to_vec();
        args.extend(["--db", db_arg]);
        args.extend(command.iter().map(String::as_str));
        let out = site
            .cmd()
            .args(&args)
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run");
        let said = text(&out);
        assert_eq!(out.status.code(), Some(4), "{command:?}: {said}");
        assert!(
            said.contains(db_arg),
            "{command:?} must name {db_arg}: {said}"
        );
        assert!(
            said.contains(&format!("carddesk init --db {db_arg}"))
                && said.contains("carddesk demo"),
            "{command:?} must say how to make a book: {said}"
        );
        assert!(said.contains(says), "{command:?} in the language: {said}");
        assert_eq!(
            listing(site.dir.path()),
            before,
            "{command:?} created something"
        );
    }
}

#[test]
fn every_command_on_a_missing_book_refuses_and_creates_nothing() {
    let site = Site::new();
    refuses_everywhere(&site, &site.path("typo.db"), &[], "没有账本");
}

#[test]
fn a_missing_folder_is_not_created_either_and_english_is_spoken_when_configured() {
    let site = Site::new();
    let config = site.path("en.toml");
    std::fs::write(&config, "[ui]\nlanguage = \"en\"\n").expect("config");
    let config = config.display().to_string();
    refuses_everywhere(
        &site,
        &site.path("no/such/folder/book.db"),
        &["--config", &config],
        "no book at",
    );
    assert!(!site.path("no").exists());
}

#[test]
fn the_config_path_is_refused_the_same_way() {
    let site = Site::new();
    std::fs::write(
        site.path("config.toml"),
        "[database]\npath = \"data/book.db\"\n",
    )
    .expect("config");
    let before = listing(site.dir.path());
    let out = site.run(&["verify"]);
    assert_eq!(out.status.code(), Some(4), "{}", text(&out));
    assert!(
        text(&out).contains(&site.path("data/book.db").display().to_string()),
        "{}",
        text(&out)
    );
    assert_eq!(listing(site.dir.path()), before);
}

#[test]
fn restore_may_make_a_new_book_from_a_backup_but_never_a_folder() {
    let site = Site::new();
    site.ensure_book();
    let (code, out) = site.op(
        "add_operator",
        serde_json::json!({"op_id": "s1", "operator": "setup", "operator_id": "boss",
            "name": "店长", "role": "admin", "pin": "999999"}),
    );
    assert_eq!(code, 0, "{out}");
    let backup = site.path("b.db");
    let db = site.db().display().to_string();
    let out = site.run(&["--db", &db, "backup", backup.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", text(&out));
    // Into a folder that does not exist: refused, nothing made.
    let before = listing(site.dir.path());
    let nowhere = site.path("gone/book.db").display().to_string();
    let out = site.run(&["--db", &nowhere, "restore", backup.to_str().expect("utf-8")]);
    assert!(!out.status.success(), "{}", text(&out));
    assert_eq!(listing(site.dir.path()), before);
    // Onto a new path in a folder that exists: the backup becomes the book.
    let moved = site.path("moved.db").display().to_string();
    let out = site.run(&["--db", &moved, "restore", backup.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", text(&out));
    let out = site.run(&["--db", &moved, "verify"]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn init_makes_the_book_and_its_folders_privately_and_prints_the_path() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::new();
    let db = site.path("srv/carddesk/book.db");
    let out = site.run(&["--db", db.to_str().expect("utf-8"), "init"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&db.display().to_string()),
        "{}",
        text(&out)
    );
    let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(&site.path("srv")), 0o700);
    assert_eq!(mode(&site.path("srv/carddesk")), 0o700);
    let out = site.run(&["--db", db.to_str().expect("utf-8"), "verify"]);
    assert!(out.status.success(), "{}", text(&out));
    // A second init leaves the book alone.
    let bytes = std::fs::read(&db).expect("book");
    let out = site.run(&["--db", db.to_str().expect("utf-8"), "init"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert_eq!(std::fs::read(&db).expect("book"), bytes);
}

#[test]
fn the_counter_without_a_terminal_to_ask_on_refuses() {
    let site = Site::new();
    let before = listing(site.dir.path());
    let db = site.db().display().to_string();
    let out = site
        .cmd()
        .args(["--db", &db])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(4), "{}", text(&out));
    assert_eq!(listing(site.dir.path()), before);
}

#[test]
fn the_counters_first_run_names_the_file_and_creates_it_only_on_yes() {
    let site = Site::new();
    std::fs::write(
        site.path("config.toml"),
        "[database]\npath = \"data/book.db\"\n[ui]\nlanguage = \"en\"\n\
         [log]\npath = \"logs/carddesk.log\"\n[backup]\ndaily_dir = \"\"\n\
         [devices.pcsc]\nenabled = false\n",
    )
    .expect("config");
    let book = site.path("data/book.db");
    let tmux = tmux::Tmux::start(site.dir.path());
    let command = format!("{} --config config.toml", common::bin());
    // Esc: nothing is created.
    tmux.type_slowly(&command);
    tmux.keys(&["Enter"]);
    let s = tmux.wait_for("Create a new empty book there?");
    assert!(s.contains(&book.display().to_string()), "{s}");
    tmux.keys(&["Escape"]);
    tmux.wait_for_shell();
    assert!(!site.path("data").exists());
    // Enter: the book is made and the counter starts on it.
    tmux.keys(&["clear", "Enter"]);
    tmux.type_slowly(&command);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Create a new empty book there?");
    tmux.keys(&["Enter"]);
    tmux.wait_for("First run: create the administrator");
    assert!(book.exists());
    tmux.keys(&["F10"]);
}
