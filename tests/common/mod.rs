//! Runs the real `carddesk` binary on real files in a temp folder.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_carddesk")
}

pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn new() -> Site {
        Site {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn db(&self) -> PathBuf {
        self.path("book.db")
    }

    /// A command in the site folder, with no config inherited from the environment.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(bin());
        c.current_dir(self.dir.path())
            .env_remove("CARDDESK_CONFIG")
            .env("NO_COLOR", "1");
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run carddesk")
    }

    /// `carddesk init` on the site's book: a new empty book, as an operator makes one.
    pub fn init(&self) {
        let db = self.db();
        let out = self.run(&["--db", db.to_str().unwrap_or_default(), "init"]);
        assert!(out.status.success(), "carddesk init: {}", text(&out));
    }

    /// Makes the site's book with `carddesk init` unless there is one: commands on a
    /// path with no book refuse.
    pub fn ensure_book(&self) {
        if !self.db().exists() {
            self.init();
        }
    }

    /// `carddesk op KIND` with a JSON request, on the site's book (made with `carddesk
    /// init` when missing); returns (exit code, parsed JSON).
    pub fn op(&self, kind: &str, request: serde_json::Value) -> (i32, serde_json::Value) {
        self.op_bytes(kind, request.to_string().as_bytes())
    }

    /// `carddesk op KIND` with these exact bytes on stdin (duplicate keys, bytes that are
    /// not UTF-8, ...); returns (exit code, parsed JSON).
    pub fn op_bytes(&self, kind: &str, bytes: &[u8]) -> (i32, serde_json::Value) {
        self.ensure_book();
        let db = self.db();
        let mut child = self
            .cmd()
            .args(["--db", db.to_str().unwrap_or_default(), "op", kind])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn op");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(bytes)
            .expect("write request");
        let out = child.wait_with_output().expect("op output");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let json = serde_json::from_str(stdout.trim()).unwrap_or_else(|e| {
            panic!(
                "op {kind} printed no JSON ({e}): {stdout} / {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (out.status.code().unwrap_or(-1), json)
    }

    /// The admin "boss" (PIN 999999) and the supervisor "sup" (PIN 246813).
    pub fn add_staff(&self) {
        for (op_id, operator, req) in [
            (
                "staff-1",
                "setup",
                serde_json::json!({"operator_id": "boss", "name": "店长", "role": "admin", "pin": "999999"}),
            ),
            (
                "staff-2",
                "boss",
                serde_json::json!({"operator_id": "sup", "name": "主管", "role": "supervisor", "pin": "246813"}),
            ),
        ] {
            let mut req = req;
            req["op_id"] = op_id.into();
            req["operator"] = operator.into();
            if operator == "boss" {
                req["operator_pin"] = "999999".into();
            }
            let (code, out) = self.op("add_operator", req);
            assert_eq!(code, 0, "{out}");
        }
    }

    pub fn verify(&self) -> (bool, String) {
        let db = self.db();
        let out = self.run(&["--db", db.to_str().unwrap_or_default(), "verify"]);
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string()
                + &String::from_utf8_lossy(&out.stderr),
        )
    }
}

pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

pub fn file_bytes(p: &Path) -> Vec<u8> {
    std::fs::read(p).expect("read file")
}
