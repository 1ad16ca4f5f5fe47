//! Sample answers of the worker's reads (conflicts, the journal with the hub's entries,
//! operators, reports), as the screens get them.

use carddesk_model::conflict::ConflictView;
use carddesk_model::ops::OperatorListing;
use carddesk_model::view::{ConflictLine, JournalLine};
use carddesk_model::Role;
use carddesk_screens::testing::{header, local};
use carddesk_screens::{ConflictList, ReportData, ReportKind, ReportView};
use rust_decimal::Decimal;

/// Two open conflicts and a settled one, as the worker sends them (open first).
pub fn sample_conflicts() -> ConflictList {
    let c = |id: &str, no: &str, name: &str, kind: &str, asset: &str, subject: &str, amount| {
        ConflictView {
            conflict_id: id.into(),
            member_no: no.into(),
            member_name: Some(name.into()),
            kind: kind.into(),
            asset: asset.into(),
            subject: subject.into(),
            amount,
            raised_hlc: 0,
            causes: vec!["T01-57".into(), "T02-31".into()],
            settled_by: None,
            resolution: None,
        }
    };
    let mut settled = c(
        "HUB-1",
        "10000311",
        "司马浩然",
        "overdraw",
        "stored_value",
        "",
        Decimal::new(1_250, 2),
    );
    settled.settled_by = Some("T01-44".into());
    settled.resolution = Some("written_off".into());
    let line = |conflict, at: &str| ConflictLine {
        conflict,
        raised_at: local(at),
    };
    ConflictList {
        lines: vec![
            line(
                c(
                    "HUB-3",
                    "10000042",
                    "欧阳秀英",
                    "overdraw",
                    "stored_value",
                    "",
                    Decimal::new(4_000, 2),
                ),
                "2025-03-14 09:12",
            ),
            line(
                c(
                    "HUB-2",
                    "10000107",
                    "Anna Müller",
                    "coupon_redeemed_twice",
                    "coupon",
                    "7K3M9QX2B4TDR8",
                    Decimal::ONE,
                ),
                "2025-03-13 21:40",
            ),
            line(settled, "2025-03-01 12:05"),
        ],
        open: 2,
    }
}

/// The journal with the hub's entries, a settlement and an entry taken offline.
pub fn sample_sync_journal() -> Vec<JournalLine> {
    use carddesk_model::conflict::{ConflictAsset, ConflictKind, Resolution};
    use carddesk_model::effects::Effect;
    use carddesk_model::EntryBody;
    let debt = Decimal::new(4_000, 2);
    let body = |b: EntryBody| serde_json::to_string(&b).unwrap_or_default();
    let line = |id: &str, at: &str, kind: &str, op: &str, offline: bool, body: String| {
        let hub = id.starts_with("HUB-");
        let mut header = header(op, Some("10000042"));
        header.outlet = if hub { "hub" } else { "rooms" }.into();
        header.offline = offline;
        JournalLine {
            entry_id: id.into(),
            hlc: 0,
            at: local(at),
            kind: carddesk_model::EntryKind::parse(kind).expect("a known kind"),
            header,
            body,
        }
    };
    vec![
        line(
            "T01-62",
            "2025-03-14 09:28",
            "conflict_settled",
            "admin",
            false,
            body(EntryBody::ConflictSettled {
                conflict_id: "HUB-3".into(),
                resolution: Resolution::Collected,
                amount: Decimal::new(3_000, 2),
                tender: Some(carddesk_model::Tender::Cash),
                note: "顾客到店补缴".into(),
                approved_by: "admin".into(),
                effects: vec![Effect::Debt {
                    delta: Decimal::new(-3_000, 2),
                }],
            }),
        ),
        line(
            "HUB-4",
            "2025-03-14 09:20",
            "debt_repaid",
            "hub",
            false,
            body(EntryBody::DebtRepaid {
                amount: Decimal::new(1_000, 2),
                effects: vec![Effect::Debt {
                    delta: Decimal::new(-1_000, 2),
                }],
            }),
        ),
        line(
            "HUB-3",
            "2025-03-14 09:12",
            "conflict_raised",
            "hub",
            false,
            body(EntryBody::ConflictRaised {
                conflict: ConflictKind::Overdraw,
                asset: ConflictAsset::StoredValue,
                subject: String::new(),
                amount: debt,
                debt,
                causes: vec!["T01-61".into(), "T02-31".into()],
                effects: vec![Effect::Debt { delta: debt }],
            }),
        ),
        line(
            "T01-61",
            "2025-03-14 08:55",
            "checked_out",
            "cashier1",
            true,
            r#"{"lines":{"bill":"120.00","principal_paid":"120.00"}}"#.into(),
        ),
    ]
}

pub fn sample_operators() -> Vec<OperatorListing> {
    let op = |id: &str, name: &str, role, active| OperatorListing {
        operator_id: id.into(),
        name: name.into(),
        role,
        active,
    };
    vec![
        op("admin", "王经理", Role::Admin, true),
        op("sup1", "赵主管", Role::Supervisor, true),
        op("cashier1", "李小红", Role::Cashier, true),
        op("cashier2", "Anna Müller", Role::Cashier, false),
    ]
}

/// Figures for each kind of report, as the worker would send them.
pub fn sample_report(kind: ReportKind) -> ReportView {
    use carddesk_model::analytics::{CouponLine, MemberLine, PointsLiability, ShiftLine};
    let day = carddesk_screens::testing::clock().date();
    let data = match kind {
        ReportKind::Shift => ReportData::Shifts(vec![ShiftLine {
            closed_by: "T01-59".into(),
            report: carddesk_screens::testing::sample_shift_report(true),
        }]),
        ReportKind::Points => ReportData::Points(PointsLiability {
            members: 1_842,
            points: 2_318_400,
            value: Decimal::new(2_318_400, 2),
            expiring_in_window: 12_000,
        }),
        ReportKind::Coupons => ReportData::Coupons(vec![
            CouponLine {
                template: "free_fruit".into(),
                issued: 120,
                redeemed: 87,
                voided: 2,
                expired: 11,
            },
            CouponLine {
                template: "birthday_20".into(),
                issued: 31,
                redeemed: 9,
                voided: 0,
                expired: 0,
            },
        ]),
        _ => ReportData::Members(vec![
            MemberLine {
                member_no: "10000042".into(),
                name: "欧阳秀英".into(),
                phone: "13812345678".into(),
                tier: "gold".into(),
                outlet: "rooms".into(),
                date: "2024-05-02".into(),
                amount: Decimal::new(1_288_000, 2),
            },
            MemberLine {
                member_no: "10000107".into(),
                name: "Anna Müller".into(),
                phone: "13900005678".into(),
                tier: "basic".into(),
                outlet: "rooms".into(),
                date: "2024-07-19".into(),
                amount: Decimal::new(436_050, 2),
            },
        ]),
    };
    ReportView {
        kind,
        from: day,
        to: day,
        outlet: "rooms".into(),
        data,
    }
}
