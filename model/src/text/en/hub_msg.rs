//! What the hub says, in en.

use crate::text::HubMsg;

pub(super) fn hub_msg(m: &HubMsg) -> String {
    match m {
        HubMsg::Forbidden {
            token_terminal,
            entry_terminal,
        } => format!("terminal {token_terminal} may not post entries of terminal {entry_terminal}"),
        HubMsg::Refused(e) => super::replication::replication(e),
        HubMsg::NotEnrolled(t) => format!("unknown terminal {t} (not enrolled)"),
        HubMsg::Storage(m) => format!("hub store: {m}"),
        HubMsg::BadSpec(s) => {
            format!("hub store {s:?}: expected sqlite:PATH or postgres://USER@HOST/DB")
        }
        HubMsg::EnrollRefused { terminal } => format!(
            "the enrollment code is unknown, used, expired or not terminal {terminal}'s: run carddesk hub enroll on the hub again"
        ),
        HubMsg::BadCursor => "after is TERMINAL:SEQ,TERMINAL:SEQ".into(),
        HubMsg::Unauthorized => {
            "missing or unknown token: enroll this terminal with carddesk hub enroll".into()
        }
        HubMsg::BadBody(e) => format!("the request does not parse: {e}"),
        HubMsg::HoldOpIdReused { op_id } => {
            format!("request id {op_id} was already approved for a different request: refused")
        }
        HubMsg::MemberOwes { debt } => format!("the member owes {debt}: top up first"),
        HubMsg::ChainStoredValue { available } => {
            format!("chain-wide stored value {available} is not enough")
        }
        HubMsg::ChainPoints { available } => {
            format!("chain-wide points {available} are not enough")
        }
        HubMsg::ChainUses { card, left } => {
            format!("count card {card} has {left} uses left chain-wide")
        }
        HubMsg::CouponTaken { code } => {
            format!("coupon {code} was already used at another terminal")
        }
        HubMsg::NoConflict { conflict_id } => format!("the hub has no conflict {conflict_id}"),
        HubMsg::ConflictSettledElsewhere { conflict_id } => {
            format!("conflict {conflict_id} was settled at another terminal")
        }
        HubMsg::ConflictBeingSettled { conflict_id } => {
            format!("conflict {conflict_id} is being settled at another terminal")
        }
        HubMsg::ReversedElsewhere { entry_id } => {
            format!("entry {entry_id} was already reversed at another terminal")
        }
        HubMsg::CannotListen { listen, detail } => format!("cannot listen on {listen}: {detail}"),
        HubMsg::NoCertificate { path } => format!(
            "no hub certificate at {path}: start carddesk hub serve with the same config first (its first start makes one)"
        ),
    }
}
