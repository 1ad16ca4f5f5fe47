//! carddesk on a counter PC without PC/SC, and a build that needs no -dev packages.
//!
//! "Not installed" is simulated with `CARDDESK_PCSC_LIB` naming a missing file, and
//! once for real: the library file hidden in a private mount namespace (`unshare -m`),
//! which is what an old binary linked against libpcsclite cannot survive. "pcscd not
//! running" is simulated with `PCSCLITE_CSOCK_NAME` (read by pcsc-lite's client)
//! naming a socket that does not exist, so the shared pcscd is left alone.

mod common;
#[path = "common/tmux.rs"]
mod tmux;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{bin, text, Site};

const MISSING_LIB: &str = "/nonexistent/libpcsclite.so.1";
const HINT_LIB_EN: &str = "PC/SC not installed: apt install pcscd libpcsclite1";
const HINT_LIB_ZH: &str = "未安装 PC/SC：apt install pcscd libpcsclite1";
const HINT_DAEMON_EN: &str = "pcscd not running: apt install pcscd / systemctl start pcscd";
const HINT_DAEMON_ZH: &str = "pcscd 未运行：apt install pcscd / systemctl start pcscd";

fn config(site: &Site, language: &str) -> PathBuf {
    let path = site.path("config.toml");
    std::fs::write(
        &path,
        format!("[database]\npath = \"book.db\"\n\n[ui]\nlanguage = \"{language}\"\n"),
    )
    .expect("write config");
    path
}

/// `carddesk ARGS` in the site with PC/SC's library missing.
fn without_pcsc(site: &Site, args: &[&str]) -> Output {
    site.cmd()
        .env("CARDDESK_PCSC_LIB", MISSING_LIB)
        .args(args)
        .output()
        .expect("run carddesk")
}

fn demo_book(site: &Site) {
    let db = site.db();
    let out = without_pcsc(
        site,
        &[
            "--db",
            db.to_str().expect("utf-8"),
            "demo",
            "--members",
            "50",
        ],
    );
    assert!(out.status.success(), "demo: {}", text(&out));
}

#[test]
fn version_runs_without_the_pcsc_library() {
    let site = Site::new();
    let out = without_pcsc(&site, &["--version"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("carddesk "),
        "{}",
        text(&out)
    );
}

#[test]
fn devices_names_what_to_install_when_the_library_is_missing() {
    let site = Site::new();
    for (language, hint) in [("en", HINT_LIB_EN), ("zh-CN", HINT_LIB_ZH)] {
        let cfg = config(&site, language);
        let out = without_pcsc(
            &site,
            &["--config", cfg.to_str().expect("utf-8"), "devices"],
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{language}: {}", text(&out));
        let lines: Vec<&str> = stdout.lines().collect();
        assert!(
            lines
                .first()
                .is_some_and(|l| l.starts_with("pcscd: unavailable (")),
            "{language}: {stdout}"
        );
        assert_eq!(lines.get(1), Some(&&*format!("  {hint}")), "{stdout}");
        assert!(lines.contains(&"readers: none"), "{stdout}");
    }
}

#[test]
fn devices_says_pcscd_is_not_running() {
    let site = Site::new();
    for (language, hint) in [("en", HINT_DAEMON_EN), ("zh-CN", HINT_DAEMON_ZH)] {
        let cfg = config(&site, language);
        let out = site
            .cmd()
            .env("PCSCLITE_CSOCK_NAME", "/nonexistent/socket")
            .args(["--config", cfg.to_str().expect("utf-8"), "devices"])
            .output()
            .expect("run carddesk");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{language}: {}", text(&out));
        let lines: Vec<&str> = stdout.lines().collect();
        assert!(
            lines
                .first()
                .is_some_and(|l| l.starts_with("pcscd: unavailable (pcscd: ")),
            "{language}: {stdout}"
        );
        assert_eq!(lines.get(1), Some(&&*format!("  {hint}")), "{stdout}");
    }
}

#[test]
fn first_frame_probe_and_verify_run_without_the_pcsc_library() {
    let site = Site::new();
    demo_book(&site);
    let db = site.db();
    let db = db.to_str().expect("utf-8");

    let out = without_pcsc(&site, &["--db", db, "first-frame-probe"]);
    assert!(out.status.success(), "probe: {}", text(&out));
    let probe: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out)));
    assert!(
        probe["to_member_screen_us"]
            .as_u64()
            .is_some_and(|us| us > 0),
        "{probe}"
    );

    let out = without_pcsc(&site, &["--db", db, "verify"]);
    assert!(out.status.success(), "verify: {}", text(&out));
}

/// The counter's status bar shows the card reader down, and the counter keeps working.
#[test]
fn counter_shows_the_card_reader_down_without_the_pcsc_library() {
    let site = Site::new();
    let cfg = config(&site, "en");
    demo_book(&site);
    let t = tmux::Tmux::start(site.dir.path());
    t.type_slowly(&format!(
        "CARDDESK_PCSC_LIB={MISSING_LIB} {} --config {}",
        bin(),
        cfg.display()
    ));
    t.keys(&["Enter"]);
    t.wait_for("First run: create the administrator");
    t.wait_until("card:down in the status bar", 20, |s| {
        s.lines().next().is_some_and(|l| l.contains("card:down"))
    });
    // Still answering keys: the first-run form takes typing.
    t.type_slowly("admin");
    t.wait_for("admin");
}

/// The real thing: libpcsclite's file made unreadable for these processes only (a bind
/// mount over it in a private mount namespace; needs root, as CI and the test machines
/// run). A binary linked against it cannot even start there.
#[test]
fn runs_with_the_pcsc_library_really_gone() {
    let lib = installed_pcsc_lib();
    let site = Site::new();
    let cfg = config(&site, "en");
    demo_book(&site);
    let script = format!(
        "mount --bind /dev/null '{lib}' && for args in '--version' 'devices' \
         'first-frame-probe' 'verify'; do '{bin}' --config '{cfg}' $args || exit; done",
        lib = lib.display(),
        bin = bin(),
        cfg = cfg.display(),
    );
    let out = Command::new("unshare")
        .args(["-m", "sh", "-c", &script])
        .current_dir(site.dir.path())
        .env_remove("CARDDESK_PCSC_LIB")
        .output()
        .expect("run unshare");
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    assert!(all.contains(&format!("  {HINT_LIB_EN}")), "{all}");
    assert!(all.contains("\"to_member_screen_us\""), "{all}");
}

/// The file libpcsclite.so.1 resolves to, as the dynamic loader finds it.
fn installed_pcsc_lib() -> PathBuf {
    let out = Command::new("ldconfig")
        .arg("-p")
        .output()
        .expect("run ldconfig -p");
    let listing = String::from_utf8_lossy(&out.stdout);
    let path = listing
        .lines()
        .filter(|l| l.trim_start().starts_with("libpcsclite.so.1 "))
        .find_map(|l| l.split("=> ").nth(1))
        .unwrap_or_else(|| panic!("libpcsclite.so.1 is not installed (pcscd pulls it in)"));
    std::fs::canonicalize(path.trim()).expect("resolve libpcsclite.so.1")
}

#[test]
fn binary_links_neither_libpcsclite_nor_libudev() {
    let out = Command::new("ldd").arg(bin()).output().expect("run ldd");
    let libs = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        libs.contains("libc.so"),
        "ldd listed nothing useful: {libs}"
    );
    for lib in ["libpcsclite", "libudev"] {
        assert!(!libs.contains(lib), "{lib} is linked:\n{libs}");
    }
}

/// pkg-config is how a build finds a system library (and so needs its -dev package).
/// Two crates keep it as a build-dependency but never call it as configured here:
/// hidapi calls it only for its C backends (`linux-native-basic-udev` is pure Rust),
/// libsqlite3-sys not when `bundled`. Nothing else may depend on it.
#[test]
fn build_graph_uses_no_pkg_config() {
    let dependents = cargo_tree(&[
        "-e",
        "normal,build",
        "-i",
        "pkg-config",
        "--depth",
        "1",
        "--prefix",
        "none",
    ]);
    let users: Vec<&str> = dependents
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "pkg-config")
        .collect();
    assert!(
        users
            .iter()
            .all(|name| ["hidapi", "libsqlite3-sys"].contains(name)),
        "these use pkg-config to find a system library: {users:?}"
    );

    let hidapi = enabled_features("hidapi");
    assert_eq!(hidapi, ["linux-native-basic-udev"], "hidapi backends");
    let sqlite = enabled_features("libsqlite3-sys");
    assert!(sqlite.iter().any(|f| f == "bundled"), "{sqlite:?}");
}

/// The features of `package` enabled in the workspace's build.
fn enabled_features(package: &str) -> Vec<String> {
    let tree = cargo_tree(&["-e", "features", "-i", package, "--prefix", "none"]);
    let prefix = format!("{package} feature \"");
    let mut features: Vec<String> = tree
        .lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect();
    features.sort();
    features.dedup();
    features
}

fn cargo_tree(args: &[&str]) -> String {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let out = Command::new(env!("CARGO"))
        .args(["tree", "--workspace", "--offline", "--manifest-path"])
        .arg(&manifest)
        .args(args)
        .output()
        .expect("run cargo tree");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    // `-i` of a package not in the graph is an error naming it: no dependents.
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("did not match any packages"),
            "cargo tree {args:?}: {stderr}"
        );
    }
    stdout
}
