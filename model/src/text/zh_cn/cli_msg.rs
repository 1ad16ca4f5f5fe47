//! The command line's messages with values, in zh-CN.

use crate::text::CliMsg;

pub(super) fn cli_msg(m: &CliMsg) -> String {
    match m {
        CliMsg::BackupWritten { dest, bytes, took } => format!(
            "已备份到 {dest}（{bytes} 字节，{:.2} 秒）",
            took.as_secs_f64()
        ),
        CliMsg::Restored {
            from,
            entries,
            members,
        } => format!("已从 {from} 恢复：{entries} 笔流水，{members} 位会员，校验通过"),
        CliMsg::ImportDryRun { rows, took } => format!(
            "试导入：{rows} 行全部无误，未写入任何内容（{:.2} 秒）",
            took.as_secs_f64()
        ),
        CliMsg::Imported {
            members,
            openings,
            took,
        } => format!(
            "已导入 {members} 位会员，{openings} 笔期初余额，用时 {:.2} 秒",
            took.as_secs_f64()
        ),
        CliMsg::ImportProblem {
            line,
            column,
            reason,
        } => format!("第 {line} 行，{column} 列：{reason}"),
        CliMsg::ImportBadRows(n) => format!("共 {n} 行有问题，未写入任何内容"),
        CliMsg::DemoExists { path } => format!("{path} 已存在；加 --force 才会替换它"),
        CliMsg::SecretIsBook { path } => format!("密钥文件不能是账本本身：{path}"),
        CliMsg::TokenRevoked { terminal } => format!("终端 {terminal} 的令牌已作废"),
        CliMsg::EnrollCode { terminal, hours } => format!(
            "终端 {terminal} 的登记码（{hours} 小时内有效，只能用一次）：在该终端执行 carddesk sync --enroll 登记码"
        ),
        CliMsg::NotEnrolled { terminal } => format!("终端 {terminal} 未登记"),
        CliMsg::Enrolled { terminal, path } => {
            format!("终端 {terminal} 已登记；凭据已存入 {path}")
        }
        CliMsg::TokenReplaced { terminal } => format!("终端 {terminal} 的令牌已更换"),
        CliMsg::SyncNotConfigured => {
            "未配置同步：请在 [sync] 中设置 hub_url，并用 carddesk sync --enroll 登记码 登记本终端".into()
        }
        CliMsg::SyncUnreachable { url, detail } => {
            format!("无法连接中心 {url}（{detail}）；本机照常离线营业")
        }
        CliMsg::SyncRefused { message, .. } => format!("中心拒绝：{message}"),
        CliMsg::SyncProtocol(d) => format!("中心应答无法识别：{d}"),
        CliMsg::BookBehindHub { hub, book } => format!(
            "中心已有本终端 {hub} 条流水，本机账本只有 {book} 条（是否恢复了旧备份？）；已停止同步"
        ),
        CliMsg::Diverged { entry_id } => {
            format!("中心的流水 {entry_id} 与本机不同：本终端历史已分叉；已停止同步")
        }
        CliMsg::BookRefusedPull(d) => format!("本机账本拒收拉取的流水：{d}"),
        CliMsg::PlainHttp => "中心地址是明文 http：令牌会在网络上明文传输；请用 https，或仅在封闭的局域网内设置 [sync] insecure_http = true".into(),
        CliMsg::NotHttps { url } => format!("中心地址 {url:?} 不是 https:// 地址"),
        CliMsg::BadEnrollCode => {
            "登记码格式不对：应为中心上 carddesk hub enroll 打印的那一串".into()
        }
        CliMsg::NoFingerprint => "这个登记码不含证书指纹，而中心是 https：请用该中心上 carddesk hub enroll 打印的登记码".into(),
        CliMsg::TokenFile { detail } => format!("令牌文件无法读写：{detail}"),
        CliMsg::TlsSetup { detail } => format!("TLS 设置失败：{detail}"),
    }
}
