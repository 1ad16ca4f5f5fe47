//! The operator's language. Its texts are in the catalogue, `text/<language>/`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// Every language the catalogue has.
    pub const ALL: &'static [Lang] = &[Lang::Zh, Lang::En];

    /// The language's name in config.toml (`zh-CN`, `en`), as serde spells it.
    pub fn config_name(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}
