//! Every preview and posting screen at 80x24, in zh-CN and en, with box frames and in
//! ASCII mode, as the counter shows them: the keys go into the app, the real worker
//! answers from a real book (a fixed clock, the example rules). Coupon codes come from
//! a per-book secret, so the snapshots name them by the order they were first shown.
//! Esc from each of them posts nothing and goes home.

#[path = "common/counter.rs"]
mod counter;

use carddesk_data::rules::Rules;
use carddesk_data::{Actor, Book, Lang, ManualClock};
use carddesk_screens::{Catalog, Command, Options};
use chrono::TimeZone;
use counter::{add_staff, must, raise_overdraw, request, terminal, Counter};
use crossterm::event::KeyCode;
use serde_json::json;

/// The screens, each reached as an operator would.
const SCENARIOS: &[&str] = &[
    "top_up",
    "checkout",
    "checkout_done",
    "stay",
    "no_show",
    "reverse",
    "sell_count_card",
    "use_count_card",
    "issue_coupon",
    "redeem_coupon",
    "void_coupon",
    "refund",
    "adjust_points",
    "redeem_gift",
    "convert_points",
    "sell_card",
    "buy_tier",
    "open_shift",
    "close_shift",
    "shift_z",
    "add_operator",
    "operator_off",
    "operator_pin",
    "my_pin",
    "settle_conflict",
];

/// A member with a bit of everything: stored value, points, a count card, a free-item
/// coupon and a cash coupon; staff with the fixtures' names; the
/// checkout as the newest entry. A shift is open unless `shift` is false; `conflict`
/// adds the hub's overdraw of 40.00.
fn book(dir: &std::path::Path, shift: bool, conflict: bool, rules: &Rules) -> (Book, String) {
    let at = chrono::Utc.with_ymd_and_hms(2025, 3, 14, 1, 30, 0).single();
    let clock = ManualClock::new(must(at.ok_or("no such time"), "the clock"));
    let mut t = terminal();
    t.rules = rules.clone();
    let mut book = must(
        Book::create(&dir.join("book.db"), t, Box::new(clock)),
        "the book",
    );
    add_staff(&mut book, ["王经理", "赵主管", "李小红"]);
    let admin = Actor::new("admin", "rooms");
    let post = |book: &mut Book, id: &str, actor: &Actor, r: serde_json::Value| {
        must(book.execute(actor, id, &request(r)), id)
    };
    if shift {
        post(
            &mut book,
            "shift",
            &admin,
            json!({"op": "open_shift", "float": "200"}),
        );
    }
    let member = post(
        &mut book,
        "reg",
        &admin,
        json!({"op": "register_member", "profile": {
            "name": "欧阳秀英", "phone": "13812345678", "gender": "female",
            "birthday": "1988-03-04", "id_doc": "110101198803041234",
            "notes": "喜欢高楼层 quiet room"},
          "credentials": [{"kind": "code", "value": "CD000000000042"},
                          {"kind": "card", "value": "04A1B2C3"}]}),
    )
    .member
    .map(|m| m.member_no)
    .unwrap_or_default();
    let no = member.as_str();
    post(
        &mut book,
        "top",
        &admin,
        json!({"op": "top_up", "member_no": no, "amount": "1000"}),
    );
    post(
        &mut book,
        "card",
        &admin,
        json!({"op": "sell_count_card", "member_no": no, "package": "ktv10"}),
    );
    post(
        &mut book,
        "cpn",
        &admin,
        json!({"op": "issue_coupon", "member_no": no, "template": "free_fruit", "reason": "生日礼遇"}),
    );
    post(
        &mut book,
        "cash",
        &admin,
        json!({"op": "issue_coupon", "member_no": no, "template": "cash20", "reason": "生日礼遇"}),
    );
    post(
        &mut book,
        "pts",
        &admin,
        json!({"op": "adjust_points", "member_no": no, "points": 12000, "reason": "迁移"}),
    );
    if conflict {
        raise_overdraw(&mut book, no, rust_decimal::Decimal::new(40, 0));
    }
    let cashier = Actor::new("cashier1", "rooms");
    post(
        &mut book,
        "co",
        &cashier,
        json!({"op": "checkout", "member_no": no, "bill": "188", "bill_ref": "A-1", "use_stored_value": true}),
    );
    (book, member)
}

/// The example rules; cards for sale and a tier for points where a scenario sells or
/// buys one (seed 001: 银卡 for 300.00 or for 5000 points).
fn rules(name: &str) -> Rules {
    let mut rules = Rules::default();
    if matches!(name, "sell_card" | "buy_tier") {
        rules.card_sales.fees = [("银卡", 300), ("金卡", 500)]
            .into_iter()
            .map(|(t, fee)| (t.to_string(), rust_decimal::Decimal::from(fee)))
            .collect();
        if let Some(silver) = rules.tiers.iter_mut().find(|t| t.name == "银卡") {
            silver.tier_price = Some(5000);
        }
    }
    rules
}

fn counter(name: &str, lang: Lang, ascii: bool) -> (Counter, String) {
    let dir = must(tempfile::tempdir(), "temp dir");
    let rules = rules(name);
    let shift = name != "open_shift";
    let (book, member) = book(dir.path(), shift, name == "settle_conflict", &rules);
    let mut options = Options::new(lang, ascii, true);
    options.catalog = Catalog::from_rules(&rules);
    let c = Counter::new(book, dir, options);
    (c, member)
}

/// Presses Enter until the form asks the book for its preview.
fn preview(c: &mut Counter) {
    for _ in 0..6 {
        let sent = c.d.sent.len();
        c.key(KeyCode::Enter);
        if c.d.sent[sent..]
            .iter()
            .any(|cmd| matches!(cmd, Command::Quote { .. }))
        {
            return;
        }
    }
    panic!("no preview was asked for:\n{}", c.screen());
}

fn on_member(c: &mut Counter, member: &str) {
    c.log_in("admin", "999999");
    c.typed(member);
    c.key(KeyCode::Enter);
    assert_eq!(c.d.screen(), "member", "{}", c.screen());
}

/// A screen reached as an operator would, through the real worker.
fn scenario(name: &str, lang: Lang, ascii: bool) -> Counter {
    let (mut c, member) = counter(name, lang, ascii);
    let member = member.as_str();
    match name {
        "top_up" => {
            on_member(&mut c, member);
            c.key(KeyCode::F(4));
            c.typed("500");
            preview(&mut c);
        }
        "checkout" | "checkout_done" => {
            on_member(&mut c, member);
            let coupons = must(c.w.book().account(member), "account").coupons;
            let cash = coupons.iter().find(|k| k.template == "cash20");
            let coupon = cash.map(|k| k.code.clone()).unwrap_or_default();
            c.key(KeyCode::F(3));
            c.typed("188");
            c.key(KeyCode::Tab);
            c.typed("A-1024");
            c.key(KeyCode::Tab);
            c.typed(&coupon);
            preview(&mut c);
            if name == "checkout_done" {
                c.key(KeyCode::F(12));
            }
        }
        "stay" => {
            on_member(&mut c, member);
            c.key(KeyCode::F(5));
            c.typed("2");
            c.key(KeyCode::Tab);
            c.typed("736");
            c.key(KeyCode::Tab);
            c.typed("F-8812");
            preview(&mut c);
        }
        "no_show" => {
            on_member(&mut c, member);
            c.alt('n');
            c.typed("2");
            c.key(KeyCode::Tab);
            c.typed("B-4471");
            preview(&mut c);
        }
        "reverse" => {
            c.log_in("cashier1", "1357");
            c.key(KeyCode::F(5));
            c.typed("r");
            c.typed("顾客退单");
            c.key(KeyCode::Enter);
            c.approve("sup1", "246813");
        }
        "open_shift" | "close_shift" | "shift_z" => {
            c.log_in("admin", "999999");
            c.key(KeyCode::F(6));
            if name == "open_shift" {
                c.typed("o");
                c.typed("200");
            } else {
                c.typed("c");
                c.typed("1535");
            }
            preview(&mut c);
            if name == "shift_z" {
                c.key(KeyCode::F(12));
                c.key(KeyCode::Enter);
            }
        }
        "add_operator" | "operator_off" | "operator_pin" => {
            c.log_in("admin", "999999");
            c.key(KeyCode::F(8));
            match name {
                "add_operator" => {
                    c.typed("a");
                    for (i, t) in ["sup2", "赵主管", "246824", "246824"].iter().enumerate() {
                        if i > 0 {
                            c.key(KeyCode::Tab);
                        }
                        c.typed(t);
                    }
                    c.key(KeyCode::F(2));
                }
                "operator_off" => {
                    c.key(KeyCode::Down);
                    c.typed("z");
                }
                _ => {
                    c.key(KeyCode::Down);
                    c.typed("n");
                    c.typed("8642");
                    c.key(KeyCode::Tab);
                    c.typed("8642");
                }
            }
            preview(&mut c);
        }
        "my_pin" => {
            c.log_in("cashier1", "1357");
            c.key(KeyCode::F(9));
            c.typed("p");
            c.typed("1357");
            c.key(KeyCode::Tab);
            c.typed("1357");
            preview(&mut c);
        }
        "settle_conflict" => {
            c.log_in("admin", "999999");
            c.key(KeyCode::F(9));
            c.typed("c");
            c.typed("s");
            c.key(KeyCode::F(2));
            c.key(KeyCode::Tab);
            c.typed("顾客到店补缴");
            preview(&mut c);
        }
        task => {
            on_member(&mut c, member);
            member_task(&mut c, task);
            preview(&mut c);
        }
    }
    c
}

/// The member screen's tasks, as far as their preview.
fn member_task(c: &mut Counter, name: &str) {
    let (letter, typed): (char, &[&str]) = match name {
        "sell_count_card" => ('p', &[]),
        "use_count_card" => ('u', &[]),
        "issue_coupon" => ('g', &["生日礼遇"]),
        "redeem_coupon" => ('x', &[]),
        "void_coupon" => ('v', &["", "生日礼遇"]),
        "refund" => ('f', &["100", "顾客退卡"]),
        "adjust_points" => ('a', &["-500", "重复积分"]),
        "redeem_gift" => ('i', &[]),
        "convert_points" => ('o', &["400"]),
        "sell_card" => ('m', &[]),
        "buy_tier" => ('l', &[]),
        other => panic!("no scenario {other}"),
    };
    c.alt(letter);
    match name {
        // Bank card, and the third template (free fruit).
        "sell_count_card" => c.key(KeyCode::F(3)),
        // The first card sold (金卡), by bank card.
        "sell_card" => c.key(KeyCode::F(3)),
        "issue_coupon" => {
            c.key(KeyCode::F(2));
            c.key(KeyCode::F(2));
        }
        _ => {}
    }
    for (i, t) in typed.iter().enumerate() {
        if i > 0 {
            c.key(KeyCode::Tab);
        }
        c.typed(t);
    }
}

/// The screen, coupon codes named by the order they were first shown.
fn draw(c: &Counter) -> String {
    let mut text = c.screen();
    for (i, code) in c.codes.iter().enumerate() {
        text = text.replace(code.as_str(), &format!("CODE{:0>10}", i + 1));
    }
    text
}

/// ASCII mode may show CJK text (names, labels) but nothing else outside ASCII.
fn non_ascii_frame_chars(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| !c.is_ascii())
        .filter(|c| {
            let u = *c as u32;
            let cjk = (0x3000..=0x303F).contains(&u)
                || (0x3400..=0x9FFF).contains(&u)
                || (0xFF00..=0xFFEF).contains(&u);
            !cjk && !(0x00C0..=0x024F).contains(&u)
        })
        .collect()
}

#[test]
fn every_preview_and_posting_in_every_language_and_frame_style() {
    let variants = [
        ("zh", Lang::Zh, false),
        ("en", Lang::En, false),
        ("zh_ascii", Lang::Zh, true),
        ("en_ascii", Lang::En, true),
    ];
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for name in SCENARIOS {
            for (variant, lang, ascii) in variants {
                let text = draw(&scenario(name, lang, ascii));
                if ascii {
                    let bad = non_ascii_frame_chars(&text);
                    assert!(bad.is_empty(), "{name} {variant}: {bad:?}\n{text}");
                }
                insta::assert_snapshot!(format!("{name}__{variant}"), text);
            }
        }
    });
}

#[test]
fn esc_from_every_preview_posts_nothing_and_goes_home() {
    for name in SCENARIOS {
        let mut c = scenario(name, Lang::En, false);
        let entries = must(c.w.book().journal_page(None, 1000), "journal").len();
        for _ in 0..6 {
            c.key(KeyCode::Esc);
        }
        let after = must(c.w.book().journal_page(None, 1000), "journal").len();
        assert_eq!(after, entries, "Esc posted on {name}");
        assert!(!c.d.app.quitting(), "Esc quit on {name}");
        assert_eq!(c.d.screen(), "home", "Esc from {name}\n{}", c.screen());
    }
}

/// What a preview shows is what F12 then posts: the entry written is the one previewed,
/// and the numbers on the preview screen are the entry's.
#[test]
fn f12_posts_exactly_the_previewed_card_sale_tier_purchase_and_no_show() {
    let shows: &[(&str, &str, &[&str])] = &[
        ("sell_card", "card_sold", &["金卡", "500.00"]),
        ("buy_tier", "tier_changed", &["银卡", "5000"]),
        ("no_show", "no_show_posted", &["B-4471", "600"]),
    ];
    for (name, kind, words) in shows {
        let mut c = scenario(name, Lang::En, false);
        let shown = c.screen();
        for w in *words {
            assert!(shown.contains(w), "{name}: no {w} on the preview\n{shown}");
        }
        let previewed = c.previewed.clone();
        assert!(previewed.is_some(), "{name}: no preview");
        let before = must(c.w.book().journal_page(None, 1000), "journal").len();
        c.key(KeyCode::F(12));
        let entry = c.newest();
        assert_eq!(entry.kind.to_string(), *kind, "{name}\n{}", c.screen());
        let posted = must(entry.parsed_body(), "body");
        assert_eq!(
            Some(posted),
            previewed,
            "{name}: posted is not what was previewed"
        );
        let after = must(c.w.book().journal_page(None, 1000), "journal").len();
        assert!(after > before, "{name}: nothing posted");
    }
}
