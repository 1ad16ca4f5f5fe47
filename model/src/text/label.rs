//! The named lines of quotes and previews, and of the balances before → after.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteLabel {
    Bill,
    TierDiscount,
    /// A birthday or member day: its name, discount and multiplier.
    Occasion,
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
    /// The member who booked a stay for the guest, and their share of its points.
    Booker,
    BookerPoints,
    Points,
    Debt,
    Package,
    /// The tier of a membership card sold.
    CardTier,
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
    /// A tier change: from → to.
    Tier,
    /// The conflict a settlement closes.
    Conflict,
    /// How a conflict is settled (accepted, collected, written off).
    Resolution,
    Tender,
    Note,
    /// The bill a company charge is for.
    BillRef,
    /// What a company owes on its account (挂账).
    Owed,
    /// The company a member is put under or taken from.
    Company,
    /// The most a company may owe (挂账额度).
    CreditLimit,
    /// The note of a payment on a company's account (the form's word for it).
    PayNote,
}

impl QuoteLabel {
    /// Every line name (for the catalogue's completeness test).
    pub const ALL: &'static [QuoteLabel] = &[
        QuoteLabel::Bill,
        QuoteLabel::TierDiscount,
        QuoteLabel::Occasion,
        QuoteLabel::Coupon,
        QuoteLabel::PointsOffset,
        QuoteLabel::PointsUsed,
        QuoteLabel::Principal,
        QuoteLabel::Bonus,
        QuoteLabel::TenderDue,
        QuoteLabel::PointsEarned,
        QuoteLabel::CouponsIssued,
        QuoteLabel::TopUpAmount,
        QuoteLabel::TopUpBonus,
        QuoteLabel::Nights,
        QuoteLabel::Booking,
        QuoteLabel::PointsDeducted,
        QuoteLabel::RoomRevenue,
        QuoteLabel::Booker,
        QuoteLabel::BookerPoints,
        QuoteLabel::Points,
        QuoteLabel::Debt,
        QuoteLabel::Package,
        QuoteLabel::CardTier,
        QuoteLabel::Price,
        QuoteLabel::Uses,
        QuoteLabel::CountCardLeft,
        QuoteLabel::Template,
        QuoteLabel::CouponCode,
        QuoteLabel::OpenCoupons,
        QuoteLabel::Reverses,
        QuoteLabel::Reason,
        QuoteLabel::NegativeBalance,
        QuoteLabel::Float,
        QuoteLabel::ExpectedCash,
        QuoteLabel::CountedCash,
        QuoteLabel::OverShort,
        QuoteLabel::Operator,
        QuoteLabel::Role,
        QuoteLabel::Status,
        QuoteLabel::Pin,
        QuoteLabel::ApprovedBy,
        QuoteLabel::Amount,
        QuoteLabel::Gift,
        QuoteLabel::Into,
        QuoteLabel::Tier,
        QuoteLabel::Conflict,
        QuoteLabel::Resolution,
        QuoteLabel::Tender,
        QuoteLabel::BillRef,
        QuoteLabel::Owed,
        QuoteLabel::Note,
        QuoteLabel::Company,
        QuoteLabel::CreditLimit,
        QuoteLabel::PayNote,
    ];

    /// This line's name in the operator's language.
    pub fn get(self, lang: crate::Lang) -> &'static str {
        lang.texts().label(self)
    }
}
