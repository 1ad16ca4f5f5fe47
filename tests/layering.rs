//! The crate rules of docs/design.md ("Crates and the rules between them"), checked on
//! the real dependency graph: screens and data speak the model crate; only data (and
//! the hub) reach SQLite; devices stands alone.

use std::path::Path;
use std::process::Command;

/// The normal (non-dev) dependencies of `package`, one name per line, as Cargo resolves
/// them when that package alone is built.
fn deps(package: &str) -> Vec<String> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let out = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .args(["-p", package, "--manifest-path"])
        .arg(&manifest)
        .output()
        .expect("run cargo tree");
    assert!(
        out.status.success(),
        "cargo tree -p {package}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

fn has(deps: &[String], name: &str) -> bool {
    deps.iter().any(|d| d == name)
}

#[test]
fn screens_speak_the_model_and_never_reach_sqlite_or_the_book() {
    let d = deps("carddesk-screens");
    assert!(has(&d, "carddesk-model"), "{d:?}");
    for banned in [
        "carddesk-data",
        "rusqlite",
        "libsqlite3-sys",
        "carddesk-devices",
    ] {
        assert!(!has(&d, banned), "screens depend on {banned}: {d:?}");
    }
}

#[test]
fn the_model_is_pure() {
    let d = deps("carddesk-model");
    for banned in [
        "rusqlite",
        "libsqlite3-sys",
        "carddesk-data",
        "tokio",
        "ureq",
    ] {
        assert!(!has(&d, banned), "model depends on {banned}: {d:?}");
    }
}

#[test]
fn data_speaks_the_model_and_knows_no_screen_or_device() {
    let d = deps("carddesk-data");
    assert!(has(&d, "carddesk-model") && has(&d, "rusqlite"), "{d:?}");
    for banned in [
        "carddesk-screens",
        "carddesk-devices",
        "ratatui",
        "crossterm",
    ] {
        assert!(!has(&d, banned), "data depends on {banned}: {d:?}");
    }
}

#[test]
fn devices_depend_on_nothing_of_ours() {
    let d = deps("carddesk-devices");
    let ours: Vec<_> = d
        .iter()
        .filter(|p| p.starts_with("carddesk") && *p != "carddesk-devices")
        .collect();
    assert!(ours.is_empty(), "devices depend on {ours:?}");
}

#[test]
fn the_hub_stands_on_data_and_the_book_never_on_the_hub() {
    let hub = deps("carddesk-hub");
    assert!(has(&hub, "carddesk-data"), "{hub:?}");
    for banned in ["carddesk-screens", "carddesk-devices", "ratatui"] {
        assert!(!has(&hub, banned), "the hub depends on {banned}: {hub:?}");
    }
    let data = deps("carddesk-data");
    for banned in ["carddesk-hub", "tokio", "tokio-postgres"] {
        assert!(!has(&data, banned), "data depends on {banned}: {data:?}");
    }
}

/// One job per module: no source file over 500 lines outside tests (a module that
/// grows past it is usually two).
#[test]
fn no_source_file_is_over_500_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut long = Vec::new();
    let mut stack: Vec<std::path::PathBuf> = [
        "src",
        "model/src",
        "data/src",
        "hub/src",
        "screens/src",
        "devices/src",
    ]
    .iter()
    .map(|d| root.join(d))
    .collect();
    let mut seen = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read source folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && path.file_name().is_some_and(|n| n != "tests.rs")
            {
                seen += 1;
                let lines = std::fs::read_to_string(&path)
                    .expect("read")
                    .lines()
                    .count();
                if lines > 500 {
                    long.push(format!("{} ({lines})", path.display()));
                }
            }
        }
    }
    assert!(seen > 100, "only {seen} source files found");
    assert!(long.is_empty(), "over 500 lines: {long:?}");
}
