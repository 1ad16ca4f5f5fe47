//! Online authorization: a spend against the chain-wide balance minus the holds of
//! other approved spends whose entries have not arrived yet.

use carddesk_data::text::HubMsg;
use carddesk_data::Lang;
use sha2::{Digest, Sha256};

use super::{Hold, Ledger, Refusal, HOLD_FOR};
use carddesk_data::authorize::{AuthorizeReply, Spend};
use carddesk_data::journal::Hash;
use carddesk_data::money::{cents, from_cents};
use carddesk_data::replication::Tip;

impl Ledger {
    /// Decides a spend of `terminal` against the chain-wide balance minus other
    /// approvals' holds. An approval holds its amounts until its entry arrives (or
    /// [`HOLD_FOR`] passes); asked again with the same op id and the same request, the
    /// answer is the same approval. The same op id with anything else (another amount,
    /// member, spend or terminal) is refused with `op_id_reused`: an approval covers
    /// exactly what was asked and held. The working set holds the member's rows and the
    /// hold of `op_id` if any (see [`super::rows`]).
    pub fn authorize(
        &mut self,
        terminal: &str,
        op_id: &str,
        member_no: &str,
        spends: &[Spend],
        now_ms: i64,
    ) -> Result<(), Refusal> {
        self.holds.retain(|_, h| h.expires_ms > now_ms);
        let request = request_hash(terminal, member_no, spends);
        if let Some(hold) = self.holds.get(op_id) {
            return if hold.request == request {
                Ok(())
            } else {
                Err(refusal(
                    OP_ID_REUSED,
                    HubMsg::HoldOpIdReused {
                        op_id: op_id.to_string(),
                    },
                ))
            };
        }
        let b = self.member(member_no);
        let held = |f: &dyn Fn(&Spend) -> i64| -> i64 {
            self.holds
                .values()
                .filter(|h| h.member_no == member_no)
                .flat_map(|h| h.spends.iter())
                .map(f)
                .sum()
        };
        let taken =
            |pred: &dyn Fn(&Spend) -> bool| self.holds.values().any(|h| h.spends.iter().any(pred));
        for s in spends {
            match s {
                Spend::StoredValue { amount } => {
                    if b.debt > 0 {
                        return Err(refusal(
                            "debt",
                            HubMsg::MemberOwes {
                                debt: from_cents(b.debt),
                            },
                        ));
                    }
                    let held = held(&|s| match s {
                        Spend::StoredValue { amount } => cents(*amount).unwrap_or(0),
                        _ => 0,
                    });
                    let available = b.principal + b.bonus - held;
                    if cents(*amount).unwrap_or(i64::MAX) > available {
                        return Err(refusal(
                            "insufficient",
                            HubMsg::ChainStoredValue {
                                available: from_cents(available),
                            },
                        ));
                    }
                }
                Spend::Points { points } => {
                    let held = held(&|s| match s {
                        Spend::Points { points } => *points,
                        _ => 0,
                    });
                    if *points > b.points - held {
                        return Err(refusal(
                            "insufficient",
                            HubMsg::ChainPoints {
                                available: b.points - held,
                            },
                        ));
                    }
                }
                Spend::CountCard { card, uses } => {
                    let held = held(&|s| match s {
                        Spend::CountCard { card: c, uses } if c == card => *uses,
                        _ => 0,
                    });
                    let left = self.card(card) - held;
                    if *uses > left {
                        return Err(refusal(
                            "insufficient",
                            HubMsg::ChainUses {
                                card: card.clone(),
                                left,
                            },
                        ));
                    }
                }
                Spend::Coupon { code } => {
                    let standing = self
                        .coupons
                        .get(code)
                        .is_some_and(|c| !c.redemptions.is_empty());
                    if standing || taken(&|s| matches!(s, Spend::Coupon { code: c } if c == code)) {
                        return Err(refusal(
                            "coupon_taken",
                            HubMsg::CouponTaken { code: code.clone() },
                        ));
                    }
                }
                Spend::Conflict { conflict_id } => match self.conflicts.get(conflict_id) {
                    None => {
                        return Err(refusal(
                            "unknown",
                            HubMsg::NoConflict {
                                conflict_id: conflict_id.clone(),
                            },
                        ))
                    }
                    Some(true) => {
                        return Err(refusal(
                            "conflict_settled",
                            HubMsg::ConflictSettledElsewhere {
                                conflict_id: conflict_id.clone(),
                            },
                        ))
                    }
                    Some(false)
                        if taken(
                            &|s| matches!(s, Spend::Conflict { conflict_id: c } if c == conflict_id),
                        ) =>
                    {
                        return Err(refusal(
                            "conflict_settled",
                            HubMsg::ConflictBeingSettled {
                                conflict_id: conflict_id.clone(),
                            },
                        ))
                    }
                    Some(false) => {}
                },
                Spend::Reversal { entry_id } => {
                    if self.reversed.contains(entry_id)
                        || taken(&|s| matches!(s, Spend::Reversal { entry_id: x } if x == entry_id))
                    {
                        return Err(refusal(
                            "already_reversed",
                            HubMsg::ReversedElsewhere {
                                entry_id: entry_id.clone(),
                            },
                        ));
                    }
                }
            }
        }
        self.holds.insert(
            op_id.to_string(),
            Hold {
                member_no: member_no.to_string(),
                spends: spends.to_vec(),
                request,
                expires_ms: now_ms + HOLD_FOR.as_millis() as i64,
            },
        );
        Ok(())
    }
}

/// The refusal code of an op id asked again for a different request.
pub const OP_ID_REUSED: &str = "op_id_reused";

/// What an approval was given for: the asking terminal, the member and the spends, with
/// amounts in their normal form (60.0 and 60.00 are one request).
fn request_hash(terminal: &str, member_no: &str, spends: &[Spend]) -> Hash {
    let spends: Vec<serde_json::Value> = spends
        .iter()
        .map(|s| match s {
            Spend::StoredValue { amount } => {
                serde_json::json!(["stored_value", amount.normalize().to_string()])
            }
            Spend::Points { points } => serde_json::json!(["points", points]),
            Spend::CountCard { card, uses } => serde_json::json!(["count_card", card, uses]),
            Spend::Coupon { code } => serde_json::json!(["coupon", code]),
            Spend::Conflict { conflict_id } => serde_json::json!(["conflict", conflict_id]),
            Spend::Reversal { entry_id } => serde_json::json!(["reversal", entry_id]),
        })
        .collect();
    let canonical = serde_json::json!([terminal, member_no, spends]).to_string();
    Sha256::digest(canonical.as_bytes()).into()
}

/// A refusal of an authorization: the wire carries it in zh-CN and en, so the terminal
/// shows whichever its operator reads.
fn refusal(code: &'static str, m: HubMsg) -> Refusal {
    Refusal {
        code,
        message: m.get(Lang::Zh),
        message_en: m.get(Lang::En),
    }
}

/// The wire answer to an authorization.
pub fn reply(result: Result<(), Refusal>, tip: (i64, Hash)) -> AuthorizeReply {
    let tip = Tip {
        seq: tip.0,
        hash: hex::encode(tip.1),
    };
    match result {
        Ok(()) => AuthorizeReply {
            approved: true,
            code: String::new(),
            message: String::new(),
            message_en: String::new(),
            tip,
        },
        Err(r) => AuthorizeReply {
            approved: false,
            code: r.code.to_string(),
            message: r.message,
            message_en: r.message_en,
            tip,
        },
    }
}
