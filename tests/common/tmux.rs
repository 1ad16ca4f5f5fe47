//! A tmux server of our own per test (80x24), for the end-to-end tests of the counter:
//! the real binary in a real terminal. Included by `#[path]` from each tmux test.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

static SESSIONS: AtomicU32 = AtomicU32::new(0);

/// A tmux server of our own (80x24), so parallel tests never share one.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    pub fn start(dir: &Path) -> Tmux {
        let socket = format!(
            "carddesk-tmux-{}-{}",
            std::process::id(),
            SESSIONS.fetch_add(1, Ordering::SeqCst)
        );
        let t = Tmux { socket };
        let dir = dir.to_str().expect("utf-8 temp path");
        t.run(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "main",
            "-x",
            "80",
            "-y",
            "24",
            "-c",
            dir,
            "sh",
        ]);
        t
    }

    pub fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .env_remove("TMUX")
            .output()
            .expect("tmux runs (scripts/test installs it)");
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Key names (Enter, F12, Tab, ...) or literal text, in one tmux command: tmux
    /// writes them to the terminal in one go, as fast as a scanner.
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "main"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Text at a person's pace: one key per tmux command, 60 ms apart.
    pub fn type_slowly(&self, text: &str) {
        for c in text.chars() {
            self.run(&["send-keys", "-t", "main", "-l", &c.to_string()]);
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "main"])
    }

    /// The first line: the status bar.
    pub fn status(&self) -> String {
        self.screen().lines().next().unwrap_or_default().to_string()
    }

    pub fn wait_until(&self, what: &str, secs: u64, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if ok(&s) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(secs) {
                panic!("waited {secs} s for {what}; the screen is:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Polls the screen until `needle` shows, or fails with the screen.
    pub fn wait_for(&self, needle: &str) -> String {
        self.wait_until(needle, 20, |s| s.contains(needle))
    }

    /// Waits for the status bar's sync state to read `state` (online / offline).
    pub fn wait_status(&self, state: &str) -> String {
        let want = format!("| {state} ");
        self.wait_until(&want, 30, |s| {
            s.lines().next().is_some_and(|l| l.contains(&want))
        })
    }

    /// Waits until carddesk has exited and the shell is in front again (keys typed
    /// before that would go to the dying program).
    pub fn wait_for_shell(&self) {
        let start = Instant::now();
        loop {
            let cmd = self.run(&[
                "display-message",
                "-p",
                "-t",
                "main",
                "#{pane_current_command}",
            ]);
            if cmd.trim() == "sh" {
                return;
            }
            if start.elapsed() > Duration::from_secs(15) {
                panic!("carddesk did not exit; the screen is:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}
