//! Settling a replication conflict (see [`crate::conflict`]): a supervisor accepts the
//! outcome, collects the member's debt at the counter, or writes it off. The settlement
//! is put to the hub first (only one supervisor settles a conflict, chain-wide).

use carddesk_model::ops::SettleConflict;
use carddesk_model::text::Why;
use rust_decimal::Decimal;

use super::members::reason;
use super::{Ctx, Decision};
use crate::conflict::Resolution;
use crate::effects::Effect;
use crate::entry::EntryBody;
use crate::error::OpError;
use crate::permissions::Action;

pub(crate) fn settle(ctx: &Ctx, r: &SettleConflict) -> Result<Decision, OpError> {
    let approved_by = ctx.authorize(Action::SettleConflict)?;
    let note = reason(&r.note)?;
    let id = r.conflict_id.trim();
    let raised = crate::journal::by_id(ctx.conn, id)?
        .ok_or_else(|| OpError::UnknownConflict(id.to_string()))?;
    let EntryBody::ConflictRaised { debt, .. } = raised.parsed_body()? else {
        return Err(OpError::UnknownConflict(id.to_string()));
    };
    let settled: Option<String> = ctx
        .conn
        .prepare_cached("SELECT settled_by FROM conflicts WHERE conflict_id = ?1")?
        .query_row([id], |row| row.get(0))?;
    if settled.is_some() {
        return Err(OpError::ConflictSettled(id.to_string()));
    }
    let member_no = raised
        .header
        .member_no
        .clone()
        .ok_or_else(|| OpError::UnknownConflict(id.to_string()))?;
    let owed = ctx.account(&member_no)?.debt.max(Decimal::ZERO);
    let (amount, tender) = match r.resolution {
        Resolution::Accepted => (Decimal::ZERO, None),
        Resolution::Collected | Resolution::WrittenOff => {
            if debt <= Decimal::ZERO {
                return Err(OpError::invalid("resolution", Why::OnlyAccept));
            }
            if owed <= Decimal::ZERO {
                return Err(OpError::invalid("resolution", Why::NothingOwed));
            }
            let asked = r.amount.unwrap_or(debt).min(owed);
            let amount = crate::money::check_amount("amount", asked, debt)?;
            let tender = (r.resolution == Resolution::Collected).then_some(r.tender);
            (amount, tender)
        }
    };
    let effects = if amount > Decimal::ZERO {
        vec![Effect::Debt { delta: -amount }]
    } else {
        Vec::new()
    };
    Ok(Decision {
        member_no: Some(member_no),
        reversal_of: None,
        body: EntryBody::ConflictSettled {
            conflict_id: id.to_string(),
            resolution: r.resolution,
            amount,
            tender,
            note,
            approved_by,
            effects,
        },
    })
}
