//! The fixed texts of the command line: doctor, devices, conflicts, backup, sync, op. The words are in each language's
//! folder (`<language>/cli.rs`).

keys! {
    /// The fixed texts of the command line: doctor, devices, conflicts, backup, sync, op.
    CliTx via cli_tx {
        // carddesk conflicts
        NoOpenConflicts,
        Conflict,
        Member,
        Kind,
        Asset,
        Amount,
        CausedBy,
        Settled,
        Open,
        Overdraw,
        CouponTwice,
        Other,
        StoredValue,
        Points,
        CountCard,
        Coupon,
        // carddesk doctor: the hub
        DoctorStandalone,
        DoctorIsHubRunning,
        Reachable,
        DoctorPlainHttp,
        DoctorCertificatePinned,
        DoctorCertificateChanged,
        DoctorRotateToken,
        TokenAccepted,
        DoctorNoSyncSinceStart,
        LastSync,
        DoctorEntriesNotPushed,
        DoctorRunSync,
        DoctorEveryEntryPushed,
        DoctorNotEnrolled,
        DoctorEnroll,
        DoctorClockAgainstHub,
        DoctorSetClock,
        // carddesk doctor: this PC
        DoctorNoConfig,
        DoctorNameConfig,
        NoBookAt,
        ReadableByGroupOrOthers,
        DoctorQuickCheckPassed,
        DoctorRunVerify,
        DoctorDailyBackupOff,
        NoDailyBackupIn,
        DoctorCheckDailyTimer,
        LastBackup,
        DoctorReadersOff,
        NoCardReaderInUse,
        DoctorNoHidScanner,
        Connected,
        DoctorCheckCable,
        CannotReadTheFreeSpaceOf,
        FreeOf,
        DoctorFreeSpace,
        // carddesk doctor
        DoctorFixConfig,
        ResultHealthy,
        ResultFaults,
        // backups
        TodaysBackup,
        TodaysBackupExists,
        RemovedOldBackup,
        ReplacedBookKeptAs,
        RestoreFailsVerify,
        RestoreUnusable,
        // carddesk devices
        PcscNotInstalled,
        PcscdNotRunning,
        // carddesk sync
        Pushed,
        Pulled,
        Applied,
        Skipped,
        Hub,
        SyncFailed,
        // carddesk hub
        NoAlarms,
        Entries,
        Push,
        BenchEntries,
        Pull,
        Target,
        Missed,
        BenchAppliedIntoBook,
        // the command line
        NewEmptyBook,
        Exported,
        RowsTo,
        // carddesk daily
        Expiry,
        DailyBackupOff,
        // carddesk export
        CannotExport,
        MembersOrJournal,
        // carddesk import
        OnlyMembersImported,
        CannotRead,
        // first run
        FirstRunNoBookAt,
        FirstRunCreateBook,
        // the counter's sync
        SyncCannotOpenBook,
    }
}
