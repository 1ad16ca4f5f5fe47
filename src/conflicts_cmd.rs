//! `carddesk conflicts`: the replication conflicts the hub raised, for supervisors and
//! support staff, as an aligned table (operator's language) or JSON lines.

use std::io::Write;

use carddesk_data::conflict::ConflictView;
use carddesk_data::Lang;
use carddesk_model::text::CliTx;

pub fn print(
    list: &[ConflictView],
    lang: Lang,
    json: bool,
    out: &mut impl Write,
) -> std::io::Result<()> {
    if json {
        for c in list {
            writeln!(out, "{}", serde_json::to_string(c).unwrap_or_default())?;
        }
        return Ok(());
    }
    if list.is_empty() {
        return writeln!(out, "{}", CliTx::NoOpenConflicts.get(lang));
    }
    writeln!(
        out,
        "{:<12} {:<10} {:<12} {:<22} {:>10}  {:<24} {}",
        CliTx::Conflict.get(lang),
        CliTx::Member.get(lang),
        CliTx::Kind.get(lang),
        CliTx::Asset.get(lang),
        CliTx::Amount.get(lang),
        CliTx::CausedBy.get(lang),
        CliTx::Settled.get(lang),
    )?;
    for c in list {
        let asset = if c.subject.is_empty() {
            asset_name(&c.asset, lang).to_string()
        } else {
            format!("{} {}", asset_name(&c.asset, lang), c.subject)
        };
        let settled = match (&c.settled_by, &c.resolution) {
            (Some(by), Some(r)) => format!("{r} ({by})"),
            _ => CliTx::Open.get(lang).to_string(),
        };
        writeln!(
            out,
            "{:<12} {:<10} {:<12} {:<22} {:>10}  {:<24} {}",
            c.conflict_id,
            c.member_no,
            kind_name(&c.kind, lang),
            asset,
            c.amount,
            c.causes.join(","),
            settled
        )?;
    }
    Ok(())
}

pub fn kind_name(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "overdraw" => CliTx::Overdraw.get(lang),
        "coupon_redeemed_twice" => CliTx::CouponTwice.get(lang),
        _ => CliTx::Other.get(lang),
    }
}

pub fn asset_name(asset: &str, lang: Lang) -> &'static str {
    match asset {
        "stored_value" => CliTx::StoredValue.get(lang),
        "points" => CliTx::Points.get(lang),
        "count_card" => CliTx::CountCard.get(lang),
        "coupon" => CliTx::Coupon.get(lang),
        _ => CliTx::Other.get(lang),
    }
}
