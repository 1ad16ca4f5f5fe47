//! What is said about files, in zh-CN.

use crate::text::FileMsg;

pub(super) fn file_msg(m: &FileMsg) -> String {
    match m {
        FileMsg::OutputIsBook { path } => {
            format!("{path}：这是正在使用的账本（或其 -wal/-shm 文件），拒绝写入，未写任何内容")
        }
        FileMsg::OutputIsHubStore { path } => {
            format!("{path}：这是中心的数据文件，拒绝写入，未写任何内容")
        }
        FileMsg::OutputExists { path } => format!("{path} 已存在；如要覆盖请加 --force"),
        FileMsg::OutputNotAFile { path } => format!("{path}：不是文件（是文件夹？），拒绝写入"),
        FileMsg::OutputFailed { path, detail } => format!("无法写入 {path}：{detail}"),
        FileMsg::BookMissing { shown } => format!(
            "{shown} 没有账本（未创建任何文件）。新建空账本：carddesk init --db {shown}；或建演示账本：carddesk demo"
        ),
        FileMsg::BookExists { shown, .. } => {
            format!("{shown} 已有文件；新账本只建在没有文件的位置，原文件未改动")
        }
        FileMsg::BookEmpty { shown, .. } => {
            format!("{shown} 是空文件，不是 carddesk 账本；已拒绝，文件未改动")
        }
        FileMsg::BookNotADatabase { shown, .. } => {
            format!("{shown} 不是 SQLite 数据库；已拒绝，文件未改动")
        }
        FileMsg::BookForeign { shown, .. } => {
            format!("{shown} 是其他程序的 SQLite 数据库；已拒绝，文件未改动")
        }
        FileMsg::BookTooNew {
            shown,
            found,
            supported,
            ..
        } => format!(
            "{shown} 由更新版本的 carddesk 写入（结构版本 {found}，本程序最高支持 {supported}）；已拒绝，文件未改动，请升级 carddesk"
        ),
        FileMsg::BookIo { shown, detail, .. } => format!("{shown}：无法读写（{detail}）"),
        FileMsg::BookSqlite { shown, detail, .. } => format!("{shown}：数据库错误（{detail}）"),
        FileMsg::BookMigration { shown, detail, .. } => {
            format!("{shown}：升级账本结构失败（{detail}）")
        }
        FileMsg::LooseMode { path, mode, fix } => format!(
            "警告：{path} 的权限为 {mode:o}，同组或其他用户可读取；请执行 chmod {fix} {path}"
        ),
    }
}
