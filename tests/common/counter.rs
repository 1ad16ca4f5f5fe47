//! The counter through its own path, in process: keys into the app, its commands run by
//! the real worker against a real book in a temp folder, the replies fed back until
//! quiet. Included by `#[path]` from the tests that drive the counter so.
#![allow(dead_code)]

use carddesk::tui::Worker;
use carddesk_data::effects::Effect;
use carddesk_data::{Actor, Book, EntryBody, Request, Rules, Terminal};
use carddesk_screens::testing::{clock, Driver};
use carddesk_screens::{App, Command, Options, Quote, Reply};
use crossterm::event::{KeyCode, KeyModifiers};
use serde_json::json;

pub fn must<T, E: std::fmt::Debug>(r: Result<T, E>, what: &str) -> T {
    match r {
        Ok(v) => v,
        Err(e) => panic!("{what}: {e:?}"),
    }
}

pub fn request(v: serde_json::Value) -> Request {
    must(serde_json::from_value(v), "bad request")
}

/// Terminal T01 at the outlet `rooms`, with the example rules.
pub fn terminal() -> Terminal {
    Terminal {
        id: "T01".into(),
        outlet: "rooms".into(),
        member_prefix: "1".into(),
        rules: Rules::default(),
    }
}

/// The staff every counter test has: `admin` (999999), the supervisor `sup1` (246813)
/// and the cashier `cashier1` (1357), with the names given.
pub fn add_staff(book: &mut Book, names: [&str; 3]) {
    let setup = Actor::new("setup", "rooms");
    let admin = Actor::new("admin", "rooms");
    let staff = [
        ("admin", names[0], "admin", "999999", &setup),
        ("sup1", names[1], "supervisor", "246813", &admin),
        ("cashier1", names[2], "cashier", "1357", &admin),
    ];
    for (id, name, role, pin, actor) in staff {
        let r = request(
            json!({"op": "add_operator", "operator_id": id, "name": name, "role": role, "pin": pin}),
        );
        must(
            book.execute(actor, &format!("add-{id}"), &r),
            "add operator",
        );
    }
}

pub struct Counter {
    pub d: Driver,
    pub w: Worker,
    pub dir: tempfile::TempDir,
    /// Every coupon code the worker has answered with, first seen first (previews
    /// derive them from a per-book secret, so snapshots name them by order).
    pub codes: Vec<String>,
    /// The entry body of the newest preview the worker answered with.
    pub previewed: Option<EntryBody>,
}

impl Counter {
    /// The app with `options` over the worker with `book`, the setup check answered.
    pub fn new(book: Book, dir: tempfile::TempDir, options: Options) -> Counter {
        let w = Worker::new(book, "rooms".into());
        let d = Driver::new(App::new(options, clock()));
        let mut c = Counter {
            d,
            w,
            dir,
            codes: Vec::new(),
            previewed: None,
        };
        let first = std::mem::take(&mut c.d.sent);
        c.run(first);
        c
    }

    /// Runs the app's commands on the worker and feeds the replies back, until quiet.
    pub fn run(&mut self, mut cmds: Vec<Command>) {
        while !cmds.is_empty() {
            let mut next = Vec::new();
            for cmd in cmds {
                if let Some(reply) = self.w.handle(cmd) {
                    self.note_codes(&reply);
                    next.extend(self.d.reply(reply));
                }
            }
            cmds = next;
        }
    }

    fn note_codes(&mut self, r: &Reply) {
        let mut seen = Vec::new();
        let mut from_body = |b: &EntryBody| {
            for e in b.effects() {
                if let Effect::CouponIssued { code, .. } = e {
                    seen.push(code.clone());
                }
            }
        };
        match r {
            Reply::Quoted {
                result: Ok(Quote::Preview(p)),
                ..
            } => {
                from_body(&p.detail);
                self.previewed = Some(p.detail.clone());
            }
            Reply::Executed {
                result: Ok(done), ..
            } => {
                if let Some(b) = &done.detail {
                    from_body(b);
                }
            }
            Reply::Member {
                result: Ok(view), ..
            } => seen.extend(view.account.coupons.iter().map(|c| c.code.clone())),
            _ => {}
        }
        for code in seen {
            if !self.codes.contains(&code) {
                self.codes.push(code);
            }
        }
    }

    pub fn key(&mut self, k: KeyCode) {
        let cmds = self.d.key(k);
        self.run(cmds);
    }

    /// A member-screen command: Alt and its letter.
    pub fn alt(&mut self, c: char) {
        let cmds = self.d.key_mod(KeyCode::Char(c), KeyModifiers::ALT);
        self.run(cmds);
    }

    pub fn typed(&mut self, t: &str) {
        let cmds = self.d.type_text(t);
        self.run(cmds);
    }

    pub fn scan(&mut self, code: &str) {
        let cmds = self.d.scan(code);
        self.run(cmds);
    }

    pub fn screen(&self) -> String {
        self.d.draw(80, 24)
    }

    pub fn log_in(&mut self, id: &str, pin: &str) {
        self.typed(id);
        self.key(KeyCode::Tab);
        self.typed(pin);
        self.key(KeyCode::Enter);
        assert_eq!(self.d.screen(), "home", "{}", self.screen());
    }

    pub fn approve(&mut self, id: &str, pin: &str) {
        self.typed(id);
        self.key(KeyCode::Tab);
        self.typed(pin);
        self.key(KeyCode::Enter);
    }

    pub fn newest(&self) -> carddesk_data::journal::Entry {
        let page = must(self.w.book().journal_page(None, 1), "journal");
        match page.into_iter().next() {
            Some(e) => e,
            None => panic!("empty journal"),
        }
    }

    pub fn kinds(&self) -> Vec<String> {
        must(self.w.book().journal_page(None, 100), "journal")
            .into_iter()
            .map(|e| e.kind.to_string())
            .collect()
    }
}

/// The hub's `conflict_raised` entry, as a sync brings it: offline spends elsewhere
/// overdrew the member by `debt`, booked as member debt.
pub fn raise_overdraw(book: &mut Book, member: &str, debt: rust_decimal::Decimal) {
    use carddesk_data::conflict::{hub_entry, ConflictAsset, ConflictKind};
    use carddesk_data::effects::Effect;
    let body = EntryBody::ConflictRaised {
        conflict: ConflictKind::Overdraw,
        asset: ConflictAsset::StoredValue,
        subject: String::new(),
        amount: debt,
        debt,
        causes: vec!["T02-9".into()],
        effects: vec![Effect::Debt { delta: debt }],
    };
    let hlc = (book.now().timestamp_millis() << 16) + 0xFFFF;
    let e = hub_entry(1, carddesk_data::journal::GENESIS, hlc, member, &body);
    must(book.ingest_remote(vec![e]), "the hub's conflict ingested");
}
