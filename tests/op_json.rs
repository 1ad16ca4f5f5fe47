//! The scriptable surface: `carddesk op KIND`, JSON in and out, stable error codes.

mod common;

use common::Site;
use serde_json::json;

#[test]
fn a_member_goes_through_register_find_edit_freeze_bind_lost_replace() {
    let site = Site::new();
    let (code, reg) = site.op(
        "register_member",
        json!({"op_id": "pms-1", "operator": "front1", "profile": {"name": "张三", "phone": "13800138000", "gender": "male", "birthday": "1988-03-04"},
               "credentials": [{"kind": "card", "value": "04a1b2c3"}]}),
    );
    assert_eq!(code, 0, "{reg}");
    let no = reg["result"]["member"]["member_no"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(reg["result"]["member"]["tier"], "普通");

    let (_, found) = site.op("find_member", json!({"query": "8000"}));
    assert_eq!(found["result"]["found"], "one");
    assert_eq!(found["result"]["member"]["member_no"], no.as_str());

    let (code, edited) = site.op(
        "edit_member",
        json!({"op_id": "pms-2", "member_no": no, "changes": {"notes": "喜欢高楼层"}}),
    );
    assert_eq!(code, 0, "{edited}");
    assert_eq!(edited["result"]["member"]["notes"], "喜欢高楼层");

    let (code, bound) = site.op("bind_credential", json!({"op_id": "pms-3", "member_no": no, "credential": {"kind": "code", "value": "CD123456789012"}}));
    assert_eq!(code, 0, "{bound}");
    let (code, _) = site.op(
        "report_lost",
        json!({"op_id": "pms-4", "credential": {"kind": "card", "value": "04A1B2C3"}}),
    );
    assert_eq!(code, 0);
    let (code, lost) = site.op("find_member", json!({"query": "04A1B2C3"}));
    assert_eq!(code, 2);
    assert_eq!(lost["error"]["code"], "credential_lost");
    let (code, _) = site.op("replace_credential", json!({"op_id": "pms-5", "old": {"kind": "card", "value": "04A1B2C3"}, "new": {"kind": "card", "value": "04FFEE01"}}));
    assert_eq!(code, 0);
    let (_, found) = site.op("find_member", json!({"query": "04ffee01"}));
    assert_eq!(found["result"]["member"]["member_no"], no.as_str());

    let (code, refused) = site.op(
        "freeze_member",
        json!({"op_id": "pms-6", "member_no": no, "reason": "争议"}),
    );
    assert_eq!(
        (code, refused["error"]["code"].as_str()),
        (2, Some("needs_supervisor"))
    );
    site.add_staff();
    let (code, frozen) = site.op(
        "freeze_member",
        json!({"op_id": "pms-6", "member_no": no, "reason": "争议", "supervisor": {"id": "sup", "pin": "246813"}}),
    );
    assert_eq!(code, 0, "{frozen}");
    assert_eq!(frozen["result"]["member"]["status"], "frozen");

    let (_, journal) = site.op("member_journal", json!({"member_no": no}));
    let kinds: Vec<&str> = journal["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "member_frozen",
            "credential_replaced",
            "credential_lost",
            "credential_bound",
            "member_edited",
            "member_registered"
        ]
    );
    assert_eq!(journal["result"][5]["operator"], "front1");
    assert!(site.verify().0);
}

#[test]
fn a_retried_request_posts_once() {
    let site = Site::new();
    let req = json!({"op_id": "pos-77", "profile": {"name": "李四"}});
    let (_, a) = site.op("register_member", req.clone());
    let (code, b) = site.op("register_member", req);
    assert_eq!(code, 0);
    assert_eq!(a["result"]["entry_id"], b["result"]["entry_id"]);
    assert_eq!(b["result"]["replayed"], true);
    let (ok, out) = site.verify();
    assert!(ok && out.contains("journal entries: 1"), "{out}");
}

#[test]
fn refusals_carry_a_stable_code_and_a_message_and_exit_2() {
    let site = Site::new();
    for (kind, req, code) in [
        (
            "register_member",
            json!({"profile": {"name": ""}}),
            "invalid_input",
        ),
        (
            "register_member",
            json!({"profile": {"name": "A"}, "colour": "red"}),
            "invalid_input",
        ),
        ("show_member", json!({"member_no": "999"}), "unknown_member"),
        ("find_member", json!({"query": "nobody"}), "not_found"),
        (
            "freeze_member",
            json!({"member_no": "999", "reason": "x"}),
            "needs_supervisor",
        ),
    ] {
        let (exit, out) = site.op(kind, req);
        assert_eq!(exit, 2, "{kind}: {out}");
        assert_eq!(out["ok"], false);
        assert_eq!(out["error"]["code"], code, "{kind}: {out}");
        assert!(out["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
    }
    let (exit, out) = site.op("register_member", json!("not an object"));
    assert_eq!(exit, 2, "{out}");
    // An unknown kind is refused by the command line before the book is opened: exit
    // 2, the nearest kinds on stderr, nothing on stdout.
    let db = site.db();
    let out = site.run(&["--db", db.to_str().unwrap(), "op", "dance"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("register_member"));
}

#[test]
fn naming_a_staff_operator_without_their_pin_gives_no_rights() {
    let site = Site::new();
    site.add_staff();
    let (_, reg) = site.op(
        "register_member",
        json!({"op_id": "r", "profile": {"name": "王五"}}),
    );
    let no = reg["result"]["member"]["member_no"]
        .as_str()
        .unwrap()
        .to_string();
    let freeze = |extra: serde_json::Value| {
        let mut req = json!({"op_id": "f", "member_no": no, "reason": "x"});
        for (k, v) in extra.as_object().unwrap() {
            req[k] = v.clone();
        }
        site.op("freeze_member", req)
    };
    let (code, out) = freeze(json!({"operator": "sup"}));
    assert_eq!(
        (code, out["error"]["code"].as_str()),
        (2, Some("invalid_input")),
        "{out}"
    );
    let (code, out) = freeze(json!({"operator": "sup", "operator_pin": "0000"}));
    assert_eq!(
        (code, out["error"]["code"].as_str()),
        (2, Some("wrong_pin")),
        "{out}"
    );
    let (code, out) = freeze(json!({"operator": "sup", "operator_pin": "246813"}));
    assert_eq!(code, 0, "{out}");
    assert_eq!(out["result"]["member"]["status"], "frozen");
}
