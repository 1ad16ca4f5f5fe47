//! `[sync] scope`: what this terminal's book keeps. `"chain"` (the default): every
//! member. `"group"`: the members registered at the outlets of `group_outlets` (this
//! terminal's outlet among them), the members it follows (fetched from the hub on
//! lookup) and every entry that names no member; see docs/design.md, "Partial books".

use carddesk_data::partial::BookScope;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScopeName {
    #[default]
    Chain,
    Group,
}

/// What `[sync]` and `[terminal]` ask of the scope. The check takes this, not the whole
/// config, so that the config can call it without the two modules importing each other.
pub struct ScopeAsked<'a> {
    pub scope: ScopeName,
    pub group_outlets: &'a [String],
    /// Whether any hub is configured (`hub_url` or `hub_urls`).
    pub has_hub: bool,
    /// The ids of `[[rules.outlets]]`; empty when the rules name none.
    pub known_outlets: Vec<&'a str>,
    /// `[terminal] outlet`.
    pub own_outlet: &'a str,
}

/// The book's scope the config asks for.
pub fn book_scope(scope: ScopeName, group_outlets: &[String]) -> BookScope {
    match scope {
        ScopeName::Chain => BookScope::Chain,
        ScopeName::Group => {
            let mut outlets: Vec<String> =
                group_outlets.iter().map(|o| o.trim().to_string()).collect();
            outlets.sort();
            outlets.dedup();
            BookScope::Group { outlets }
        }
    }
}

/// The key at fault and what is wrong, in words.
pub fn validate(s: &ScopeAsked) -> Result<(), (&'static str, String)> {
    match s.scope {
        ScopeName::Chain if !s.group_outlets.is_empty() => Err((
            "sync.group_outlets",
            "names a group's outlets, but scope is \"chain\": set scope = \"group\" or remove group_outlets".into(),
        )),
        ScopeName::Chain => Ok(()),
        ScopeName::Group if !s.has_hub => Err((
            "sync.scope",
            "\"group\" keeps only part of the chain and fetches the rest from the hub: set hub_url or hub_urls".into(),
        )),
        ScopeName::Group if s.group_outlets.iter().all(|o| o.trim().is_empty()) => Err((
            "sync.group_outlets",
            "scope = \"group\" needs the group's outlets, e.g. [\"rooms\", \"restaurant\"]".into(),
        )),
        ScopeName::Group => {
            let known = &s.known_outlets;
            if let Some(o) = s
                .group_outlets
                .iter()
                .find(|o| !known.is_empty() && !known.contains(&o.trim()))
            {
                return Err((
                    "sync.group_outlets",
                    format!("{o:?} is not an outlet of [[rules.outlets]] ({})", known.join(", ")),
                ));
            }
            if !s.group_outlets.iter().any(|o| o.trim() == s.own_outlet) {
                return Err((
                    "sync.group_outlets",
                    format!(
                        "must include this terminal's own outlet {:?} ([terminal] outlet)",
                        s.own_outlet
                    ),
                ));
            }
            Ok(())
        }
    }
}
