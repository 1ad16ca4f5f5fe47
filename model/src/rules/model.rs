//! The shape of `[rules]` in config.toml. Defaults are a worked example of a small
//! chain with rooms, a restaurant and a KTV (the shipped config.toml spells them out).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    BirthdayRules, BulkCouponRules, CardSalesRules, CommissionRules, CorporateRules, EarnBracket,
    MemberDay, ReferralRules, WelcomeRules, Window,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    /// Minutes east of UTC of the chain's wall clock (480 = China Standard Time).
    pub utc_offset_minutes: i32,
    /// How amounts are rounded to the cent.
    pub rounding: Rounding,
    /// Tiers from lowest to highest. New members start in the first.
    pub tiers: Vec<Tier>,
    pub tier_window: TierWindow,
    pub outlets: Vec<Outlet>,
    pub promotions: Vec<Promotion>,
    /// Earn rates by spend bracket (消费多级积分), lowest first: see earn.rs. Empty: off.
    pub earn_brackets: Vec<EarnBracket>,
    pub points: PointsRules,
    pub stored_value: StoredValueRules,
    pub stay: StayRules,
    pub checkout: CheckoutRules,
    pub coupon_templates: Vec<CouponTemplate>,
    pub coupon_rules: Vec<CouponRule>,
    pub count_packages: Vec<CountPackage>,
    pub gifts: Vec<Gift>,
    pub staff: StaffRules,
    pub offline: OfflineRules,
    /// Birthdays (生日礼遇): see occasions.rs.
    pub birthday: BirthdayRules,
    /// Member days (会员日).
    pub member_days: Vec<MemberDay>,
    /// New members (新会员注册优惠): see rewards.rs.
    pub welcome: WelcomeRules,
    /// Referrals (推荐奖励).
    pub referral: ReferralRules,
    /// Bulk coupons (批量发券).
    pub bulk_coupons: BulkCouponRules,
    /// Selling the card itself (购买型会员卡) and the least first top-up: card_sales.rs.
    pub card_sales: CardSalesRules,
    /// Staff commission (提成) on cards sold and top-ups taken.
    pub commission: CommissionRules,
    /// The one terminal of the chain that runs the daily job (points expiry, tier
    /// review, birthday coupons, expiry notices). Its entries' op ids are the member's
    /// and the day's alone, so two terminals running it would write the same op twice;
    /// None: every terminal runs it (a chain of one terminal).
    pub daily_terminal: Option<crate::ids::TerminalId>,
    /// Corporate accounts (协议单位): off when absent. See corporate.rs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corporate: Option<CorporateRules>,
}

/// Offline caps (DESIGN.md §4): while a terminal with a hub cannot reach it, spends of
/// stored value, points, count cards and coupons are allowed only within these, counted
/// over this terminal's offline entries of the last `window_hours`. Top-ups and earning
/// are always allowed. A terminal without a hub is the whole truth and has no caps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct OfflineRules {
    pub window_hours: i64,
    /// Stored value one member may spend offline at this terminal.
    pub max_stored_value_per_member: Decimal,
    /// Points one member may spend offline at this terminal.
    pub max_points_per_member: i64,
    /// Offline spends of any kind by one member (a checkout, a count-card use, a coupon).
    pub max_spends_per_member: u32,
    /// All stored value spent offline at this terminal: the chain's exposure to it.
    pub max_terminal_exposure: Decimal,
}

impl Default for OfflineRules {
    fn default() -> Self {
        OfflineRules {
            window_hours: 24,
            max_stored_value_per_member: dec!(500),
            max_points_per_member: 5_000,
            max_spends_per_member: 3,
            max_terminal_exposure: dec!(5000),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct StaffRules {
    /// Wrong PINs in a row before an operator id (or a member's payment PIN) is locked.
    pub pin_max_failures: u32,
    pub pin_lockout_minutes: i64,
    /// Money is taken (a top-up, a checkout, a count card sold) only while a shift is
    /// open at the terminal, so no cash falls outside every shift report.
    pub money_needs_shift: bool,
}

impl Default for StaffRules {
    fn default() -> Self {
        StaffRules {
            pin_max_failures: 5,
            pin_lockout_minutes: 15,
            money_needs_shift: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    #[default]
    HalfUp,
    HalfEven,
    Down,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// The word on the screen and in the journal, e.g. "金卡".
    pub name: String,
    /// Points earned are multiplied by this (1.5 = half as much again).
    #[serde(default = "one")]
    pub earn_multiplier: Decimal,
    /// Member discount in percent off the bill (5 = 5% off).
    #[serde(default)]
    pub discount_percent: Decimal,
    /// Reaching any one of these within the window qualifies for the tier.
    #[serde(default)]
    pub min_points: Option<i64>,
    #[serde(default)]
    pub min_spend: Option<Decimal>,
    #[serde(default)]
    pub min_nights: Option<i64>,
    /// Visits (消费次数): checkouts and stay postings within the window. Off unless set.
    #[serde(default)]
    pub min_visits: Option<i64>,
    #[serde(default)]
    pub benefits: String,
    /// Points a member of the tier just below pays to rise into this one (积分提升等级,
    /// `carddesk op buy_tier`). None: this tier cannot be bought. A bought tier is held
    /// like a reached one: the period-end review may take it down again.
    #[serde(default)]
    pub tier_price: Option<i64>,
}

fn one() -> Decimal {
    Decimal::ONE
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TierWindow {
    /// Points, spend, nights and visits count over this many months back.
    pub months: u32,
    /// At each period end (month-day, e.g. "12-31") a member who no longer qualifies
    /// for their tier goes down: "none" or "to_qualified".
    pub period_end: String,
    pub downgrade: Downgrade,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Downgrade {
    None,
    ToQualified,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outlet {
    pub id: String,
    pub name: String,
    /// Points per 1.00 the member pays with their own money.
    pub earn_per_unit: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Promotion {
    pub name: String,
    pub multiplier: Decimal,
    #[serde(flatten)]
    pub window: Window,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PointsRules {
    /// Points that make 1.00 of payment offset (10 = ten points pay 1.00).
    pub per_unit_offset: i64,
    /// The most of a bill (after discount and coupon) points may pay, 0..1.
    pub max_offset_share: Decimal,
    /// Lots expire this many months after they are earned.
    pub expire_months: u32,
    /// Points that convert to 1.00 of stored value (bonus); 0 = conversion off.
    pub per_unit_stored_value: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentOrder {
    BonusFirst,
    PrincipalFirst,
    Proportional,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct StoredValueRules {
    pub payment_order: PaymentOrder,
    /// A stored-value payment above this needs the member's payment PIN, when the
    /// member has set one. None: never.
    pub pin_above: Option<Decimal>,
    /// A stored-value payment above this needs a supervisor. None: never.
    pub supervisor_above: Option<Decimal>,
    /// Largest single top-up (a typo guard).
    pub max_top_up: Decimal,
    pub bonus: Vec<BonusStep>,
    /// A tier's own bonus table (金卡会员享受充值赠送), in place of `bonus` for its members.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tier_bonus: Vec<TierBonus>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TierBonus {
    pub tier: String,
    pub bonus: Vec<BonusStep>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BonusStep {
    pub threshold: Decimal,
    pub bonus: Decimal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StayBasis {
    PerNight,
    PerAmount,
    Both,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct StayRules {
    pub basis: StayBasis,
    pub points_per_night: i64,
    /// Points per 1.00 of room revenue.
    pub points_per_unit: Decimal,
    /// Most nights one posting may carry (a typo guard).
    pub max_nights: u32,
    /// Points a no-show (未入住) takes back per booked night; 0: no-shows are not posted.
    pub no_show_points_per_night: i64,
    /// The share (0..=1) of a guest's stay points that the member who booked the stay
    /// for them earns, rounded down to whole points; 0: bookers earn nothing.
    pub booker_share: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CheckoutRules {
    /// Coupons one checkout may take (the "at most one", configurable).
    pub coupons_per_checkout: u32,
    /// Largest bill (a typo guard).
    pub max_bill: Decimal,
    /// A checkout must carry the POS bill number. Off where the counter has no POS
    /// (a sauna's front desk): the bill reference may then be left empty.
    pub bill_ref_required: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum CouponValue {
    CashOff { amount: Decimal },
    PercentOff { percent: Decimal, cap: Decimal },
    FreeItem { item: String, worth: Decimal },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CouponTemplate {
    pub id: String,
    pub name: String,
    pub value: CouponValue,
    #[serde(default)]
    pub min_spend: Decimal,
    /// Where and when it may be redeemed (empty lists: anywhere, any day, any hour).
    #[serde(default, flatten)]
    pub window: Window,
    /// Days valid from issue.
    pub valid_days: u32,
    /// Points price when members may buy it with points.
    #[serde(default)]
    pub points_price: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CouponRule {
    /// Issue `template` when the member pays at least this with their own money.
    pub min_spend: Decimal,
    pub template: String,
    #[serde(default)]
    pub outlets: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountPackage {
    pub id: String,
    pub name: String,
    pub service: String,
    pub uses: i64,
    pub price: Decimal,
    pub valid_days: u32,
    /// Points price when members may take the card for points (兑换项目卡,
    /// `convert_points` into `count_card`). None: sold for money only.
    #[serde(default)]
    pub points_price: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gift {
    pub id: String,
    pub name: String,
    pub points: i64,
}

impl Default for PointsRules {
    fn default() -> Self {
        PointsRules {
            per_unit_offset: 10,
            max_offset_share: dec!(0.5),
            expire_months: 24,
            per_unit_stored_value: 100,
        }
    }
}

impl Default for StoredValueRules {
    fn default() -> Self {
        StoredValueRules {
            payment_order: PaymentOrder::BonusFirst,
            pin_above: Some(dec!(500)),
            supervisor_above: Some(dec!(5000)),
            max_top_up: dec!(50000),
            bonus: vec![
                BonusStep {
                    threshold: dec!(200),
                    bonus: dec!(20),
                },
                BonusStep {
                    threshold: dec!(500),
                    bonus: dec!(100),
                },
                BonusStep {
                    threshold: dec!(1000),
                    bonus: dec!(300),
                },
            ],
            tier_bonus: Vec::new(),
        }
    }
}

impl Default for StayRules {
    fn default() -> Self {
        StayRules {
            basis: StayBasis::Both,
            points_per_night: 100,
            points_per_unit: dec!(1),
            max_nights: 60,
            no_show_points_per_night: 300,
            booker_share: dec!(0.5),
        }
    }
}

impl Default for CheckoutRules {
    fn default() -> Self {
        CheckoutRules {
            coupons_per_checkout: 1,
            max_bill: dec!(100000),
            bill_ref_required: true,
        }
    }
}

impl Default for TierWindow {
    fn default() -> Self {
        TierWindow {
            months: 12,
            period_end: "12-31".into(),
            downgrade: Downgrade::ToQualified,
        }
    }
}

/// Valid dates of something issued on `day` for `valid_days` days (inclusive).
pub fn valid_until(day: NaiveDate, valid_days: u32) -> NaiveDate {
    day.checked_add_days(chrono::Days::new(u64::from(valid_days.max(1)) - 1))
        .unwrap_or(NaiveDate::MAX)
}
