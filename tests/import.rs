//! `carddesk import members`: the dry run names every bad row and writes nothing; the
//! real run is all or nothing; opening balances become journal entries; a clean
//! 100,000-row import succeeds (its time is printed, not asserted).

mod common;

use std::fmt::Write as _;
use std::time::Instant;

use common::{text, Site};

const HEADER: &str =
    "member_no,name,phone,gender,birthday,id_doc,card,code,tier,principal,bonus,points,notes\n";

fn journal_count(site: &Site) -> i64 {
    let conn = rusqlite::Connection::open(site.db()).unwrap();
    conn.query_row("SELECT count(*) FROM journal", [], |r| r.get(0))
        .unwrap_or(0)
}

fn import(site: &Site, file: &str, dry_run: bool, lang_en: bool) -> (i32, String) {
    site.ensure_book();
    let db = site.db();
    let mut args = vec!["--db", db.to_str().unwrap()];
    let config = site.path("en.toml");
    if lang_en {
        std::fs::write(&config, "[ui]\nlanguage = \"en\"\n").unwrap();
        args.extend(["--config", config.to_str().unwrap()]);
    }
    args.extend(["import", "members", file]);
    if dry_run {
        args.push("--dry-run");
    }
    let out = site.run(&args);
    (out.status.code().unwrap_or(-1), text(&out))
}

/// Good rows with five bad ones among them, each bad in a different way; the last is
/// only found when deciding (a card already given to an earlier row of the file).
fn mixed_csv() -> String {
    let mut s = String::from(HEADER);
    s += "OLD-1,张三,13800138000,男,1988-03-04,,04A1B2C3,,金卡,500.00,50,1200,老会员\n"; // line 2
    s += "OLD-2,李四,13900139000,female,,,,CD-2,,0,0,0,\n"; // 3
    s += "OLD-3,王五,12345,male,,,,,,0,0,0,\n"; // 4 bad phone
    s += "OLD-4,赵六,13700137000,unknown,,,,,,0,0,0,\n"; // 5 bad gender
    s += "OLD-5,Anna Smith,13600136000,f,1990/01/02,,,,,-5,0,0,\n"; // 6 negative principal
    s += "OLD-6,孙七,13500135000,,,,,,钻石,0,0,0,\n"; // 7 unknown tier
    s += "OLD-7,周八,13400134000,,,,,,,12.5,0,10,\n"; // 8 good
    s += "OLD-8,吴九,13300133000,,,,04:a1:b2:c3,,,0,0,0,\n"; // 9 card taken by line 2
    s
}

#[test]
fn dry_run_names_all_five_bad_rows_and_the_real_run_writes_nothing() {
    let site = Site::new();
    let file = site.path("members.csv");
    std::fs::write(&file, mixed_csv()).unwrap();
    let file = file.to_str().unwrap();
    let (code, out) = import(&site, file, true, false);
    assert_eq!(code, 2, "{out}");
    for (line, column) in [
        (4, "phone"),
        (5, "gender"),
        (6, "principal"),
        (7, "tier"),
        (9, "card"),
    ] {
        assert!(
            out.contains(&format!("第 {line} 行，{column} 列")),
            "line {line} not named:\n{out}"
        );
    }
    assert!(out.contains("共 5 行有问题，未写入任何内容"), "{out}");
    assert_eq!(
        out.lines().filter(|l| l.starts_with("第 ")).count(),
        5,
        "{out}"
    );
    assert_eq!(journal_count(&site), 0);

    let (code, out) = import(&site, file, false, true);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("line 9, column card: 04A1B2C3 is also on line 2"),
        "{out}"
    );
    assert!(out.contains("5 bad row(s); nothing was written"), "{out}");
    assert_eq!(journal_count(&site), 0, "the real run wrote something");
}

#[test]
fn clean_import_posts_members_credentials_and_opening_balances() {
    let site = Site::new();
    let file = site.path("members.csv");
    let good: String = mixed_csv()
        .lines()
        .enumerate()
        .filter(|(i, _)| ![3, 4, 5, 6, 8].contains(i))
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    std::fs::write(&file, good).unwrap();
    let (code, out) = import(&site, file.to_str().unwrap(), false, false);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("已导入 3 位会员，2 笔期初余额"), "{out}");
    // Found by the old member no. and by card; balances carried over exactly.
    let (_, found) = site.op("find_member", serde_json::json!({"query": "OLD-1"}));
    let m = &found["result"]["member"];
    assert_eq!(m["name"], "张三");
    assert_eq!(m["tier"], "金卡");
    let (_, by_card) = site.op("find_member", serde_json::json!({"query": "04a1b2c3"}));
    assert_eq!(by_card["result"]["member"]["member_no"], m["member_no"]);
    let (_, acc) = site.op("account", serde_json::json!({"member_no": m["member_no"]}));
    assert_eq!(acc["result"]["principal"], "500.00");
    assert_eq!(acc["result"]["bonus"], "50.00");
    assert_eq!(acc["result"]["points"], 1200);
    let (_, journal) = site.op(
        "member_journal",
        serde_json::json!({"member_no": m["member_no"]}),
    );
    assert_eq!(journal["result"][0]["kind"], "opening_balance", "{journal}");
    let (ok, report) = site.verify();
    assert!(ok, "{report}");
    // The same file again is refused, and writes nothing.
    let before = journal_count(&site);
    let (code, out) = import(&site, file.to_str().unwrap(), false, false);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("此文件已导入过"), "{out}");
    assert_eq!(journal_count(&site), before);
    // Exported members import into a new book unchanged.
    let export = site.path("export.csv");
    let out = site.run(&[
        "--db",
        site.db().to_str().unwrap(),
        "export",
        "members",
        export.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let other = Site::new();
    let (code, out) = import(&other, export.to_str().unwrap(), false, false);
    assert_eq!(code, 0, "{out}");
    let (_, acc) = other.op("find_member", serde_json::json!({"query": "13800138000"}));
    let (_, acc) = other.op(
        "account",
        serde_json::json!({"member_no": acc["result"]["member"]["member_no"]}),
    );
    assert_eq!(acc["result"]["principal"], "500.00");
}

#[test]
fn bad_header_and_gbk_file() {
    let site = Site::new();
    let file = site.path("bad.csv");
    std::fs::write(&file, "name,phone,shoe_size\n张三,13800138000,42\n").unwrap();
    let (code, out) = import(&site, file.to_str().unwrap(), true, false);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("第 1 行，shoe_size 列：不认识的列"), "{out}");
    // A spreadsheet's GBK export with Chinese headers.
    let (gbk, _, _) = encoding_rs::GBK.encode("姓名,手机,本金\n张三,13800138000,88.80\n");
    std::fs::write(&file, &gbk[..]).unwrap();
    let (code, out) = import(&site, file.to_str().unwrap(), false, false);
    assert_eq!(code, 0, "{out}");
    let (_, found) = site.op("find_member", serde_json::json!({"query": "13800138000"}));
    assert_eq!(found["result"]["member"]["name"], "张三");
}

#[test]
fn a_clean_100000_row_import_succeeds() {
    let site = Site::new();
    let file = site.path("big.csv");
    let mut s = String::with_capacity(12_000_000);
    s += HEADER;
    for i in 0..100_000u64 {
        let money = if i % 4 == 0 { "100.50,20,300" } else { ",," };
        let _ = writeln!(
            s,
            "OLD{i:06},会员{i},1{:010},{},1980-01-01,,{:08X},,,{money},",
            3_000_000_000u64 + i,
            if i % 2 == 0 { "女" } else { "男" },
            0x1000_0000u64 + i
        );
    }
    std::fs::write(&file, s).unwrap();
    let started = Instant::now();
    let (code, out) = import(&site, file.to_str().unwrap(), false, false);
    let took = started.elapsed();
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("已导入 100000 位会员，25000 笔期初余额"),
        "{out}"
    );
    eprintln!(
        "100,000-row import: {:.2} s (the command says: {})",
        took.as_secs_f64(),
        out.trim()
    );
    assert_eq!(journal_count(&site), 125_000);
}
