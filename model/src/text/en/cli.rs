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
        CliTx::StandaloneNoSyncHubUrl => "standalone (no [sync] hub_url)",
        CliTx::IsTheHubRunningSystemctlStatus => "is the hub running (systemctl status carddesk-hub)? is the network up?",
        CliTx::Reachable => "reachable",
        CliTx::PlainHttpInsecureHttpTheToken => "plain http (insecure_http): the token crosses in clear",
        CliTx::TheCertificatePinnedAtEnrollment => "the certificate pinned at enrollment",
        CliTx::DidTheHubSCertificateChange => "did the hub's certificate change? carddesk hub rotate TERMINAL on the hub, then carddesk sync --enroll CODE here",
        CliTx::CarddeskHubRotateTERMINALOnThe => "carddesk hub rotate TERMINAL on the hub, then carddesk sync --enroll CODE here",
        CliTx::TokenAccepted => "token accepted",
        CliTx::NoneSinceTheHubStarted => "none since the hub started",
        CliTx::LastSync => "last sync",
        CliTx::EntriesNotOnTheHubYet => "entries not on the hub yet",
        CliTx::CarddeskSync => "carddesk sync",
        CliTx::EveryEntryOnTheHub => "every entry on the hub",
        CliTx::ThisTerminalIsNotEnrolledNo => "this terminal is not enrolled (no token file)",
        CliTx::CarddeskHubEnrollTERMINALOnThe => "carddesk hub enroll TERMINAL on the hub, then carddesk sync --enroll CODE here",
        CliTx::ThisPCSClockAgainstThe => "this PC's clock against the hub:",
        CliTx::SetTheClockTimedatectlSetNtp => "set the clock: timedatectl set-ntp true (or chrony)",
        // carddesk doctor: this PC
        CliTx::NoConfigFileBuiltInDefaults => "no config file: built-in defaults",
        CliTx::NameTheConfigWithConfigOr => "name the config with --config or CARDDESK_CONFIG",
        CliTx::NoBookAt => "no book at",
        CliTx::ReadableByGroupOrOthers => "readable by group or others",
        CliTx::QuickCheckPassedFullCheckCarddesk => "quick check passed (full check: carddesk verify)",
        CliTx::RunCarddeskVerifyRestoreFromA => "run carddesk verify; restore from a backup if needed",
        CliTx::DailyBackupOffBackupDailyDir => "daily backup off ([backup] daily_dir)",
        CliTx::NoDailyBackupIn => "no daily backup in",
        CliTx::CheckCarddeskDailyTimerOrRun => "check carddesk-daily.timer, or run carddesk daily",
        CliTx::LastBackup => "last backup:",
        CliTx::CardReadersOffDevicesPcsc => "card readers off ([devices.pcsc])",
        CliTx::NoCardReaderInUse => "no card reader in use",
        CliTx::NoHIDScannerConfiguredKeyboardMode => "no HID scanner configured (keyboard-mode scanners need none)",
        CliTx::Connected => "connected",
        CliTx::CheckTheCableAndTheUdev => "check the cable and the udev rule: carddesk devices",
        CliTx::CannotReadTheFreeSpaceOf => "cannot read the free space of",
        CliTx::FreeOf => "free of",
        CliTx::FreeSomeSpaceOldBackupsGo => "free some space; old backups go by [backup] keep_days",
        // carddesk doctor
        CliTx::FixTheConfigFileThenRun => "fix the config file, then run carddesk doctor again",
        CliTx::ResultHealthy => "result: healthy",
        CliTx::ResultFaults => "result: faults:",
        // backups
        CliTx::TodaySBackup => "today's backup:",
        CliTx::TodaySBackupAlreadyExists => "today's backup already exists",
        CliTx::RemovedOldBackup => "removed old backup:",
        CliTx::TheReplacedBookIsKeptAs => "the replaced book is kept as",
        CliTx::TheBackupFailsVerificationRefusedThe => "the backup fails verification: refused, the book was not touched",
        CliTx::ThisBackupCannotBeUsedRefused => "this backup cannot be used: refused, the book was not touched",
        // carddesk devices
        CliTx::PCSCNotInstalledAptInstall => "PC/SC not installed: apt install pcscd libpcsclite1",
        CliTx::PcscdNotRunningAptInstallPcscd => "pcscd not running: apt install pcscd / systemctl start pcscd",
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
        CliTx::Entries2 => "entries",
        CliTx::Pull => "pull",
        CliTx::Target => "target",
        CliTx::Missed => "missed",
        CliTx::AppliedIntoABook => "applied into a book",
        // the command line
        CliTx::NewEmptyBook => "new empty book:",
        CliTx::Exported => "exported",
        CliTx::RowsTo => "rows to",
        // carddesk daily
        CliTx::Expiry => "expiry:",
        CliTx::DailyBackupOffBackupDailyDir2 => "daily backup: off ([backup] daily_dir)",
        // carddesk export
        CliTx::CannotExport => "cannot export",
        CliTx::MembersOrJournal => "members or journal",
        // carddesk import
        CliTx::OnlyMembersCanBeImportedNot => "only members can be imported, not",
        CliTx::CannotRead => "cannot read",
        // first run
        CliTx::CarddeskThereIsNoBookAt => "carddesk: there is no book at",
        CliTx::CreateANewEmptyBookThere => "Create a new empty book there? Enter/Y: create   Esc/N: quit",
        // the counter's sync
        CliTx::SyncCannotOpenTheBook => "sync cannot open the book",
    }
}
