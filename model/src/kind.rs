//! What kind of entry a journal line is: one typed list with its stored word. The name
//! an operator reads is in the text catalogue (`text/<language>/words.rs`), matched
//! exhaustively, so a kind added here without a name in every language does not compile.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lang::Lang;

macro_rules! kinds {
    ($($variant:ident = $word:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum EntryKind {
            $($variant,)*
        }

        impl EntryKind {
            /// Every kind, in the order the journal's kinds were introduced.
            pub const ALL: &'static [EntryKind] = &[$(EntryKind::$variant,)*];

            /// The stored word (the `kind` column, the body's tag, the wire's `kind`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(EntryKind::$variant => $word,)*
                }
            }

            /// The kind a stored word names; None for a word no carddesk writes.
            pub fn parse(word: &str) -> Option<EntryKind> {
                match word {
                    $($word => Some(EntryKind::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

kinds! {
    MemberRegistered = "member_registered";
    MemberEdited = "member_edited";
    MemberFrozen = "member_frozen";
    MemberUnfrozen = "member_unfrozen";
    CredentialBound = "credential_bound";
    CredentialLost = "credential_lost";
    CredentialReplaced = "credential_replaced";
    OperatorAdded = "operator_added";
    OperatorActiveSet = "operator_active_set";
    OperatorPinChanged = "operator_pin_changed";
    PaymentPinSet = "payment_pin_set";
    ToppedUp = "topped_up";
    CheckedOut = "checked_out";
    StayPosted = "stay_posted";
    NoShowPosted = "no_show_posted";
    PointsAdjusted = "points_adjusted";
    GiftRedeemed = "gift_redeemed";
    PointsConverted = "points_converted";
    StoredValueRefunded = "stored_value_refunded";
    CountCardSold = "count_card_sold";
    CountCardUsed = "count_card_used";
    CouponIssued = "coupon_issued";
    CouponRedeemed = "coupon_redeemed";
    CouponVoided = "coupon_voided";
    PointsExpired = "points_expired";
    TierChanged = "tier_changed";
    Reversed = "reversed";
    ShiftOpened = "shift_opened";
    PinLocked = "pin_locked";
    ShiftClosed = "shift_closed";
    OpeningBalance = "opening_balance";
    ConflictRaised = "conflict_raised";
    DebtRepaid = "debt_repaid";
    StoredValueRebalanced = "stored_value_rebalanced";
    ConflictSettled = "conflict_settled";
    RewardGiven = "reward_given";
    CardSold = "card_sold";
    CompanyOpened = "company_opened";
    CompanyLinked = "company_linked";
    CompanyUnlinked = "company_unlinked";
    CompanyCharged = "company_charged";
    CompanySettled = "company_settled";
}

impl EntryKind {
    /// The name an operator reads (journal, receipts, reports), from the text catalogue.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.texts().kind(self)
    }

    /// Kinds only the hub writes (a terminal's entry of one of these is forged).
    pub fn hub_only(self) -> bool {
        matches!(
            self,
            EntryKind::ConflictRaised | EntryKind::DebtRepaid | EntryKind::StoredValueRebalanced
        )
    }
}

// The journal's `kind` column is the stored word (see the feature's note in Cargo.toml).
#[cfg(feature = "rusqlite")]
impl rusqlite::ToSql for EntryKind {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.as_str().into())
    }
}

#[cfg(feature = "rusqlite")]
impl rusqlite::types::FromSql for EntryKind {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let word = v.as_str()?;
        EntryKind::parse(word).ok_or_else(|| {
            rusqlite::types::FromSqlError::Other(format!("no entry kind {word:?}").into())
        })
    }
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for EntryKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_its_word_and_serde_agrees() {
        for &k in EntryKind::ALL {
            assert_eq!(EntryKind::parse(k.as_str()), Some(k));
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
            assert_ne!(k.label(Lang::Zh), k.as_str(), "{k} has no Chinese name");
        }
        assert_eq!(EntryKind::parse("topped_upx"), None);
    }
}
