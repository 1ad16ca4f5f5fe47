//! Secrets never leave carddesk in an answer or on a screen: PIN hashes live in the
//! journal (so every terminal can check a PIN), but an integrator's reply, a member's
//! statement and the journal browser never show them.

use serde_json::Value;

/// Keys whose values are secrets.
const SECRET_KEYS: &[&str] = &["pin_hash"];

/// Removes every secret key, at any depth.
pub fn value(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|k, _| !SECRET_KEYS.contains(&k.as_str()));
            map.values_mut().for_each(value);
        }
        Value::Array(items) => items.iter_mut().for_each(value),
        _ => {}
    }
}

/// An entry body (JSON text) without its secrets; text that is not JSON is kept out
/// entirely rather than shown raw.
pub fn body(text: &str) -> String {
    match serde_json::from_str::<Value>(text) {
        Ok(mut v) => {
            value(&mut v);
            v.to_string()
        }
        Err(_) => String::new(),
    }
}

/// Masks every ID-document number in an answer (for a role that may not see them): `id_doc` values, and the value
/// of a credential of kind `id_doc`.
pub fn id_docs(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(s)) = m.get_mut("id_doc") {
                *s = carddesk_data::lookup::mask_id(s);
            }
            if m.get("kind").and_then(Value::as_str) == Some("id_doc") {
                if let Some(Value::String(s)) = m.get_mut("value") {
                    *s = carddesk_data::lookup::mask_id(s);
                }
            }
            m.values_mut().for_each(id_docs);
        }
        Value::Array(items) => items.iter_mut().for_each(id_docs),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pin_hashes_are_gone_at_any_depth() {
        let mut v = serde_json::json!({"a": 1, "pin_hash": "x",
            "entries": [{"body": {"pin_hash": "y", "member_no": "1"}}]});
        value(&mut v);
        assert_eq!(
            v,
            serde_json::json!({"a": 1, "entries": [{"body": {"member_no": "1"}}]})
        );
        assert_eq!(body(r#"{"pin_hash":"z","k":2}"#), r#"{"k":2}"#);
    }
}
