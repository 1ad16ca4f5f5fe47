//! `[notices]` of config.toml: where and how `carddesk notify` delivers notices to
//! members, and their texts per language.

use std::collections::BTreeMap;

use carddesk_data::notices::NoticeKind;
use carddesk_data::Lang;
use serde::{Deserialize, Serialize};

#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NoticesConfig {
    /// Queue and deliver notices. Off: the outbox is still written (it is cheap and
    /// local) but `carddesk notify` sends nothing.
    pub enabled: bool,
    /// The HTTP webhook (SMS gateway or WeChat template-message relay) that gets one JSON
    /// POST per notice. It may carry a secret: it is never printed or logged.
    pub webhook_url: String,
    /// For an `https://` webhook: the hex SHA-256 of the only certificate it may show.
    pub webhook_cert_sha256: String,
    /// Each request, end to end.
    pub timeout_ms: u64,
    /// Tries per notice in one run, `backoff_ms` apart, doubling.
    pub attempts_per_run: u32,
    /// Tries in all before the notice is given up (status failed).
    pub max_attempts: u32,
    pub backoff_ms: u64,
    /// A member whose profile says neither yes nor no to notices gets them (true) or not.
    pub consent_default: bool,
    /// The language of the texts sent.
    pub language: Lang,
    /// The daily job queues a warning for points that expire within this many days
    /// (0: no warnings).
    pub expiry_warning_days: u32,
    /// Texts per language (`zh-CN`, `en`) and notice kind; `{name}`, `{member_no}`,
    /// `{points}`, `{stored_value}` are filled in.
    pub templates: BTreeMap<String, BTreeMap<String, String>>,
}

impl std::fmt::Debug for NoticesConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NoticesConfig")
            .field("enabled", &self.enabled)
            .field("webhook_url", &"(hidden)")
            .finish_non_exhaustive()
    }
}

impl Default for NoticesConfig {
    fn default() -> Self {
        NoticesConfig {
            enabled: false,
            webhook_url: String::new(),
            webhook_cert_sha256: String::new(),
            timeout_ms: 5_000,
            attempts_per_run: 3,
            max_attempts: 10,
            backoff_ms: 2_000,
            consent_default: false,
            language: Lang::Zh,
            expiry_warning_days: 7,
            templates: default_templates(),
        }
    }
}

fn default_templates() -> BTreeMap<String, BTreeMap<String, String>> {
    let zh = [
        (
            "registered",
            "{name}您好，您的会员卡（{member_no}）已开通。",
        ),
        (
            "topped_up",
            "{name}您好，充值成功，储值余额 {stored_value} 元。",
        ),
        (
            "checked_out",
            "{name}您好，本次消费已结算，积分 {points}，储值余额 {stored_value} 元。",
        ),
        ("redeemed", "{name}您好，兑换成功，剩余积分 {points}。"),
        (
            "points_expiring",
            "{name}您好，您有积分即将过期，当前积分 {points}。",
        ),
    ];
    let en = [
        (
            "registered",
            "Hello {name}, your membership ({member_no}) is open.",
        ),
        (
            "topped_up",
            "Hello {name}, top-up done; stored value {stored_value}.",
        ),
        (
            "checked_out",
            "Hello {name}, checkout done; points {points}, stored value {stored_value}.",
        ),
        (
            "redeemed",
            "Hello {name}, redemption done; points left {points}.",
        ),
        (
            "points_expiring",
            "Hello {name}, some of your points expire soon; points {points}.",
        ),
    ];
    let map = |t: &[(&str, &str)]| {
        t.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    BTreeMap::from([
        ("zh-CN".to_string(), map(&zh)),
        ("en".to_string(), map(&en)),
    ])
}

/// The language's key in `templates`.
pub fn lang_key(lang: Lang) -> &'static str {
    lang.config_name()
}

impl NoticesConfig {
    /// The text of a `kind` notice in the configured language.
    pub fn template(&self, kind: NoticeKind) -> Option<&str> {
        self.templates
            .get(lang_key(self.language))?
            .get(kind.word())
            .map(String::as_str)
    }
}

/// Checks `[notices]`: (key, what is wrong) on the first fault.
pub fn validate(c: &NoticesConfig) -> Result<(), (&'static str, String)> {
    let url = c.webhook_url.trim();
    if c.enabled && !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err((
            "notices.webhook_url",
            "with enabled = true, an http:// or https:// address".into(),
        ));
    }
    if !(100..=120_000).contains(&c.timeout_ms) {
        return Err(("notices.timeout_ms", "100 to 120000 milliseconds".into()));
    }
    if !(1..=10).contains(&c.attempts_per_run) {
        return Err(("notices.attempts_per_run", "1 to 10".into()));
    }
    if !(1..=100).contains(&c.max_attempts) {
        return Err(("notices.max_attempts", "1 to 100".into()));
    }
    if c.backoff_ms > 600_000 {
        return Err(("notices.backoff_ms", "0 to 600000 milliseconds".into()));
    }
    if c.expiry_warning_days > 365 {
        return Err(("notices.expiry_warning_days", "0 to 365 days".into()));
    }
    for (lang, texts) in &c.templates {
        if lang != "zh-CN" && lang != "en" {
            return Err(("notices.templates", format!("{lang:?} is not zh-CN or en")));
        }
        if let Some(k) = texts.keys().find(|k| NoticeKind::parse(k).is_none()) {
            let known: Vec<&str> = NoticeKind::ALL.iter().map(|k| k.word()).collect();
            return Err((
                "notices.templates",
                format!("{k:?} is not a notice kind ({})", known.join(", ")),
            ));
        }
    }
    if c.enabled {
        if let Some(k) = NoticeKind::ALL.iter().find(|k| c.template(**k).is_none()) {
            return Err((
                "notices.templates",
                format!("no {} text for {}", lang_key(c.language), k.word()),
            ));
        }
    }
    Ok(())
}
