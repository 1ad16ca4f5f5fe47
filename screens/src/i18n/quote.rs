//! The names of the lines of a quote or preview, and of the balances before → after.

use carddesk_model::Lang;

use super::texts::Tx;

/// The named lines of quotes and previews.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteLabel {
    Bill,
    TierDiscount,
    Coupon,
    PointsOffset,
    PointsUsed,
    Principal,
    Bonus,
    TenderDue,
    PointsEarned,
    CouponsIssued,
    TopUpAmount,
    TopUpBonus,
    Nights,
    /// The booking a no-show is posted for.
    Booking,
    /// Points a no-show takes back.
    PointsDeducted,
    RoomRevenue,
    Points,
    Debt,
    Package,
    Price,
    Uses,
    CountCardLeft,
    Template,
    CouponCode,
    OpenCoupons,
    Reverses,
    Reason,
    NegativeBalance,
    Float,
    ExpectedCash,
    CountedCash,
    OverShort,
    Operator,
    Role,
    Status,
    /// A new operator PIN (never shown: the value is masked).
    Pin,
    ApprovedBy,
    Amount,
    Gift,
    Into,
    /// The conflict a settlement closes.
    Conflict,
    /// How a conflict is settled (accepted, collected, written off).
    Resolution,
    Tender,
    Note,
}

pub fn quote_label(l: QuoteLabel, lang: Lang) -> &'static str {
    use QuoteLabel::*;
    let (zh, en) = match l {
        Bill => ("消费金额", "Bill"),
        TierDiscount => ("会员折扣", "Member discount"),
        Coupon => ("优惠券", "Coupon"),
        PointsOffset => ("积分抵扣", "Points offset"),
        PointsUsed => ("使用积分", "Points used"),
        Principal => ("储值本金支付", "From principal"),
        Bonus => ("赠送余额支付", "From bonus"),
        TenderDue => ("应收现金/刷卡", "Tender due"),
        PointsEarned => ("获得积分", "Points earned"),
        CouponsIssued => ("赠送优惠券", "Coupons issued"),
        TopUpAmount => ("充值金额", "Top-up"),
        TopUpBonus => ("赠送", "Bonus"),
        Nights => ("间夜数", "Nights"),
        Booking => ("预订单号", "Booking"),
        PointsDeducted => ("未入住扣分", "No-show points"),
        RoomRevenue => ("房费", "Room revenue"),
        Points => ("积分", "Points"),
        Debt => ("欠款", "Debt"),
        Package => ("套餐", "Package"),
        Price => ("售价", "Price"),
        Uses => ("次数", "Uses"),
        CountCardLeft => ("计次卡剩余", "Uses left"),
        Template => ("券类型", "Template"),
        CouponCode => ("券码", "Coupon code"),
        OpenCoupons => ("可用优惠券", "Open coupons"),
        Reverses => ("冲正流水", "Reverses"),
        Reason => ("原因", "Reason"),
        NegativeBalance => ("余额将为负数", "Balance goes negative"),
        Float => ("备用金", "Float"),
        ExpectedCash => ("应有现金", "Expected cash"),
        CountedCash => ("实点现金", "Counted cash"),
        OverShort => ("长款(+)/短款(-)", "Over (+) / short (-)"),
        Operator => ("操作员", "Operator"),
        Role => ("角色", "Role"),
        Status => ("状态", "Status"),
        Pin => ("新密码", "New PIN"),
        ApprovedBy => ("授权主管", "Approved by"),
        Amount => ("金额", "Amount"),
        Gift => ("礼品", "Gift"),
        Into => ("转换为", "Into"),
        Conflict => ("冲突", "Conflict"),
        Resolution => ("处理方式", "Resolution"),
        Tender => ("付款方式", "Tender"),
        Note => ("处理说明", "Note"),
    };
    lang.pick(zh, en)
}

/// Names of balances in "before -> after" lines.
pub fn balance_label(l: QuoteLabel, lang: Lang) -> &'static str {
    match l {
        QuoteLabel::Principal => Tx::Principal.get(lang),
        QuoteLabel::Bonus => Tx::Bonus.get(lang),
        QuoteLabel::Points | QuoteLabel::PointsEarned | QuoteLabel::PointsUsed => {
            Tx::Points.get(lang)
        }
        other => quote_label(other, lang),
    }
}
