//! Puts the commit carddesk was built from into `carddesk --version`: `git rev-parse
//! --short HEAD` (with `-dirty` when tracked files are modified) in a git checkout,
//! else $CARDDESK_COMMIT (a build from a source tarball), else "unknown".

use std::path::PathBuf;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    Some(text.trim().to_string())
}

fn main() {
    println!("cargo:rerun-if-env-changed=CARDDESK_COMMIT");
    let commit = match git(&["rev-parse", "--short", "HEAD"]) {
        Some(hash) if !hash.is_empty() => {
            watch_git();
            let dirty = git(&["status", "--porcelain", "--untracked-files=no"])
                .is_some_and(|s| !s.is_empty());
            if dirty {
                format!("{hash}-dirty")
            } else {
                hash
            }
        }
        _ => std::env::var("CARDDESK_COMMIT")
            .ok()
            .filter(|c| !c.trim().is_empty())
            .unwrap_or_else(|| "unknown".into()),
    };
    println!("cargo:rustc-env=CARDDESK_COMMIT={commit}");
}

/// Builds again when HEAD moves (a checkout, a commit) or the index changes (staging,
/// which is when "dirty" usually changes). A worktree's HEAD is in its own git dir;
/// its refs are in the common one.
fn watch_git() {
    for args in [
        ["rev-parse", "--git-dir"],
        ["rev-parse", "--git-common-dir"],
    ] {
        let Some(dir) = git(&args).map(PathBuf::from) else {
            continue;
        };
        for name in ["HEAD", "index", "refs", "packed-refs"] {
            let p = dir.join(name);
            if p.exists() {
                println!("cargo:rerun-if-changed={}", p.display());
            }
        }
    }
}
