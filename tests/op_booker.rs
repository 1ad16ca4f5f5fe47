//! A stay booked by another member (代订, seed 001) through the real binary, on the
//! shipped config (`rules.stay.booker_share = 0.5`): `post_stay` with `booker` answers
//! with the share in its detail and the booker's entry as a follow-up, the booker's
//! account shows it, a reversal takes it back, and a refusal is in words.

mod common;

use common::Site;
use serde_json::{json, Value};

fn shipped_config(site: &Site) {
    let config = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.toml"))
        .expect("config.toml");
    assert!(config.contains("booker_share = 0.5"));
    std::fs::write(site.path("config.toml"), config).expect("write config");
}

fn ok(site: &Site, kind: &str, req: Value) -> Value {
    let (code, out) = site.op(kind, req);
    assert_eq!(code, 0, "{kind}: {out}");
    out["result"].clone()
}

fn register(site: &Site, op_id: &str, name: &str, phone: &str) -> String {
    let reg = ok(
        site,
        "register_member",
        json!({"op_id": op_id, "profile": {"name": name, "phone": phone}}),
    );
    reg["member"]["member_no"]
        .as_str()
        .expect("member no")
        .to_string()
}

#[test]
fn post_stay_with_a_booker_round_trips_through_carddesk_op() {
    let site = Site::new();
    shipped_config(&site);
    site.add_staff();
    let guest = register(&site, "b1", "沈三", "13700000083");
    let booker = register(&site, "b2", "韩四", "13700000084");
    // 3 nights (300) + 457.00 of revenue (457) = 757; half is 378.5 -> 378.
    let req = json!({"op_id": "b3", "member_no": guest, "nights": 3, "room_revenue": "457",
                     "folio_ref": "F-91", "booker": booker});
    let stay = ok(&site, "post_stay", req.clone());
    let d = &stay["detail"];
    assert_eq!(d["points"], 757, "{stay}");
    assert_eq!(d["booker"], booker.as_str());
    assert_eq!(d["booker_share"], "0.5");
    assert_eq!(d["booker_points"], 378);
    assert_eq!(
        stay["follow_ups"].as_array().map(Vec::len),
        Some(1),
        "{stay}"
    );
    // The same op id again is the first answer, and the booker earned once.
    let again = ok(&site, "post_stay", req);
    assert_eq!(again["entry_id"], stay["entry_id"]);
    let a = ok(&site, "account", json!({"member_no": booker}));
    assert_eq!(a["points"], 378);
    let journal = ok(&site, "member_journal", json!({"member_no": booker}));
    assert!(journal.to_string().contains("\"booking\""), "{journal}");

    let sup = json!({"id": "sup", "pin": "246813"});
    ok(
        &site,
        "reverse",
        json!({"op_id": "b4", "entry_id": stay["entry_id"], "reason": "订错房", "supervisor": sup}),
    );
    let a = ok(&site, "account", json!({"member_no": booker}));
    assert_eq!(a["points"], 0);
    let (clean, report) = site.verify();
    assert!(clean, "{report}");
}

#[test]
fn a_stay_naming_its_guest_as_booker_is_refused_in_words() {
    let site = Site::new();
    shipped_config(&site);
    let guest = register(&site, "c1", "杨五", "13700000085");
    let (code, out) = site.op(
        "post_stay",
        json!({"op_id": "c2", "member_no": guest, "nights": 1, "room_revenue": "0",
               "folio_ref": "F-92", "booker": guest}),
    );
    assert_eq!(code, 2, "{out}");
    let e = &out["error"];
    assert_eq!(e["code"], "invalid_input", "{e}");
    assert!(
        e["message_en"]
            .as_str()
            .is_some_and(|m| m.contains("the guest cannot be their own booker")),
        "{e}"
    );
    let a = ok(&site, "account", json!({"member_no": guest}));
    assert_eq!(a["points"], 0);
}
