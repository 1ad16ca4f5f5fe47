//! Fuzzing the config parser with proptest: any text, and the shipped config with bytes
//! changed, is parsed or refused with a message naming the file; never a panic.

use std::path::Path;

use proptest::prelude::*;

/// Cases per property: the number given, or `PROPTEST_CASES` for a longer campaign.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

const SHIPPED: &str = include_str!("../config.toml");

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(512), ..ProptestConfig::default() })]

    #[test]
    fn any_text_is_a_config_or_a_named_refusal(text in "\\PC{0,200}") {
        if let Err(e) = carddesk::config::parse(&text, Path::new("fuzz.toml")) {
            prop_assert!(e.to_string().contains("fuzz.toml"), "{e}");
        }
    }

    #[test]
    fn the_shipped_config_with_a_byte_changed_parses_or_is_refused(at in 0usize..SHIPPED.len(), with in any::<char>()) {
        let mut text: Vec<char> = SHIPPED.chars().collect();
        let at = at % text.len();
        text[at] = with;
        let text: String = text.into_iter().collect();
        if let Err(e) = carddesk::config::parse(&text, Path::new("config.toml")) {
            prop_assert!(e.to_string().contains("config.toml"), "{e}");
        }
    }
}
