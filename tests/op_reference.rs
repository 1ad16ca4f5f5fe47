//! docs/op-api.md's reference section is the one `carddesk op --schema` describes: it is
//! generated from the request types, and this test fails when the document drifts. Run
//! with `CARDDESK_BLESS=1` to rewrite the section after changing a request type.

use std::path::Path;

use carddesk::op_reference::{markdown, BEGIN, END};

#[test]
fn the_reference_in_op_api_md_is_generated_from_the_schemas() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/op-api.md");
    let doc = std::fs::read_to_string(&path).expect("docs/op-api.md");
    let (start, end) = match (doc.find(BEGIN), doc.find(END)) {
        (Some(s), Some(e)) if s < e => (s, e + END.len()),
        _ => panic!("docs/op-api.md has no generated reference section (markers missing)"),
    };
    let generated = markdown();
    if std::env::var_os("CARDDESK_BLESS").is_some() {
        let new = format!("{}{}{}", &doc[..start], generated, &doc[end..]);
        std::fs::write(&path, new).expect("write docs/op-api.md");
        return;
    }
    assert!(
        doc[start..end] == generated,
        "docs/op-api.md's reference differs from the schemas; run \
         CARDDESK_BLESS=1 cargo test --test op_reference and review the diff"
    );
}

#[test]
fn every_kind_has_a_schema_whose_request_is_a_closed_object() {
    for kind in carddesk::op_kinds::ALL {
        let s = carddesk::op_kinds::schema(kind).expect("schema");
        let defs = &s["$defs"];
        let mut request = &s["request"];
        if let Some(r) = request.get("$ref").and_then(|r| r.as_str()) {
            request = &defs[r.rsplit('/').next().unwrap_or_default()];
        }
        assert_eq!(request["type"], "object", "{kind}");
        // Unknown fields are refused, and the schema says so.
        assert_eq!(request["additionalProperties"], false, "{kind}");
        let props = request["properties"].as_object().expect("properties");
        assert!(
            props.contains_key("op_id"),
            "{kind}: the envelope is described"
        );
        assert!(!s["result"].is_null(), "{kind}: the result is described");
    }
}

#[test]
fn the_schema_command_works_without_a_book_or_config() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_carddesk"))
        .args(["op", "--schema", "top_up"])
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .output()
        .expect("run carddesk");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(schema["kind"], "top_up");
    assert_eq!(
        schema["request"]["required"],
        serde_json::json!(["member_no", "amount"])
    );
    // No book, no config, no folder appeared.
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
}
