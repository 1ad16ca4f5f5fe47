//! Builds each screen the way an operator reaches it: keys in, the worker's replies
//! answered by hand.
#![allow(dead_code)]

use carddesk_data::Lang;
use carddesk_screens::testing::{clock, sample_view, Driver};
use carddesk_screens::{
    Amount, App, BalanceChange, Command, Options, QuoteLabel, QuoteLine, QuoteView, Reply,
};
use crossterm::event::KeyCode;
use rust_decimal::Decimal;

pub fn driver(lang: Lang, ascii: bool) -> Driver {
    Driver::new(App::new(Options::new(lang, ascii, true), clock()))
}

pub fn logged_in(lang: Lang, ascii: bool) -> Driver {
    let mut d = driver(lang, ascii);
    d.log_in();
    d
}

pub fn on_member(lang: Lang, ascii: bool) -> Driver {
    let mut d = logged_in(lang, ascii);
    d.open_member(sample_view());
    d
}

pub fn money(v: i64) -> Amount {
    Amount::Money(Decimal::new(v, 2))
}

pub fn quote_ticket(cmds: &[Command]) -> Option<u64> {
    cmds.iter().find_map(|c| match c {
        Command::Quote { ticket, .. } => Some(*ticket),
        _ => None,
    })
}

pub fn execute(cmds: &[Command]) -> Option<(String, carddesk_screens::Op)> {
    cmds.iter().find_map(|c| match c {
        Command::Execute { op_id, op } => Some((op_id.clone(), op.clone())),
        _ => None,
    })
}

pub fn top_up_quote() -> QuoteView {
    QuoteView {
        lines: vec![
            QuoteLine {
                label: QuoteLabel::TopUpAmount,
                value: money(50_000),
            },
            QuoteLine {
                label: QuoteLabel::TopUpBonus,
                value: money(10_000),
            },
        ],
        balances: vec![
            BalanceChange {
                label: QuoteLabel::Principal,
                before: money(128_000),
                after: money(178_000),
            },
            BalanceChange {
                label: QuoteLabel::Bonus,
                before: money(21_050),
                after: money(31_050),
            },
        ],
        pin_required: false,
    }
}

pub fn checkout_quote() -> QuoteView {
    let line = |label, value| QuoteLine { label, value };
    QuoteView {
        lines: vec![
            line(QuoteLabel::Bill, money(18_800)),
            line(QuoteLabel::TierDiscount, money(-1_880)),
            line(QuoteLabel::Coupon, money(-2_000)),
            line(QuoteLabel::Principal, money(12_000)),
            line(QuoteLabel::Bonus, money(2_920)),
            line(QuoteLabel::TenderDue, money(0)),
            line(QuoteLabel::PointsEarned, Amount::Points(149)),
        ],
        balances: vec![
            BalanceChange {
                label: QuoteLabel::Principal,
                before: money(128_000),
                after: money(116_000),
            },
            BalanceChange {
                label: QuoteLabel::Bonus,
                before: money(21_050),
                after: money(18_130),
            },
            BalanceChange {
                label: QuoteLabel::Points,
                before: Amount::Points(12_840),
                after: Amount::Points(12_989),
            },
        ],
        pin_required: false,
    }
}

pub fn stay_quote() -> QuoteView {
    QuoteView {
        lines: vec![
            QuoteLine {
                label: QuoteLabel::Nights,
                value: Amount::Count(2),
            },
            QuoteLine {
                label: QuoteLabel::RoomRevenue,
                value: money(73_600),
            },
            QuoteLine {
                label: QuoteLabel::PointsEarned,
                value: Amount::Points(736),
            },
        ],
        balances: vec![BalanceChange {
            label: QuoteLabel::Points,
            before: Amount::Points(12_840),
            after: Amount::Points(13_576),
        }],
        pin_required: false,
    }
}

/// Fills the form with `keys` typed, presses Enter for a quote, and answers it.
pub fn quoted(d: &mut Driver, typed: &[&str], q: QuoteView) {
    for (i, t) in typed.iter().enumerate() {
        d.type_text(t);
        if i + 1 < typed.len() {
            d.key(KeyCode::Tab);
        }
    }
    let mut cmds = d.key(KeyCode::Enter);
    // Enter moves through the fields and asks for the quote on the last one.
    while quote_ticket(&cmds).is_none() {
        cmds = d.key(KeyCode::Enter);
    }
    let ticket = quote_ticket(&cmds).unwrap_or_default();
    d.reply(Reply::Quoted {
        ticket,
        result: Ok(q),
    });
}

/// Every screen, reached as an operator would, by name.
pub fn scenario(name: &str, lang: Lang, ascii: bool) -> Driver {
    match name {
        "login_checking" => driver(lang, ascii),
        "login_setup" => {
            let mut d = driver(lang, ascii);
            d.reply(Reply::Setup {
                has_operators: false,
            });
            d.type_text("admin");
            d.key(KeyCode::Tab);
            d.type_text("王经理");
            d.key(KeyCode::Tab);
            d.type_text("1234");
            d
        }
        "login" => {
            let mut d = driver(lang, ascii);
            d.reply(Reply::Setup {
                has_operators: true,
            });
            d.type_text("cashier1");
            d.key(KeyCode::Tab);
            d.type_text("99");
            d
        }
        "home" => logged_in(lang, ascii),
        "home_results" => {
            let mut d = logged_in(lang, ascii);
            d.type_text("5678");
            let cmds = d.key(KeyCode::Enter);
            let ticket = cmds
                .iter()
                .find_map(|c| match c {
                    Command::Find { ticket, .. } => Some(*ticket),
                    _ => None,
                })
                .unwrap_or_default();
            let summary = |no: &str, name: &str, phone: &str, tier: &str, status: &str| {
                carddesk_data::MemberSummary {
                    member_no: no.into(),
                    name: name.into(),
                    phone: Some(phone.into()),
                    tier: tier.into(),
                    status: status.into(),
                }
            };
            d.reply(Reply::Found {
                ticket,
                query: "5678".into(),
                purpose: carddesk_screens::FindPurpose::Lookup,
                result: Ok(carddesk_data::Found::Many {
                    members: vec![
                        summary("10000042", "欧阳秀英", "13812345678", "金卡", "active"),
                        summary("10000107", "Anna Müller", "13900005678", "普通", "active"),
                        summary("10000311", "司马浩然", "15000125678", "白金", "frozen"),
                    ],
                }),
            });
            d.key(KeyCode::Down);
            d.key(KeyCode::Down);
            d
        }
        "member" => on_member(lang, ascii),
        "member_help" => {
            let mut d = on_member(lang, ascii);
            d.key(KeyCode::F(1));
            d
        }
        "member_freeze" => {
            let mut d = on_member(lang, ascii);
            d.type_text("z");
            d.type_text("lost wallet");
            d
        }
        "quit" => {
            let mut d = on_member(lang, ascii);
            d.key(KeyCode::F(10));
            d
        }
        "register" => {
            let mut d = logged_in(lang, ascii);
            d.key(KeyCode::F(2));
            d.type_text("张伟");
            d.key(KeyCode::Tab);
            d.type_text("13900001111");
            d.key(KeyCode::F(2));
            d.scan("CD000000009999");
            d
        }
        "edit" => {
            let mut d = on_member(lang, ascii);
            d.type_text("e");
            d.key(KeyCode::Tab);
            d.key(KeyCode::Tab);
            d
        }
        "cards" => {
            let mut d = on_member(lang, ascii);
            d.type_text("k");
            d.key(KeyCode::Down);
            d
        }
        "cards_lost" => {
            let mut d = on_member(lang, ascii);
            d.type_text("kl");
            d
        }
        "cards_replace" => {
            let mut d = on_member(lang, ascii);
            d.type_text("kr");
            d.type_text("04FF0102");
            d
        }
        "journal" => {
            let mut d = on_member(lang, ascii);
            let cmds = d.type_text("j");
            let ticket = cmds
                .iter()
                .find_map(|c| match c {
                    Command::LoadJournal { ticket, .. } => Some(*ticket),
                    _ => None,
                })
                .unwrap_or_default();
            d.reply(Reply::Journal {
                ticket,
                result: Ok(carddesk_screens::testing::sample_journal()),
            });
            d.key(KeyCode::Down);
            d
        }
        "top_up" => {
            let mut d = on_member(lang, ascii);
            d.type_text("t");
            quoted(&mut d, &["500"], top_up_quote());
            d
        }
        "checkout" => {
            let mut d = on_member(lang, ascii);
            d.type_text("c");
            quoted(&mut d, &["188", "A-1024", "CPN8K2Q9"], checkout_quote());
            d
        }
        "checkout_done" => {
            let mut d = on_member(lang, ascii);
            d.type_text("c");
            quoted(&mut d, &["188", "A-1024", "CPN8K2Q9"], checkout_quote());
            let cmds = d.key(KeyCode::F(12));
            if let Some((op_id, _)) = execute(&cmds) {
                d.reply(Reply::Executed {
                    op_id,
                    result: Ok(carddesk_screens::Done {
                        entry_id: "T01-58".into(),
                        replayed: false,
                        member_no: Some("10000042".into()),
                    }),
                });
            }
            d
        }
        "stay" => {
            let mut d = on_member(lang, ascii);
            d.type_text("s");
            quoted(&mut d, &["2", "736", "F-8812"], stay_quote());
            d
        }
        other => panic!("no scenario {other}"),
    }
}

pub const SCENARIOS: &[&str] = &[
    "login_checking",
    "login_setup",
    "login",
    "home",
    "home_results",
    "member",
    "member_help",
    "member_freeze",
    "quit",
    "register",
    "edit",
    "cards",
    "cards_lost",
    "cards_replace",
    "journal",
    "top_up",
    "checkout",
    "checkout_done",
    "stay",
];
