//! A member as the counter sees them, and what a search finds.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::entry::{CredentialKind, CredentialStatus};

/// A member as the counter sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Member {
    pub member_no: String,
    pub name: String,
    pub phone: Option<String>,
    pub gender: Option<String>,
    pub birthday: Option<String>,
    pub id_doc: Option<String>,
    pub tier: String,
    pub status: String,
    pub notes: String,
    pub outlet: String,
    pub referrer: Option<String>,
    pub registered_at: String,
    /// Consent to notices (SMS / WeChat): absent, not given either way (the configured
    /// default applies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notices: Option<bool>,
    pub credentials: Vec<HeldCredential>,
}

impl Member {
    pub fn is_frozen(&self) -> bool {
        self.status == "frozen"
    }

    /// The member as a cashier may see them: ID-document numbers masked (see
    /// [`mask_id`]); supervisors and admins see them whole.
    pub fn masked(mut self) -> Member {
        self.id_doc = self.id_doc.as_deref().map(mask_id);
        for c in &mut self.credentials {
            if c.kind == CredentialKind::IdDoc {
                c.value = mask_id(&c.value);
            }
        }
        self
    }
}

/// An ID-document number as a cashier sees it: the first 3 and last 4 characters (the
/// member screen's rule).
pub fn mask_id(v: &str) -> String {
    let chars: Vec<char> = v.chars().collect();
    if chars.len() <= 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct HeldCredential {
    pub kind: CredentialKind,
    pub value: String,
    pub status: CredentialStatus,
}

/// One line of a result list when several members match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MemberSummary {
    pub member_no: String,
    pub name: String,
    pub phone: Option<String>,
    pub tier: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "found", rename_all = "snake_case")]
pub enum Found {
    One { member: Box<Member> },
    Many { members: Vec<MemberSummary> },
}

/// Most a name or last-4 search lists; the counter narrows down from there.
pub const LIST_LIMIT: usize = 50;
