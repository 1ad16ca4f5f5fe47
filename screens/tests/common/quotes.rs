//! Quotes and previews as the worker would answer them, built from the book's own
//! types, and a posting's answer.

use carddesk_model::account::{Account, CountCardView};
use carddesk_model::conflict::Resolution;
use carddesk_model::ops::Balances;
use carddesk_model::receipt::CheckoutLines;
use carddesk_model::{CheckoutQuote, EntryBody, Outcome, Preview, Tender};
use carddesk_screens::testing::{sample_account, sample_member};
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
            earn_brackets: None,
            promotions: vec![],
            coupons_issued: vec![],
            occasions: vec![],
        },
        before: balances(&account(128_000, 21_050, 12_840)),
        after: balances(&account(116_000, 18_130, 12_989)),
        pin_needed: false,
    }))
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

pub fn operator_state_quote() -> Quote {
    no_member(EntryBody::OperatorActiveSet {
        operator_id: "cashier1".into(),
        active: false,
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
        kind: detail
            .as_ref()
            .map_or(carddesk_model::EntryKind::MemberEdited, |d| d.kind()),
        replayed: false,
        member: member.then(sample_member),
        account: None,
        detail,
        follow_ups: vec![],
    })
}

/// A two-night no-show on booking B-4471: 600 points taken back.
pub fn no_show_quote() -> Quote {
    let (before, after) = same(|a| a.points -= 600);
    preview(
        before,
        after,
        EntryBody::NoShowPosted {
            nights: 2,
            folio_ref: "B-4471".into(),
            points: 600,
            effects: vec![],
        },
    )
}

/// A two-night stay booked by member 10000077: 936 points, 468 to the booker.
pub fn booked_stay_quote() -> Quote {
    let (before, after) = same(|a| a.points += 936);
    preview(
        before,
        after,
        EntryBody::StayPosted {
            nights: 2,
            room_revenue: money(73_600),
            folio_ref: "F-8812".into(),
            points: 936,
            booker: Some("10000077".into()),
            booker_share: Decimal::new(5, 1),
            booker_points: 468,
            effects: vec![],
        },
    )
}
