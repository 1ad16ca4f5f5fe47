//! Why a request field was refused (`OpError::Invalid`): one typed reason per rule,
//! its values carried typed. Each language says it in `text/<language>/why.rs`. It lives
//! outside `text` because `OpError` carries it and the catalogue renders `OpError`.

use rust_decimal::Decimal;

/// Why a field was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    OpIdLength,
    NameRequired,
    GenderWords,
    BirthdayForm,
    NoSuchTierOf {
        tier: String,
        tiers: Vec<String>,
    },
    AmountNotNegative,
    PointsWhole,
    ToBeforeFrom,
    QueryEmpty,
    BillRefRequired,
    OnlyAccept,
    NothingOwed,
    UsesRange,
    CouponInCheckout,
    SameCredential,
    ReasonRequired,
    NameLength,
    NotesLength,
    BirthdayImplausible,
    NoSuchTier {
        tier: String,
    },
    CredentialTwice,
    SelfReferral,
    NothingToChange,
    NoShiftForMoney,
    /// No card of this tier is sold here (`rules.card_sales.fees`); `sold` the ones that are.
    CardNotSold {
        tier: String,
        sold: Vec<String>,
    },
    /// A member's first top-up is below `rules.card_sales.min_first_top_up`.
    FirstTopUpBelow {
        min: Decimal,
    },
    /// A replacement fee is due and no tender was given.
    ReplacementFeeTender {
        fee: Decimal,
    },
    OpeningAmount {
        max: i64,
    },
    OpeningPoints {
        max: i64,
    },
    OpeningSource,
    OpeningTwice {
        member_no: String,
    },
    OpeningAllZero,
    NightsRange {
        max: u32,
    },
    /// Corporate accounts are off (`[rules.corporate]` is absent).
    CorporateOff,
    /// The member named is not opened as a company.
    NotACompany {
        member_no: String,
    },
    /// A company cannot be put under a company, nor a member under itself.
    CompanyUnderCompany,
    /// A member under a company cannot be opened as one.
    LinkedNotCompany {
        company: String,
    },
    AlreadyUnderCompany {
        company: String,
    },
    /// The member is under no company (nothing to unlink, no account to charge).
    NotUnderCompany,
    CreditLimitRange {
        max: Decimal,
    },
    /// The charge would take what the company owes above its credit limit.
    CreditLimitExceeded {
        limit: Decimal,
        owed: Decimal,
    },
    /// A settlement above what the company owes.
    SettleAboveOwed {
        owed: Decimal,
    },
    FolioRequired,
    /// No-shows are not charged points here (the rule is off).
    NoShowOff,
    BookingRequired,
    /// A stay names a booker but bookers earn nothing here (`rules.stay.booker_share` 0).
    BookerShareOff,
    /// A stay names its own guest as the booker.
    BookerIsGuest,
    /// The booker a stay names is not a member here.
    BookerUnknown {
        member_no: String,
    },
    /// The booker a stay names is frozen.
    BookerFrozen {
        member_no: String,
    },
    PointsAdjustment,
    NoConversion,
    PointsMultiple {
        per_unit: i64,
    },
    NotForPoints,
    CardNotForPoints,
    TopTier {
        tier: String,
    },
    TierNotForPoints {
        tier: String,
    },
    NotNextTier {
        next: String,
    },
    NoPointsExpiring,
    CashAmount,
    ShiftStillOpen {
        shift_id: String,
    },
    NoShiftOpen,
    FirstIsAdmin,
    OperatorIdForm,
    OperatorNameRequired,
    OperatorAlready,
    NotYourself,
    SupervisorPinLength,
    PinLength,
    PinPepper,
    CardUid,
    CodeForm,
    IdDocForm,
    PhoneForm,
    AmountPositive,
    AmountCents,
    AmountAbove {
        max: Decimal,
    },
    OpMissing,
    NoSuchOp {
        kind: String,
    },
    PinAsString,
    SupervisorIdMissing,
    SupervisorPinMissing,
    NotInApproval,
    ApprovalForm,
    OperatorPinMissing {
        operator: String,
    },
    NotUtf8,
    GivenTwice,
    NotJson {
        line: usize,
        column: usize,
    },
    NoExponent,
    NotAnObject,
    Required,
    NotInOp,
    AmountForm,
    DayForm,
    NotAChoice,
    WrongForm,
    NotText,
    BillAndFolio,
    BillOrFolio,
    HeaderUnreadable {
        detail: String,
    },
    ColumnTwice,
    UnknownColumn {
        columns: String,
    },
    NameColumnMissing,
    RowUnreadable {
        detail: String,
    },
    FieldCount {
        fields: usize,
        header: usize,
    },
    ColumnCount,
    AlreadyImported {
        entry_id: String,
    },
    DuplicateInFile {
        value: String,
        first: u64,
    },
    /// A bulk issue's dormant days (1 to 3650).
    DormantDays,
    /// A birthday month (1 to 12).
    MonthRange,
    /// A bulk issue reaches more members than `rules.bulk_coupons.max_members`.
    BulkTooMany {
        members: usize,
        max: u32,
    },
}

impl Why {
    /// This reason in the operator's language.
    pub fn get(&self, lang: crate::Lang) -> String {
        lang.texts().why(self)
    }
}
