//! A bad config names the file, the line and the key, exits non-zero, and never touches
//! the database.

mod common;

use common::{text, Site};

fn fails_naming(site: &Site, config: &str, expect: &[&str]) {
    let cfg = site.path("config.toml");
    std::fs::write(&cfg, config).unwrap();
    let out = site.run(&["--config", cfg.to_str().unwrap(), "verify"]);
    let msg = text(&out);
    assert!(!out.status.success(), "must fail: {msg}");
    for e in expect {
        assert!(msg.contains(e), "message should contain {e:?}: {msg}");
    }
    assert!(
        !site.path("carddesk.db").exists(),
        "the database must not be created"
    );
    assert!(!site.db().exists());
}

#[test]
fn a_missing_config_file_is_named() {
    let site = Site::new();
    let out = site.run(&["--config", "nowhere.toml", "verify"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("nowhere.toml: cannot read it"),
        "{}",
        text(&out)
    );
    assert!(!site.path("carddesk.db").exists());
}

#[test]
fn carddesk_config_env_is_used_and_a_missing_one_is_named() {
    let site = Site::new();
    let out = site
        .cmd()
        .env("CARDDESK_CONFIG", site.path("env.toml"))
        .arg("verify")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out).contains("env.toml: cannot read it"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_wrong_type_names_file_line_and_key() {
    let site = Site::new();
    fails_naming(
        &site,
        "[terminal]\nid = \"T01\"\n\n[ui]\nscan_gap_ms = \"fast\"\n",
        &["config.toml", "line 5", "ui.scan_gap_ms"],
    );
}

#[test]
fn an_unknown_key_names_file_line_and_key() {
    let site = Site::new();
    fails_naming(
        &site,
        "[terminal]\nid = \"T01\"\noutlett = \"rooms\"\n",
        &["config.toml", "line 3", "outlett"],
    );
}

#[test]
fn a_value_out_of_range_names_the_key() {
    let site = Site::new();
    fails_naming(
        &site,
        "[terminal]\nid = \"T 01\"\n",
        &["config.toml", "terminal.id"],
    );
}

#[test]
fn the_shipped_config_is_valid_and_db_overrides_its_path() {
    let site = Site::new();
    let shipped = concat!(env!("CARGO_MANIFEST_DIR"), "/config.toml");
    let run = |command| {
        site.run(&[
            "--config",
            shipped,
            "--db",
            site.db().to_str().unwrap(),
            command,
        ])
    };
    let out = run("init");
    assert!(out.status.success(), "{}", text(&out));
    assert!(site.db().exists());
    let out = run("verify");
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn the_shipped_rules_are_the_documented_defaults() {
    let shipped = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/config.toml"));
    let loaded = carddesk::config::load(Some(shipped)).expect("shipped config loads");
    assert_eq!(loaded.config.rules, carddesk_data::Rules::default());
}

#[test]
fn a_rule_naming_a_missing_coupon_template_stops_the_start() {
    let site = Site::new();
    let cfg = site.path("config.toml");
    std::fs::write(
        &cfg,
        "[[rules.coupon_rules]]\nmin_spend = 100\ntemplate = \"cash50\"\n",
    )
    .unwrap();
    let out = site.run(&["--config", cfg.to_str().unwrap(), "verify"]);
    assert!(!out.status.success());
    let msg = text(&out);
    assert!(
        msg.contains("rules.coupon_rules") && msg.contains("cash50"),
        "{msg}"
    );
    assert!(!site.db().exists(), "nothing is written on a bad config");
}

/// `[sync] scope = "group"` is refused in words without a hub, without its outlets,
/// with an outlet the rules do not have, or without this terminal's own outlet; and
/// `group_outlets` with the default scope.
#[test]
fn a_scope_is_checked_in_words() {
    let site = Site::new();
    let hub = "hub_url = \"https://10.0.0.5:7411\"\n";
    for (sync, key, words) in [
        (
            "scope = \"group\"\ngroup_outlets = [\"ktv\"]\n".to_string(),
            "sync.scope",
            "hub_url",
        ),
        (
            format!("{hub}scope = \"group\"\n"),
            "sync.group_outlets",
            "needs the group's outlets",
        ),
        (
            format!("{hub}scope = \"group\"\ngroup_outlets = [\"rooms\", \"spa\"]\n"),
            "sync.group_outlets",
            "\"spa\" is not an outlet",
        ),
        (
            format!("{hub}scope = \"group\"\ngroup_outlets = [\"ktv\"]\n"),
            "sync.group_outlets",
            "this terminal's own outlet",
        ),
        (
            format!("{hub}group_outlets = [\"rooms\"]\n"),
            "sync.group_outlets",
            "scope is \"chain\"",
        ),
    ] {
        fails_naming(
            &site,
            &format!("[terminal]\nid = \"T01\"\noutlet = \"rooms\"\n\n[sync]\n{sync}"),
            &["config.toml", key, words],
        );
    }
}

#[test]
fn a_bad_birthday_member_day_or_referral_rule_names_the_file_and_the_key() {
    let site = Site::new();
    for (config, key) in [
        (
            "[rules.birthday]\nwindow = \"week\"\n",
            "rules.birthday.window",
        ),
        (
            "[rules.birthday]\nwindow = \"month\"\ncoupon = \"cake\"\n",
            "rules.birthday coupon",
        ),
        (
            "[[rules.member_days]]\nname = \"会员日\"\ndays_of_month = [32]\n",
            "days_of_month",
        ),
        (
            "[[rules.member_days]]\nname = \"会员日\"\nweekdays = [3]\ndiscount_percent = 120\n",
            "discount_percent",
        ),
        ("[rules.referral]\npoints = -5\n", "rules.referral.points"),
        (
            "[rules.welcome]\ncoupon = \"cash50\"\n",
            "rules.welcome.coupon",
        ),
        (
            "[rules.bulk_coupons]\nmax_members = -1\n",
            "rules.bulk_coupons.max_members",
        ),
        ("[rules.bulk_coupons]\nmax = 10\n", "rules.bulk_coupons"),
        (
            "[rules.corporate]\npoints_per_night = -77\n",
            "rules.corporate.points_per_night",
        ),
        (
            "[rules.corporate]\nguest_points = \"guest\"\n",
            "guest_points",
        ),
    ] {
        fails_naming(&site, config, &["config.toml", key]);
    }
}

/// A tier or count card priced in points needs a price of at least one point, and the
/// first tier, where members start, is never bought.
#[test]
fn a_bad_points_price_of_a_tier_or_count_card_names_the_file_and_the_key() {
    let site = Site::new();
    let tiers = "[[rules.tiers]]\nname = \"普通\"\n[[rules.tiers]]\nname = \"银卡\"\n";
    for (config, key) in [
        (
            format!("{tiers}tier_price = 0\n"),
            "rules.tiers \"银卡\" tier_price: at least 1 point",
        ),
        (
            format!("{tiers}min_visits = 0\n"),
            "rules.tiers \"银卡\" min_visits: at least 1 visit",
        ),
        (
            "[[rules.tiers]]\nname = \"普通\"\ntier_price = 100\n".to_string(),
            "the first tier is where members start; it has no tier_price",
        ),
        (
            "[[rules.count_packages]]\nid = \"spa5\"\nname = \"SPA 5次\"\nservice = \"SPA\"\n\
             uses = 5\nprice = 500\nvalid_days = 90\npoints_price = -10\n"
                .to_string(),
            "rules.count_packages \"spa5\" points_price: at least 1 point",
        ),
    ] {
        fails_naming(&site, &config, &["config.toml", key]);
    }
}

#[test]
fn a_bad_card_sale_or_commission_rule_names_the_file_the_key_and_the_tier() {
    let site = Site::new();
    for (config, key, words) in [
        (
            "[rules.card_sales]\nfees = { \"钻石\" = 200 }\n",
            "rules.card_sales.fees",
            "钻石",
        ),
        (
            "[rules.card_sales]\nfees = { \"金卡\" = -1 }\n",
            "rules.card_sales.fees",
            "negative",
        ),
        (
            "[rules.card_sales]\nmin_first_top_up = -5\n",
            "rules.card_sales.min_first_top_up",
            "max_top_up",
        ),
        (
            "[rules.card_sales]\nfees = { \"金卡\" = 200 }\n[rules.commission]\ncard = { \"金卡\" = 300 }\n",
            "rules.commission.card",
            "at most the card's fee",
        ),
        (
            "[[rules.stored_value.tier_bonus]]\ntier = \"钻石\"\nbonus = []\n",
            "rules.stored_value.tier_bonus",
            "钻石",
        ),
        (
            "[rules.commission]\ntop_up_rate = 2\n",
            "rules.commission.top_up_rate",
            "0..1",
        ),
    ] {
        fails_naming(&site, config, &["config.toml", key, words]);
    }
}

#[test]
fn a_log_path_on_the_book_is_refused_and_the_book_is_untouched() {
    // A typo in [log] path naming the book: the log would append to it and rename it
    // away at the next day's first line.
    let site = Site::new();
    site.init();
    let before = common::file_bytes(&site.db());
    let cfg = site.path("config.toml");
    for log in ["book.db", "./book.db", "book.db-wal"] {
        std::fs::write(
            &cfg,
            format!("[database]\npath = \"book.db\"\n[log]\npath = \"{log}\"\n"),
        )
        .unwrap();
        let out = site.run(&["--config", cfg.to_str().unwrap(), "verify"]);
        let msg = text(&out);
        assert!(!out.status.success(), "{log}: must fail: {msg}");
        assert!(msg.contains("[log] path"), "{log}: names the key: {msg}");
        assert_eq!(
            common::file_bytes(&site.db()),
            before,
            "{log}: the book is untouched"
        );
    }
    // A log beside the book is fine, and so is one in a folder not made yet (the log
    // makes it: a fresh PC).
    for log in ["carddesk.log", "logs/carddesk.log"] {
        std::fs::write(
            &cfg,
            format!("[database]\npath = \"book.db\"\n[log]\npath = \"{log}\"\n"),
        )
        .unwrap();
        let out = site.run(&["--config", cfg.to_str().unwrap(), "verify"]);
        assert!(out.status.success(), "{log}: {}", text(&out));
    }
}
