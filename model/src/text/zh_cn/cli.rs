//! The fixed texts of the command line: doctor, devices, conflicts, backup, sync, op, in zh-CN: one arm per
//! key, so a key without a text here does not compile.

use crate::text::CliTx;

pub(super) fn cli_tx(t: CliTx) -> &'static str {
    match t {
        // carddesk conflicts
        CliTx::NoOpenConflicts => "没有未处理的冲突",
        CliTx::Conflict => "冲突",
        CliTx::Member => "会员",
        CliTx::Kind => "类型",
        CliTx::Asset => "项目",
        CliTx::Amount => "数额",
        CliTx::CausedBy => "起因",
        CliTx::Settled => "处理",
        CliTx::Open => "未处理",
        CliTx::Overdraw => "离线透支",
        CliTx::CouponTwice => "券重复使用",
        CliTx::Other => "其他",
        CliTx::StoredValue => "储值",
        CliTx::Points => "积分",
        CliTx::CountCard => "次卡",
        CliTx::Coupon => "优惠券",
        // carddesk doctor: the hub
        CliTx::DoctorStandalone => "单机运行（未设置 [sync] hub_url）",
        CliTx::DoctorIsHubRunning => "中心是否在运行（systemctl status carddesk-hub）？网络是否通？",
        CliTx::Reachable => "可连接",
        CliTx::DoctorPlainHttp => "明文 http（insecure_http）：令牌明文传输",
        CliTx::DoctorCertificatePinned => "证书与登记时固定的一致",
        CliTx::DoctorCertificateChanged => "中心证书变了？在中心执行 carddesk hub rotate 终端，再在本机 carddesk sync --enroll 登记码",
        CliTx::DoctorRotateToken => "在中心执行 carddesk hub rotate 终端，再在本机 carddesk sync --enroll 登记码",
        CliTx::TokenAccepted => "令牌有效",
        CliTx::DoctorNoSyncSinceStart => "中心启动后未同步",
        CliTx::LastSync => "上次同步",
        CliTx::DoctorEntriesNotPushed => "条流水未上传",
        CliTx::DoctorRunSync => "carddesk sync",
        CliTx::DoctorEveryEntryPushed => "流水已全部上传",
        CliTx::DoctorNotEnrolled => "本终端未登记（没有令牌文件）",
        CliTx::DoctorEnroll => "在中心执行 carddesk hub enroll 终端，再在本机 carddesk sync --enroll 登记码",
        CliTx::DoctorClockAgainstHub => "本机时钟比中心",
        CliTx::DoctorSetClock => "校准时钟：timedatectl set-ntp true（或 chrony）",
        // carddesk doctor: this PC
        CliTx::DoctorNoConfig => "没有配置文件：使用内置默认值",
        CliTx::DoctorNameConfig => "用 --config 或 CARDDESK_CONFIG 指定配置文件",
        CliTx::NoBookAt => "没有账本：",
        CliTx::ReadableByGroupOrOthers => "同组或其他用户可读",
        CliTx::DoctorQuickCheckPassed => "快速检查通过（完整检查：carddesk verify）",
        CliTx::DoctorRunVerify => "运行 carddesk verify；必要时从备份恢复",
        CliTx::DoctorDailyBackupOff => "每日备份已关闭（[backup] daily_dir）",
        CliTx::NoDailyBackupIn => "没有每日备份：",
        CliTx::DoctorCheckDailyTimer => "检查 carddesk-daily.timer，或运行 carddesk daily",
        CliTx::LastBackup => "最近备份：",
        CliTx::DoctorReadersOff => "读卡器已关闭（[devices.pcsc]）",
        CliTx::NoCardReaderInUse => "没有可用的读卡器",
        CliTx::DoctorNoHidScanner => "未配置 HID 扫描枪（键盘模式扫描枪无需配置）",
        CliTx::Connected => "台已连接",
        CliTx::DoctorCheckCable => "检查 USB 线与 udev 规则：carddesk devices",
        CliTx::CannotReadTheFreeSpaceOf => "无法读取剩余空间：",
        CliTx::FreeOf => "可用",
        CliTx::DoctorFreeSpace => "清理磁盘；旧备份按 [backup] keep_days 自动删除",
        // carddesk doctor
        CliTx::DoctorFixConfig => "改正配置文件后再运行 carddesk doctor",
        CliTx::ResultHealthy => "结论：正常",
        CliTx::ResultFaults => "结论：有故障：",
        // backups
        CliTx::TodaysBackup => "今日备份：",
        CliTx::TodaysBackupExists => "今日备份已存在",
        CliTx::RemovedOldBackup => "已删除过期备份：",
        CliTx::ReplacedBookKeptAs => "原账本保留为",
        CliTx::RestoreFailsVerify => "备份文件校验不通过，拒绝恢复；账本未改动",
        CliTx::RestoreUnusable => "无法使用此备份，拒绝恢复；账本未改动",
        // carddesk devices
        CliTx::PcscNotInstalled => "未安装 PC/SC：apt install pcscd libpcsclite1",
        CliTx::PcscdNotRunning => "pcscd 未运行：apt install pcscd / systemctl start pcscd",
        // carddesk sync
        CliTx::Pushed => "推送",
        CliTx::Pulled => "拉取",
        CliTx::Applied => "入账",
        CliTx::Skipped => "跳过",
        CliTx::Hub => "中心",
        CliTx::SyncFailed => "同步失败",
        // carddesk hub
        CliTx::NoAlarms => "没有告警",
        CliTx::Entries => "流水",
        CliTx::Push => "推送",
        CliTx::BenchEntries => "条",
        CliTx::Pull => "拉取",
        CliTx::Target => "目标",
        CliTx::Missed => "未达到",
        CliTx::BenchAppliedIntoBook => "入账到账本",
        CliTx::BenchAuthorize => "中心授权",
        CliTx::BenchHubs => "中心",
        CliTx::BenchTerminals => "终端",
        CliTx::BenchAuthorizations => "次授权",
        CliTx::BenchThroughput => "吞吐",
        CliTx::BenchHubStart => "中心启动",
        // the command line
        CliTx::NewEmptyBook => "已新建空账本：",
        CliTx::Exported => "已导出",
        CliTx::RowsTo => "行到",
        // carddesk daily
        CliTx::Expiry => "到期处理：",
        CliTx::DailyBackupOff => "每日备份：未设置（[backup] daily_dir）",
        CliTx::ExpiryWarningsQueued => "到期提醒入队：",
        CliTx::NoticesOff => "会员通知：未开启（[notices] enabled = false）",
        // carddesk export
        CliTx::CannotExport => "不能导出",
        CliTx::MembersOrJournal => "可选 members 或 journal",
        // carddesk import
        CliTx::OnlyMembersImported => "只能导入 members，不能导入",
        CliTx::CannotRead => "无法读取",
        // first run
        CliTx::FirstRunNoBookAt => "carddesk：这里还没有账本：",
        CliTx::FirstRunCreateBook => "在此新建空账本？ 回车/Y 新建   Esc/N 退出",
        // the counter's sync
        CliTx::SyncCannotOpenBook => "同步无法打开账本",
    }
}
