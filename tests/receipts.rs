//! Receipt bytes, exactly: fixed entries rendered at 58 mm and 80 mm are compared with
//! the golden ESC/POS files in tests/fixtures/receipts/ (GB18030 Chinese included).
//! To re-record after a deliberate layout change: UPDATE_GOLDEN=1 cargo test --test receipts
//! and look at the diff (`xxd`) before keeping it.

mod common;

use std::path::PathBuf;

use carddesk::receipts::{self, Balances, Width};
use carddesk_data::effects::Effect;
use carddesk_data::journal::{Entry, Header};
use carddesk_data::receipt::CheckoutLines;
use carddesk_data::{EntryBody, Lang, Member, Rules, Tender};
use rust_decimal_macros::dec;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/receipts")
        .join(name)
}

fn golden(name: &str, actual: &[u8]) {
    let path = fixture(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (record with UPDATE_GOLDEN=1)", path.display()));
    assert!(
        expected == actual,
        "{name} differs from the golden file:\nexpected {}\nactual   {}",
        hex(&expected),
        hex(actual)
    );
}

fn hex(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// 2026-11-23 19:05:00 at UTC+8, as an HLC.
const HLC: i64 = 1_795_431_900_000 << 16;

fn entry(body: EntryBody) -> Entry {
    Entry {
        terminal: "T01".into(),
        seq: 42,
        hlc: HLC,
        op_id: "pos-42".into(),
        header: Header {
            operator: "王小明".into(),
            outlet: "KTV".into(),
            member_no: Some("10000001".into()),
            reversal_of: None,
            offline: false,
        },
        kind: body.kind(),
        body: serde_json::to_string(&body).unwrap(),
        prev_hash: [0; 32],
        hash: [0; 32],
        sig: None,
    }
}

fn checkout() -> Entry {
    entry(EntryBody::CheckedOut {
        lines: CheckoutLines {
            bill: dec!(388.00),
            bill_ref: "RM-2088".into(),
            outlet: "KTV".into(),
            tier: "金卡".into(),
            tier_discount: dec!(38.80),
            coupon: Some("KE69SBN6KKKPNX".into()),
            coupon_off: dec!(20.00),
            points_used: 100,
            points_off: dec!(10.00),
            bonus_paid: dec!(100.00),
            principal_paid: dec!(200.00),
            tender: Tender::Cash,
            tender_paid: dec!(19.20),
            points_earned: 438,
            earn_multiplier: dec!(2),
            earn_brackets: None,
            promotions: vec![],
            coupons_issued: vec!["cash20".into()],
            occasions: vec![],
        },
        approved_by: None,
        effects: vec![Effect::CouponIssued {
            code: "7QW2M9XKD4HC5T".into(),
            template: "cash20".into(),
            valid_from: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            valid_to: chrono::NaiveDate::from_ymd_opt(2027, 2, 20).unwrap(),
        }],
    })
}

fn member() -> Member {
    Member {
        member_no: "10000001".into(),
        name: "欧阳娜娜".into(),
        phone: Some("13800138000".into()),
        gender: None,
        birthday: None,
        id_doc: None,
        tier: "金卡".into(),
        status: "active".into(),
        notes: String::new(),
        outlet: "KTV".into(),
        referrer: None,
        registered_at: "2026-01-01T00:00:00Z".into(),
        notices: None,
        credentials: vec![],
    }
}

fn balances() -> Balances {
    Balances {
        principal: dec!(1234.50),
        bonus: dec!(0.00),
        points: 5678,
    }
}

fn checkout_receipt() -> receipts::Receipt {
    receipts::build(
        &checkout(),
        Some(&member()),
        Some(&balances()),
        Lang::Zh,
        &Rules::default(),
    )
}

#[test]
fn checkout_receipt_bytes_at_58mm_are_exact() {
    golden(
        "checkout-58.bin",
        &receipts::escpos(&checkout_receipt(), Width::Mm58),
    );
}

#[test]
fn checkout_receipt_bytes_at_80mm_are_exact() {
    golden(
        "checkout-80.bin",
        &receipts::escpos(&checkout_receipt(), Width::Mm80),
    );
}

#[test]
fn plain_text_receipts_are_exact_at_both_widths() {
    golden(
        "checkout-58.txt",
        receipts::text(&checkout_receipt(), Width::Mm58).as_bytes(),
    );
    golden(
        "checkout-80.txt",
        receipts::text(&checkout_receipt(), Width::Mm80).as_bytes(),
    );
}

#[test]
fn top_up_receipt_in_english_is_exact() {
    let e = entry(EntryBody::ToppedUp {
        amount: dec!(500.00),
        bonus: dec!(100.00),
        tender: Tender::BankCard,
        effects: vec![],
    });
    let r = receipts::build(
        &e,
        Some(&member()),
        Some(&balances()),
        Lang::En,
        &Rules::default(),
    );
    golden("top-up-58-en.bin", &receipts::escpos(&r, Width::Mm58));
}

/// What the golden files must contain, checked independently of them.
#[test]
fn escpos_structure_gb18030_and_widths() {
    for width in [Width::Mm58, Width::Mm80] {
        let bytes = receipts::escpos(&checkout_receipt(), width);
        // ESC @ (init), FS & (Chinese mode), centre + bold title.
        assert_eq!(
            &bytes[..10],
            &[0x1B, 0x40, 0x1C, 0x26, 0x1B, 0x61, 1, 0x1B, 0x45, 1]
        );
        // ESC d 4 (feed), GS V 66 0 (cut).
        assert!(bytes.ends_with(&[0x1B, 0x64, 4, 0x1D, 0x56, 66, 0]));
        let (name, _, _) = encoding_rs::GB18030.encode("欧阳娜娜");
        assert!(bytes.windows(name.len()).any(|w| w == &name[..]));
        // Every printed line fits the paper: ASCII one column, GB multi-byte two.
        let body = &bytes[12..bytes.len() - 7];
        for line in body.split(|b| *b == b'\n') {
            let printable: Vec<u8> = strip_commands(line);
            let (text, _, bad) = encoding_rs::GB18030.decode(&printable);
            assert!(!bad, "undecodable line {:?}", hex(line));
            let cols: usize = text.chars().map(receipts::escpos::columns).sum();
            assert!(cols <= width.columns(), "{text:?} is {cols} columns");
        }
    }
}

fn strip_commands(line: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < line.len() {
        if line[i] == 0x1B {
            i += 3;
        } else {
            out.push(line[i]);
            i += 1;
        }
    }
    out
}

#[test]
fn control_characters_in_a_name_never_reach_the_printer() {
    let mut m = member();
    m.name = "张\u{1b}@三".into();
    let r = receipts::build(&checkout(), Some(&m), None, Lang::Zh, &Rules::default());
    let bytes = receipts::escpos(&r, Width::Mm58);
    let clean = receipts::build(
        &checkout(),
        Some(&member()),
        None,
        Lang::Zh,
        &Rules::default(),
    );
    let esc = |b: &[u8]| b.iter().filter(|x| **x == 0x1B).count();
    assert_eq!(
        esc(&bytes),
        esc(&receipts::escpos(&clean, Width::Mm58)),
        "{}",
        hex(&bytes)
    );
}

/// The real binary reprints from the journal, with the balances right after the entry.
#[test]
fn reprint_from_the_journal_shows_the_balances_after_that_entry() {
    let site = common::Site::new();
    let (code, out) = site.op(
        "register_member",
        serde_json::json!({"op_id": "r1", "profile": {"name": "张三", "phone": "13800138000"}}),
    );
    assert_eq!(code, 0, "{out}");
    let no = out["result"]["member"]["member_no"]
        .as_str()
        .unwrap()
        .to_string();
    for (i, amount) in ["500", "200"].iter().enumerate() {
        let (code, out) = site.op(
            "top_up",
            serde_json::json!({"op_id": format!("t{i}"), "member_no": no, "amount": amount}),
        );
        assert_eq!(code, 0, "{out}");
    }
    let db = site.db();
    let db = db.to_str().unwrap();
    // The first top-up's receipt: 500 + 100 bonus, not today's 700 + 120.
    let out = site.run(&["--db", db, "receipt", "T01-2", "--text"]);
    let text = common::text(&out);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("本金余额") && text.contains("500.00"),
        "{text}"
    );
    assert!(
        text.contains("赠送余额") && text.contains("100.00"),
        "{text}"
    );
    assert!(!text.contains("700.00"), "{text}");
    let file = site.path("r.bin");
    let out = site.run(&[
        "--db",
        db,
        "receipt",
        "T01-3",
        "--width",
        "80",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", common::text(&out));
    let bytes = common::file_bytes(&file);
    assert!(bytes.starts_with(&[0x1B, 0x40, 0x1C, 0x26]));
    let (balance, _, _) = encoding_rs::GB18030.encode("本金余额");
    assert!(bytes.windows(balance.len()).any(|w| w == &balance[..]));
    let out = site.run(&["--db", db, "receipt", "T01-99"]);
    assert!(!out.status.success());
    assert!(
        common::text(&out).contains("流水中没有这个单号"),
        "{}",
        common::text(&out)
    );
    let out = site.run(&["--db", db, "receipt", "T01-2", "--width", "76"]);
    assert!(!out.status.success());
}
