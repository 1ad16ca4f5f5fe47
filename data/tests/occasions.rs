//! Birthdays and member days (生日礼遇, 会员日) on a real book: the checkout's discount
//! and multiplier by name, the daily job's birthday coupon once per member and year
//! (run twice, run on two terminals of a chain), per tier, and the member-day window.

mod common;

use carddesk_data::entry::EntryBody;
use carddesk_data::ops::{RegisterMember, Reverse};
use carddesk_data::rules::{
    BirthdayWindow, Downgrade, MemberDay, Perk, Rules, TierPerk, Weekdays, Window,
};
use carddesk_data::{
    Book, Checkout, Credential, CredentialKind, ManualClock, Profile, Request, Tender,
};
use chrono::NaiveDate;
use common::TestBook;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn birthday_rules(window: BirthdayWindow) -> Rules {
    let mut r = Rules::default();
    r.birthday.window = window;
    r.birthday.perk = Perk {
        coupon: Some("free_fruit".into()),
        discount_percent: dec!(10),
        earn_multiplier: dec!(2),
    };
    r
}

fn register(t: &mut TestBook, name: &str, born: &str, tier: Option<&str>) -> String {
    let out = t
        .run(Request::RegisterMember(RegisterMember {
            profile: Profile {
                name: name.into(),
                birthday: NaiveDate::parse_from_str(born, "%Y-%m-%d").ok(),
                ..Default::default()
            },
            tier: tier.map(str::to_string),
            credentials: vec![Credential::new(
                CredentialKind::Code,
                format!("CODE-{name}"),
            )],
        }))
        .expect("register");
    out.member.expect("member").member_no
}

fn checkout(no: &str, bill: Decimal) -> Checkout {
    Checkout {
        member_no: no.into(),
        bill,
        bill_ref: "R-1".into(),
        coupons: vec![],
        use_points: false,
        max_points: None,
        use_stored_value: false,
        max_stored_value: None,
        tender: Tender::Cash,
        pin: None,
    }
}

fn lines(o: &carddesk_data::Outcome) -> carddesk_data::receipt::CheckoutLines {
    match &o.detail {
        Some(EntryBody::CheckedOut { lines, .. }) => lines.clone(),
        other => panic!("not a checkout: {other:?}"),
    }
}

fn coupons(b: &Book, no: &str) -> Vec<carddesk_data::account::CouponView> {
    b.account(no).expect("account").coupons
}

#[test]
fn in_the_birthday_month_a_checkout_takes_the_birthday_discount_and_doubles_points_by_name() {
    // The test clock is 2026-09-21 (a Monday).
    let mut t = TestBook::with_rules(birthday_rules(BirthdayWindow::Month));
    let born_now = register(&mut t, "寿星", "1990-09-30", None);
    let born_later = register(&mut t, "十月", "1990-10-01", None);
    let quote = t
        .book
        .quote_checkout(&common::actor(), &checkout(&born_now, dec!(100)))
        .expect("quote");
    let out = t
        .run(Request::Checkout(checkout(&born_now, dec!(100))))
        .expect("checkout");
    let l = lines(&out);
    // The preview posts exactly what it showed.
    assert_eq!(quote.lines, l);
    assert_eq!(l.occasions.len(), 1);
    assert_eq!(l.occasions[0].name, "生日");
    assert_eq!(l.occasions[0].discount, dec!(10.00));
    assert_eq!(l.occasions[0].earn_multiplier, dec!(2));
    assert_eq!(l.tender_paid, dec!(90.00));
    assert_eq!(l.points_earned, 180, "90 own money x rate 1 x birthday 2");
    let plain = lines(
        &t.run(Request::Checkout(checkout(&born_later, dec!(100))))
            .expect("checkout"),
    );
    assert!(plain.occasions.is_empty());
    assert_eq!(
        (plain.tender_paid, plain.points_earned),
        (dec!(100.00), 100)
    );
    let m = t.book.member(&born_now).unwrap().unwrap();
    assert!(t.book.birthday_now(&m));
    t.assert_verified();
}

#[test]
fn the_daily_job_run_twice_issues_the_birthday_coupon_once_a_year() {
    let mut t = TestBook::with_rules(birthday_rules(BirthdayWindow::Month));
    let no = register(&mut t, "寿星", "1990-09-30", None);
    let other = register(&mut t, "十月", "1990-10-05", None);
    let first = t.book.run_daily().expect("daily");
    assert_eq!(first.birthday_coupons, 1);
    assert!(t.book.run_daily().expect("again").already_ran);
    // The next day is still the birthday month: the job runs again but gives nothing.
    t.clock.advance(chrono::Duration::days(1));
    assert_eq!(t.book.run_daily().expect("next day").birthday_coupons, 0);
    let held = coupons(&t.book, &no);
    assert_eq!(held.len(), 1, "{held:?}");
    let c = &held[0];
    assert_eq!(c.template, "free_fruit");
    assert_eq!(c.valid_from, NaiveDate::from_ymd_opt(2026, 9, 1).unwrap());
    // free_fruit is valid 60 days: longer than the month.
    assert_eq!(c.valid_to, NaiveDate::from_ymd_opt(2026, 10, 30).unwrap());
    assert_eq!(
        c.code,
        carddesk_data::ops::birthday_code(&no, 2026, "free_fruit")
    );
    assert!(coupons(&t.book, &other).is_empty());
    // A year on: the next birthday's coupon.
    t.clock.advance(chrono::Duration::days(365));
    assert_eq!(t.book.run_daily().expect("next year").birthday_coupons, 1);
    assert_eq!(coupons(&t.book, &no).len(), 2);
    t.assert_verified();
}

#[test]
fn the_birthday_window_of_a_day_and_a_tiers_own_perk_are_kept() {
    let mut r = birthday_rules(BirthdayWindow::Day);
    r.birthday.tiers = vec![TierPerk {
        tier: "金卡".into(),
        perk: Perk {
            coupon: Some("cash20".into()),
            discount_percent: dec!(0),
            earn_multiplier: dec!(3),
        },
    }];
    // The first daily run would review tiers at the period end: keep the gold member.
    r.tier_window.downgrade = Downgrade::None;
    let mut t = TestBook::with_rules(r);
    let today = register(&mut t, "今天", "1990-09-21", Some("金卡"));
    let tomorrow = register(&mut t, "明天", "1990-09-22", None);
    assert_eq!(t.book.run_daily().expect("daily").birthday_coupons, 1);
    assert_eq!(coupons(&t.book, &today)[0].template, "cash20");
    assert!(coupons(&t.book, &tomorrow).is_empty());
    let l = lines(
        &t.run(Request::Checkout(checkout(&today, dec!(100))))
            .expect("checkout"),
    );
    // Gold: 10% tier discount, no birthday discount, 1.5 x 3 on 90.
    assert_eq!(l.occasions[0].discount, dec!(0.00));
    assert_eq!(l.points_earned, 405);
}

#[test]
fn two_terminals_that_both_issue_a_birthday_coupon_hold_one_after_syncing() {
    let rules = birthday_rules(BirthdayWindow::Month);
    let mut t1 = TestBook::with_rules(rules.clone());
    let no = register(&mut t1, "寿星", "1990-09-30", None);
    let clock = ManualClock::new(t1.book.now());
    let mut terminal = common::terminal("T02");
    terminal.rules = rules;
    let mut t2 = Book::create(
        &t1.dir.path().join("t02.db"),
        terminal,
        Box::new(clock.clone()),
    )
    .expect("T02");
    t2.ingest_remote(t1.book.own_entries_after(0, 1000).unwrap())
        .expect("T02 hears of the member");
    let seq = t1.book.own_entries_after(0, 1000).unwrap().len() as i64;
    // Both run the daily job before hearing of each other.
    assert_eq!(t1.book.run_daily().unwrap().birthday_coupons, 1);
    assert_eq!(t2.run_daily().unwrap().birthday_coupons, 1);
    t2.ingest_remote(t1.book.own_entries_after(seq, 1000).unwrap())
        .expect("T02 takes T01's");
    t1.book
        .ingest_remote(t2.own_entries_after(0, 1000).unwrap())
        .expect("T01 takes T02's");
    let a = coupons(&t1.book, &no);
    let b = coupons(&t2, &no);
    assert_eq!(a.len(), 1, "one coupon, not two: {a:?}");
    assert_eq!(a, b);
    t1.assert_verified();
    assert!(t2.verify().unwrap().is_clean());
    // Either entry's birthday reward is voided, not reversed.
    let reward = t2.recent_entries(&no, 10).unwrap();
    let id = reward
        .iter()
        .find(|e| e.kind == carddesk_data::EntryKind::RewardGiven)
        .expect("the reward entry")
        .id();
    let sup = t1.approved();
    let refused = t1
        .run_as(
            &sup,
            Request::Reverse(Reverse {
                entry_id: id.into(),
                reason: "test".into(),
            }),
        )
        .unwrap_err();
    assert_eq!(refused.code(), "not_reversible");
}

fn member_day() -> MemberDay {
    MemberDay {
        name: "周一会员日".into(),
        days_of_month: vec![],
        window: Window {
            weekdays: Weekdays(vec![1]),
            ..Window::default()
        },
        perk: Perk {
            coupon: None,
            discount_percent: dec!(5),
            earn_multiplier: dec!(2),
        },
        tiers: vec![TierPerk {
            tier: "金卡".into(),
            perk: Perk {
                coupon: None,
                discount_percent: dec!(8),
                earn_multiplier: dec!(1),
            },
        }],
    }
}

#[test]
fn a_member_day_gives_its_discount_and_multiplier_on_its_weekday_only_and_per_tier() {
    let r = Rules {
        member_days: vec![member_day()],
        ..Rules::default()
    };
    let mut t = TestBook::with_rules(r);
    let plain = register(&mut t, "普通", "1990-01-01", None);
    let gold = register(&mut t, "金卡", "1990-01-01", Some("金卡"));
    // Monday 2026-09-21 at 22:13 local.
    let l = lines(
        &t.run(Request::Checkout(checkout(&plain, dec!(200))))
            .unwrap(),
    );
    assert_eq!(l.occasions[0].name, "周一会员日");
    assert_eq!(l.occasions[0].discount, dec!(10.00));
    assert_eq!((l.tender_paid, l.points_earned), (dec!(190.00), 380));
    let g = lines(
        &t.run(Request::Checkout(checkout(&gold, dec!(200))))
            .unwrap(),
    );
    // Gold: tier 10% (20.00), then 8% of the 180 left (14.40); 1.5 x 1 on 165.60.
    assert_eq!(g.occasions[0].discount, dec!(14.40));
    assert_eq!((g.tender_paid, g.points_earned), (dec!(165.60), 248));
    // Two hours later it is Tuesday in the rules' zone (UTC+8): no member day.
    t.clock.advance(chrono::Duration::hours(2));
    let rules = t.book.terminal().rules.clone();
    let local = rules.local(t.book.now());
    assert!(rules.member_days_at("rooms", local).is_empty());
    let l = lines(
        &t.run(Request::Checkout(checkout(&plain, dec!(200))))
            .unwrap(),
    );
    assert!(l.occasions.is_empty());
    t.assert_verified();
}

#[test]
fn a_forged_occasion_discount_is_refused_on_ingest() {
    let r = Rules {
        member_days: vec![member_day()],
        ..Rules::default()
    };
    let mut t = TestBook::with_rules(r);
    let no = register(&mut t, "普通", "1990-01-01", None);
    t.run(Request::Checkout(checkout(&no, dec!(200)))).unwrap();
    let mut entries = t.book.own_entries_after(0, 1000).unwrap();
    let last = entries.last_mut().unwrap();
    // The discount raised without the tender lowered: the bill no longer adds up.
    last.body = last
        .body
        .replace("\"discount\":\"10.00\"", "\"discount\":\"50.00\"");
    assert!(carddesk_data::integrity::check_entry(last, None).is_err());
}

#[test]
fn the_limits_of_points_and_stored_value_apply_to_what_the_birthday_leaves() {
    // The test clock is 2026-09-21: in the birthday month of a member born in September.
    let mut t = TestBook::with_rules(birthday_rules(BirthdayWindow::Month));
    let no = register(&mut t, "寿星", "1990-09-30", None);
    t.run(Request::TopUp(carddesk_data::ops::TopUp {
        member_no: no.clone().into(),
        amount: dec!(200),
        tender: Tender::Cash,
    }))
    .expect("top-up");
    t.run(Request::PostStay(carddesk_data::ops::StayPosting {
        member_no: no.clone().into(),
        nights: 4,
        room_revenue: dec!(0),
        folio_ref: "F-B".into(),
        booker: None,
    }))
    .expect("stay");
    let mut c = checkout(&no, dec!(100));
    c.max_points = Some(150); // 15.00 off
    c.max_stored_value = Some(dec!(50));
    c.tender = Tender::BankCard;
    let quote = t.book.quote_checkout(&common::actor(), &c).expect("quote");
    let l = lines(&t.run(Request::Checkout(c)).expect("checkout"));
    assert_eq!(quote.lines, l, "the posting is the quote");
    // 100.00 - 10% birthday = 90.00; 150 points take 15.00; stored value at most 50.00;
    // the bank card pays the other 25.00.
    assert_eq!(l.occasion_discount(), dec!(10.00));
    assert_eq!((l.points_used, l.points_off), (150, dec!(15)));
    assert_eq!(l.bonus_paid + l.principal_paid, dec!(50));
    assert_eq!(l.tender_paid, dec!(25));
    // Points on own money (principal and card) at the birthday's x2.
    let own = l.principal_paid + l.tender_paid;
    assert_eq!(Decimal::from(l.points_earned), (own * dec!(2)).floor());
    t.assert_verified();
}
