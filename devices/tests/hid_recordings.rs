//! HID decoding on recorded report bytes (tests/recordings/, see its README for where
//! each recording comes from), and proptests that no input panics a decoder.

use std::path::Path;

use carddesk_devices::decode::{Decoded, KeyboardDecoder, LineDecoder, PosDecoder};
use proptest::prelude::*;

struct Recording {
    expect: Vec<Expect>,
    reports: Vec<Vec<u8>>,
}

#[derive(Debug, PartialEq)]
enum Expect {
    Scan(String),
    Error,
}

fn load(path: &Path) -> Recording {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut rec = Recording {
        expect: Vec::new(),
        reports: Vec::new(),
    };
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(e) = line.strip_prefix("# expect:") {
            let e = e.trim();
            rec.expect.push(if e == "error" {
                Expect::Error
            } else {
                let s = e.strip_prefix("scan \"").and_then(|s| s.strip_suffix('"'));
                Expect::Scan(
                    s.unwrap_or_else(|| panic!("{}:{}: bad expect", path.display(), i + 1))
                        .into(),
                )
            });
        } else if !line.is_empty() && !line.starts_with('#') {
            let bytes = line
                .split_whitespace()
                .map(|h| {
                    u8::from_str_radix(h, 16)
                        .unwrap_or_else(|_| panic!("{}:{}: bad hex {h}", path.display(), i + 1))
                })
                .collect();
            rec.reports.push(bytes);
        }
    }
    rec
}

fn outputs(path: &Path) -> (Vec<Expect>, Vec<Expect>) {
    let rec = load(path);
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();
    let mut got = Vec::new();
    let mut kbd = KeyboardDecoder::new();
    let mut pos = PosDecoder::new();
    for r in &rec.reports {
        let out = if name.starts_with("kbd_") {
            kbd.feed(r)
        } else {
            pos.feed(r)
        };
        got.extend(out);
    }
    if name.starts_with("kbd_") {
        got.extend(kbd.flush());
    }
    let got = got
        .into_iter()
        .map(|d| match d {
            Decoded::Scan(s) => Expect::Scan(s),
            Decoded::Error(_) => Expect::Error,
        })
        .collect();
    (rec.expect, got)
}

#[test]
fn every_recording_decodes_as_documented() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/recordings");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "hex"))
        .collect();
    files.sort();
    let kinds = |prefix: &str| {
        files
            .iter()
            .filter(|p| p.to_string_lossy().contains(prefix))
            .count()
    };
    assert!(
        kinds("/kbd_") >= 4 && kinds("/pos_") >= 4,
        "recordings missing: {files:?}"
    );
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        assert!(
            text.starts_with("# Origin:"),
            "{} must say where its bytes come from",
            f.display()
        );
        let (want, got) = outputs(f);
        assert!(!want.is_empty(), "{} expects nothing", f.display());
        assert_eq!(got, want, "{}", f.display());
    }
}

#[test]
fn every_truncation_of_a_pos_report_is_an_error_not_a_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/recordings");
    let rec = load(&dir.join("pos_member_code.hex"));
    let report = &rec.reports[1];
    for n in 1..report.len() {
        let out = PosDecoder::new().feed(&report[..n]);
        assert!(
            matches!(out.as_slice(), [Decoded::Error(_)]),
            "{n} bytes: {out:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn decoders_never_panic(reports in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..80), 0..20)) {
        let mut k = KeyboardDecoder::new();
        let mut p = PosDecoder::new();
        let mut l = LineDecoder::new();
        for r in &reports {
            for d in k.feed(r).into_iter().chain(p.feed(r)).chain(l.feed(r)) {
                if let Decoded::Scan(s) = d {
                    prop_assert!(!s.is_empty());
                    prop_assert!(!s.chars().any(char::is_control), "control char in {s:?}");
                }
            }
        }
        k.flush();
        l.finish();
    }

    #[test]
    fn keyboard_reports_of_valid_shape_never_error(reports in proptest::collection::vec((any::<u8>(), proptest::collection::vec(0u8..0xE0, 6)), 0..30)) {
        let mut k = KeyboardDecoder::new();
        for (m, keys) in reports {
            let mut r = vec![m, 0];
            r.extend(keys);
            for d in k.feed(&r) {
                prop_assert!(!matches!(d, Decoded::Error(ref e) if !e.contains("Alt code")), "{d:?}");
            }
        }
    }
}
