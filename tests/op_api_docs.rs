//! The worked examples of docs/op-api.md, run in document order against one fresh book
//! (made with `carddesk init`) through the real binary, so the reference cannot drift
//! from what `carddesk op` does.
//!
//! The layout the document promises (its "Worked examples" section): a request is a
//! fenced block tagged `json op=KIND`, sent as written (a key given twice stays given
//! twice), and the block right after it, tagged `json result`, is what comes back on
//! stdout. In a result, `"…"` matches any value and a text ending in `…` any text with
//! that start. `"${name}"` keeps the value found there the first time and must equal it
//! afterwards; `${name}` inside a longer text, or in a request, is replaced by the kept
//! value. An object in a result lists the fields it checks (others may follow); an
//! array lists every element unless its last is `"…"`. `times=N` on a request sends it
//! N times and checks the last answer; `exit=N` on a result states the exit code
//! (default: 0 when `ok` is true, 2 when false). A result tagged `text stderr` is for
//! an answer with no JSON: stdout must be empty and each line of the block must be in
//! stderr (exit code default 2).
//!
//! Every refusal an example gets, documented or not, must carry a known `code`, a
//! `message` and a `message_en`, and a `field` when it is `invalid_input`.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::process::Stdio;

use common::Site;
use serde_json::Value;

const DOC: &str = include_str!("../docs/op-api.md");

/// What a request's answer is documented as.
enum Expected {
    /// A JSON object on stdout (`json result`).
    Json(String),
    /// Nothing on stdout; these lines on stderr (`text stderr`).
    Stderr(Vec<String>),
}

struct Example {
    line: usize,
    kind: String,
    request: String,
    expected: Expected,
    exit: Option<i32>,
    times: usize,
}

/// A fenced block: its info string (after the backticks), its text, and its first line.
struct Fence {
    info: String,
    text: String,
    line: usize,
}

fn fences(doc: &str) -> Vec<Fence> {
    let mut out = Vec::new();
    let mut open: Option<Fence> = None;
    for (i, line) in doc.lines().enumerate() {
        let trimmed = line.trim_start();
        match open.take() {
            None => {
                if let Some(info) = trimmed.strip_prefix("```") {
                    open = Some(Fence {
                        info: info.trim().to_string(),
                        text: String::new(),
                        line: i + 1,
                    });
                }
            }
            Some(mut f) => {
                if trimmed.starts_with("```") {
                    out.push(f);
                } else {
                    f.text.push_str(line);
                    f.text.push('\n');
                    open = Some(f);
                }
            }
        }
    }
    assert!(open.is_none(), "docs/op-api.md ends inside a fenced block");
    out
}

fn attr<'a>(info: &'a str, key: &str) -> Option<&'a str> {
    info.split_whitespace()
        .find_map(|w| w.strip_prefix(key)?.strip_prefix('='))
}

fn number(info: &str, key: &str, line: usize) -> Option<usize> {
    attr(info, key).map(|n| {
        n.parse()
            .unwrap_or_else(|_| panic!("docs/op-api.md line {line}: {key}={n} is not a number"))
    })
}

fn examples(doc: &str) -> Vec<Example> {
    let fences = fences(doc);
    let mut out = Vec::new();
    for (i, f) in fences.iter().enumerate() {
        let Some(kind) = attr(&f.info, "op") else {
            continue;
        };
        let result = fences.get(i + 1);
        let head = result.map(|r| r.info.split_whitespace().take(2).collect::<Vec<_>>());
        let (result, expected) = match (result, head.as_deref()) {
            (Some(r), Some(["json", "result"])) => (r, Expected::Json(r.text.clone())),
            (Some(r), Some(["text", "stderr"])) => (
                r,
                Expected::Stderr(
                    r.text
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_string)
                        .collect(),
                ),
            ),
            _ => panic!(
                "docs/op-api.md line {}: the request is not followed by a ```json result or ```text stderr block",
                f.line
            ),
        };
        if let Some(unknown) = f
            .info
            .split_whitespace()
            .skip(1)
            .find(|w| !w.starts_with("op=") && !w.starts_with("times="))
        {
            panic!("docs/op-api.md line {}: unknown tag {unknown:?}", f.line);
        }
        out.push(Example {
            line: f.line,
            kind: kind.to_string(),
            request: f.text.clone(),
            expected,
            exit: number(&result.info, "exit", result.line).map(|n| n as i32),
            times: number(&f.info, "times", f.line).unwrap_or(1),
        });
    }
    out
}

/// The name in a text that is exactly `${name}`.
fn var_name(s: &str) -> Option<&str> {
    let name = s.strip_prefix("${")?.strip_suffix('}')?;
    (!name.contains(['$', '{', '}'])).then_some(name)
}

/// A kept value as it reads inside a text.
fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Every `${name}` inside a text replaced by its kept value.
fn interpolate(s: &str, vars: &BTreeMap<String, Value>) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find("${") {
        let end = rest[at..]
            .find('}')
            .ok_or_else(|| format!("unclosed ${{ in {s:?}"))?;
        let name = &rest[at + 2..at + end];
        let value = vars
            .get(name)
            .ok_or_else(|| format!("${{{name}}} is used before it is kept"))?;
        out.push_str(&rest[..at]);
        out.push_str(&as_text(value));
        rest = &rest[at + end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A request's text with every `"${name}"` replaced by its kept value as JSON, and
/// every other `${name}` (inside a longer string) by its text, escaped for JSON. The
/// text is otherwise kept as written, so that what the document shows (a key given
/// twice, a number's spelling) is what carddesk reads.
fn substitute(text: &str, vars: &BTreeMap<String, Value>) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("${") {
        let end = rest[at..]
            .find('}')
            .ok_or_else(|| format!("unclosed ${{ in {text:?}"))?;
        let name = &rest[at + 2..at + end];
        let value = vars
            .get(name)
            .ok_or_else(|| format!("${{{name}}} is used before it is kept"))?;
        let whole = rest[..at].ends_with('"') && rest[at + end + 1..].starts_with('"');
        if whole {
            out.push_str(&rest[..at - 1]);
            out.push_str(&value.to_string());
            rest = &rest[at + end + 2..];
        } else {
            let escaped = Value::String(as_text(value)).to_string();
            out.push_str(&rest[..at]);
            out.push_str(&escaped[1..escaped.len() - 1]);
            rest = &rest[at + end + 1..];
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// Checks `actual` against the documented `expected`, keeping new `${name}` values in
/// `vars`; on a mismatch says where.
fn matches(
    expected: &Value,
    actual: &Value,
    path: &str,
    vars: &mut BTreeMap<String, Value>,
) -> Result<(), String> {
    match expected {
        Value::String(s) if s == "…" => Ok(()),
        Value::String(s) if var_name(s).is_some() => {
            let name = var_name(s).unwrap_or_default().to_string();
            match vars.get(&name) {
                Some(kept) if kept == actual => Ok(()),
                Some(kept) => Err(format!(
                    "{path}: expected ${{{name}}} = {kept}, got {actual}"
                )),
                None => {
                    vars.insert(name, actual.clone());
                    Ok(())
                }
            }
        }
        Value::String(s) => {
            let want = interpolate(s, vars).map_err(|e| format!("{path}: {e}"))?;
            let ok = match want.strip_suffix('…') {
                Some(start) => actual.as_str().is_some_and(|a| a.starts_with(start)),
                None => actual.as_str() == Some(want.as_str()),
            };
            if ok {
                Ok(())
            } else {
                Err(format!("{path}: expected {want:?}, got {actual}"))
            }
        }
        Value::Object(want) => {
            let Value::Object(got) = actual else {
                return Err(format!("{path}: expected an object, got {actual}"));
            };
            for (k, w) in want {
                let sub = format!("{path}.{k}");
                let g = got
                    .get(k)
                    .ok_or_else(|| format!("{sub}: missing in {actual}"))?;
                matches(w, g, &sub, vars)?;
            }
            Ok(())
        }
        Value::Array(want) => {
            let Value::Array(got) = actual else {
                return Err(format!("{path}: expected an array, got {actual}"));
            };
            let open = want.last().is_some_and(|w| w == "…");
            let fixed = if open {
                &want[..want.len() - 1]
            } else {
                &want[..]
            };
            if got.len() < fixed.len() || (!open && got.len() != fixed.len()) {
                return Err(format!(
                    "{path}: expected {} element(s){}, got {}: {actual}",
                    fixed.len(),
                    if open { " or more" } else { "" },
                    got.len()
                ));
            }
            for (i, w) in fixed.iter().enumerate() {
                matches(w, &got[i], &format!("{path}[{i}]"), vars)?;
            }
            Ok(())
        }
        _ if expected == actual => Ok(()),
        _ => Err(format!("{path}: expected {expected}, got {actual}")),
    }
}

fn parse(text: &str, what: &str, line: usize) -> Value {
    serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("docs/op-api.md line {line}: the {what} is not JSON: {e}"))
}

/// `carddesk op KIND` on the site's book with `body` on stdin, byte for byte: (exit
/// code, stdout, stderr).
fn send(site: &Site, kind: &str, body: &str) -> (i32, String, String) {
    let db = site.db();
    let mut child = site
        .cmd()
        .args(["--db", db.to_str().expect("utf-8 path"), "op", kind])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn carddesk op");
    // A usage error (an unknown kind) exits before reading stdin: a broken pipe then
    // is part of the answer, not a failure of the test.
    match child
        .stdin
        .take()
        .expect("stdin")
        .write_all(body.as_bytes())
    {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => panic!("write the request: {e}"),
    }
    let out = child.wait_with_output().expect("carddesk op output");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// What every refusal carries, whether the document shows it or not: a code from the
/// program's list, both messages, and the field of an `invalid_input`.
fn well_formed_refusal(actual: &Value) -> Result<(), String> {
    if actual["ok"] != Value::Bool(false) {
        return Ok(());
    }
    let error = &actual["error"];
    let text = |k: &str| error[k].as_str().filter(|s| !s.trim().is_empty());
    let code = text("code").ok_or("a refusal without a code")?;
    if !carddesk::op_cmd::CODES.contains(&code) {
        return Err(format!("refusal code {code:?} is not in op_cmd::CODES"));
    }
    if text("message").is_none() || text("message_en").is_none() {
        return Err("a refusal without message and message_en".into());
    }
    if code == "invalid_input" && text("field").is_none() {
        return Err("an invalid_input refusal without its field".into());
    }
    Ok(())
}

/// Runs one example; on a mismatch says why.
fn run(site: &Site, ex: &Example, vars: &mut BTreeMap<String, Value>) -> Result<(), String> {
    parse(&ex.request, "request", ex.line);
    let request = substitute(&ex.request, vars)?;
    let mut answer = None;
    for _ in 0..ex.times {
        answer = Some(send(site, &ex.kind, &request));
    }
    let (code, stdout, stderr) = answer.ok_or("times=0 sends nothing")?;
    let seen = format!(
        "request: {}\nstdout: {stdout}\nstderr: {stderr}",
        request.trim()
    );
    match &ex.expected {
        Expected::Stderr(lines) => {
            let want_exit = ex.exit.unwrap_or(2);
            if code != want_exit {
                return Err(format!("exit code {code}, documented {want_exit}\n{seen}"));
            }
            if !stdout.trim().is_empty() {
                return Err(format!("documented: nothing on stdout\n{seen}"));
            }
            match lines.iter().find(|l| !stderr.contains(l.as_str())) {
                Some(l) => Err(format!("stderr lacks {l:?}\n{seen}")),
                None => Ok(()),
            }
        }
        Expected::Json(text) => {
            let expected = parse(text, "result", ex.line);
            let actual: Value = serde_json::from_str(stdout.trim())
                .map_err(|e| format!("stdout is not JSON ({e})\n{seen}"))?;
            let want_exit = ex.exit.unwrap_or(if expected["ok"] == Value::Bool(true) {
                0
            } else {
                2
            });
            if code != want_exit {
                return Err(format!("exit code {code}, documented {want_exit}\n{seen}"));
            }
            well_formed_refusal(&actual).map_err(|why| format!("{why}\n{seen}"))?;
            matches(&expected, &actual, "", vars).map_err(|why| format!("{why}\n{seen}"))
        }
    }
}

#[test]
fn every_documented_example_gives_its_documented_result() {
    let examples = examples(DOC);
    assert!(
        examples.len() >= 40,
        "docs/op-api.md has only {} examples",
        examples.len()
    );
    let site = Site::new();
    // An empty book with no entries and no operator, as an integrator makes one.
    site.init();

    let mut vars = BTreeMap::new();
    for ex in &examples {
        if let Err(why) = run(&site, ex, &mut vars) {
            panic!("docs/op-api.md line {} (op {}): {why}", ex.line, ex.kind);
        }
    }
    let (ok, report) = site.verify();
    assert!(ok, "the book after the examples: {report}");
    // The files the document says carddesk keeps beside the book.
    for file in ["book.db.key", "book.db.pepper"] {
        assert!(site.path(file).exists(), "no {file} beside the book");
    }
}

/// Every kind the book accepts, and every read, has at least one worked example.
#[test]
fn every_request_kind_has_an_example() {
    // serde names every variant when it is given an unknown one: the list `op` reads.
    let err = serde_json::from_value::<carddesk_data::Request>(serde_json::json!({"op": "?"}))
        .expect_err("no kind is called ?")
        .to_string();
    let (_, listed) = err
        .split_once("expected one of")
        .unwrap_or_else(|| panic!("unexpected serde message: {err}"));
    let mut kinds: Vec<String> = listed
        .split(',')
        .map(|k| {
            k.trim()
                .trim_start_matches("or ")
                .trim_matches('`')
                .to_string()
        })
        .filter(|k| !k.is_empty())
        .collect();
    assert!(kinds.len() > 20, "too few kinds parsed from: {err}");
    kinds.extend(carddesk::op_kinds::READS.iter().map(|k| k.to_string()));
    kinds.extend(carddesk::op_kinds::BULK.iter().map(|k| k.to_string()));
    let documented: Vec<String> = examples(DOC).into_iter().map(|e| e.kind).collect();
    let missing: Vec<&String> = kinds.iter().filter(|k| !documented.contains(k)).collect();
    assert!(
        missing.is_empty(),
        "docs/op-api.md has no example of {missing:?}"
    );
}

/// The rows of the table under `## heading`: the first cell of each, without backticks.
fn table_keys(doc: &str, heading: &str) -> Vec<String> {
    let start = doc
        .find(&format!("\n## {heading}\n"))
        .unwrap_or_else(|| panic!("docs/op-api.md has no section {heading:?}"));
    doc[start..]
        .lines()
        .skip(2)
        .take_while(|l| !l.starts_with("## "))
        .filter_map(|l| l.strip_prefix('|')?.split('|').next())
        .map(|cell| cell.trim().trim_matches('`').to_string())
        .filter(|k| !k.is_empty() && k != "code" && !k.starts_with('-'))
        .collect()
}

/// The refusal-code table lists exactly the codes `carddesk op` answers with, and every
/// documented refusal states its code.
#[test]
fn the_refusal_codes_are_the_programs() {
    let mut documented = table_keys(DOC, "Refusal codes");
    let mut program: Vec<String> = carddesk::op_cmd::CODES
        .iter()
        .map(|c| c.to_string())
        .collect();
    documented.sort();
    program.sort();
    assert_eq!(documented, program, "docs/op-api.md ## Refusal codes");
    for ex in examples(DOC) {
        if let Expected::Json(text) = &ex.expected {
            let result = parse(text, "result", ex.line);
            if result["ok"] == Value::Bool(false) {
                let code = result["error"]["code"].as_str().unwrap_or_else(|| {
                    panic!(
                        "docs/op-api.md line {}: a refusal without its code",
                        ex.line
                    )
                });
                assert!(
                    program.iter().any(|c| c == code),
                    "docs/op-api.md line {}: unknown code {code}",
                    ex.line
                );
            }
        }
    }
}

#[test]
fn the_matcher_rejects_what_differs() {
    let doc = serde_json::json!({"ok": true, "result": {
        "entry_id": "T01-…", "n": 2, "xs": [1, "…"], "id": "${id}", "again": "${id}",
        "msg": "member ${id} is frozen"}});
    let mut vars = BTreeMap::new();
    let good = serde_json::json!({"ok": true, "result": {
        "entry_id": "T01-9", "n": 2, "xs": [1, 2, 3], "id": "X", "again": "X",
        "msg": "member X is frozen", "more": 1}});
    assert_eq!(matches(&doc, &good, "", &mut vars), Ok(()));
    assert_eq!(vars.get("id"), Some(&Value::from("X")));
    let mut bads = Vec::new();
    for (key, value) in [
        ("entry_id", serde_json::json!("T02-9")),
        ("n", serde_json::json!(3)),
        ("xs", serde_json::json!([2, 1])),
        ("again", serde_json::json!("Y")),
        ("msg", serde_json::json!("member Y is frozen")),
    ] {
        let mut bad = good.clone();
        bad["result"][key] = value;
        bads.push(bad);
    }
    let mut missing = good.clone();
    missing["result"]
        .as_object_mut()
        .expect("object")
        .remove("n");
    bads.push(missing);
    let mut not_ok = good.clone();
    not_ok["ok"] = Value::Bool(false);
    bads.push(not_ok);
    for bad in bads {
        let mut vars = BTreeMap::new();
        assert!(matches(&doc, &bad, "", &mut vars).is_err(), "{bad}");
    }
    let closed = serde_json::json!([1, 2]);
    assert!(matches(&closed, &serde_json::json!([1, 2, 3]), "", &mut vars).is_err());
    vars.insert("n".into(), Value::from(7));
    vars.insert("q".into(), Value::from("a\"b"));
    assert_eq!(
        substitute(
            r#"{"no": "${id}", "n": "${n}", "text": "for ${id}", "a": 1, "a": "${q}", "t": "x ${q}"}"#,
            &vars
        ),
        Ok(
            r#"{"no": "X", "n": 7, "text": "for X", "a": 1, "a": "a\"b", "t": "x a\"b"}"#
                .to_string()
        )
    );
    assert!(substitute(r#"{"x": "${nope}"}"#, &vars).is_err());
}
