//! What kind of entry a journal line is: one typed list, with its stored word and the
//! name an operator reads, so the journal, the screens, the receipts and the reports
//! cannot drift apart (a kind added here without a name does not compile).

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lang::Lang;

macro_rules! kinds {
    ($($variant:ident = $word:literal, $zh:literal, $en:literal;)*) => {
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

            /// The name an operator reads (journal, receipts, reports).
            pub fn label(self, lang: Lang) -> &'static str {
                match self {
                    $(EntryKind::$variant => lang.pick($zh, $en),)*
                }
            }
        }
    };
}

kinds! {
    MemberRegistered = "member_registered", "会员登记", "registered";
    MemberEdited = "member_edited", "资料修改", "edited";
    MemberFrozen = "member_frozen", "冻结", "frozen";
    MemberUnfrozen = "member_unfrozen", "解冻", "unfrozen";
    CredentialBound = "credential_bound", "绑定凭证", "card bound";
    CredentialLost = "credential_lost", "挂失", "card lost";
    CredentialReplaced = "credential_replaced", "补卡", "card replaced";
    OperatorAdded = "operator_added", "新增操作员", "operator added";
    OperatorActiveSet = "operator_active_set", "操作员停用/启用", "operator off/on";
    OperatorPinChanged = "operator_pin_changed", "操作员改密码", "operator PIN changed";
    PaymentPinSet = "payment_pin_set", "设置支付密码", "payment PIN set";
    ToppedUp = "topped_up", "充值", "top-up";
    CheckedOut = "checked_out", "消费结算", "checkout";
    StayPosted = "stay_posted", "入住积分", "stay posted";
    NoShowPosted = "no_show_posted", "未入住扣分", "no-show posted";
    PointsAdjusted = "points_adjusted", "积分调整", "points adjusted";
    GiftRedeemed = "gift_redeemed", "积分兑礼", "gift redeemed";
    PointsConverted = "points_converted", "积分转换", "points converted";
    StoredValueRefunded = "stored_value_refunded", "储值退款", "refund";
    CountCardSold = "count_card_sold", "售计次卡", "count card sold";
    CountCardUsed = "count_card_used", "用计次卡", "count card used";
    CouponIssued = "coupon_issued", "发优惠券", "coupon issued";
    CouponRedeemed = "coupon_redeemed", "核销优惠券", "coupon redeemed";
    CouponVoided = "coupon_voided", "作废优惠券", "coupon voided";
    PointsExpired = "points_expired", "积分过期", "points expired";
    TierChanged = "tier_changed", "等级变更", "tier changed";
    Reversed = "reversed", "冲正", "reversal";
    ShiftOpened = "shift_opened", "开班", "shift opened";
    PinLocked = "pin_locked", "密码锁定", "PIN locked";
    ShiftClosed = "shift_closed", "交班", "shift closed";
    OpeningBalance = "opening_balance", "期初余额", "opening balance";
    ConflictRaised = "conflict_raised", "同步冲突", "sync conflict";
    DebtRepaid = "debt_repaid", "偿还欠款", "debt repaid";
    StoredValueRebalanced = "stored_value_rebalanced", "储值调整", "rebalanced";
    ConflictSettled = "conflict_settled", "冲突处理", "settled";
}

impl EntryKind {
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
