//! The hub's entries and the settlements of its conflicts, in words, for the journal's
//! detail: what the raw body says, said for people.

use carddesk_model::conflict::ConflictAsset;
use carddesk_model::{EntryBody, Lang};

use crate::i18n::{self, Tx};

/// The hub's entries and settlements in words: a conflict's kind, asset, amount, debt
/// and causes; a debt repaid; how a conflict was settled. None for other kinds.
pub fn summary(body: &str, lang: Lang) -> Option<String> {
    let body: EntryBody = serde_json::from_str(body).ok()?;
    Some(match body {
        EntryBody::ConflictRaised {
            conflict,
            asset,
            subject,
            amount,
            debt,
            causes,
            ..
        } => {
            let amount = if asset == ConflictAsset::StoredValue {
                i18n::money(amount)
            } else {
                amount.normalize().to_string()
            };
            let subject = if subject.is_empty() {
                String::new()
            } else {
                format!("{subject} ")
            };
            format!(
                "{} {} {subject}{amount}  {} {}  {} {}",
                i18n::conflict_kind(conflict.as_str(), lang),
                i18n::conflict_asset(asset.as_str(), lang),
                Tx::Debt.get(lang),
                i18n::money(debt),
                Tx::Causes.get(lang),
                causes.join(", ")
            )
        }
        EntryBody::DebtRepaid { amount, .. } => format!(
            "{} {}",
            i18n::entry_kind("debt_repaid", lang),
            i18n::money(amount)
        ),
        EntryBody::ConflictSettled {
            conflict_id,
            resolution,
            amount,
            tender,
            note,
            approved_by,
            ..
        } => {
            let tender = tender
                .map(|t| format!(" {}", i18n::tender(t, lang)))
                .unwrap_or_default();
            format!(
                "{} {conflict_id}  {} {}{tender}  {note}  {} {approved_by}",
                Tx::ConflictLabel.get(lang),
                i18n::resolution(resolution.as_str(), lang),
                i18n::money(amount),
                Tx::ApprovedBy.get(lang),
            )
        }
        _ => return None,
    })
}
