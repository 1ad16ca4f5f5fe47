//! The counter through its own path: keys into the app, its commands run by the real
//! worker against a real book in a temp folder, the replies fed back. A cashier cannot
//! reverse a checkout (or freeze a member) without a supervisor's id and PIN typed on
//! the spot, and with them the entry names both; count cards, coupons and the shift
//! post what their previews show.

#[path = "common/counter.rs"]
mod counter;

use carddesk_data::{Actor, Book, EntryBody, Lang, SystemClock};
use carddesk_screens::{Command, Options};
use counter::{add_staff, must, raise_overdraw, request, terminal, Counter};
use crossterm::event::KeyCode;
use serde_json::json;

/// A book with an admin, a supervisor (sup1/246813), a cashier (cashier1/1357), and a
/// member who topped up 500 and checked out 188 from stored value.
fn counter() -> (Counter, String, String) {
    counter_with(|_, _| {})
}

/// As [`counter`], with `prepare` run on the book (and the member) before the worker
/// takes it.
fn counter_with(prepare: impl FnOnce(&mut Book, &str)) -> (Counter, String, String) {
    counter_in(Lang::En, prepare)
}

/// As [`counter_with`], the counter in `lang`.
fn counter_in(lang: Lang, prepare: impl FnOnce(&mut Book, &str)) -> (Counter, String, String) {
    let dir = must(tempfile::tempdir(), "temp dir");
    let mut book = must(
        Book::create(
            &dir.path().join("book.db"),
            terminal(),
            Box::new(SystemClock),
        ),
        "open the book",
    );
    add_staff(&mut book, ["Admin", "Sup", "Cash"]);
    let cashier = Actor::new("cashier1", "rooms");
    let reg = request(
        json!({"op": "register_member", "profile": {"name": "张三", "phone": "13800138000"}}),
    );
    let member = must(book.execute(&cashier, "reg-1", &reg), "register")
        .member
        .map(|m| m.member_no)
        .unwrap_or_default();
    let top_up = request(json!({"op": "top_up", "member_no": member, "amount": "500"}));
    must(book.execute(&cashier, "top-1", &top_up), "top-up");
    let checkout = request(
        json!({"op": "checkout", "member_no": member, "bill": "188", "bill_ref": "A-1", "use_stored_value": true}),
    );
    let checkout_id = must(book.execute(&cashier, "co-1", &checkout), "checkout").entry_id;
    prepare(&mut book, &member);
    let c = Counter::new(book, dir, Options::new(lang, false, false));
    (c, member, checkout_id.to_string())
}

#[test]
fn a_cashier_reverses_a_checkout_only_with_a_supervisor_pin_and_the_entry_names_both() {
    let (mut c, member, checkout_id) = counter();
    let stored_before = must(c.w.book().account(&member), "account").stored_value();
    c.log_in("cashier1", "1357");

    // The journal browser, filtered to checkouts; R on the checkout, a reason.
    c.key(KeyCode::F(5));
    c.key(KeyCode::F(2));
    c.key(KeyCode::Tab);
    c.key(KeyCode::Tab);
    c.typed("checked_out");
    c.key(KeyCode::F(12));
    assert!(c.screen().contains(&checkout_id), "{}", c.screen());
    c.typed("r");
    assert_eq!(c.d.screen(), "reverse");
    c.typed("customer returned it");
    let sent = c.d.sent.len();
    c.key(KeyCode::Enter);

    // A cashier gets the supervisor prompt; nothing went to the book.
    let s = c.screen();
    assert!(s.contains("Supervisor approval"), "{s}");
    assert!(
        !c.d.sent[sent..]
            .iter()
            .any(|cmd| matches!(cmd, Command::Quote { .. } | Command::Execute { .. })),
        "asked the book before the supervisor approved: {:?}",
        &c.d.sent[sent..]
    );
    // Esc closes the prompt and posts nothing; F12 without a preview asks again.
    c.key(KeyCode::Esc);
    assert!(!c.screen().contains("Supervisor approval"));
    c.key(KeyCode::F(12));
    assert!(c.screen().contains("Supervisor approval"));

    // The cashier's own PIN is no supervisor's.
    c.approve("cashier1", "1357");
    let s = c.screen();
    assert!(s.contains("Supervisor approval"), "{s}");
    assert!(s.to_lowercase().contains("supervisor"), "{s}");
    // A wrong supervisor PIN is refused too.
    c.approve("sup1", "0000");
    assert!(c.screen().contains("Supervisor approval"));
    assert!(
        !c.kinds().contains(&"reversed".to_string()),
        "{:?}",
        c.kinds()
    );

    // The same reversal sent without an approval, straight to the worker, is refused.
    let request = c.d.sent.iter().rev().find_map(|cmd| match cmd {
        Command::Quote { request, .. } => Some(request.clone()),
        _ => None,
    });
    let Some(request) = request else {
        panic!("no preview was asked for")
    };
    let refused = c.w.handle(Command::Execute {
        op_id: "direct-1".into(),
        request,
        approval: None,
    });
    match refused {
        Some(carddesk_screens::Reply::Executed { result: Err(e), .. }) => {
            assert_eq!(e.code(), "needs_supervisor")
        }
        other => panic!("a cashier's reversal without approval: {other:?}"),
    }
    assert!(!c.kinds().contains(&"reversed".to_string()));

    // The supervisor approves: the preview shows before -> after; F12 posts it.
    c.approve("sup1", "246813");
    let s = c.screen();
    assert!(s.contains("Approved by") && s.contains("sup1"), "{s}");
    assert!(s.contains("before → after"), "{s}");
    c.key(KeyCode::F(12));
    c.key(KeyCode::F(12));
    let e = c.newest();
    assert_eq!(e.kind, "reversed");
    assert_eq!(e.header.operator, "cashier1");
    assert_eq!(e.header.reversal_of.as_deref(), Some(checkout_id.as_str()));
    match must(e.parsed_body(), "body") {
        EntryBody::Reversed { approved_by, .. } => assert_eq!(approved_by, "sup1"),
        other => panic!("not a reversal: {other:?}"),
    }
    let reversals = c.kinds().iter().filter(|k| *k == "reversed").count();
    assert_eq!(reversals, 1, "a double F12 posted twice");
    // The stored value the checkout took (bonus first, then principal) is back.
    let stored_after = must(c.w.book().account(&member), "account").stored_value();
    assert_eq!(
        stored_after - stored_before,
        rust_decimal::Decimal::new(18_800, 2)
    );

    // Esc goes back to the journal, which shows the reversal.
    c.key(KeyCode::Esc);
    assert_eq!(c.d.screen(), "journal");
}

#[test]
fn a_cashier_freezes_a_member_only_with_a_supervisor_pin() {
    let (mut c, member, _) = counter();
    c.log_in("cashier1", "1357");
    c.typed(&member);
    c.key(KeyCode::Enter);
    assert_eq!(c.d.screen(), "member", "{}", c.screen());
    c.alt('z');
    c.typed("lost wallet");
    c.key(KeyCode::Enter);
    assert!(c.screen().contains("Supervisor approval"), "{}", c.screen());
    assert!(!c.kinds().contains(&"member_frozen".to_string()));
    c.approve("sup1", "246813");
    let e = c.newest();
    assert_eq!(e.kind, "member_frozen", "{}", c.screen());
    assert_eq!(e.header.operator, "cashier1");
    match must(e.parsed_body(), "body") {
        EntryBody::MemberFrozen { approved_by, .. } => {
            assert_eq!(approved_by.as_deref(), Some("sup1"))
        }
        other => panic!("not a freeze: {other:?}"),
    }
}

#[test]
fn a_cashier_sees_id_documents_masked_and_a_supervisor_in_full() {
    let (mut c, _, _) = counter();
    let reg = request(
        json!({"op": "register_member", "profile": {"name": "李四", "id_doc": "110101198803041234"}}),
    );
    let cmds = c.d.key(KeyCode::Esc);
    c.run(cmds);
    // Registered through the worker, as the counter would.
    let done = c.w.handle(Command::Execute {
        op_id: "reg-2".into(),
        request: reg,
        approval: None,
    });
    let Some(carddesk_screens::Reply::Executed { result: Ok(d), .. }) = done else {
        panic!("register: {done:?}")
    };
    let no = d.member.map(|m| m.member_no).unwrap_or_default();
    c.log_in("cashier1", "1357");
    c.typed(&no);
    c.key(KeyCode::Enter);
    let s = c.screen();
    assert!(s.contains("110***********1234"), "{s}");
    assert!(!s.contains("110101198803041234"), "{s}");
    c.key(KeyCode::Esc);
    c.key(KeyCode::F(4));
    c.log_in("sup1", "246813");
    c.typed(&no);
    c.key(KeyCode::Enter);
    assert!(c.screen().contains("110101198803041234"), "{}", c.screen());
}

#[test]
fn count_cards_coupons_and_a_shift_post_what_their_previews_show() {
    let (mut c, member, _) = counter();
    c.log_in("admin", "999999");

    // Open the shift with a float of 200.
    c.key(KeyCode::F(6));
    assert!(c.screen().contains("No shift is open"), "{}", c.screen());
    c.typed("o");
    c.typed("200");
    c.key(KeyCode::Enter);
    assert!(c.screen().contains("200.00"), "{}", c.screen());
    c.key(KeyCode::F(12));
    assert_eq!(c.newest().kind, "shift_opened");
    c.key(KeyCode::Enter);
    assert_eq!(c.d.screen(), "shift");
    assert!(c.screen().contains("Shift report (X"), "{}", c.screen());
    c.key(KeyCode::Esc);

    // The member; sell the count card for cash: the preview shows 0 -> 10 uses.
    c.typed(&member);
    c.key(KeyCode::Enter);
    assert_eq!(c.d.screen(), "member");
    c.alt('p');
    c.key(KeyCode::Enter);
    let s = c.screen();
    assert!(s.contains("0 → 10") && s.contains("880.00"), "{s}");
    c.key(KeyCode::F(12));
    c.key(KeyCode::Enter);
    let cards = must(c.w.book().account(&member), "account").count_cards;
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].remaining, 10);

    // Use it once: 10 -> 9.
    c.alt('u');
    c.key(KeyCode::Enter);
    assert!(c.screen().contains("10 → 9"), "{}", c.screen());
    c.key(KeyCode::F(12));
    c.key(KeyCode::Enter);
    let cards = must(c.w.book().account(&member), "account").count_cards;
    assert_eq!(cards[0].remaining, 9);

    // Issue a free-item coupon (the third template), then redeem it.
    let open_before = must(c.w.book().account(&member), "account").coupons.len();
    c.alt('g');
    c.key(KeyCode::F(2));
    c.key(KeyCode::F(2));
    c.typed("birthday");
    c.key(KeyCode::Enter);
    let s = c.screen();
    assert!(s.contains("free_fruit"), "{s}");
    // Asked again, the preview shows the same code (one op id per form).
    c.key(KeyCode::Enter);
    let again = c.screen();
    c.key(KeyCode::F(12));
    let posted_screen = c.screen();
    c.key(KeyCode::Enter);
    let coupons = must(c.w.book().account(&member), "account").coupons;
    assert_eq!(coupons.len(), open_before + 1);
    let Some(fruit) = coupons.iter().find(|k| k.template == "free_fruit") else {
        panic!("no free_fruit coupon: {coupons:?}")
    };
    let code = fruit.code.clone();
    // The code the preview showed is the code issued, and the done screen shows it.
    assert!(
        s.contains(&code),
        "preview showed another code than {code}: {s}"
    );
    assert!(again.contains(&code), "{again}");
    assert!(posted_screen.contains(&code), "{posted_screen}");
    c.alt('x');
    let cmds =
        c.d.key_mod(KeyCode::Char('u'), crossterm::event::KeyModifiers::CONTROL);
    c.run(cmds);
    // The code is scanned into the form.
    let cmds = c.d.scan(&code);
    c.run(cmds);
    c.key(KeyCode::Enter);
    assert!(c.screen().contains(&code), "{}", c.screen());
    c.key(KeyCode::F(12));
    c.key(KeyCode::Enter);
    assert_eq!(c.newest().kind, "coupon_redeemed");

    // Issue a cash coupon and void it.
    c.alt('g');
    c.typed("goodwill");
    c.key(KeyCode::Enter);
    c.key(KeyCode::F(12));
    c.key(KeyCode::Enter);
    assert_eq!(c.newest().kind, "coupon_issued");
    c.alt('v');
    c.key(KeyCode::Tab);
    c.typed("expired promo");
    c.key(KeyCode::Enter);
    c.key(KeyCode::F(12));
    c.key(KeyCode::Enter);
    assert_eq!(c.newest().kind, "coupon_voided", "{}", c.screen());
    assert!(must(c.w.book().account(&member), "account")
        .coupons
        .is_empty());

    // Close the shift: 200 float + 880 cash taken = 1080 expected; 1075 counted.
    c.key(KeyCode::Esc);
    c.key(KeyCode::F(6));
    c.typed("c");
    c.typed("1075");
    c.key(KeyCode::Enter);
    let s = c.screen();
    assert!(s.contains("1080.00") && s.contains("-5.00"), "{s}");
    c.key(KeyCode::F(12));
    assert_eq!(c.newest().kind, "shift_closed");
    c.key(KeyCode::Enter);
    let s = c.screen();
    assert!(
        s.contains("Shift report (closed)") && s.contains("-5.00"),
        "{s}"
    );
    c.typed("p");
    let dir = c.w.book().path().parent().map(|p| p.join("reports"));
    let Some(dir) = dir else { panic!("no folder") };
    let files: Vec<_> = must(std::fs::read_dir(&dir), "reports folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let text = must(std::fs::read_to_string(&files[0]), "report file");
    assert!(text.contains("1075.00") && text.contains("-5.00"), "{text}");
    assert!(c.screen().contains("Report written"), "{}", c.screen());
    // The day close of the outlet.
    c.typed("d");
    assert!(c.screen().contains("Day close"), "{}", c.screen());

    // The journal filtered by kind finds the coupon entries, newest first.
    c.key(KeyCode::Esc);
    c.key(KeyCode::F(5));
    c.key(KeyCode::F(2));
    c.key(KeyCode::Tab);
    c.key(KeyCode::Tab);
    c.typed("coupon");
    c.key(KeyCode::F(12));
    let s = c.screen();
    assert!(s.contains("(4)"), "{s}");
    assert!(!s.contains("top-up"), "{s}");
}

#[test]
fn a_cashiers_refund_and_points_adjustment_name_the_supervisor() {
    let (mut c, member, _) = counter();
    c.log_in("cashier1", "1357");
    c.typed(&member);
    c.key(KeyCode::Enter);
    // Refund 50 of principal.
    c.alt('f');
    c.typed("50");
    c.key(KeyCode::Tab);
    c.typed("card returned");
    c.key(KeyCode::Enter);
    assert!(c.screen().contains("Supervisor approval"), "{}", c.screen());
    c.approve("sup1", "246813");
    assert!(c.screen().contains("Approved by"), "{}", c.screen());
    c.key(KeyCode::F(12));
    let e = c.newest();
    assert_eq!(e.kind, "stored_value_refunded", "{}", c.screen());
    assert_eq!(e.header.operator, "cashier1");
    match must(e.parsed_body(), "body") {
        EntryBody::StoredValueRefunded { approved_by, .. } => assert_eq!(approved_by, "sup1"),
        other => panic!("not a refund: {other:?}"),
    }
    c.key(KeyCode::Enter);
    // Points: -10 with a reason.
    c.alt('a');
    c.typed("-10");
    c.key(KeyCode::Tab);
    c.typed("double posting");
    c.key(KeyCode::Enter);
    c.approve("sup1", "246813");
    c.key(KeyCode::F(12));
    let e = c.newest();
    assert_eq!(e.kind, "points_adjusted", "{}", c.screen());
    match must(e.parsed_body(), "body") {
        EntryBody::PointsAdjusted {
            approved_by,
            points,
            ..
        } => {
            assert_eq!(approved_by, "sup1");
            assert_eq!(points, -10);
        }
        other => panic!("not an adjustment: {other:?}"),
    }
}

#[test]
fn a_checkout_scan_tells_a_coupon_from_an_unknown_code() {
    let (mut c, member, _) = counter();
    c.log_in("admin", "999999");
    c.typed(&member);
    c.key(KeyCode::Enter);
    c.alt('g');
    c.typed("goodwill");
    c.key(KeyCode::Enter);
    c.key(KeyCode::F(12));
    c.key(KeyCode::Enter);
    let coupons = must(c.w.book().account(&member), "account").coupons;
    let Some(code) = coupons.first().map(|k| k.code.clone()) else {
        panic!("no coupon issued")
    };
    c.key(KeyCode::F(3));
    c.typed("188");
    c.key(KeyCode::Tab);
    c.typed("A-2");
    // A code that is neither a member nor a coupon is refused by name, not filled in.
    let cmds = c.d.scan("QQQQ7777WWWW");
    c.run(cmds);
    let s = c.screen();
    let field = s
        .lines()
        .find(|l| l.contains("Coupon code"))
        .unwrap_or_default();
    assert!(!field.contains("QQQQ7777WWWW"), "{s}");
    assert!(s.contains("mistyped"), "{s}");
    // The real coupon is filled in and the quote asked for.
    let cmds = c.d.scan(&code);
    c.run(cmds);
    let s = c.screen();
    let field = s
        .lines()
        .find(|l| l.contains("Coupon code"))
        .unwrap_or_default();
    assert!(field.contains(&code), "{s}");
    assert!(s.contains("before → after"), "{s}");
}

#[test]
fn an_operator_switched_off_by_the_admin_can_no_longer_log_in() {
    let (mut c, _, _) = counter();
    c.log_in("admin", "999999");
    c.key(KeyCode::F(8));
    assert_eq!(c.d.screen(), "operators");
    let s = c.screen();
    assert!(s.contains("cashier1") && s.contains("sup1"), "{s}");
    // admin, cashier1, sup1 (by id): the second row.
    c.key(KeyCode::Down);
    c.typed("z");
    assert_eq!(c.d.screen(), "operator_off", "{}", c.screen());
    c.key(KeyCode::Enter);
    let s = c.screen();
    assert!(s.contains("active → off"), "{s}");
    assert!(!c.kinds().contains(&"operator_active_set".to_string()));
    c.key(KeyCode::F(12));
    assert_eq!(c.newest().kind, "operator_active_set", "{}", c.screen());
    c.key(KeyCode::Enter);
    assert_eq!(c.d.screen(), "operators");
    assert!(c.screen().contains("off"), "{}", c.screen());

    // cashier1 is refused at the login screen.
    c.key(KeyCode::Esc);
    c.key(KeyCode::F(4));
    c.typed("cashier1");
    c.key(KeyCode::Tab);
    c.typed("1357");
    c.key(KeyCode::Enter);
    assert_eq!(c.d.screen(), "login", "{}", c.screen());

    // The admin switches them back on and gives them a new PIN.
    c.key(KeyCode::Esc);
    c.log_in("admin", "999999");
    c.key(KeyCode::F(8));
    c.key(KeyCode::Down);
    c.typed("z");
    c.key(KeyCode::Enter);
    c.key(KeyCode::F(12));
    c.key(KeyCode::Enter);
    c.typed("n");
    c.typed("8642");
    c.key(KeyCode::Tab);
    c.typed("8642");
    c.key(KeyCode::Enter);
    assert!(!c.screen().contains("8642"), "{}", c.screen());
    c.key(KeyCode::F(12));
    assert_eq!(c.newest().kind, "operator_pin_changed", "{}", c.screen());
    c.key(KeyCode::Enter);
    c.key(KeyCode::Esc);
    c.key(KeyCode::F(4));
    c.log_in("cashier1", "8642");

    // cashier1 changes their own PIN from the back office.
    c.key(KeyCode::F(9));
    c.typed("p");
    c.typed("1111");
    c.key(KeyCode::Tab);
    c.typed("1111");
    c.key(KeyCode::Enter);
    c.key(KeyCode::F(12));
    let e = c.newest();
    assert_eq!(e.kind, "operator_pin_changed");
    assert_eq!(e.header.operator, "cashier1");
    assert!(c.w.book().login("cashier1", "1111").is_ok());
    let report = must(c.w.book().verify(), "verify");
    assert!(report.is_clean(), "{:?}", report.problems);
}

#[test]
fn a_cashier_gets_no_verify_and_no_operators_even_from_the_worker() {
    let (mut c, _, _) = counter();
    c.log_in("cashier1", "1357");
    c.key(KeyCode::F(8));
    assert_eq!(c.d.screen(), "home");
    c.key(KeyCode::F(9));
    let s = c.screen();
    assert!(!s.contains("Verify") && !s.contains("Operators"), "{s}");
    c.typed("v");
    c.typed("o");
    assert_eq!(c.d.screen(), "office");
    // Asked directly, the worker refuses the cashier too.
    match c.w.handle(Command::Verify { ticket: 1 }) {
        Some(carddesk_screens::Reply::Verified { result: Err(e), .. }) => {
            assert_eq!(e.code(), "needs_supervisor")
        }
        other => panic!("verify for a cashier: {other:?}"),
    }
    match c.w.handle(Command::LoadOperators { ticket: 2 }) {
        Some(carddesk_screens::Reply::Operators { result: Err(_), .. }) => {}
        other => panic!("operators for a cashier: {other:?}"),
    }
    match c.w.handle(Command::LoadReport {
        ticket: 3,
        kind: carddesk_screens::ReportKind::StoredValue,
        from: None,
        to: None,
    }) {
        Some(carddesk_screens::Reply::Report { result: Err(_), .. }) => {}
        other => panic!("a liability report for a cashier: {other:?}"),
    }
    // The shift report is theirs.
    c.typed("r");
    c.key(KeyCode::Enter);
    assert!(c.screen().contains("Shift reports"), "{}", c.screen());
}

#[test]
fn a_supervisor_verifies_the_book_and_prints_a_report() {
    let (mut c, _, _) = counter();
    c.log_in("sup1", "246813");
    c.key(KeyCode::F(9));
    c.typed("v");
    assert_eq!(c.d.screen(), "verify");
    let s = c.screen();
    assert!(s.contains("all chains and tables verified"), "{s}");
    assert!(s.contains("T01"), "{s}");
    c.key(KeyCode::Esc);
    c.typed("r");
    // The stored-value liability: 500 topped up, 188 spent.
    c.key(KeyCode::F(2));
    c.key(KeyCode::F(2));
    c.key(KeyCode::Enter);
    let s = c.screen();
    assert!(s.contains("Stored-value liability"), "{s}");
    c.typed("p");
    let path = c.dir.path().join("reports");
    let files: Vec<_> = must(std::fs::read_dir(&path), "reports folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].starts_with("stored-value-") && files[0].ends_with(".txt"));
    let text = must(std::fs::read_to_string(path.join(&files[0])), "report file");
    assert!(text.contains("Stored-value liability"), "{text}");
    // Reports name members and staff: owner-only, like every file carddesk writes.
    use std::os::unix::fs::PermissionsExt;
    let mode =
        |p: &std::path::Path| must(std::fs::metadata(p), "mode").permissions().mode() & 0o777;
    assert_eq!(mode(&path.join(&files[0])), 0o600);
    assert_eq!(mode(&path), 0o700);
}

#[test]
fn a_cashier_settles_a_conflict_with_a_supervisor_and_the_debt_is_collected() {
    let debt = rust_decimal::Decimal::new(40, 0);
    let (mut c, member, _) = counter_with(|book, member| raise_overdraw(book, member, debt));
    assert_eq!(must(c.w.book().account(&member), "account").debt, debt);
    c.log_in("cashier1", "1357");
    // The count comes with the log in.
    let bar = c.screen().lines().next().unwrap_or_default().to_string();
    assert!(bar.contains("1 conflict"), "{bar}");
    // The member screen shows the debt next to the stored value.
    c.typed(&member);
    c.key(KeyCode::Enter);
    assert_eq!(c.d.screen(), "member");
    let s = c.screen();
    assert!(
        s.lines().any(|l| l.contains("Debt") && l.contains("40.00")),
        "{s}"
    );
    c.key(KeyCode::Esc);
    c.key(KeyCode::F(9));
    c.typed("c");
    assert_eq!(c.d.screen(), "conflicts");
    let s = c.screen();
    assert!(
        s.contains("HUB-1") && s.contains("overdraw") && s.contains("40.00"),
        "{s}"
    );
    assert!(s.contains("T02-9"), "causes shown: {s}");
    c.typed("s");
    c.key(KeyCode::F(2));
    c.key(KeyCode::Tab);
    c.typed("paid at the desk");
    c.key(KeyCode::Enter);
    assert!(c.screen().contains("Supervisor approval"), "{}", c.screen());
    c.approve("sup1", "246813");
    let s = c.screen();
    assert!(
        s.contains("40.00 -> 0.00") || s.contains("40.00 → 0.00"),
        "{s}"
    );
    c.key(KeyCode::F(12));
    let e = c.newest();
    assert_eq!(e.kind, "conflict_settled");
    assert_eq!(e.header.operator, "cashier1");
    match must(e.parsed_body(), "body") {
        EntryBody::ConflictSettled {
            conflict_id,
            resolution,
            amount,
            tender,
            note,
            approved_by,
            ..
        } => {
            assert_eq!(conflict_id, "HUB-1");
            assert_eq!(resolution, carddesk_data::conflict::Resolution::Collected);
            assert_eq!(amount, debt);
            assert_eq!(tender, Some(carddesk_data::Tender::Cash));
            assert_eq!(note, "paid at the desk");
            assert_eq!(approved_by, "sup1");
        }
        other => panic!("not a settlement: {other:?}"),
    }
    assert_eq!(
        must(c.w.book().account(&member), "account").debt,
        rust_decimal::Decimal::ZERO
    );
    assert_eq!(must(c.w.book().open_conflicts(), "count"), 0);
    // Back on the list: settled, and the status bar no longer counts it.
    c.key(KeyCode::Enter);
    assert_eq!(c.d.screen(), "conflicts");
    let s = c.screen();
    assert!(s.contains("collected"), "{s}");
    assert!(
        !s.lines().next().unwrap_or_default().contains("conflict"),
        "{s}"
    );
    // Settling it again is refused on the screen, before the book.
    c.typed("s");
    assert_eq!(c.d.screen(), "conflicts");
}

/// The journal's detail is a statement in words in the operator's language: what
/// happened with its amounts, the balances it moved, who and when, its reversal links;
/// never the raw body and never a hash. The list shows amounts and marks reversals.
#[test]
fn the_journal_detail_is_a_statement_in_words_and_the_list_shows_amounts() {
    let (mut c, member, checkout_id) = counter_with(|book, member| {
        let cashier = Actor::new("cashier1", "rooms");
        let pin = request(json!({"op": "set_payment_pin", "member_no": member, "pin": "1357"}));
        must(book.execute(&cashier, "pin-1", &pin), "PIN");
        let co = request(
            json!({"op": "checkout", "member_no": member, "bill": "50", "bill_ref": "B-2", "use_stored_value": true}),
        );
        let id = must(book.execute(&cashier, "co-2", &co), "checkout").entry_id;
        let rev = request(json!({"op": "reverse", "entry_id": id, "reason": "wrong bill"}));
        must(
            book.execute(&Actor::new("sup1", "rooms"), "rev-1", &rev),
            "reverse",
        );
    });
    c.log_in("cashier1", "1357");
    c.key(KeyCode::F(5));
    assert_eq!(c.d.screen(), "journal");
    // Newest first: the reversal names what it reversed, why and what it gave back.
    let s = c.screen();
    assert!(s.contains("Amount"), "{s}");
    assert!(s.contains("reverses T"), "{s}");
    assert!(s.contains("Reason wrong bill"), "{s}");
    assert!(s.contains("+50.00"), "{s}");
    // The reversed checkout is marked in the list and names its reversal.
    c.key(KeyCode::Down);
    let s = c.screen();
    assert!(s.contains("(reversed)"), "{s}");
    assert!(s.contains("Reversed by T"), "{s}");
    // The PIN entry: in words, with no hash and no JSON.
    c.key(KeyCode::Down);
    let s = c.screen();
    for raw in ["pin_hash", "{", "\"", "$argon", "effects"] {
        assert!(!s.contains(raw), "raw body text {raw:?} shown:\n{s}");
    }
    // The first checkout: its amounts, the stored value it took, who and when.
    c.key(KeyCode::Down);
    let s = c.screen();
    assert!(s.contains(&checkout_id), "{s}");
    assert!(s.contains("Bill 188.00"), "{s}");
    assert!(s.contains("Bill ref. A-1"), "{s}");
    assert!(s.contains("Use stored value 188.00"), "{s}");
    assert!(s.contains("Moved Principal -"), "{s}");
    assert!(s.contains("Operator cashier1"), "{s}");
    assert!(s.contains(&member), "{s}");
    assert!(!s.contains('{') && !s.contains("bill_ref"), "{s}");
}

/// In zh-CN the statement is in Chinese: no English keys.
#[test]
fn the_journal_detail_speaks_chinese_in_zh() {
    let (mut c, _, _) = counter_in(Lang::Zh, |_, _| {});
    c.log_in("cashier1", "1357");
    c.key(KeyCode::F(5));
    let s = c.screen();
    assert!(s.contains("消费金额 188.00"), "{s}");
    assert!(s.contains("储值支付 188.00"), "{s}");
    assert!(s.contains("操作员 cashier1"), "{s}");
    for raw in ["bill", "tender", "effects", "{"] {
        assert!(!s.contains(raw), "{raw:?} in:\n{s}");
    }
}

/// The member screen's registration date is the business date in the chain's zone, as
/// every journal time on it is: a member registered at 00:30 in Beijing (16:30 the day
/// before in UTC) shows the Beijing date.
#[test]
fn the_registration_date_is_the_chains_business_date() {
    let dir = must(tempfile::tempdir(), "temp dir");
    let at = must(
        chrono::DateTime::parse_from_rfc3339("2026-11-30T16:30:00Z"),
        "time",
    )
    .with_timezone(&chrono::Utc);
    let mut t = terminal();
    t.rules.utc_offset_minutes = 480;
    let mut book = must(
        Book::create(
            &dir.path().join("book.db"),
            t,
            Box::new(carddesk_data::ManualClock::new(at)),
        ),
        "open the book",
    );
    add_staff(&mut book, ["Admin", "Sup", "Cash"]);
    let reg = request(json!({"op": "register_member", "profile": {"name": "午夜"}}));
    let no = must(
        book.execute(&Actor::new("cashier1", "rooms"), "reg-1", &reg),
        "register",
    )
    .member
    .map(|m| m.member_no)
    .unwrap_or_default();
    let mut c = Counter::new(book, dir, Options::new(Lang::En, false, false));
    c.log_in("cashier1", "1357");
    c.typed(&no);
    c.key(KeyCode::Enter);
    let s = c.screen();
    assert!(s.contains("Registered 2026-12-01"), "{s}");
    assert!(!s.contains("2026-11-30"), "{s}");
}
