//! Every request that changes the books, as `carddesk op KIND` reads it and the counter
//! builds it, and the answers they get. Deciding them is the data crate's job.

mod bulk;
mod card_sales;
mod checkout;
mod conflicts;
mod corporate;
mod count_cards;
mod coupons;
mod members;
mod opening;
mod points;
mod requests;
mod reversal;
mod shifts;
mod staff;
mod stored_value;
mod tiers;

pub use bulk::{Audience, BulkCoupons, IssueCouponsBulk};
pub use card_sales::SellCard;
pub use checkout::{Balances, Checkout, CheckoutQuote};
pub use conflicts::SettleConflict;
pub use corporate::{ChargeCompany, LinkToCompany, OpenCompany, SettleCompany, UnlinkFromCompany};
pub use count_cards::{SellCountCard, UseCountCard};
pub use coupons::{IssueCoupon, RedeemCoupon, VoidCoupon};
pub use members::{
    BindCredential, EditMember, FreezeMember, RegisterMember, ReplaceCredential, ReportLost,
    UnfreezeMember,
};
pub use opening::OpeningBalance;
pub use points::{
    booker_points, AdjustPoints, ConvertInto, ConvertPoints, ExpirePoints, NoShowPosting,
    RedeemGift, StayPosting,
};
pub use requests::{Actor, Outcome, Preview, Request, Terminal};
pub use reversal::Reverse;
pub use shifts::{CloseShift, OpenShift};
pub use staff::{
    AddOperator, ChangeOperatorPin, Operator, OperatorListing, SetOperatorActive, SetPaymentPin,
};
pub use stored_value::{RefundStoredValue, TopUp};
pub use tiers::BuyTier;
