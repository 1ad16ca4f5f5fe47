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
        StandaloneNoSyncHubUrl,
        IsTheHubRunningSystemctlStatus,
        Reachable,
        PlainHttpInsecureHttpTheToken,
        TheCertificatePinnedAtEnrollment,
        DidTheHubSCertificateChange,
        CarddeskHubRotateTERMINALOnThe,
        TokenAccepted,
        NoneSinceTheHubStarted,
        LastSync,
        EntriesNotOnTheHubYet,
        CarddeskSync,
        EveryEntryOnTheHub,
        ThisTerminalIsNotEnrolledNo,
        CarddeskHubEnrollTERMINALOnThe,
        ThisPCSClockAgainstThe,
        SetTheClockTimedatectlSetNtp,
        // carddesk doctor: this PC
        NoConfigFileBuiltInDefaults,
        NameTheConfigWithConfigOr,
        NoBookAt,
        ReadableByGroupOrOthers,
        QuickCheckPassedFullCheckCarddesk,
        RunCarddeskVerifyRestoreFromA,
        DailyBackupOffBackupDailyDir,
        NoDailyBackupIn,
        CheckCarddeskDailyTimerOrRun,
        LastBackup,
        CardReadersOffDevicesPcsc,
        NoCardReaderInUse,
        NoHIDScannerConfiguredKeyboardMode,
        Connected,
        CheckTheCableAndTheUdev,
        CannotReadTheFreeSpaceOf,
        FreeOf,
        FreeSomeSpaceOldBackupsGo,
        // carddesk doctor
        FixTheConfigFileThenRun,
        ResultHealthy,
        ResultFaults,
        // backups
        TodaySBackup,
        TodaySBackupAlreadyExists,
        RemovedOldBackup,
        TheReplacedBookIsKeptAs,
        TheBackupFailsVerificationRefusedThe,
        ThisBackupCannotBeUsedRefused,
        // carddesk devices
        PCSCNotInstalledAptInstall,
        PcscdNotRunningAptInstallPcscd,
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
        Entries2,
        Pull,
        Target,
        Missed,
        AppliedIntoABook,
        // the command line
        NewEmptyBook,
        Exported,
        RowsTo,
        // carddesk daily
        Expiry,
        DailyBackupOffBackupDailyDir2,
        // carddesk export
        CannotExport,
        MembersOrJournal,
        // carddesk import
        OnlyMembersCanBeImportedNot,
        CannotRead,
        // first run
        CarddeskThereIsNoBookAt,
        CreateANewEmptyBookThere,
        // the counter's sync
        SyncCannotOpenTheBook,
    }
}
