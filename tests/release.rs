//! The binaries `scripts/release` ships (target/dist): the stripped glibc build is at
//! most 15 MB and needs nothing newer than glibc 2.28, its debug info is kept beside it,
//! the checksums hold, and the static build (when built) is static. Without
//! target/dist/carddesk these tests pass with a note, unless CARDDESK_RELEASE_REQUIRED=1
//! (scripts/test sets it: CI builds the release first).

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

/// "At most 15 MB", in bytes.
const MAX_BYTES: u64 = 15_000_000;
/// The oldest glibc the front-desk PCs run (Debian 10, UOS, Kylin V10).
const MAX_GLIBC: (u32, u32) = (2, 28);

fn dist() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/dist")
}

/// The artefact, or None (with a note) when it was not built and need not be.
fn artefact(name: &str) -> Option<PathBuf> {
    let p = dist().join(name);
    if p.exists() {
        return Some(p);
    }
    assert!(
        std::env::var("CARDDESK_RELEASE_REQUIRED").as_deref() != Ok("1"),
        "{} is missing: run scripts/release",
        p.display()
    );
    eprintln!("note: {} not built (scripts/release); skipped", p.display());
    None
}

fn tool(cmd: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(cmd)
        .args(args)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} (binutils) is needed: {e}"));
    assert!(out.status.success(), "{cmd} {}: {out:?}", file.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The newest `GLIBC_x.y` symbol version a binary needs.
fn newest_glibc(file: &Path) -> Option<(u32, u32)> {
    let text = tool("objdump", &["-T"], file);
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .filter_map(|w| w.strip_prefix("GLIBC_"))
        .filter_map(|v| {
            let mut parts = v.split('.').map(|p| p.parse::<u32>().ok());
            Some((parts.next()??, parts.next().flatten().unwrap_or(0)))
        })
        .max()
}

fn is_stripped_with_debuglink(file: &Path) {
    let sections = tool("readelf", &["-S", "-W"], file);
    assert!(
        sections.contains(".gnu_debuglink"),
        "{}: no debuglink to its .debug file",
        file.display()
    );
    assert!(
        !sections.contains(".debug_info"),
        "{}: not stripped",
        file.display()
    );
    let mut debug = file.as_os_str().to_owned();
    debug.push(".debug");
    let debug = PathBuf::from(debug);
    let debug_sections = tool("readelf", &["-S", "-W"], &debug);
    assert!(
        debug_sections.contains(".debug_line"),
        "{} holds no line tables",
        debug.display()
    );
}

fn runs_and_names_its_commit(file: &Path) {
    let out = Command::new(file)
        .arg("--version")
        .output()
        .expect("run it");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.starts_with("carddesk "),
        "{text}"
    );
    assert!(!text.contains("(unknown)"), "no commit in {text}");
}

#[test]
fn the_glibc_build_is_small_and_runs_on_glibc_2_28() {
    let Some(bin) = artefact("carddesk") else {
        return;
    };
    let size = std::fs::metadata(&bin).map(|m| m.len()).unwrap_or(0);
    assert!(size <= MAX_BYTES, "{size} bytes > {MAX_BYTES}");
    let glibc = newest_glibc(&bin).expect("a glibc binary needs some GLIBC_ version");
    assert!(
        glibc <= MAX_GLIBC,
        "needs GLIBC_{}.{}, newer than {}.{}",
        glibc.0,
        glibc.1,
        MAX_GLIBC.0,
        MAX_GLIBC.1
    );
    is_stripped_with_debuglink(&bin);
    runs_and_names_its_commit(&bin);
}

#[test]
fn the_static_build_needs_no_library() {
    let p = dist().join("carddesk-static");
    if !p.exists() {
        // scripts/test builds only what the package needs (scripts/release --glibc).
        eprintln!("note: {} not built; skipped", p.display());
        return;
    }
    let headers = tool("readelf", &["-l", "-d", "-W"], &p);
    assert!(!headers.contains("INTERP"), "dynamically linked: {headers}");
    assert!(!headers.contains("(NEEDED)"), "needs libraries: {headers}");
    let size = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
    assert!(size <= MAX_BYTES, "{size} bytes > {MAX_BYTES}");
    is_stripped_with_debuglink(&p);
    runs_and_names_its_commit(&p);
}

#[test]
fn the_checksums_hold() {
    let Some(sums) = artefact("SHA256SUMS") else {
        return;
    };
    let text = std::fs::read_to_string(&sums).expect("SHA256SUMS");
    let mut names = Vec::new();
    for line in text.lines() {
        let (hash, name) = line.split_once("  ").expect("sha256sum's format");
        let bytes = std::fs::read(dist().join(name)).expect("a listed file");
        assert_eq!(hex::encode(Sha256::digest(&bytes)), hash, "{name}");
        names.push(name);
    }
    assert!(names.contains(&"carddesk"), "{names:?}");
    assert!(names.contains(&"carddesk.debug"), "{names:?}");
}
