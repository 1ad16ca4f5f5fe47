//! Business rules from config.toml's `[rules]`. The counter operations issue fills the
//! money rules in; here: tiers and member numbering.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    /// Tiers from lowest to highest. New members start in the first.
    pub tiers: Vec<Tier>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// The word on the screen and in the journal, e.g. "金卡".
    pub name: String,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            tiers: ["普通", "银卡", "金卡", "白金"]
                .into_iter()
                .map(|n| Tier {
                    name: n.to_string(),
                })
                .collect(),
        }
    }
}

impl Rules {
    pub fn entry_tier(&self) -> &str {
        self.tiers.first().map(|t| t.name.as_str()).unwrap_or("")
    }

    pub fn has_tier(&self, name: &str) -> bool {
        self.tiers.iter().any(|t| t.name == name)
    }

    /// A config-time check, so a bad rule stops the program at start, not at the till.
    pub fn validate(&self) -> Result<(), String> {
        if self.tiers.is_empty() {
            return Err("rules.tiers: at least one tier is needed".into());
        }
        let mut seen = std::collections::HashSet::new();
        for t in &self.tiers {
            if t.name.trim().is_empty() || !seen.insert(t.name.as_str()) {
                return Err(format!(
                    "rules.tiers: tier name {:?} is empty or repeated",
                    t.name
                ));
            }
        }
        Ok(())
    }
}
