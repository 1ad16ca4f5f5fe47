//! `carddesk op --batch` end to end on a real book with the real binary: many JSON lines
//! through one process, one result line per request in order, each request its own
//! transaction, bad lines refused with the codes of a single `op`.

mod common;

use std::io::Write;
use std::process::Stdio;
use std::time::Instant;

use common::Site;
use serde_json::{json, Value};

/// Runs `carddesk op --batch` with `input` on stdin; (exit code, result lines, stderr).
fn batch(site: &Site, input: &[u8]) -> (i32, Vec<Value>, String) {
    site.ensure_book();
    let db = site.db();
    let mut child = site
        .cmd()
        .args(["--db", db.to_str().unwrap_or_default(), "op", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn op --batch");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write requests");
    let out = child.wait_with_output().expect("batch output");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    (
        out.status.code().unwrap_or(-1),
        lines,
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn journal_len(site: &Site) -> i64 {
    let conn = rusqlite::Connection::open(site.db()).expect("open book");
    conn.query_row("SELECT count(*) FROM journal", [], |r| r.get(0))
        .expect("count journal")
}

fn register(site: &Site, op_id: &str, name: &str) -> String {
    let (code, out) = site.op(
        "register_member",
        json!({"op_id": op_id, "profile": {"name": name}}),
    );
    assert_eq!(code, 0, "{out}");
    out["result"]["member"]["member_no"]
        .as_str()
        .expect("member number")
        .to_string()
}

fn line(v: Value) -> Vec<u8> {
    let mut bytes = v.to_string().into_bytes();
    bytes.push(b'\n');
    bytes
}

/// The night audit: 50 lines of stays and top-ups with one broken line in the middle.
#[test]
fn fifty_lines_run_in_order_and_a_bad_line_stops_nothing() {
    let site = Site::new();
    let no = register(&site, "r1", "周先生");
    let before = journal_len(&site);
    const BAD: usize = 25;
    let mut input = Vec::new();
    for i in 0..50 {
        if i == BAD {
            input.extend_from_slice(b"{\"op\": \"post_stay\", \"member_no\": \n");
        } else if i % 2 == 0 {
            input.extend(line(json!({"op": "top_up", "op_id": format!("b{i}"),
                "member_no": no, "amount": "10.01", "tender": "cash"})));
        } else {
            input.extend(line(json!({"op": "post_stay", "op_id": format!("b{i}"),
                "member_no": no, "nights": 1, "room_revenue": "100.50",
                "folio_ref": format!("F-{i}")})));
        }
    }
    let started = Instant::now();
    let (code, results, stderr) = batch(&site, &input);
    let batch_time = started.elapsed();
    assert_eq!(code, 2, "a refused line makes the exit code 2: {stderr}");
    assert_eq!(results.len(), 50, "one result line per request");
    let mut last_entry = 0;
    let mut follow_ups = 0;
    for (i, r) in results.iter().enumerate() {
        assert_eq!(r["line"], i + 1, "results come in request order: {r}");
        if i == BAD {
            assert_eq!(r["ok"], false, "{r}");
            assert_eq!(r["error"]["code"], "invalid_input", "{r}");
            continue;
        }
        assert_eq!(r["ok"], true, "line {}: {r}", i + 1);
        let kind = if i % 2 == 0 {
            "topped_up"
        } else {
            "stay_posted"
        };
        assert_eq!(r["result"]["detail"]["kind"], kind, "{r}");
        let seq: i64 = r["result"]["entry_id"]
            .as_str()
            .and_then(|id| id.rsplit_once('-'))
            .and_then(|(_, s)| s.parse().ok())
            .expect("entry id");
        assert!(seq > last_entry, "entries are posted in line order");
        last_entry = seq;
        follow_ups += r["result"]["follow_ups"].as_array().map_or(0, Vec::len);
    }
    // 5 and 20 nights reach the next tiers: a tier_changed entry follows those stays.
    assert_eq!(follow_ups, 2, "two tier upgrades on the way");
    assert_eq!(
        journal_len(&site) - before,
        49 + 2,
        "49 posted and their follow-ups, the bad line none"
    );
    let (code, account) = site.op("account", json!({"member_no": no}));
    assert_eq!(code, 0, "{account}");
    // 25 top-ups of 10.01 (lines 0, 2, …, 48; the bad line 25 is odd-numbered).
    assert_eq!(account["result"]["principal"], "250.25", "{account}");
    let (clean, report) = site.verify();
    assert!(clean, "{report}");

    // The same number of requests, one process each, for the figure.
    let other = register(&site, "r2", "吴女士");
    let started = Instant::now();
    for i in 0..50 {
        let (code, out) = site.op(
            "top_up",
            json!({"op_id": format!("p{i}"), "member_no": other, "amount": "10.01", "tender": "cash"}),
        );
        assert_eq!(code, 0, "{out}");
    }
    let processes_time = started.elapsed();
    println!(
        "50 requests: one batch {:.0} ms, 50 processes {:.0} ms ({:.1}x)",
        batch_time.as_secs_f64() * 1e3,
        processes_time.as_secs_f64() * 1e3,
        processes_time.as_secs_f64() / batch_time.as_secs_f64().max(1e-9)
    );
}

/// Lines a single `op` would refuse get the same code, and a refused write leaves the
/// journal as it was while the next line still runs.
#[test]
fn bad_lines_are_refused_like_a_single_op_and_write_nothing() {
    let site = Site::new();
    site.add_staff();
    let no = register(&site, "r1", "郑先生");
    let (code, top) = site.op(
        "top_up",
        json!({"op_id": "t1", "member_no": no, "amount": "200", "tender": "cash"}),
    );
    assert_eq!(code, 0, "{top}");
    let entry = top["result"]["entry_id"].clone();
    let before = journal_len(&site);

    let (single_code, single) = site.op("reverse", json!({"entry_id": entry, "reason": "x"}));
    assert_eq!(single_code, 2, "{single}");
    assert_eq!(
        journal_len(&site),
        before,
        "a refused single op writes nothing"
    );

    let mut input = Vec::new();
    input.extend_from_slice(b"\xff\xfe{}\n");
    input.extend_from_slice(b"not json\n");
    input.extend(line(json!({"op": "fly_to_the_moon"})));
    input.extend(line(json!({"member_no": no})));
    input.extend_from_slice(b"\n");
    input.extend(line(
        json!({"op": "reverse", "op_id": "v1", "entry_id": entry, "reason": "x"}),
    ));
    input.extend(line(
        json!({"op": "top_up", "member_no": "NOPE-1", "amount": "5", "tender": "cash"}),
    ));
    input.extend(line(
        json!({"op": "top_up", "op_id": "t2", "member_no": no, "amount": "5", "tender": "cash"}),
    ));
    let (code, results, stderr) = batch(&site, &input);
    assert_eq!(code, 2, "{stderr}");
    let codes: Vec<&str> = results
        .iter()
        .map(|r| r["error"]["code"].as_str().unwrap_or("done"))
        .collect();
    let single_code = single["error"]["code"].as_str().unwrap_or("?");
    assert_eq!(
        codes,
        [
            "invalid_input",
            "invalid_input",
            "invalid_input",
            "invalid_input",
            single_code,
            "unknown_member",
            "done",
        ]
    );
    let fields: Vec<&str> = results[..4]
        .iter()
        .map(|r| r["error"]["field"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(fields, ["request", "request", "op", "op"]);
    assert_eq!(
        results[4]["error"], single["error"],
        "as a single op refuses it"
    );
    let lines: Vec<u64> = results.iter().filter_map(|r| r["line"].as_u64()).collect();
    assert_eq!(
        lines,
        [1, 2, 3, 4, 6, 7, 8],
        "the blank line 5 gets no result"
    );
    assert!(
        results[2]["error"]["message_en"]
            .as_str()
            .is_some_and(|m| m.contains("operation")),
        "{}",
        results[2]
    );
    assert_eq!(
        journal_len(&site),
        before + 1,
        "only the last top-up was written"
    );
    let (clean, report) = site.verify();
    assert!(clean, "{report}");

    let good = [
        line(json!({"op": "account", "member_no": no})),
        line(json!({"op": "top_up", "op_id": "t3", "member_no": no, "amount": "1", "tender": "cash"})),
    ]
    .concat();
    let (code, results, stderr) = batch(&site, &good);
    assert_eq!(code, 0, "every line done: {stderr}");
    assert_eq!(
        results[0]["result"]["principal"], "205.00",
        "{}",
        results[0]
    );
    assert_eq!(results[1]["ok"], true);
}

#[test]
fn a_kind_together_with_batch_is_refused() {
    let site = Site::new();
    site.ensure_book();
    let before = journal_len(&site);
    let db = site.db();
    let db = db.to_str().unwrap_or_default();
    let out = site.run(&["--db", db, "op", "top_up", "--batch"]);
    assert!(!out.status.success());
    assert!(
        common::text(&out).contains("--batch"),
        "{}",
        common::text(&out)
    );
    let out = site.run(&["--db", db, "op"]);
    assert!(!out.status.success(), "op needs a kind or --batch");
    let (code, results, stderr) = batch(&site, b"");
    assert_eq!(
        (code, results.len()),
        (0, 0),
        "--batch alone reads lines: {stderr}"
    );
    assert_eq!(journal_len(&site), before);
}
