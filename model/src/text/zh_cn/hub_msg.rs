//! What the hub says, in zh-CN.

use crate::text::HubMsg;

pub(super) fn hub_msg(m: &HubMsg) -> String {
    match m {
        HubMsg::Forbidden {
            token_terminal,
            entry_terminal,
        } => format!("终端 {token_terminal} 无权提交终端 {entry_terminal} 的流水"),
        HubMsg::Refused(e) => super::replication::replication(e),
        HubMsg::NotEnrolled(t) => format!("终端 {t} 未登记"),
        HubMsg::Storage(m) => format!("中心存储错误：{m}"),
        HubMsg::BadSpec(s) => {
            format!("中心存储 {s:?} 无法识别：应为 sqlite:路径 或 postgres://用户@主机/库")
        }
        HubMsg::EnrollRefused { terminal } => format!(
            "登记码无效、已用过或已过期，或不属于终端 {terminal}：请在中心重新执行 carddesk hub enroll"
        ),
        HubMsg::BadCursor => "after 参数应为 终端:序号,终端:序号".into(),
        HubMsg::Unauthorized => "令牌无效或缺失：请用 carddesk hub enroll 登记本终端".into(),
        HubMsg::BadBody(e) => format!("请求无法解析：{e}"),
        HubMsg::HoldOpIdReused { op_id } => format!("单号 {op_id} 已用于另一笔授权，拒绝"),
        HubMsg::MemberOwes { debt } => format!("会员欠款 {debt}，请先充值还款"),
        HubMsg::ChainStoredValue { available } => format!("全店储值余额 {available} 不足"),
        HubMsg::ChainPoints { available } => format!("全店积分 {available} 不足"),
        HubMsg::ChainUses { card, left } => format!("次卡 {card} 全店剩余 {left} 次，不足"),
        HubMsg::CouponTaken { code } => format!("优惠券 {code} 已在其他终端使用"),
        HubMsg::NoConflict { conflict_id } => format!("中心没有冲突 {conflict_id}"),
        HubMsg::ConflictSettledElsewhere { conflict_id } => {
            format!("冲突 {conflict_id} 已由其他终端处理")
        }
        HubMsg::ConflictBeingSettled { conflict_id } => {
            format!("冲突 {conflict_id} 正由其他终端处理")
        }
        HubMsg::ReversedElsewhere { entry_id } => format!("流水 {entry_id} 已在其他终端冲正"),
        HubMsg::CannotListen { listen, detail } => format!("无法监听 {listen}：{detail}"),
        HubMsg::NoCertificate { path } => format!(
            "找不到中心证书 {path}：请先用同一个配置启动 carddesk hub serve（首次启动会生成证书）"
        ),
    }
}
