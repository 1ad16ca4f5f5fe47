//! The default rules: a worked example of a small chain with rooms, a restaurant and a
//! KTV. The shipped config.toml spells out the same values (a test holds them equal).

use rust_decimal_macros::dec;

use super::*;

impl Default for Rules {
    fn default() -> Self {
        let tier =
            |name: &str, mult, disc, pts: Option<i64>, spend: Option<Decimal>, nights| Tier {
                name: name.into(),
                earn_multiplier: mult,
                discount_percent: disc,
                min_points: pts,
                min_spend: spend,
                min_nights: nights,
                min_visits: None,
                benefits: String::new(),
                tier_price: None,
            };
        let outlet = |id: &str, name: &str, rate| Outlet {
            id: id.into(),
            name: name.into(),
            earn_per_unit: rate,
        };
        let mut tiers = vec![
            tier("普通", dec!(1), dec!(0), None, None, None),
            tier(
                "银卡",
                dec!(1.2),
                dec!(5),
                Some(2000),
                Some(dec!(2000)),
                Some(5),
            ),
            tier(
                "金卡",
                dec!(1.5),
                dec!(10),
                Some(8000),
                Some(dec!(8000)),
                Some(20),
            ),
            tier(
                "白金",
                dec!(2),
                dec!(15),
                Some(20000),
                Some(dec!(20000)),
                Some(50),
            ),
        ];
        for (t, b) in tiers.iter_mut().zip([
            "",
            "延迟退房至13:00",
            "延迟退房至14:00，免费早餐",
            "行政酒廊，免费升级房型",
        ]) {
            t.benefits = b.to_string();
        }
        Rules {
            utc_offset_minutes: 480,
            rounding: Rounding::HalfUp,
            tiers,
            tier_window: TierWindow {
                months: 12,
                period_end: "12-31".into(),
                downgrade: Downgrade::ToQualified,
            },
            outlets: vec![
                outlet("rooms", "客房", dec!(1)),
                outlet("restaurant", "餐厅", dec!(1)),
                outlet("ktv", "KTV", dec!(2)),
            ],
            promotions: vec![Promotion {
                name: "周末双倍积分".into(),
                multiplier: dec!(2),
                window: Window {
                    weekdays: Weekdays(vec![6, 7]),
                    outlets: vec!["restaurant".into()],
                    ..Window::default()
                },
            }],
            earn_brackets: Vec::new(),
            points: PointsRules::default(),
            stored_value: StoredValueRules::default(),
            stay: StayRules::default(),
            checkout: CheckoutRules::default(),
            coupon_templates: vec![
                CouponTemplate {
                    id: "cash20".into(),
                    name: "20元代金券".into(),
                    value: CouponValue::CashOff { amount: dec!(20) },
                    min_spend: dec!(100),
                    window: Window::default(),
                    valid_days: 90,
                    points_price: Some(400),
                },
                CouponTemplate {
                    id: "ktv_happy_hour".into(),
                    name: "KTV欢唱8折券".into(),
                    value: CouponValue::PercentOff {
                        percent: dec!(20),
                        cap: dec!(100),
                    },
                    min_spend: dec!(0),
                    window: Window {
                        outlets: vec!["ktv".into()],
                        hours: Some("14:00-20:00".into()),
                        ..Window::default()
                    },
                    valid_days: 30,
                    points_price: None,
                },
                CouponTemplate {
                    id: "free_fruit".into(),
                    name: "果盘券".into(),
                    value: CouponValue::FreeItem {
                        item: "果盘".into(),
                        worth: dec!(38),
                    },
                    min_spend: dec!(0),
                    window: Window::default(),
                    valid_days: 60,
                    points_price: Some(300),
                },
            ],
            coupon_rules: vec![CouponRule {
                min_spend: dec!(100),
                template: "cash20".into(),
                outlets: vec![],
            }],
            count_packages: vec![CountPackage {
                id: "ktv10".into(),
                name: "KTV 10次卡".into(),
                service: "KTV包房欢唱".into(),
                uses: 10,
                price: dec!(880),
                valid_days: 365,
                points_price: None,
            }],
            gifts: vec![Gift {
                id: "umbrella".into(),
                name: "雨伞".into(),
                points: 1500,
            }],
            staff: StaffRules::default(),
            offline: OfflineRules::default(),
            // Off until a window is chosen; the rest is what it then gives.
            birthday: BirthdayRules {
                window: BirthdayWindow::Off,
                perk: Perk {
                    coupon: Some("free_fruit".into()),
                    discount_percent: dec!(0),
                    earn_multiplier: dec!(2),
                },
                tiers: vec![TierPerk {
                    tier: "白金".into(),
                    perk: Perk {
                        coupon: Some("free_fruit".into()),
                        discount_percent: dec!(10),
                        earn_multiplier: dec!(3),
                    },
                }],
            },
            member_days: Vec::new(),
            welcome: WelcomeRules::default(),
            card_sales: Default::default(),
            commission: Default::default(),
            daily_terminal: None,
            referral: ReferralRules::default(),
            bulk_coupons: Default::default(),
            corporate: None,
        }
    }
}
