//! The front-desk PC's launcher (pkg/kiosk/carddesk-kiosk, shipped as
//! /usr/lib/carddesk/kiosk/carddesk-kiosk): what it starts on a console with fbterm,
//! with fcitx too, without a frame buffer and over SSH. fbterm, fcitx and D-Bus are
//! stand-ins that record how they were called; PATH holds nothing else, so the machine's
//! own packages do not matter. The getty override is checked by `systemd-analyze verify`
//! in scripts/package.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

fn launcher() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("pkg/kiosk/carddesk-kiosk")
}

fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).expect("stub");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    p
}

/// A folder for PATH with the stand-ins asked for and the two tools the launcher uses.
fn path_with(dir: &Path, stubs: &[&str]) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).expect("bin");
    for tool in ["sh", "env"] {
        let real = ["/bin", "/usr/bin"]
            .iter()
            .map(|d| Path::new(d).join(tool))
            .find(|p| p.exists())
            .expect("sh and env");
        std::os::unix::fs::symlink(real, bin.join(tool)).expect("link");
    }
    let log = dir.join("calls");
    for stub in stubs {
        let body = match *stub {
            // Records its arguments, then runs the command after `--`.
            "fbterm" => format!(
                "echo \"fbterm $*\" >>{log}\nwhile [ \"$1\" != \"--\" ]; do shift; done\nshift\nexec \"$@\"",
                log = log.display()
            ),
            "dbus-run-session" => format!(
                "echo dbus-run-session >>{log}\nshift\nexec \"$@\"",
                log = log.display()
            ),
            "fcitx" => format!("echo \"fcitx $*\" >>{log}", log = log.display()),
            _ => String::new(),
        };
        script(&bin, stub, &body);
    }
    bin
}

/// Runs the launcher with `args`; the "carddesk" it starts prints its environment.
fn run(dir: &Path, bin: &Path, fb: &Path, ssh: bool, args: &[&str]) -> (String, String) {
    let carddesk = script(
        dir,
        "carddesk",
        "echo \"LANG=$LANG CONFIG=$CARDDESK_CONFIG TERM=$TERM ARGS=$*\"",
    );
    let mut cmd = Command::new(launcher());
    cmd.env_clear()
        .env("PATH", bin)
        .env("TERM", "linux")
        .env("CARDDESK_BIN", &carddesk)
        .env("CARDDESK_KIOSK_FB", fb)
        .args(args);
    if ssh {
        cmd.env("SSH_TTY", "/dev/pts/3");
    }
    let out = cmd.output().expect("run the launcher");
    assert!(out.status.success(), "{out:?}");
    let calls = std::fs::read_to_string(dir.join("calls")).unwrap_or_default();
    let _ = std::fs::remove_file(dir.join("calls"));
    (String::from_utf8_lossy(&out.stdout).into_owned(), calls)
}

#[test]
fn on_a_console_fbterm_draws_the_counter_with_a_cjk_font() {
    let dir = tempfile::tempdir().expect("dir");
    let fb = dir.path().join("fb0");
    std::fs::write(&fb, "").expect("fb");
    let bin = path_with(dir.path(), &["fbterm"]);
    let (out, calls) = run(dir.path(), &bin, &fb, false, &["doctor"]);
    assert_eq!(
        out.trim(),
        "LANG=zh_CN.UTF-8 CONFIG=/etc/carddesk/config.toml TERM=fbterm ARGS=doctor"
    );
    assert!(
        calls.contains("fbterm -n WenQuanYi Micro Hei Mono -s 16 -- env TERM=fbterm"),
        "{calls}"
    );
}

#[test]
fn with_fcitx_names_are_typed_through_fcitx_fbterm() {
    let dir = tempfile::tempdir().expect("dir");
    let fb = dir.path().join("fb0");
    std::fs::write(&fb, "").expect("fb");
    let bin = path_with(
        dir.path(),
        &["fbterm", "fcitx", "fcitx-fbterm", "dbus-run-session"],
    );
    let (out, mut calls) = run(dir.path(), &bin, &fb, false, &[]);
    // fcitx is started in the background: its stand-in may log after the launcher ends.
    for _ in 0..50 {
        if calls.contains("fcitx -D") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        // run() took the log away; a late line lands in a new one.
        let late = std::fs::read_to_string(dir.path().join("calls")).unwrap_or_default();
        if !late.is_empty() {
            calls.push_str(&late);
            let _ = std::fs::remove_file(dir.path().join("calls"));
        }
    }
    assert!(out.contains("TERM=fbterm"), "{out}");
    assert!(calls.contains("dbus-run-session"), "{calls}");
    assert!(calls.contains("fcitx -D"), "{calls}");
    assert!(
        calls.contains("-i fcitx-fbterm -- env TERM=fbterm"),
        "{calls}"
    );
}

#[test]
fn over_ssh_or_without_a_frame_buffer_carddesk_runs_directly() {
    let dir = tempfile::tempdir().expect("dir");
    let fb = dir.path().join("fb0");
    std::fs::write(&fb, "").expect("fb");
    let bin = path_with(dir.path(), &["fbterm"]);
    let (out, calls) = run(dir.path(), &bin, &fb, true, &["--version"]);
    assert_eq!(
        out.trim(),
        "LANG=zh_CN.UTF-8 CONFIG=/etc/carddesk/config.toml TERM=linux ARGS=--version"
    );
    assert!(calls.is_empty(), "{calls}");
    let (out, calls) = run(dir.path(), &bin, &dir.path().join("no-fb"), false, &[]);
    assert!(out.contains("TERM=linux"), "{out}");
    assert!(calls.is_empty(), "{calls}");
}

#[test]
fn the_real_carddesk_starts_through_the_launcher() {
    let dir = tempfile::tempdir().expect("dir");
    let out = Command::new(launcher())
        .env("CARDDESK_BIN", env!("CARGO_BIN_EXE_carddesk"))
        .env("CARDDESK_KIOSK_FB", dir.path().join("no-fb"))
        .arg("--version")
        .output()
        .expect("run");
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("carddesk "));
}
