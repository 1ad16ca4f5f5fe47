//! Why the hub or a terminal refused a replicated entry, in zh-CN.

use crate::wire::ReplicationError;

pub(super) fn replication(e: &ReplicationError) -> String {
    match e {
        ReplicationError::Malformed { entry_id, detail } => {
            format!("流水 {entry_id} 格式错误：{detail}")
        }
        ReplicationError::HashMismatch { entry_id } => {
            format!("流水 {entry_id} 的内容与其哈希不符")
        }
        ReplicationError::Gap {
            terminal,
            expected,
            found,
        } => format!("终端 {terminal} 的序号应为 {expected}，收到 {found}（缺失或乱序）"),
        ReplicationError::ChainBroken { entry_id } => {
            format!("流水 {entry_id} 的前序哈希接不上链")
        }
        ReplicationError::ContentDiffers { entry_id } => {
            format!("流水 {entry_id} 与已存的同号流水内容不同")
        }
        ReplicationError::OpIdReused {
            entry_id,
            op_id,
            other,
        } => format!("流水 {entry_id} 的请求编号 {op_id} 已被流水 {other} 使用"),
        ReplicationError::Forged { entry_id, detail } => {
            format!("流水 {entry_id} 的余额变动与其内容不符（疑似伪造）：{detail}")
        }
        ReplicationError::Signature { entry_id, detail } => {
            format!("流水 {entry_id} 的签名无效（疑似篡改或伪造）：{detail}")
        }
        ReplicationError::Storage(m) => format!("存储错误：{m}"),
    }
}
