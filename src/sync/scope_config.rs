//! `[sync] scope`: what this terminal's book keeps. `"chain"` (the default): every
//! member. `"group"`: the members registered at the outlets of `group_outlets` (this
//! terminal's outlet among them), the members it follows (fetched from the hub on
//! lookup) and every entry that names no member; see docs/design.md, "Partial books".

use carddesk_data::partial::BookScope;
use serde::{Deserialize, Serialize};

use crate::config::Config;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScopeName {
    #[default]
    Chain,
    Group,
}

/// The book's scope the config asks for.
pub fn book_scope(c: &Config) -> BookScope {
    match c.sync.scope {
        ScopeName::Chain => BookScope::Chain,
        ScopeName::Group => {
            let mut outlets: Vec<String> = c
                .sync
                .group_outlets
                .iter()
                .map(|o| o.trim().to_string())
                .collect();
            outlets.sort();
            outlets.dedup();
            BookScope::Group { outlets }
        }
    }
}

/// The key at fault and what is wrong, in words.
pub fn validate(c: &Config) -> Result<(), (&'static str, String)> {
    let s = &c.sync;
    match s.scope {
        ScopeName::Chain if !s.group_outlets.is_empty() => Err((
            "sync.group_outlets",
            "names a group's outlets, but scope is \"chain\": set scope = \"group\" or remove group_outlets".into(),
        )),
        ScopeName::Chain => Ok(()),
        ScopeName::Group if s.hubs().is_empty() => Err((
            "sync.scope",
            "\"group\" keeps only part of the chain and fetches the rest from the hub: set hub_url or hub_urls".into(),
        )),
        ScopeName::Group if s.group_outlets.iter().all(|o| o.trim().is_empty()) => Err((
            "sync.group_outlets",
            "scope = \"group\" needs the group's outlets, e.g. [\"rooms\", \"restaurant\"]".into(),
        )),
        ScopeName::Group => {
            let known: Vec<&str> = c.rules.outlets.iter().map(|o| o.id.as_str()).collect();
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
            if !s.group_outlets.iter().any(|o| o.trim() == c.terminal.outlet) {
                return Err((
                    "sync.group_outlets",
                    format!(
                        "must include this terminal's own outlet {:?} ([terminal] outlet)",
                        c.terminal.outlet
                    ),
                ));
            }
            Ok(())
        }
    }
}
