//! A preview shows the coupon codes its request will issue: codes are derived from the
//! book's secret and the request id, not drawn anew on every decision.

mod common;

use carddesk_data::entry::EntryBody;
use carddesk_data::ops::{ConvertInto, ConvertPoints, IssueCoupon, StayPosting};
use carddesk_data::{Checkout, Request, Tender};
use common::TestBook;
use rust_decimal_macros::dec;

fn codes(body: &EntryBody) -> Vec<String> {
    body.effects()
        .iter()
        .filter_map(|e| match e {
            carddesk_data::effects::Effect::CouponIssued { code, .. } => Some(code.clone()),
            _ => None,
        })
        .collect()
}

fn previewed_then_posted(t: &mut TestBook, op_id: &str, req: Request) -> Vec<String> {
    let actor = t.approved();
    let shown = t.book.preview_as(&actor, op_id, &req).expect("preview");
    let posted = t.book.execute(&actor, op_id, &req).expect("execute");
    let shown = codes(&shown.detail);
    let posted = codes(posted.detail.as_ref().expect("detail"));
    assert!(!shown.is_empty(), "{op_id} issued no coupon");
    assert_eq!(shown, posted, "{op_id}");
    posted
}

#[test]
fn preview_and_execute_with_one_op_id_issue_the_same_codes() {
    let mut t = TestBook::new();
    let no = t.register("钱七", "13800000088", "AA88");
    t.run(Request::PostStay(StayPosting {
        member_no: no.clone().into(),
        nights: 5,
        room_revenue: dec!(0),
        folio_ref: "F-1".into(),
        booker: None,
    }))
    .expect("points to spend");
    let manual = previewed_then_posted(
        &mut t,
        "pos-1",
        Request::IssueCoupon(IssueCoupon {
            member_no: no.clone().into(),
            template: "cash20".into(),
            reason: "致歉".into(),
        }),
    );
    let bought = previewed_then_posted(
        &mut t,
        "pos-2",
        Request::ConvertPoints(ConvertPoints {
            member_no: no.clone().into(),
            into: ConvertInto::Coupon {
                template: "free_fruit".into(),
            },
        }),
    );
    let by_rule = previewed_then_posted(
        &mut t,
        "pos-3",
        Request::Checkout(Checkout {
            member_no: no.clone().into(),
            bill: dec!(150),
            bill_ref: "B-3".into(),
            coupons: vec![],
            use_points: false,
            use_stored_value: false,
            max_points: None,
            max_stored_value: None,
            tender: Tender::Cash,
            pin: None,
        }),
    );
    // Different requests, different codes; every one is found in the book.
    let all = [manual, bought, by_rule].concat();
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), all.len(), "{all:?}");
    for code in &all {
        assert!(t.book.coupon(code).expect("lookup").is_some(), "{code}");
    }
    t.assert_verified();
}

#[test]
fn two_books_issue_different_codes_for_the_same_op_id() {
    let issue = |t: &mut TestBook| {
        let no = t.register("孙八", "13800000099", "AA99");
        let actor = t.approved();
        let out = t
            .book
            .execute(
                &actor,
                "same-id",
                &Request::IssueCoupon(IssueCoupon {
                    member_no: no.into(),
                    template: "cash20".into(),
                    reason: "致歉".into(),
                }),
            )
            .expect("issue");
        codes(out.detail.as_ref().expect("detail"))
    };
    let (mut a, mut b) = (TestBook::new(), TestBook::new());
    assert_ne!(issue(&mut a), issue(&mut b));
}
