//! The names of the book's words in en: the lines of a quote and the kinds of entry.

use crate::text::QuoteLabel;
use crate::EntryKind;

pub(super) fn label(l: QuoteLabel) -> &'static str {
    match l {
        QuoteLabel::Bill => "Bill",
        QuoteLabel::TierDiscount => "Member discount",
        QuoteLabel::Coupon => "Coupon",
        QuoteLabel::PointsOffset => "Points offset",
        QuoteLabel::PointsUsed => "Points used",
        QuoteLabel::Principal => "From principal",
        QuoteLabel::Bonus => "From bonus",
        QuoteLabel::TenderDue => "Tender due",
        QuoteLabel::PointsEarned => "Points earned",
        QuoteLabel::CouponsIssued => "Coupons issued",
        QuoteLabel::TopUpAmount => "Top-up",
        QuoteLabel::TopUpBonus => "Bonus",
        QuoteLabel::Nights => "Nights",
        QuoteLabel::Booking => "Booking",
        QuoteLabel::PointsDeducted => "No-show points",
        QuoteLabel::RoomRevenue => "Room revenue",
        QuoteLabel::Points => "Points",
        QuoteLabel::Debt => "Debt",
        QuoteLabel::Package => "Package",
        QuoteLabel::Price => "Price",
        QuoteLabel::Uses => "Uses",
        QuoteLabel::CountCardLeft => "Uses left",
        QuoteLabel::Template => "Template",
        QuoteLabel::CouponCode => "Coupon code",
        QuoteLabel::OpenCoupons => "Open coupons",
        QuoteLabel::Reverses => "Reverses",
        QuoteLabel::Reason => "Reason",
        QuoteLabel::NegativeBalance => "Balance goes negative",
        QuoteLabel::Float => "Float",
        QuoteLabel::ExpectedCash => "Expected cash",
        QuoteLabel::CountedCash => "Counted cash",
        QuoteLabel::OverShort => "Over (+) / short (-)",
        QuoteLabel::Operator => "Operator",
        QuoteLabel::Role => "Role",
        QuoteLabel::Status => "Status",
        QuoteLabel::Pin => "New PIN",
        QuoteLabel::ApprovedBy => "Approved by",
        QuoteLabel::Amount => "Amount",
        QuoteLabel::Gift => "Gift",
        QuoteLabel::Into => "Into",
        QuoteLabel::Conflict => "Conflict",
        QuoteLabel::Resolution => "Resolution",
        QuoteLabel::Tender => "Tender",
        QuoteLabel::Note => "Note",
    }
}

pub(super) fn kind(k: EntryKind) -> &'static str {
    match k {
        EntryKind::MemberRegistered => "registered",
        EntryKind::MemberEdited => "edited",
        EntryKind::MemberFrozen => "frozen",
        EntryKind::MemberUnfrozen => "unfrozen",
        EntryKind::CredentialBound => "card bound",
        EntryKind::CredentialLost => "card lost",
        EntryKind::CredentialReplaced => "card replaced",
        EntryKind::OperatorAdded => "operator added",
        EntryKind::OperatorActiveSet => "operator off/on",
        EntryKind::OperatorPinChanged => "operator PIN changed",
        EntryKind::PaymentPinSet => "payment PIN set",
        EntryKind::ToppedUp => "top-up",
        EntryKind::CheckedOut => "checkout",
        EntryKind::StayPosted => "stay posted",
        EntryKind::NoShowPosted => "no-show posted",
        EntryKind::PointsAdjusted => "points adjusted",
        EntryKind::GiftRedeemed => "gift redeemed",
        EntryKind::PointsConverted => "points converted",
        EntryKind::StoredValueRefunded => "refund",
        EntryKind::CountCardSold => "count card sold",
        EntryKind::CountCardUsed => "count card used",
        EntryKind::CouponIssued => "coupon issued",
        EntryKind::CouponRedeemed => "coupon redeemed",
        EntryKind::CouponVoided => "coupon voided",
        EntryKind::PointsExpired => "points expired",
        EntryKind::TierChanged => "tier changed",
        EntryKind::Reversed => "reversal",
        EntryKind::ShiftOpened => "shift opened",
        EntryKind::PinLocked => "PIN locked",
        EntryKind::ShiftClosed => "shift closed",
        EntryKind::OpeningBalance => "opening balance",
        EntryKind::ConflictRaised => "sync conflict",
        EntryKind::DebtRepaid => "debt repaid",
        EntryKind::StoredValueRebalanced => "rebalanced",
        EntryKind::ConflictSettled => "settled",
    }
}

/// A receipt's heading: the kind's name (capitals in English).
pub(super) fn receipt_title(k: EntryKind) -> String {
    kind(k).to_uppercase()
}
