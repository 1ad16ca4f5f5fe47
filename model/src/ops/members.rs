//! Registering and editing members and their credentials.

use crate::entry::{Credential, Profile, ProfilePatch};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ids::MemberNo;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterMember {
    /// Name (required), phone, gender, birthday, ID document, notes, referrer. The phone and the ID document are bound as credentials too.
    pub profile: Profile,
    /// A tier name from `rules.tiers`; the entry tier when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// Cards and codes to bind now. Phone and ID document come from the profile.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credentials: Vec<Credential>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditMember {
    /// The member's number (会员号).
    pub member_no: MemberNo,
    /// The profile fields to change; `""` clears an optional one.
    pub changes: ProfilePatch,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FreezeMember {
    /// The member's number (会员号).
    pub member_no: MemberNo,
    /// Why, in words; kept in the entry.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnfreezeMember {
    /// The member's number (会员号).
    pub member_no: MemberNo,
    /// Why, in words; kept in the entry.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BindCredential {
    /// The member's number (会员号).
    pub member_no: MemberNo,
    /// `{kind, value}`: a card UID, a code, a phone or an ID document.
    pub credential: Credential,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportLost {
    /// The credential reported lost: dead for good.
    pub credential: Credential,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplaceCredential {
    /// The lost or worn credential.
    pub old: Credential,
    /// Its replacement, bound to the same member.
    pub new: Credential,
    /// How the replacement fee (补卡费, `rules.card_sales.replacement_fee`) is paid;
    /// required when a fee is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tender: Option<crate::receipt::Tender>,
}
