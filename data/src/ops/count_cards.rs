//! Count cards (计次卡): a package of N uses of a service with validity dates, sold for
//! any tender; each use takes from the remaining count.

use carddesk_model::ops::{SellCountCard, UseCountCard};
use carddesk_model::text::Why;

use super::{Ctx, Decision};
use crate::account;
use crate::effects::Effect;
use crate::entry::EntryBody;
use crate::error::{CountCardRefusal, OpError, RuleItem};
use crate::rules::{valid_until, CountPackage};

pub(crate) fn sell(ctx: &Ctx, r: &SellCountCard) -> Result<EntryBody, OpError> {
    ctx.active_member(&r.member_no)?;
    let p = ctx
        .rules()
        .package(&r.package)
        .ok_or_else(|| OpError::UnknownRule {
            what: RuleItem::CountCardPackage,
            id: r.package.clone(),
        })?;
    let from = ctx.today();
    Ok(EntryBody::CountCardSold {
        package: p.id.clone(),
        price: p.price,
        tender: r.tender,
        effects: vec![
            sold_effect(ctx, p),
            // Paid with the member's own money: counts toward tiers.
            Effect::Activity {
                day: from,
                spend: p.price,
                nights: 0,
                points: 0,
            },
        ],
    })
}

/// A card of package `p` sold today by this entry (for money or for points).
pub(crate) fn sold_effect(ctx: &Ctx, p: &CountPackage) -> Effect {
    let from = ctx.today();
    Effect::CountCardSold {
        // The card is named after the entry that sold it: unique chain-wide.
        card: ctx.entry_id.clone(),
        package: p.id.clone(),
        service: p.service.clone(),
        uses: p.uses,
        valid_from: from,
        valid_to: valid_until(from, p.valid_days),
    }
}

pub(crate) fn use_card(ctx: &Ctx, r: &UseCountCard) -> Result<Decision, OpError> {
    let card = r.card.trim().to_ascii_uppercase();
    let refused = |reason| OpError::CountCardRefused {
        card: card.clone(),
        reason,
    };
    let (holder, c) =
        account::count_card(ctx.conn, &card)?.ok_or_else(|| refused(CountCardRefusal::Unknown))?;
    if r.member_no.as_deref().is_some_and(|m| m.trim() != holder) {
        return Err(refused(CountCardRefusal::OtherMember));
    }
    ctx.active_member(&holder)?;
    if r.uses <= 0 || r.uses > 100 {
        return Err(OpError::invalid("uses", Why::UsesRange));
    }
    let today = ctx.today();
    if c.status != "active" || today > c.valid_to {
        return Err(refused(CountCardRefusal::Expired(c.valid_to)));
    }
    if today < c.valid_from {
        return Err(refused(CountCardRefusal::NotYetValid(c.valid_from)));
    }
    if r.uses > c.remaining {
        return Err(refused(CountCardRefusal::NotEnoughUses(c.remaining)));
    }
    Ok(Decision {
        member_no: Some(holder),
        reversal_of: None,
        body: EntryBody::CountCardUsed {
            card: card.clone(),
            uses: r.uses,
            effects: vec![Effect::CountCardUsed { card, uses: r.uses }],
        },
    })
}
