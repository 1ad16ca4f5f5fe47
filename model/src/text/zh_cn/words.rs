//! The names of the book's words in zh-CN: the lines of a quote and the kinds of entry.

use crate::text::QuoteLabel;
use crate::EntryKind;

pub(super) fn label(l: QuoteLabel) -> &'static str {
    match l {
        QuoteLabel::Bill => "消费金额",
        QuoteLabel::TierDiscount => "会员折扣",
        QuoteLabel::Coupon => "优惠券",
        QuoteLabel::PointsOffset => "积分抵扣",
        QuoteLabel::PointsUsed => "使用积分",
        QuoteLabel::Principal => "储值本金支付",
        QuoteLabel::Bonus => "赠送余额支付",
        QuoteLabel::TenderDue => "应收现金/刷卡",
        QuoteLabel::PointsEarned => "获得积分",
        QuoteLabel::CouponsIssued => "赠送优惠券",
        QuoteLabel::TopUpAmount => "充值金额",
        QuoteLabel::TopUpBonus => "赠送",
        QuoteLabel::Nights => "间夜数",
        QuoteLabel::Booking => "预订单号",
        QuoteLabel::PointsDeducted => "未入住扣分",
        QuoteLabel::RoomRevenue => "房费",
        QuoteLabel::Points => "积分",
        QuoteLabel::Debt => "欠款",
        QuoteLabel::Package => "套餐",
        QuoteLabel::Price => "售价",
        QuoteLabel::Uses => "次数",
        QuoteLabel::CountCardLeft => "计次卡剩余",
        QuoteLabel::Template => "券类型",
        QuoteLabel::CouponCode => "券码",
        QuoteLabel::OpenCoupons => "可用优惠券",
        QuoteLabel::Reverses => "冲正流水",
        QuoteLabel::Reason => "原因",
        QuoteLabel::NegativeBalance => "余额将为负数",
        QuoteLabel::Float => "备用金",
        QuoteLabel::ExpectedCash => "应有现金",
        QuoteLabel::CountedCash => "实点现金",
        QuoteLabel::OverShort => "长款(+)/短款(-)",
        QuoteLabel::Operator => "操作员",
        QuoteLabel::Role => "角色",
        QuoteLabel::Status => "状态",
        QuoteLabel::Pin => "新密码",
        QuoteLabel::ApprovedBy => "授权主管",
        QuoteLabel::Amount => "金额",
        QuoteLabel::Gift => "礼品",
        QuoteLabel::Into => "转换为",
        QuoteLabel::Conflict => "冲突",
        QuoteLabel::Resolution => "处理方式",
        QuoteLabel::Tender => "付款方式",
        QuoteLabel::Note => "处理说明",
    }
}

pub(super) fn kind(k: EntryKind) -> &'static str {
    match k {
        EntryKind::MemberRegistered => "会员登记",
        EntryKind::MemberEdited => "资料修改",
        EntryKind::MemberFrozen => "冻结",
        EntryKind::MemberUnfrozen => "解冻",
        EntryKind::CredentialBound => "绑定凭证",
        EntryKind::CredentialLost => "挂失",
        EntryKind::CredentialReplaced => "补卡",
        EntryKind::OperatorAdded => "新增操作员",
        EntryKind::OperatorActiveSet => "操作员停用/启用",
        EntryKind::OperatorPinChanged => "操作员改密码",
        EntryKind::PaymentPinSet => "设置支付密码",
        EntryKind::ToppedUp => "充值",
        EntryKind::CheckedOut => "消费结算",
        EntryKind::StayPosted => "入住积分",
        EntryKind::NoShowPosted => "未入住扣分",
        EntryKind::PointsAdjusted => "积分调整",
        EntryKind::GiftRedeemed => "积分兑礼",
        EntryKind::PointsConverted => "积分转换",
        EntryKind::StoredValueRefunded => "储值退款",
        EntryKind::CountCardSold => "售计次卡",
        EntryKind::CountCardUsed => "用计次卡",
        EntryKind::CouponIssued => "发优惠券",
        EntryKind::CouponRedeemed => "核销优惠券",
        EntryKind::CouponVoided => "作废优惠券",
        EntryKind::PointsExpired => "积分过期",
        EntryKind::TierChanged => "等级变更",
        EntryKind::Reversed => "冲正",
        EntryKind::ShiftOpened => "开班",
        EntryKind::PinLocked => "密码锁定",
        EntryKind::ShiftClosed => "交班",
        EntryKind::OpeningBalance => "期初余额",
        EntryKind::ConflictRaised => "同步冲突",
        EntryKind::DebtRepaid => "偿还欠款",
        EntryKind::StoredValueRebalanced => "储值调整",
        EntryKind::ConflictSettled => "冲突处理",
    }
}

/// A receipt's heading: the kind's name.
pub(super) fn receipt_title(k: EntryKind) -> String {
    kind(k).to_string()
}
