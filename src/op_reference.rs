//! The "Reference" section of docs/op-api.md, written from the schemas of
//! [`crate::op_kinds`]: one table per kind of the fields it reads. `tests/op_reference.rs`
//! fails when the document differs (and rewrites it with `CARDDESK_BLESS=1`).

use serde_json::Value;

use crate::op_kinds::{schema, ALL, BULK, WRITES};

/// The marked lines the generated section sits between.
pub const BEGIN: &str = "<!-- reference: generated from `carddesk op --schema`; do not edit -->";
pub const END: &str = "<!-- reference end -->";

/// The section, from [`BEGIN`] to [`END`] inclusive.
pub fn markdown() -> String {
    let mut out = format!("{BEGIN}\n");
    for kind in ALL {
        let Some(s) = schema(kind) else { continue };
        let what = if BULK.contains(kind) {
            "posts an entry per member"
        } else if WRITES.contains(kind) {
            "posts an entry"
        } else {
            "reads"
        };
        out.push_str(&format!("\n#### `{kind}` ({what})\n\n"));
        let defs = &s["$defs"];
        let request = resolve(&s["request"], defs);
        if let Some(text) = request.get("description").and_then(Value::as_str) {
            out.push_str(&format!("{}\n\n", one_line(text)));
        }
        let required: Vec<&str> = request["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let Some(props) = request["properties"].as_object() else {
            continue;
        };
        let envelope = ["op_id", "operator", "operator_pin", "supervisor"];
        let own: Vec<_> = props
            .iter()
            .filter(|(k, _)| !envelope.contains(&k.as_str()))
            .collect();
        if own.is_empty() {
            out.push_str("No fields of its own: only the envelope.\n");
        } else {
            out.push_str("| field | type | required | meaning |\n|---|---|---|---|\n");
        }
        for (name, p) in own {
            let needed = if required.contains(&name.as_str()) {
                "yes"
            } else {
                ""
            };
            let meaning = p
                .get("description")
                .or_else(|| resolve(p, defs).get("description"))
                .and_then(Value::as_str)
                .map(one_line)
                .unwrap_or_default();
            out.push_str(&format!(
                "| `{name}` | {} | {needed} | {meaning} |\n",
                type_name(p, defs)
            ));
        }
        out.push_str("\nResult: ");
        out.push_str(&type_name(&s["result"], defs));
        out.push_str(".\n");
    }
    out.push_str(&format!("\n{END}"));
    out
}

fn resolve<'a>(s: &'a Value, defs: &'a Value) -> &'a Value {
    match s.get("$ref").and_then(Value::as_str) {
        Some(r) => &defs[r.rsplit('/').next().unwrap_or_default()],
        None => s,
    }
}

/// A field's type in words a reader of the table needs.
fn type_name(p: &Value, defs: &Value) -> String {
    if let Some(r) = p.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or_default();
        let def = &defs[name];
        return match def.get("enum").and_then(Value::as_array) {
            Some(values) => words(values),
            None if name == "Amount" => "amount".into(),
            // An id type (model::ids): text on the wire.
            None if def.get("type").and_then(Value::as_str) == Some("string") => "text".into(),
            None => match def.get("oneOf").and_then(Value::as_array) {
                Some(alts) if alts.iter().all(|a| a.get("const").is_some()) => {
                    words(&alts.iter().map(|a| a["const"].clone()).collect::<Vec<_>>())
                }
                _ => format!("`{name}`"),
            },
        };
    }
    if let Some(alts) = p.get("anyOf").and_then(Value::as_array) {
        let named: Vec<String> = alts
            .iter()
            .filter(|a| a.get("type").and_then(Value::as_str) != Some("null"))
            .map(|a| type_name(a, defs))
            .collect();
        return named.join(" or ");
    }
    if let Some(values) = p.get("enum").and_then(Value::as_array) {
        return words(values);
    }
    let ty = match &p["type"] {
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("any")
            .to_string(),
        Value::String(t) => t.clone(),
        _ => "any".into(),
    };
    match (ty.as_str(), p.get("format").and_then(Value::as_str)) {
        ("string", Some("date")) => "day (2026-11-23)".into(),
        ("array", _) => format!("list of {}", type_name(&p["items"], defs)),
        ("integer", _) => "whole number".into(),
        ("boolean", _) => "true/false".into(),
        ("string", _) => "text".into(),
        (other, _) => other.into(),
    }
}

fn words(values: &[Value]) -> String {
    values
        .iter()
        .filter_map(Value::as_str)
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(" / ")
}

fn one_line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}
