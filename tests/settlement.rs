//! `carddesk report settlement` (店间结算) on a real book. The book is written through the
//! data crate with a manual clock (entries on three local days, at three outlets), then
//! the real binary reports on it. One member:
//! - 2026-09-21: tops up 500 at rooms (bonus 100) and 150 at ktv; pays 90.00 cash at
//!   rooms (90 points, a lot issued at rooms).
//! - 2026-09-22: spends 300 of stored value at the restaurant (bonus first: 100 bonus +
//!   200 principal, all taken in at rooms); pays 10.00 of a ktv bill with 100 points
//!   (the 90-point rooms lot expires first, then 10 from the restaurant's); 100 principal
//!   is refunded at ktv (FIFO: still rooms' money).
//! - 2026-09-23: spends 350 at the restaurant (rooms' last 200 + 150 of ktv's), which a
//!   supervisor reverses at rooms; then spends 250 (the value given back is spent again
//!   in the same order: rooms 200, ktv 50).

mod common;

use carddesk_data::ops::{
    AddOperator, Checkout, RefundStoredValue, RegisterMember, Reverse, TopUp,
};
use carddesk_data::{Actor, Book, ManualClock, Profile, Request, Role, Rules, Terminal};
use chrono::{DateTime, Duration, TimeZone, Utc};
use common::{text, Site};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// Local (UTC+8) wall time on a day of September 2026.
fn at(day: u32, hour: u32) -> DateTime<Utc> {
    chrono::FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 9, day, hour, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
}

struct Scenario {
    book: Book,
    clock: ManualClock,
    n: u32,
}

impl Scenario {
    fn run(&mut self, who: &str, outlet: &str, req: Request) -> carddesk_data::Outcome {
        self.n += 1;
        self.clock.advance(Duration::minutes(1));
        self.book
            .execute(&Actor::new(who, outlet), &format!("s-{}", self.n), &req)
            .unwrap_or_else(|e| panic!("{req:?}: {e}"))
    }
}

fn build(site: &Site) {
    let clock = ManualClock::new(at(21, 9));
    // The same terminal and rules as the binary's built-in configuration.
    let terminal = Terminal {
        id: "T01".into(),
        outlet: "rooms".into(),
        member_prefix: "1".into(),
        rules: Rules::default(),
    };
    let book = Book::create(&site.db(), terminal, Box::new(clock.clone())).expect("open book");
    let mut s = Scenario { book, clock, n: 0 };
    for (by, id, role) in [
        ("setup", "boss", Role::Admin),
        ("boss", "sup", Role::Supervisor),
    ] {
        let req = Request::AddOperator(AddOperator {
            operator_id: id.into(),
            name: id.into(),
            role,
            pin: "246813".into(),
        });
        s.run(by, "rooms", req);
    }
    let register = Request::RegisterMember(RegisterMember {
        profile: Profile {
            name: "张三".into(),
            ..Default::default()
        },
        tier: None,
        credentials: vec![],
    });
    let m = s.run("op", "rooms", register).member.unwrap().member_no;
    let top_up = |amount: Decimal| {
        Request::TopUp(TopUp {
            member_no: m.clone().into(),
            amount,
            tender: Default::default(),
        })
    };
    let pay = |bill: Decimal, points: bool| {
        Request::Checkout(Checkout {
            member_no: m.clone().into(),
            bill,
            bill_ref: "B".into(),
            coupons: vec![],
            use_points: points,
            use_stored_value: !points,
            max_points: None,
            max_stored_value: None,
            tender: Default::default(),
            pin: None,
        })
    };

    s.run("op", "rooms", top_up(dec!(500)));
    s.run("op", "ktv", top_up(dec!(150)));
    let cash = s.run("op", "rooms", pay(dec!(90), true));
    assert_eq!(cash.account.unwrap().points, 90);

    s.clock.set(at(22, 10));
    let spend = s.run("op", "restaurant", pay(dec!(300), false));
    let acc = spend.account.unwrap();
    assert_eq!((acc.principal, acc.bonus), (dec!(450), dec!(0)));
    let ktv = s.run("op", "ktv", pay(dec!(20), true));
    assert_eq!(ktv.account.unwrap().points, 90 + 200 - 100 + 20);
    let refund = Request::RefundStoredValue(RefundStoredValue {
        member_no: m.clone().into(),
        amount: dec!(100),
        tender: Default::default(),
        reason: "moving away".into(),
    });
    s.run("sup", "ktv", refund);

    s.clock.set(at(23, 10));
    let wrong = s.run("op", "restaurant", pay(dec!(350), false)).entry_id;
    let reverse = Request::Reverse(Reverse {
        entry_id: wrong,
        reason: "wrong bill".into(),
    });
    s.run("sup", "rooms", reverse);
    let last = s.run("op", "restaurant", pay(dec!(250), false));
    assert_eq!(last.account.unwrap().principal, dec!(100));
    let report = s.book.verify().expect("verify");
    assert!(report.is_clean(), "{report:?}");
}

fn report(site: &Site, args: &[&str]) -> String {
    let db = site.db();
    let mut all = vec!["--db", db.to_str().unwrap(), "report", "settlement"];
    all.extend(args);
    let out = site.run(&all);
    assert!(out.status.success(), "{args:?}: {}", text(&out));
    String::from_utf8(out.stdout).unwrap()
}

/// CSV rows as `line,from,to,principal,bonus,refunded,total,points`.
fn csv_rows(site: &Site, args: &[&str]) -> Vec<String> {
    let mut args = args.to_vec();
    args.push("--csv");
    let out = report(site, &args);
    let mut lines = out.lines().map(str::to_string);
    assert_eq!(
        lines.next().unwrap(),
        "line,from_outlet,to_outlet,principal,bonus,refunded,total,points"
    );
    lines.collect()
}

fn window(from: &str, to: &str) -> [String; 4] {
    ["--from".into(), from.into(), "--to".into(), to.into()]
}

fn rows(site: &Site, w: &[String; 4], extra: &[&str]) -> Vec<String> {
    let mut args: Vec<&str> = w.iter().map(String::as_str).collect();
    args.extend(extra);
    csv_rows(site, &args)
}

#[test]
fn settlement_pairs_fifo_points_refunds_reversal_and_windows() {
    let site = Site::new();
    build(&site);

    // Day 21: value taken in and used only at rooms: nothing to settle.
    assert!(rows(&site, &window("2026-09-21", "2026-09-21"), &[]).is_empty());

    let d22 = rows(&site, &window("2026-09-22", "2026-09-22"), &[]);
    assert_eq!(
        d22,
        [
            "pair,restaurant,ktv,0.00,0.00,0.00,0.00,10",
            "pair,rooms,ktv,0.00,0.00,100.00,100.00,90",
            "pair,rooms,restaurant,200.00,100.00,0.00,300.00,0",
            "net,restaurant,ktv,0.00,0.00,0.00,0.00,10",
            "net,rooms,ktv,0.00,0.00,100.00,100.00,90",
            "net,rooms,restaurant,200.00,100.00,0.00,300.00,0",
        ]
    );

    // The 350 and its reversal cancel; the 250 after it takes rooms' 200 first.
    let d23 = rows(&site, &window("2026-09-23", "2026-09-23"), &[]);
    assert_eq!(
        d23,
        [
            "pair,ktv,restaurant,50.00,0.00,0.00,50.00,0",
            "pair,rooms,restaurant,200.00,0.00,0.00,200.00,0",
            "net,ktv,restaurant,50.00,0.00,0.00,50.00,0",
            "net,rooms,restaurant,200.00,0.00,0.00,200.00,0",
        ]
    );

    // Both days, only lines that involve ktv: ktv owes the restaurant 50.00 and is owed
    // 100.00 by rooms; the points go to ktv.
    let ktv = rows(
        &site,
        &window("2026-09-21", "2026-09-23"),
        &["--outlet", "ktv"],
    );
    assert_eq!(
        ktv,
        [
            "pair,ktv,restaurant,50.00,0.00,0.00,50.00,0",
            "pair,restaurant,ktv,0.00,0.00,0.00,0.00,10",
            "pair,rooms,ktv,0.00,0.00,100.00,100.00,90",
            "net,ktv,restaurant,50.00,0.00,0.00,50.00,-10",
            "net,rooms,ktv,0.00,0.00,100.00,100.00,90",
        ]
    );

    // A window before anything happened.
    assert!(rows(&site, &window("2026-09-01", "2026-09-20"), &[]).is_empty());
}

#[test]
fn settlement_table_is_aligned_with_headers_in_the_language() {
    let site = Site::new();
    build(&site);
    let w = window("2026-09-22", "2026-09-22");
    let args: Vec<&str> = w.iter().map(String::as_str).collect();
    let out = report(&site, &args);
    let mut lines = out.lines();
    let header = lines.next().unwrap();
    for h in [
        "类型",
        "收入门店",
        "使用门店",
        "本金",
        "赠送",
        "退款",
        "应付金额",
        "积分",
    ] {
        assert!(header.contains(h), "{header}");
    }
    assert!(lines.next().unwrap().starts_with("----"));
    let body: Vec<&str> = lines.collect();
    assert_eq!(body.len(), 6, "{out}");
    assert!(
        body[2].starts_with("明细") && body[2].contains("rooms"),
        "{out}"
    );
    assert!(
        body[5].starts_with("轧差") && body[5].contains("300.00"),
        "{out}"
    );
    // Columns line up: every row puts the total where the header has it.
    let col = |line: &str, s: &str| unicode_width_of(&line[..line.find(s).unwrap()]);
    let total_at = col(header, "应付金额");
    assert_eq!(col(body[2], "300.00"), total_at, "{out}");

    let empty = report(&site, &["--from", "2026-09-21"]);
    assert!(empty.contains("（无记录）"), "{empty}");
}

/// Display width: CJK characters take two cells.
fn unicode_width_of(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}
