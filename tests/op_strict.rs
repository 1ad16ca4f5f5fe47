//! `carddesk op` reads requests strictly and answers every kind: the real binary on a
//! real book, JSON in and out.

mod common;

use common::Site;
use serde_json::{json, Value};

fn ok(site: &Site, kind: &str, req: Value) -> Value {
    let (code, out) = site.op(kind, req);
    assert_eq!(code, 0, "{kind}: {out}");
    assert_eq!(out["ok"], true, "{kind}: {out}");
    out["result"].clone()
}

fn refusal(site: &Site, kind: &str, req: Value) -> Value {
    let (code, out) = site.op(kind, req);
    assert_eq!(code, 2, "{kind}: {out}");
    out["error"].clone()
}

fn journal_len(site: &Site, no: &str) -> usize {
    ok(site, "member_journal", json!({"member_no": no}))
        .as_array()
        .map(Vec::len)
        .unwrap_or(0)
}

fn member(site: &Site) -> String {
    let reg = ok(
        site,
        "register_member",
        json!({"op_id": "reg-1", "profile": {"name": "王五", "phone": "13900000001", "id_doc": "110101199003071234"}}),
    );
    reg["member"]["member_no"]
        .as_str()
        .expect("member no")
        .to_string()
}

#[test]
fn money_has_one_spelling_and_no_key_is_given_twice() {
    let site = Site::new();
    let no = member(&site);
    for (n, amount) in [
        json!("1e3"),
        json!("1E3"),
        json!(12.345),
        json!("12.345"),
        json!("+5"),
    ]
    .into_iter()
    .enumerate()
    {
        let e = refusal(
            &site,
            "top_up",
            json!({"op_id": format!("t{n}"), "member_no": no, "amount": amount}),
        );
        assert_eq!(e["code"], "invalid_input", "{amount}: {e}");
        assert_eq!(e["field"], "amount", "{amount}: {e}");
        assert!(
            e["message"].as_str().unwrap_or("").starts_with("金额"),
            "{e}"
        );
        assert!(
            !e["message"].as_str().unwrap_or("").contains("amount"),
            "{e}"
        );
    }
    let raw = format!(r#"{{"op_id": "t-exp", "member_no": "{no}", "amount": 1e3}}"#);
    let (code, out) = site.op_bytes("top_up", raw.as_bytes());
    assert_eq!(
        (code, out["error"]["field"].as_str()),
        (2, Some("amount")),
        "{out}"
    );
    let raw =
        format!(r#"{{"op_id": "t-dup", "member_no": "{no}", "amount": "5", "amount": "500"}}"#);
    let (code, out) = site.op_bytes("top_up", raw.as_bytes());
    assert_eq!(code, 2, "{out}");
    assert_eq!(out["error"]["code"], "invalid_input");
    assert_eq!(out["error"]["field"], "amount");
    assert!(
        out["error"]["message_en"]
            .as_str()
            .unwrap_or("")
            .contains("twice"),
        "{out}"
    );
    assert_eq!(journal_len(&site, &no), 1, "nothing was posted");
    // The accepted spellings post exactly.
    let top = ok(
        &site,
        "top_up",
        json!({"op_id": "t-ok", "member_no": no, "amount": 200.5}),
    );
    assert_eq!(top["account"]["principal"], "200.50");
    let (ok_, _) = site.verify();
    assert!(ok_);
}

#[test]
fn bytes_that_are_not_utf8_get_a_json_refusal() {
    let site = Site::new();
    member(&site);
    let (code, out) = site.op_bytes("find_member", b"{\"query\": \"\xff\xfe\"}");
    assert_eq!(code, 2, "{out}");
    assert_eq!(out["error"]["code"], "invalid_input");
    assert_eq!(out["error"]["field"], "request");
}

#[test]
fn a_pin_that_is_not_digits_is_invalid_and_never_counts() {
    let site = Site::new();
    site.add_staff();
    let no = member(&site);
    ok(
        &site,
        "top_up",
        json!({"op_id": "t1", "member_no": no, "amount": "100"}),
    );
    // The right PIN sent as a number, many times over the lockout threshold.
    for n in 0..8 {
        let e = refusal(
            &site,
            "refund_stored_value",
            json!({"op_id": format!("r{n}"), "member_no": no, "amount": "10", "reason": "退款",
                   "supervisor": {"id": "sup", "pin": 2468}}),
        );
        assert_eq!(e["code"], "invalid_input", "{e}");
        assert_eq!(e["field"], "pin", "{e}");
    }
    let e = refusal(
        &site,
        "account",
        json!({"member_no": no, "operator": "boss", "operator_pin": 9999}),
    );
    assert_eq!(e["code"], "invalid_input", "{e}");
    // Not locked out: the right PIN as a string still approves.
    let done = ok(
        &site,
        "refund_stored_value",
        json!({"op_id": "r-ok", "member_no": no, "amount": "10", "reason": "退款",
               "supervisor": {"id": "sup", "pin": "246813"}}),
    );
    assert_eq!(done["account"]["principal"], "90.00");
}

#[test]
fn reads_and_quotes_accept_the_envelope() {
    let site = Site::new();
    site.add_staff();
    let no = member(&site);
    let q = ok(
        &site,
        "quote_checkout",
        json!({"op_id": "pos-77", "operator": "pos", "member_no": no, "bill": "88", "bill_ref": "B-1"}),
    );
    assert_eq!(q["lines"]["tender_paid"], "88.00");
    // Money in output always has two decimals.
    assert_eq!(q["after"]["principal"], "0.00", "{q}");
    assert_eq!(q["before"]["bonus"], "0.00", "{q}");
    for kind in ["show_member", "account", "member_journal"] {
        ok(
            &site,
            kind,
            json!({"op_id": "x-1", "operator": "boss", "operator_pin": "999999", "member_no": no}),
        );
    }
    ok(&site, "find_member", json!({"op_id": "x-2", "query": no}));
    ok(&site, "shift_report", json!({"op_id": "x-3"}));
    ok(&site, "day_report", json!({"op_id": "x-4"}));
}

#[test]
fn a_cashier_sees_the_id_document_masked() {
    let site = Site::new();
    site.add_staff();
    ok(
        &site,
        "add_operator",
        json!({"op_id": "s3", "operator": "boss", "operator_pin": "999999",
        "operator_id": "c1", "name": "收银", "role": "cashier", "pin": "1357"}),
    );
    let no = member(&site);
    let cashier = json!({"member_no": no, "operator": "c1", "operator_pin": "1357"});
    let m = ok(&site, "show_member", cashier.clone());
    assert_eq!(m["id_doc"], "110***********1234", "{m}");
    let found = ok(
        &site,
        "find_member",
        json!({"query": no, "operator": "c1", "operator_pin": "1357"}),
    );
    assert_eq!(found["member"]["id_doc"], "110***********1234", "{found}");
    let journal = ok(&site, "member_journal", cashier).to_string();
    assert!(!journal.contains("110101199003071234"), "{journal}");
    let anon = ok(&site, "show_member", json!({"member_no": no}));
    assert_eq!(anon["id_doc"], "110***********1234");
    let sup = ok(
        &site,
        "show_member",
        json!({"member_no": no, "operator": "sup", "operator_pin": "246813"}),
    );
    assert_eq!(sup["id_doc"], "110101199003071234");
    // A posting's answer carries the member too: masked for the cashier as well.
    let edited = ok(
        &site,
        "edit_member",
        json!({"op_id": "mask-1", "member_no": no, "changes": {"notes": "VIP"},
               "operator": "c1", "operator_pin": "1357"}),
    );
    assert_eq!(edited["member"]["id_doc"], "110***********1234", "{edited}");
}

#[test]
fn a_folio_earns_stay_points_once_per_member() {
    let site = Site::new();
    let no = member(&site);
    let stay = |op_id: &str| json!({"op_id": op_id, "member_no": no, "nights": 2, "room_revenue": "300", "folio_ref": "F-9001"});
    let first = ok(&site, "post_stay", stay("pms-1"));
    let points = first["account"]["points"].as_i64().expect("points");
    assert!(points > 0);
    // The PMS retries with the same op id: the first answer, nothing more.
    let again = ok(&site, "post_stay", stay("pms-1"));
    assert_eq!(again["replayed"], true);
    // The same folio under a new op id is refused by name.
    let e = refusal(&site, "post_stay", stay("pms-2"));
    assert_eq!(e["code"], "duplicate_folio", "{e}");
    assert_eq!(e["field"], "folio_ref", "{e}");
    assert!(
        e["message"].as_str().unwrap_or("").contains("F-9001"),
        "{e}"
    );
    let a = ok(&site, "account", json!({"member_no": no}));
    assert_eq!(a["points"].as_i64(), Some(points));
}

#[test]
fn a_set_payment_pin_needs_the_old_pin_or_a_supervisor() {
    let site = Site::new();
    site.add_staff();
    let no = member(&site);
    // The first PIN: the member sets it.
    ok(
        &site,
        "set_payment_pin",
        json!({"op_id": "p1", "member_no": no, "pin": "1357"}),
    );
    // Replacing it with neither the old PIN nor a supervisor is refused.
    let e = refusal(
        &site,
        "set_payment_pin",
        json!({"op_id": "p2", "member_no": no, "pin": "0000"}),
    );
    assert_eq!(e["code"], "needs_supervisor", "{e}");
    let e = refusal(
        &site,
        "set_payment_pin",
        json!({"op_id": "p3", "member_no": no, "pin": "0000", "old_pin": "999999"}),
    );
    assert_eq!(e["code"], "wrong_pin", "{e}");
    ok(
        &site,
        "set_payment_pin",
        json!({"op_id": "p4", "member_no": no, "pin": "2222", "old_pin": "1357"}),
    );
    ok(
        &site,
        "set_payment_pin",
        json!({"op_id": "p5", "member_no": no, "pin": "3333", "supervisor": {"id": "sup", "pin": "246813"}}),
    );
    let journal = ok(&site, "member_journal", json!({"member_no": no}));
    let set: Vec<&Value> = journal
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["kind"] == "payment_pin_set")
        .collect();
    assert_eq!(set.len(), 3);
    assert_eq!(set[0]["body"]["approved_by"], "sup", "{journal}");
    // No answer hands out a PIN hash: not the journal, not the posting's own reply.
    assert!(!journal.to_string().contains("pin_hash"), "{journal}");
    assert!(!journal.to_string().contains("$argon2"), "{journal}");
    let (_, out) = site.op(
        "set_payment_pin",
        json!({"op_id": "p6", "member_no": no, "pin": "4444", "old_pin": "3333"}),
    );
    assert_eq!(out["ok"], true, "{out}");
    assert!(!out.to_string().contains("pin_hash"), "{out}");
    assert!(!out.to_string().contains("$argon2"), "{out}");
}

#[test]
fn credentials_typed_with_separators_or_full_width_are_found() {
    let site = Site::new();
    let reg = ok(
        &site,
        "register_member",
        json!({"op_id": "c-1", "profile": {"name": "周九", "phone": "１３９ ００００ ０２２２"},
               "credentials": [{"kind": "card", "value": "04 a1 b2 c3"}]}),
    );
    let no = reg["member"]["member_no"].as_str().expect("no").to_string();
    for typed in [
        "04:a1:b2:c3",
        "04 A1 B2 C3",
        "０４ａ１ｂ２ｃ３",
        "13900000222",
        "139-0000-0222",
    ] {
        let found = ok(&site, "find_member", json!({"query": typed}));
        assert_eq!(
            found["member"]["member_no"],
            no.as_str(),
            "{typed}: {found}"
        );
    }
    ok(
        &site,
        "report_lost",
        json!({"op_id": "c-2", "credential": {"kind": "card", "value": "04-A1-B2-C3"}}),
    );
    for typed in ["04:a1:b2:c3", "04 a1 b2 c3", "０４Ａ１Ｂ２Ｃ３"] {
        let e = refusal(&site, "find_member", json!({"query": typed}));
        assert_eq!(e["code"], "credential_lost", "{typed}: {e}");
    }
}

/// True when a zh-CN message carries an English word (ids such as T01-15 are upper
/// case and digits, so lower-case Latin runs are the English that leaked).
fn has_english(message: &str) -> bool {
    message
        .as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_lowercase())
}

#[test]
fn a_zh_refusal_is_wholly_in_chinese() {
    let site = Site::new();
    site.add_staff();
    let no = member(&site);
    let first = ok(
        &site,
        "checkout",
        json!({"op_id": "b1", "member_no": no, "bill": "150", "bill_ref": "B-1"}),
    );
    let code = first["detail"]["effects"]
        .as_array()
        .and_then(|es| es.iter().find_map(|e| e["code"].as_str()))
        .expect("a coupon issued by rule")
        .to_string();
    ok(
        &site,
        "checkout",
        json!({"op_id": "b2", "member_no": no, "bill": "120", "bill_ref": "B-2", "coupons": [code]}),
    );
    let e = refusal(
        &site,
        "reverse",
        json!({"op_id": "b3", "entry_id": first["entry_id"], "reason": "录错", "supervisor": {"id": "sup", "pin": "246813"}}),
    );
    assert_eq!(e["code"], "not_reversible", "{e}");
    let zh = e["message"].as_str().unwrap_or_default();
    assert!(!has_english(zh), "{zh}");
    assert!(
        e["message_en"]
            .as_str()
            .unwrap_or_default()
            .contains("coupon"),
        "{e}"
    );
    let e = refusal(
        &site,
        "redeem_gift",
        json!({"op_id": "b4", "member_no": no, "gift": "游艇"}),
    );
    assert!(
        !has_english(e["message"].as_str().unwrap_or_default()),
        "{e}"
    );
    let e = refusal(
        &site,
        "top_up",
        json!({"op_id": "b5", "member_no": no, "amount": "5", "bogus": 1}),
    );
    assert_eq!(e["field"], "bogus", "{e}");
}
