//! Credentials (卡/凭证): what identifies a member at the counter, and how each kind is
//! written down so that a scan, a typed number and a card read find the same row.

use crate::why::Why;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::OpError;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CredentialKind {
    /// Chip card UID read over PC/SC (uppercase hex).
    Card,
    /// Printed barcode / QR / e-card code.
    Code,
    Phone,
    IdDoc,
}

impl CredentialKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CredentialKind::Card => "card",
            CredentialKind::Code => "code",
            CredentialKind::Phone => "phone",
            CredentialKind::IdDoc => "id_doc",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "card" => CredentialKind::Card,
            "code" => CredentialKind::Code,
            "phone" => CredentialKind::Phone,
            "id_doc" => CredentialKind::IdDoc,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    pub kind: CredentialKind,
    pub value: String,
}

impl Credential {
    pub fn new(kind: CredentialKind, value: impl Into<String>) -> Self {
        Credential {
            kind,
            value: value.into(),
        }
    }

    /// Canonical form, the one place every credential is written down (on binding and
    /// in every lookup): full-width characters from a Chinese IME folded to ASCII, then
    /// card UIDs are uppercase hex without separators, codes are trimmed, phones keep
    /// digits only, ID documents are uppercase without separators. Refuses what can't
    /// be one.
    pub fn normalized(&self) -> Result<Credential, OpError> {
        let folded = fold_width(&self.value);
        let v = folded.trim();
        let value = match self.kind {
            CredentialKind::Card => {
                let hex = without_separators(v);
                if hex.is_empty()
                    || !hex.len().is_multiple_of(2)
                    || !hex.chars().all(|c| c.is_ascii_hexdigit())
                {
                    return Err(OpError::invalid("card", Why::CardUid));
                }
                hex.to_ascii_uppercase()
            }
            CredentialKind::Code => {
                if v.is_empty() || v.len() > 128 || v.chars().any(|c| c.is_control()) {
                    return Err(OpError::invalid("code", Why::CodeForm));
                }
                v.to_string()
            }
            CredentialKind::Phone => normalize_phone(v)?,
            CredentialKind::IdDoc => {
                let v = without_separators(v);
                if v.len() < 4 || v.len() > 32 || !v.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return Err(OpError::invalid("id_doc", Why::IdDocForm));
                }
                v.to_ascii_uppercase()
            }
        };
        Ok(Credential {
            kind: self.kind,
            value,
        })
    }
}

/// Full-width ASCII (U+FF01..U+FF5E, as a Chinese IME types digits and letters) and the
/// ideographic space folded to their ASCII forms.
pub fn fold_width(v: &str) -> String {
    v.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// Drops the separators people type inside numbers: space, colon, dash.
fn without_separators(v: &str) -> String {
    v.chars()
        .filter(|c| !matches!(c, ' ' | ':' | '-'))
        .collect()
}

/// Every canonical form a typed or scanned `query` can have, one per kind it can be
/// (card, code, phone, ID document), for lookups that don't know the kind.
pub fn lookup_forms(query: &str) -> Vec<String> {
    let mut forms: Vec<String> = [
        CredentialKind::Card,
        CredentialKind::Code,
        CredentialKind::Phone,
        CredentialKind::IdDoc,
    ]
    .into_iter()
    .filter_map(|kind| Credential::new(kind, query).normalized().ok())
    .map(|c| c.value)
    .collect();
    forms.sort();
    forms.dedup();
    forms
}

pub fn normalize_phone(v: &str) -> Result<String, OpError> {
    let digits: String = fold_width(v)
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '+' | ':'))
        .collect();
    if digits.len() < 7 || digits.len() > 15 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(OpError::invalid("phone", Why::PhoneForm));
    }
    Ok(digits)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CredentialStatus {
    Active,
    Lost,
    /// Superseded by a newer credential of the same kind (a phone change).
    Replaced,
}

impl CredentialStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CredentialStatus::Active => "active",
            CredentialStatus::Lost => "lost",
            CredentialStatus::Replaced => "replaced",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "lost" => CredentialStatus::Lost,
            "replaced" => CredentialStatus::Replaced,
            _ => CredentialStatus::Active,
        }
    }
}

/// A credential state decided by an operation and carried in its entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CredentialChange {
    pub credential: Credential,
    pub status: CredentialStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(kind: CredentialKind, v: &str) -> Option<String> {
        Credential::new(kind, v).normalized().ok().map(|c| c.value)
    }

    #[test]
    fn separators_case_and_full_width_give_one_form() {
        for typed in [
            "04a1b2c3",
            "04:a1:b2:c3",
            "04 A1 b2 C3",
            "04-a1-b2-c3",
            "０４ａ１Ｂ２ｃ３",
            "０４：Ａ１：Ｂ２：Ｃ３",
        ] {
            assert_eq!(
                canon(CredentialKind::Card, typed).as_deref(),
                Some("04A1B2C3"),
                "{typed}"
            );
        }
        assert_eq!(
            canon(CredentialKind::Phone, "１３８ ００１３-８０００").as_deref(),
            Some("13800138000")
        );
        assert_eq!(
            canon(CredentialKind::IdDoc, "１１０１０１ 1990 0307 123x").as_deref(),
            Some("11010119900307123X")
        );
        assert!(lookup_forms("04:a1:b2:c3").contains(&"04A1B2C3".to_string()));
    }
}
