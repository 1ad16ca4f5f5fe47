//! Reading a `carddesk op` request strictly: UTF-8, one JSON object, no key given twice,
//! no number written with an exponent; and serde's complaints turned into refusals that
//! name the field concerned. Money's own spelling is checked by
//! [`carddesk_data::money::exact`] as the fields are read.

use std::cell::RefCell;

use carddesk_data::OpError;
use carddesk_model::text::Why;
use serde::de::{DeserializeOwned, DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// The request's fields, or why the bytes are not one strict JSON object.
pub fn parse(input: &[u8]) -> Result<Map<String, Value>, OpError> {
    let text = std::str::from_utf8(input).map_err(|_| OpError::invalid("request", Why::NotUtf8))?;
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    let duplicate = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = Strict {
        duplicate: &duplicate,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v));
    let value = match (parsed, duplicate.into_inner()) {
        (_, Some(key)) => return Err(OpError::invalid(&key, Why::GivenTwice)),
        (Err(e), None) => {
            return Err(OpError::invalid(
                "request",
                Why::NotJson {
                    line: e.line(),
                    column: e.column(),
                },
            ))
        }
        (Ok(v), None) => v,
    };
    if let Some(key) = exponent_key(text) {
        return Err(OpError::invalid(&key, Why::NoExponent));
    }
    match value {
        Value::Object(fields) => Ok(fields),
        _ => Err(OpError::invalid("request", Why::NotAnObject)),
    }
}

/// Reads `fields` as `T`, refusing in words with the field concerned.
pub fn typed<T: DeserializeOwned>(fields: Map<String, Value>) -> Result<T, OpError> {
    serde_path_to_error::deserialize(Value::Object(fields)).map_err(|e| {
        let field = e
            .path()
            .iter()
            .filter_map(|s| match s {
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                _ => None,
            })
            .next_back();
        refusal(field, &e.inner().to_string())
    })
}

/// A serde message ("missing field `x`", "unknown field `x`, expected …", "invalid type
/// …") as a refusal naming the field.
fn refusal(path_field: Option<String>, message: &str) -> OpError {
    let quoted = || message.split('`').nth(1).map(str::to_string);
    let at = |f: Option<String>| f.unwrap_or_else(|| "request".to_string());
    if message.starts_with("missing field") {
        return OpError::invalid(&at(quoted()), Why::Required);
    }
    if message.starts_with("unknown field") {
        return OpError::invalid(&at(quoted()), Why::NotInOp);
    }
    if message.contains(carddesk_data::money::EXPECTED) {
        return OpError::invalid(&at(path_field), Why::AmountForm);
    }
    if message.contains(carddesk_model::reads::DAY_EXPECTED) {
        return OpError::invalid(&at(path_field), Why::DayForm);
    }
    if message.starts_with("unknown variant") {
        return OpError::invalid(&at(path_field), Why::NotAChoice);
    }
    OpError::invalid(&at(path_field), Why::WrongForm)
}

/// The key whose value is a number written with an exponent, if any. Runs on text that
/// already parsed as JSON, so strings and numbers are well formed.
fn exponent_key(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let (mut i, mut last_string, mut key) = (0, (0, 0), String::new());
    while i < b.len() {
        match b[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                last_string = (start, i.min(b.len()));
                i += 1;
            }
            b':' => {
                key = text.get(last_string.0..last_string.1)?.to_string();
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < b.len() && matches!(b[i], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                {
                    i += 1;
                }
                if b[start..i].iter().any(|c| matches!(c, b'e' | b'E')) {
                    return Some(if key.is_empty() {
                        "request".into()
                    } else {
                        key
                    });
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// Builds a `Value` like serde_json does, but notes the first key an object repeats
/// (serde_json keeps the last silently).
#[derive(Clone, Copy)]
struct Strict<'a> {
    duplicate: &'a RefCell<Option<String>>,
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("a number out of range"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(self)? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut fields = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if fields.contains_key(&key) {
                *self.duplicate.borrow_mut() = Some(key);
                return Err(A::Error::custom("a key given twice"));
            }
            let value = map.next_value_seed(self)?;
            fields.insert(key, value);
        }
        Ok(Value::Object(fields))
    }
}

pub(crate) fn take_str(m: &mut Map<String, Value>, key: &str) -> Result<Option<String>, OpError> {
    match m.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(OpError::invalid(key, Why::NotText)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(input: &str) -> Option<String> {
        match parse(input.as_bytes()) {
            Err(OpError::Invalid { field, .. }) => Some(field),
            _ => None,
        }
    }

    #[test]
    fn duplicate_keys_and_exponents_are_named() {
        assert_eq!(
            field_of(r#"{"amount": "5", "amount": "500"}"#).as_deref(),
            Some("amount")
        );
        assert_eq!(field_of(r#"{"a": {"b": 1, "b": 2}}"#).as_deref(), Some("b"));
        assert_eq!(
            field_of(r#"{"note": "1e3", "amount": 1e3}"#).as_deref(),
            Some("amount")
        );
        assert_eq!(
            field_of(r#"{"x": "a\"b:", "points": -2E1}"#).as_deref(),
            Some("points")
        );
        assert!(parse(br#"{"note": "1e3 \\", "amount": 12.5}"#).is_ok());
        assert!(parse(b"\xff\xfe").is_err());
    }
}
