//! The fixed texts of the command line: doctor, devices, conflicts, backup, sync, op, in en: one arm per
//! key, so a key without a text here does not compile.

use crate::text::CliTx;

pub(super) fn cli_tx(t: CliTx) -> &'static str {
    match t {
        // carddesk conflicts
        CliTx::NoOpenConflicts => "no open conflicts",
        CliTx::Conflict => "conflict",
        CliTx::Member => "member",
        CliTx::Kind => "kind",
        CliTx::Asset => "asset",
        CliTx::Amount => "amount",
        CliTx::CausedBy => "caused by",
        CliTx::Settled => "settled",
        CliTx::Open => "open",
        CliTx::Overdraw => "overdraw",
        CliTx::CouponTwice => "coupon twice",
        CliTx::Other => "other",
        CliTx::StoredValue => "stored value",
        CliTx::Points => "points",
        CliTx::CountCard => "count card",
        CliTx::Coupon => "coupon",
        // carddesk doctor: the hub
        CliTx::DoctorStandalone => "standalone (no [sync] hub_url)",
        CliTx::DoctorIsHubRunning => "is the hub running (systemctl status carddesk-hub)? is the network up?",
        CliTx::Reachable => "reachable",
        CliTx::DoctorPlainHttp => "plain http (insecure_http): the token crosses in clear",
        CliTx::DoctorCertificatePinned => "the certificate pinned at enrollment",
        CliTx::DoctorCertificateChanged => "did the hub's certificate change? carddesk hub rotate TERMINAL on the hub, then carddesk sync --enroll CODE here",
        CliTx::DoctorRotateToken => "carddesk hub rotate TERMINAL on the hub, then carddesk sync --enroll CODE here",
        CliTx::TokenAccepted => "token accepted",
        CliTx::DoctorNoSyncSinceStart => "none since the hub started",
        CliTx::LastSync => "last sync",
        CliTx::DoctorEntriesNotPushed => "entries not on the hub yet",
        CliTx::DoctorRunSync => "carddesk sync",
        CliTx::DoctorEveryEntryPushed => "every entry on the hub",
        CliTx::DoctorNotEnrolled => "this terminal is not enrolled (no token file)",
        CliTx::DoctorEnroll => "carddesk hub enroll TERMINAL on the hub, then carddesk sync --enroll CODE here",
        CliTx::DoctorClockAgainstHub => "this PC's clock against the hub:",
        CliTx::DoctorSetClock => "set the clock: timedatectl set-ntp true (or chrony)",
        // carddesk doctor: this PC
        CliTx::DoctorNoConfig => "no config file: built-in defaults",
        CliTx::DoctorNameConfig => "name the config with --config or CARDDESK_CONFIG",
        CliTx::NoBookAt => "no book at",
        CliTx::ReadableByGroupOrOthers => "readable by group or others",
        CliTx::DoctorQuickCheckPassed => "quick check passed (full check: carddesk verify)",
        CliTx::DoctorRunVerify => "run carddesk verify; restore from a backup if needed",
        CliTx::DoctorDailyBackupOff => "daily backup off ([backup] daily_dir)",
        CliTx::NoDailyBackupIn => "no daily backup in",
        CliTx::DoctorCheckDailyTimer => "check carddesk-daily.timer, or run carddesk daily",
        CliTx::LastBackup => "last backup:",
        CliTx::DoctorReadersOff => "card readers off ([devices.pcsc])",
        CliTx::NoCardReaderInUse => "no card reader in use",
        CliTx::DoctorNoHidScanner => "no HID scanner configured (keyboard-mode scanners need none)",
        CliTx::Connected => "connected",
        CliTx::DoctorCheckCable => "check the cable and the udev rule: carddesk devices",
        CliTx::CannotReadTheFreeSpaceOf => "cannot read the free space of",
        CliTx::FreeOf => "free of",
        CliTx::DoctorFreeSpace => "free some space; old backups go by [backup] keep_days",
        // carddesk doctor
        CliTx::DoctorFixConfig => "fix the config file, then run carddesk doctor again",
        CliTx::ResultHealthy => "result: healthy",
        CliTx::ResultFaults => "result: faults:",
        // backups
        CliTx::TodaysBackup => "today's backup:",
        CliTx::TodaysBackupExists => "today's backup already exists",
        CliTx::RemovedOldBackup => "removed old backup:",
        CliTx::ReplacedBookKeptAs => "the replaced book is kept as",
        CliTx::RestoreFailsVerify => "the backup fails verification: refused, the book was not touched",
        CliTx::RestoreUnusable => "this backup cannot be used: refused, the book was not touched",
        // carddesk devices
        CliTx::PcscNotInstalled => "PC/SC not installed: apt install pcscd libpcsclite1",
        CliTx::PcscdNotRunning => "pcscd not running: apt install pcscd / systemctl start pcscd",
        // carddesk sync
        CliTx::Pushed => "pushed",
        CliTx::Pulled => "pulled",
        CliTx::Applied => "applied",
        CliTx::Skipped => "skipped",
        CliTx::Hub => "hub",
        CliTx::SyncFailed => "sync failed",
        // carddesk hub
        CliTx::NoAlarms => "no alarms",
        CliTx::Entries => "entries",
        CliTx::Push => "push",
        CliTx::BenchEntries => "entries",
        CliTx::Pull => "pull",
        CliTx::Target => "target",
        CliTx::Missed => "missed",
        CliTx::BenchAppliedIntoBook => "applied into a book",
        CliTx::BenchAuthorize => "hub authorize",
        CliTx::BenchHubs => "hubs",
        CliTx::BenchTerminals => "terminals",
        CliTx::BenchAuthorizations => "authorizations",
        CliTx::BenchThroughput => "throughput",
        CliTx::BenchHubStart => "hub start",
        // the command line
        CliTx::NewEmptyBook => "new empty book:",
        CliTx::Exported => "exported",
        CliTx::RowsTo => "rows to",
        // carddesk daily
        CliTx::Expiry => "expiry:",
        CliTx::DailyBackupOff => "daily backup: off ([backup] daily_dir)",
        CliTx::ExpiryWarningsQueued => "expiry warnings queued:",
        CliTx::NoticesOff => "notices: off ([notices] enabled = false)",
        // carddesk export
        CliTx::CannotExport => "cannot export",
        CliTx::MembersOrJournal => "members or journal",
        // carddesk import
        CliTx::OnlyMembersImported => "only members can be imported, not",
        CliTx::CannotRead => "cannot read",
        // first run
        CliTx::FirstRunNoBookAt => "carddesk: there is no book at",
        CliTx::FirstRunCreateBook => "Create a new empty book there? Enter/Y: create   Esc/N: quit",
        // the counter's sync
        CliTx::SyncCannotOpenBook => "sync cannot open the book",
    }
}
