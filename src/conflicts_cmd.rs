//! `carddesk conflicts`: the replication conflicts the hub raised, for supervisors and
//! support staff, as an aligned table (operator's language) or JSON lines.

use std::io::Write;

use carddesk_data::conflict::ConflictView;
use carddesk_data::Lang;

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
        return writeln!(
            out,
            "{}",
            lang.pick("没有未处理的冲突", "no open conflicts")
        );
    }
    writeln!(
        out,
        "{:<12} {:<10} {:<12} {:<22} {:>10}  {:<24} {}",
        lang.pick("冲突", "conflict"),
        lang.pick("会员", "member"),
        lang.pick("类型", "kind"),
        lang.pick("项目", "asset"),
        lang.pick("数额", "amount"),
        lang.pick("起因", "caused by"),
        lang.pick("处理", "settled"),
    )?;
    for c in list {
        let asset = if c.subject.is_empty() {
            asset_name(&c.asset, lang).to_string()
        } else {
            format!("{} {}", asset_name(&c.asset, lang), c.subject)
        };
        let settled = match (&c.settled_by, &c.resolution) {
            (Some(by), Some(r)) => format!("{r} ({by})"),
            _ => lang.pick("未处理", "open").to_string(),
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
        "overdraw" => lang.pick("离线透支", "overdraw"),
        "coupon_redeemed_twice" => lang.pick("券重复使用", "coupon twice"),
        _ => lang.pick("其他", "other"),
    }
}

pub fn asset_name(asset: &str, lang: Lang) -> &'static str {
    match asset {
        "stored_value" => lang.pick("储值", "stored value"),
        "points" => lang.pick("积分", "points"),
        "count_card" => lang.pick("次卡", "count card"),
        "coupon" => lang.pick("优惠券", "coupon"),
        _ => lang.pick("其他", "other"),
    }
}
