//! The integrator reads through the real binary on a real book: a member's statement
//! with running balances worked out by hand, entries found by bill and folio reference
//! with a reversal marked, and coupons in each of their states.

mod common;

use common::Site;
use serde_json::{json, Value};

fn ok(site: &Site, kind: &str, req: Value) -> Value {
    let (code, out) = site.op(kind, req);
    assert_eq!(code, 0, "{kind}: {out}");
    out["result"].clone()
}

fn refused(site: &Site, kind: &str, req: Value) -> Value {
    let (code, out) = site.op(kind, req);
    assert_eq!(code, 2, "{kind}: {out}");
    out["error"].clone()
}

/// (principal, bonus, points) as written in a result.
type Triple = (String, String, i64);

fn triple(v: &Value) -> Triple {
    (
        v["principal"].as_str().unwrap_or("?").to_string(),
        v["bonus"].as_str().unwrap_or("?").to_string(),
        v["points"].as_i64().unwrap_or(i64::MIN),
    )
}

fn t(p: &str, b: &str, pts: i64) -> Triple {
    (p.to_string(), b.to_string(), pts)
}

/// Rules of config.toml: top-up 500 earns 100 bonus; a stay earns 100 a night plus 1 a
/// yuan of room revenue; stored value pays bonus first; own money earns 1 point a yuan
/// at the rooms outlet; a reversal undoes its entry exactly.
#[test]
fn statement_and_references_carry_hand_worked_balances() {
    let site = Site::new();
    site.add_staff();
    let sup = json!({"id": "sup", "pin": "246813"});
    let reg = ok(
        &site,
        "register_member",
        json!({"op_id": "m1", "profile": {"name": "钱先生", "id_doc": "110101199003071234"}}),
    );
    let no = reg["member"]["member_no"].as_str().expect("no").to_string();
    let sv = |op_id: &str, amount: &str| {
        ok(
            &site,
            "top_up",
            json!({"op_id": op_id, "member_no": no, "amount": amount, "tender": "cash"}),
        )
    };
    sv("m2", "500");
    let stay = ok(
        &site,
        "post_stay",
        json!({"op_id": "m3", "member_no": no, "nights": 2, "room_revenue": "456.78", "folio_ref": "F-9001"}),
    );
    let pay = |op_id: &str, bill: &str, bill_ref: &str| {
        ok(
            &site,
            "checkout",
            json!({"op_id": op_id, "member_no": no, "bill": bill, "bill_ref": bill_ref,
                   "use_stored_value": true, "use_points": false, "tender": "cash"}),
        )
    };
    let b77 = pay("m4", "150.00", "B-77");
    let rev = ok(
        &site,
        "reverse",
        json!({"op_id": "m5", "entry_id": b77["entry_id"], "reason": "wrong bill", "supervisor": sup}),
    );
    sv("m6", "88.88");
    let b78 = pay("m7", "12.34", "B-78");

    let st = ok(&site, "member_statement", json!({"member_no": no}));
    let rows: Vec<(String, Triple, Triple)> = st["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap_or("?").to_string(),
                triple(&e["amounts"]),
                triple(&e["balance"]),
            )
        })
        .collect();
    let expected = vec![
        (
            "member_registered",
            t("0.00", "0.00", 0),
            t("0.00", "0.00", 0),
        ),
        (
            "topped_up",
            t("500.00", "100.00", 0),
            t("500.00", "100.00", 0),
        ),
        (
            "stay_posted",
            t("0.00", "0.00", 656),
            t("500.00", "100.00", 656),
        ),
        (
            "checked_out",
            t("-50.00", "-100.00", 50),
            t("450.00", "0.00", 706),
        ),
        (
            "reversed",
            t("50.00", "100.00", -50),
            t("500.00", "100.00", 656),
        ),
        (
            "topped_up",
            t("88.88", "0.00", 0),
            t("588.88", "100.00", 656),
        ),
        (
            "checked_out",
            t("0.00", "-12.34", 0),
            t("588.88", "87.66", 656),
        ),
    ];
    let expected: Vec<_> = expected
        .into_iter()
        .map(|(k, a, b)| (k.to_string(), a, b))
        .collect();
    assert_eq!(rows, expected, "{st}");
    assert_eq!(triple(&st["opening"]), t("0.00", "0.00", 0));
    assert_eq!(triple(&st["closing"]), t("588.88", "87.66", 656));
    assert_eq!(st["entries"][4]["reversal_of"], b77["entry_id"]);
    assert_eq!(st["entries"][6]["entry_id"], b78["entry_id"]);
    assert!(
        !st.to_string().contains("199003071234"),
        "no ID document in a cashier's statement: {st}"
    );
    let account = ok(&site, "account", json!({"member_no": no}));
    assert_eq!(
        triple(&st["closing"]),
        triple(&account),
        "closing = the book's balances"
    );

    // Business days: every entry was today, local time of the chain.
    let today = st["entries"][0]["time"].as_str().expect("time")[..10].to_string();
    let day = |d: &str, n: i64| -> String {
        let d: chrono::NaiveDate = d.parse().expect("day");
        (d + chrono::TimeDelta::days(n)).to_string()
    };
    let same = ok(
        &site,
        "member_statement",
        json!({"member_no": no, "from": today, "to": today}),
    );
    assert_eq!(same["entries"], st["entries"], "from and to are inclusive");
    let before = ok(
        &site,
        "member_statement",
        json!({"member_no": no, "to": day(&today, -1)}),
    );
    assert_eq!(before["entries"], json!([]));
    assert_eq!(triple(&before["closing"]), t("0.00", "0.00", 0));
    let after = ok(
        &site,
        "member_statement",
        json!({"member_no": no, "from": day(&today, 1)}),
    );
    assert_eq!(after["entries"], json!([]));
    assert_eq!(triple(&after["opening"]), t("588.88", "87.66", 656));
    let err = refused(
        &site,
        "member_statement",
        json!({"member_no": no, "from": today, "to": day(&today, -1)}),
    );
    assert_eq!(
        (err["code"].as_str(), err["field"].as_str()),
        (Some("invalid_input"), Some("to"))
    );
    assert!(
        err["message_en"]
            .as_str()
            .unwrap_or("")
            .contains("end date"),
        "{err}"
    );
    let err = refused(
        &site,
        "member_statement",
        json!({"member_no": no, "from": "30/11/2026"}),
    );
    assert!(
        err["message_en"]
            .as_str()
            .unwrap_or("")
            .contains("start date"),
        "{err}"
    );
    let err = refused(&site, "member_statement", json!({"member_no": "NOPE-1"}));
    assert_eq!(err["code"], "unknown_member");

    // By reference: the reversed checkout is marked, the stay is not.
    let found = ok(&site, "find_entries", json!({"bill_ref": "B-77"}));
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found}");
    assert_eq!(found[0]["entry_id"], b77["entry_id"]);
    assert_eq!(found[0]["member_no"], no.as_str());
    assert_eq!(found[0]["kind"], "checked_out");
    assert_eq!(triple(&found[0]["amounts"]), t("-50.00", "-100.00", 50));
    assert_eq!(found[0]["reversed"], true);
    assert_eq!(found[0]["reversed_by"], rev["entry_id"]);
    let b78_found = ok(&site, "find_entries", json!({"bill_ref": " B-78 "}));
    assert_eq!(b78_found[0]["reversed"], false);
    let folio = ok(&site, "find_entries", json!({"folio_ref": "F-9001"}));
    assert_eq!(folio[0]["entry_id"], stay["entry_id"]);
    assert_eq!(triple(&folio[0]["amounts"]), t("0.00", "0.00", 656));
    assert_eq!(folio[0]["reversed"], false);
    assert_eq!(
        ok(&site, "find_entries", json!({"folio_ref": "B-77"})),
        json!([])
    );
    let both = refused(
        &site,
        "find_entries",
        json!({"bill_ref": "B-77", "folio_ref": "F-9001"}),
    );
    assert_eq!(both["code"], "invalid_input");
    assert_eq!(
        refused(&site, "find_entries", json!({}))["field"],
        "bill_ref"
    );
}

/// The example config with the chain's clock at `offset` minutes east of UTC and a
/// one-day coupon template.
fn write_config(site: &Site, offset: i32) {
    let example = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.toml"))
        .expect("config.toml");
    let config = example.replacen(
        "utc_offset_minutes = 480",
        &format!("utc_offset_minutes = {offset}"),
        1,
    ) + "\n[[rules.coupon_templates]]\nid = \"oneday\"\nname = \"当日券\"\n\
           value = { kind = \"cash_off\", amount = 5 }\nvalid_days = 1\n";
    std::fs::write(site.path("config.toml"), config).expect("write config");
}

#[test]
fn coupon_status_names_each_state() {
    let site = Site::new();
    // Issued at UTC-12, read at UTC+14: the chain's date moves on by at least a day.
    write_config(&site, -720);
    site.add_staff();
    let sup = json!({"id": "sup", "pin": "246813"});
    let reg = ok(
        &site,
        "register_member",
        json!({"op_id": "m1", "profile": {"name": "孙女士"}}),
    );
    let no = reg["member"]["member_no"].as_str().expect("no").to_string();
    let issue = |op_id: &str, template: &str| -> (String, Value) {
        let r = ok(
            &site,
            "issue_coupon",
            json!({"op_id": op_id, "member_no": no, "template": template, "reason": "test", "supervisor": sup}),
        );
        let code = r["detail"]["effects"][0]["code"]
            .as_str()
            .expect("code")
            .to_string();
        (code, r["entry_id"].clone())
    };
    let (open, open_entry) = issue("c1", "cash20");
    let (used, _) = issue("c2", "cash20");
    let (void, _) = issue("c3", "cash20");
    let (short, _) = issue("c4", "oneday");
    let paid = ok(
        &site,
        "checkout",
        json!({"op_id": "k1", "member_no": no, "bill": "200", "bill_ref": "K-1",
               "coupons": [used], "use_points": false, "use_stored_value": false, "tender": "cash"}),
    );
    ok(
        &site,
        "void_coupon",
        json!({"op_id": "v1", "code": void, "reason": "test", "supervisor": sup}),
    );
    let issued_day = ok(&site, "coupon_status", json!({"code": short}));
    assert_eq!(issued_day["state"], "open", "{issued_day}");
    write_config(&site, 840);

    let s = ok(&site, "coupon_status", json!({"code": open}));
    assert_eq!(s["state"], "open", "{s}");
    assert_eq!(s["template"], "cash20");
    assert_eq!(
        s["value"],
        json!({"kind": "cash_off", "amount": "20"}),
        "{s}"
    );
    assert_eq!(s["member_no"], no.as_str());
    assert_eq!(s["issued_entry"], open_entry);
    assert_eq!(s["redeemed_entry"], Value::Null);
    let from: chrono::NaiveDate = s["valid_from"]
        .as_str()
        .expect("from")
        .parse()
        .expect("day");
    assert_eq!(
        s["valid_to"],
        (from + chrono::Days::new(89)).to_string(),
        "90 days"
    );

    // Typed in lower case with a dash: the same coupon.
    let typed = format!("{}-{}", &used[..4], &used[4..]).to_lowercase();
    let s = ok(&site, "coupon_status", json!({"code": typed}));
    assert_eq!(
        (s["code"].as_str(), s["state"].as_str()),
        (Some(used.as_str()), Some("redeemed"))
    );
    assert_eq!(s["redeemed_entry"], paid["entry_id"]);
    assert_eq!(
        ok(&site, "coupon_status", json!({"code": void}))["state"],
        "voided"
    );
    let s = ok(&site, "coupon_status", json!({"code": short}));
    assert_eq!(s["state"], "expired", "{s}");
    assert_eq!(s["valid_from"], s["valid_to"], "a one-day coupon");

    let mut mistyped = open.clone();
    let last = mistyped.pop().expect("check character");
    mistyped.push(if last == '0' { '1' } else { '0' });
    assert_eq!(
        refused(&site, "coupon_status", json!({"code": mistyped}))["code"],
        "coupon_mistyped"
    );
    // A well-formed code of another book is unknown here.
    let other = Site::new();
    other.add_staff();
    let r = ok(
        &other,
        "register_member",
        json!({"op_id": "x1", "profile": {"name": "李"}}),
    );
    let x = ok(
        &other,
        "issue_coupon",
        json!({"op_id": "x2", "member_no": r["member"]["member_no"], "template": "cash20", "reason": "t", "supervisor": sup}),
    );
    let foreign = x["detail"]["effects"][0]["code"].as_str().expect("code");
    let err = refused(&site, "coupon_status", json!({"code": foreign}));
    assert_eq!(err["code"], "coupon_unknown", "{err}");
}
