//! Quotes and previews as the worker would answer them, built from the book's own
//! types, and a posting's answer.

use carddesk_data::account::{Account, CountCardView, CouponView};
use carddesk_data::conflict::Resolution;
use carddesk_data::effects::Effect;
use carddesk_data::ops::Balances;
use carddesk_data::receipt::CheckoutLines;
use carddesk_data::{CheckoutQuote, EntryBody, Outcome, Preview, Role, Tender};
use carddesk_screens::testing::{sample_account, sample_member, sample_shift_report};
use carddesk_screens::Quote;
use rust_decimal::Decimal;

pub fn money(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

/// The sample member's account with these balances.
fn account(principal: i64, bonus: i64, points: i64) -> Account {
    Account {
        principal: money(principal),
        bonus: money(bonus),
        points,
        ..sample_account()
    }
}

fn preview(before: Account, after: Account, detail: EntryBody) -> Quote {
    Quote::Preview(Box::new(Preview {
        before,
        after,
        detail,
    }))
}

/// A posting about no member (a shift, an operator): no balances move.
fn no_member(detail: EntryBody) -> Quote {
    preview(Account::default(), Account::default(), detail)
}

/// The sample member's account unchanged but for `change`.
fn same(change: impl FnOnce(&mut Account)) -> (Account, Account) {
    let before = account(128_000, 21_050, 12_840);
    let mut after = before.clone();
    change(&mut after);
    (before, after)
}

pub fn top_up_quote() -> Quote {
    preview(
        account(128_000, 21_050, 12_840),
        account(178_000, 31_050, 12_840),
        EntryBody::ToppedUp {
            amount: money(50_000),
            bonus: money(10_000),
            tender: Tender::Cash,
            effects: vec![],
        },
    )
}

pub fn checkout_quote() -> Quote {
    let balances = |a: &Account| Balances::from(a);
    Quote::Checkout(Box::new(CheckoutQuote {
        lines: CheckoutLines {
            bill: money(18_800),
            bill_ref: "A-1024".into(),
            outlet: "rooms".into(),
            tier: "gold".into(),
            tier_discount: money(1_880),
            coupon: Some("CPN8K2Q9".into()),
            coupon_off: money(2_000),
            points_used: 0,
            points_off: Decimal::ZERO,
            bonus_paid: money(2_920),
            principal_paid: money(12_000),
            tender: Tender::Cash,
            tender_paid: Decimal::ZERO,
            points_earned: 149,
            earn_multiplier: Decimal::ONE,
            promotions: vec![],
            coupons_issued: vec![],
        },
        before: balances(&account(128_000, 21_050, 12_840)),
        after: balances(&account(116_000, 18_130, 12_989)),
        pin_needed: false,
    }))
}

pub fn stay_quote() -> Quote {
    let (before, after) = same(|a| a.points = 13_576);
    preview(
        before,
        after,
        EntryBody::StayPosted {
            nights: 2,
            room_revenue: money(73_600),
            folio_ref: "F-8812".into(),
            points: 736,
            effects: vec![],
        },
    )
}

pub fn reverse_quote() -> Quote {
    preview(
        account(116_000, 18_130, 12_989),
        account(128_000, 21_050, 12_840),
        EntryBody::Reversed {
            original_kind: "checked_out".into(),
            reason: "顾客退单".into(),
            approved_by: "sup1".into(),
            negative_balance: false,
            effects: vec![],
        },
    )
}

fn card(id: &str, remaining: i64) -> CountCardView {
    CountCardView {
        card: id.into(),
        remaining,
        ..sample_account().count_cards[0].clone()
    }
}

pub fn sell_card_quote() -> Quote {
    let (before, after) = same(|a| a.count_cards.push(card("T01-60", 10)));
    preview(
        before,
        after,
        EntryBody::CountCardSold {
            package: "ktv10".into(),
            price: money(88_000),
            tender: Tender::Cash,
            effects: vec![],
        },
    )
}

pub fn use_card_quote() -> Quote {
    let (before, after) = same(|a| a.count_cards = vec![card("CC-7", 6)]);
    preview(
        before,
        after,
        EntryBody::CountCardUsed {
            card: "CC-7".into(),
            uses: 1,
            effects: vec![],
        },
    )
}

const CODE: &str = "7K3M9QX2B4TDR8";

pub fn coupon_quote(kind: &str) -> Quote {
    let coupon = |code: &str| CouponView {
        code: code.into(),
        ..sample_account().coupons[0].clone()
    };
    let (before, after) = same(|a| {
        if kind == "issue" {
            a.coupons.push(coupon(CODE));
        } else {
            a.coupons.clear();
        }
    });
    let (reason, approved_by) = ("生日礼遇".to_string(), "admin".to_string());
    let detail = match kind {
        "issue" => EntryBody::CouponIssued {
            template: "free_fruit".into(),
            reason,
            approved_by,
            effects: vec![Effect::CouponIssued {
                code: CODE.into(),
                template: "free_fruit".into(),
                valid_from: coupon(CODE).valid_from,
                valid_to: coupon(CODE).valid_to,
            }],
        },
        "redeem" => EntryBody::CouponRedeemed {
            code: CODE.into(),
            effects: vec![],
        },
        _ => EntryBody::CouponVoided {
            code: CODE.into(),
            reason,
            approved_by,
            effects: vec![],
        },
    };
    preview(before, after, detail)
}

pub fn points_quote(kind: &str) -> Quote {
    let (before, after, detail) = match kind {
        "refund" => (
            account(128_000, 21_050, 12_840),
            account(118_000, 21_050, 12_840),
            EntryBody::StoredValueRefunded {
                amount: money(10_000),
                tender: Tender::Cash,
                reason: "顾客退卡".into(),
                approved_by: "admin".into(),
                effects: vec![],
            },
        ),
        "adjust" => (
            account(128_000, 21_050, 12_840),
            account(128_000, 21_050, 12_340),
            EntryBody::PointsAdjusted {
                points: -500,
                reason: "重复积分".into(),
                approved_by: "admin".into(),
                effects: vec![],
            },
        ),
        "gift" => (
            account(128_000, 21_050, 12_840),
            account(128_000, 21_050, 11_340),
            EntryBody::GiftRedeemed {
                gift: "umbrella".into(),
                points: 1_500,
                effects: vec![],
            },
        ),
        _ => (
            account(128_000, 21_050, 12_840),
            account(128_000, 21_450, 12_440),
            EntryBody::PointsConverted {
                points: 400,
                into: "stored_value".into(),
                effects: vec![],
            },
        ),
    };
    preview(before, after, detail)
}

pub fn shift_quote(close: bool) -> Quote {
    if !close {
        return no_member(EntryBody::ShiftOpened {
            float: money(20_000),
        });
    }
    let mut report = sample_shift_report(true);
    report.counted_cash = Some(money(153_500));
    report.over_short = Some(money(-300));
    no_member(EntryBody::ShiftClosed {
        shift_id: report.shift_id.clone(),
        counted_cash: money(153_500),
        report: Box::new(report),
    })
}

pub fn operator_quote() -> Quote {
    no_member(EntryBody::OperatorAdded {
        operator_id: "sup2".into(),
        name: "赵主管".into(),
        role: Role::Supervisor,
        pin_hash: String::new(),
    })
}

pub fn operator_state_quote() -> Quote {
    no_member(EntryBody::OperatorActiveSet {
        operator_id: "cashier1".into(),
        active: false,
    })
}

pub fn pin_quote(id: &str) -> Quote {
    no_member(EntryBody::OperatorPinChanged {
        operator_id: id.into(),
        pin_hash: String::new(),
    })
}

pub fn settle_quote() -> Quote {
    preview(
        Account {
            debt: money(4_000),
            ..account(0, 0, 12_840)
        },
        account(0, 0, 12_840),
        EntryBody::ConflictSettled {
            conflict_id: "HUB-3".into(),
            resolution: Resolution::Collected,
            amount: money(4_000),
            tender: Some(Tender::Cash),
            note: "顾客到店补缴".into(),
            approved_by: "admin".into(),
            effects: vec![],
        },
    )
}

/// The book's answer to a posting: `entry_id`, about the sample member or no one.
pub fn posted(entry_id: &str, member: bool, detail: Option<EntryBody>) -> Box<Outcome> {
    Box::new(Outcome {
        entry_id: entry_id.into(),
        kind: String::new(),
        replayed: false,
        member: member.then(sample_member),
        account: None,
        detail,
        follow_ups: vec![],
    })
}
