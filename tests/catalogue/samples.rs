//! Every message of the catalogue with distinct values, and the values each language
//! must show (tests/catalogue.rs). A `*_listed` match fails to compile when a message
//! kind is added, and the test fails until it has a sample here.

use std::time::Duration;

use carddesk_model::text::{CliMsg, FileMsg, HubMsg, Msg, Why};
use carddesk_model::wire::ReplicationError;
use rust_decimal_macros::dec;

/// Every Msg, each with distinct values, and the values every language must show.
pub fn msg_samples() -> Vec<(Msg<'static>, Vec<&'static str>)> {
    vec![
        (Msg::OpenConflicts(7101), vec!["7101"]),
        (Msg::ConflictsTitle(7102), vec!["7102"]),
        (Msg::FoundMany(7103), vec!["7103"]),
        (Msg::Scanned("S104"), vec!["S104"]),
        (Msg::UnknownCard("S105"), vec!["S105"]),
        (
            Msg::OtherMemberAsk {
                other: "S106",
                kept: "S107",
            },
            vec!["S106", "S107"],
        ),
        (Msg::MemberFrozen("S108"), vec!["S108"]),
        (Msg::CardFilledIn("S109"), vec!["S109"]),
        (
            Msg::BindCardAsk {
                uid: "S110",
                member: "S111",
            },
            vec!["S110", "S111"],
        ),
        (Msg::Welcome("S112"), vec!["S112"]),
        (Msg::CouponAttached("S113"), vec!["S113"]),
        (
            Msg::MemberAttached {
                no: "S114",
                name: "S115",
            },
            vec!["S114", "S115"],
        ),
        (Msg::Printed("S116"), vec!["S116"]),
        (Msg::ApprovedBy("S117"), vec!["S117"]),
        (Msg::PrintFailed("S118"), vec!["S118"]),
        (Msg::VerifyUnlisted(7119), vec!["7119"]),
        (Msg::Age(Duration::from_secs(65)), vec![]),
        (
            Msg::SyncState {
                online: true,
                last_ok: Some(Duration::from_secs(65)),
                short: true,
                ascii: true,
            },
            vec![],
        ),
        (
            Msg::SyncVia {
                state: "S81",
                host: "10.0.0.81:7411",
                ascii: false,
            },
            vec!["S81", "10.0.0.81:7411"],
        ),
        (
            Msg::ZoneDiffers {
                pc: 7125,
                rules: 7126,
            },
            vec![],
        ),
        (Msg::SeveralMembers(7127), vec!["7127"]),
        (Msg::AtMost("7130"), vec!["7130"]),
        (Msg::MoreLines(7128), vec!["7128"]),
        (Msg::Discount(dec!(129.25)), vec![]),
        (
            Msg::Occasion {
                name: "S131",
                discount: dec!(71.32),
                earn_multiplier: dec!(1.33),
            },
            vec!["S131", "71.32", "1.33"],
        ),
        (Msg::RewardBirthday(7134), vec!["7134"]),
        (
            Msg::RewardReferral {
                referred: "S135",
                first: "S136",
            },
            vec!["S135", "S136"],
        ),
        (
            Msg::RewardBooking {
                guest: "S6001",
                stay: "S6002",
            },
            vec!["S6001", "S6002"],
        ),
        (
            Msg::RewardCompanyStay {
                guest: "S971",
                stay: "S972",
            },
            vec!["S971", "S972"],
        ),
        (
            Msg::BulkPreview {
                members: 7137,
                frozen: 7138,
                template: "S139",
            },
            vec!["7137", "7138", "S139"],
        ),
        (
            Msg::BulkIssued {
                members: 7140,
                template: "S141",
                first: "S142",
                last: "S143",
                replayed: false,
            },
            vec!["7140", "S141", "S142", "S143"],
        ),
    ]
}

/// Fails to compile when Msg gains a variant: add its sample above.
pub fn msg_listed(m: &Msg) {
    match m {
        Msg::OpenConflicts(..) => {}
        Msg::ConflictsTitle(..) => {}
        Msg::FoundMany(..) => {}
        Msg::Scanned(..) => {}
        Msg::UnknownCard(..) => {}
        Msg::OtherMemberAsk { .. } => {}
        Msg::MemberFrozen(..) => {}
        Msg::CardFilledIn(..) => {}
        Msg::BindCardAsk { .. } => {}
        Msg::Welcome(..) => {}
        Msg::CouponAttached(..) => {}
        Msg::MemberAttached { .. } => {}
        Msg::Printed(..) => {}
        Msg::ApprovedBy(..) => {}
        Msg::PrintFailed(..) => {}
        Msg::VerifyUnlisted(..) => {}
        Msg::Age(..) => {}
        Msg::SyncState { .. } => {}
        Msg::SyncVia { .. } => {}
        Msg::ZoneDiffers { .. } => {}
        Msg::SeveralMembers(..) => {}
        Msg::AtMost(..) => {}
        Msg::MoreLines(..) => {}
        Msg::Discount(..) => {}
        Msg::Occasion { .. } => {}
        Msg::RewardBirthday(..) => {}
        Msg::RewardReferral { .. } => {}
        Msg::RewardBooking { .. } => {}
        Msg::RewardCompanyStay { .. } => {}
        Msg::BulkPreview { .. } => {}
        Msg::BulkIssued { .. } => {}
    }
}

/// Every CliMsg, each with distinct values, and the values every language must show.
pub fn climsg_samples() -> Vec<(CliMsg, Vec<&'static str>)> {
    vec![
        (
            CliMsg::BackupWritten {
                dest: "S130".to_string(),
                bytes: 7131,
                took: Duration::from_secs(65),
            },
            vec!["S130", "7131"],
        ),
        (
            CliMsg::Restored {
                from: "S133".to_string(),
                entries: 7134,
                members: 7135,
            },
            vec!["S133", "7134", "7135"],
        ),
        (
            CliMsg::ImportDryRun {
                rows: 7136,
                took: Duration::from_secs(65),
            },
            vec!["7136"],
        ),
        (
            CliMsg::Imported {
                members: 7138,
                openings: 7139,
                took: Duration::from_secs(65),
            },
            vec!["7138", "7139"],
        ),
        (
            CliMsg::ImportProblem {
                line: 7141,
                column: "S142".to_string(),
                reason: "S143".to_string(),
            },
            vec!["7141", "S142", "S143"],
        ),
        (CliMsg::ImportBadRows(7144), vec!["7144"]),
        (
            CliMsg::DemoExists {
                path: "S145".to_string(),
            },
            vec!["S145"],
        ),
        (
            CliMsg::SecretIsBook {
                path: "S146".to_string(),
            },
            vec!["S146"],
        ),
        (
            CliMsg::TokenRevoked {
                terminal: "S147".to_string(),
            },
            vec!["S147"],
        ),
        (
            CliMsg::EnrollCode {
                terminal: "S148".to_string(),
                hours: 7149,
            },
            vec!["S148", "7149"],
        ),
        (
            CliMsg::NotEnrolled {
                terminal: "S150".to_string(),
            },
            vec!["S150"],
        ),
        (
            CliMsg::Enrolled {
                terminal: "S151".to_string(),
                path: "S152".to_string(),
            },
            vec!["S151", "S152"],
        ),
        (
            CliMsg::TokenReplaced {
                terminal: "S153".to_string(),
            },
            vec!["S153"],
        ),
        (CliMsg::SyncNotConfigured, vec![]),
        (
            CliMsg::SyncUnreachable {
                url: "S154".to_string(),
                detail: "S155".to_string(),
            },
            vec!["S154", "S155"],
        ),
        (
            CliMsg::SyncRefused {
                status: 7156,
                code: "S157".to_string(),
                message: "S158".to_string(),
                message_en: "S159".to_string(),
            },
            vec![],
        ),
        (CliMsg::SyncProtocol("S160".to_string()), vec!["S160"]),
        (
            CliMsg::BookBehindHub {
                hub: 7161,
                book: 7162,
            },
            vec!["7161", "7162"],
        ),
        (
            CliMsg::Diverged {
                entry_id: "S163".to_string(),
            },
            vec!["S163"],
        ),
        (CliMsg::BookRefusedPull("S164".to_string()), vec!["S164"]),
        (CliMsg::PlainHttp, vec![]),
        (
            CliMsg::NotHttps {
                url: "S165".to_string(),
            },
            vec!["S165"],
        ),
        (CliMsg::BadEnrollCode, vec![]),
        (CliMsg::NoFingerprint, vec![]),
        (
            CliMsg::TokenFile {
                detail: "S166".to_string(),
            },
            vec!["S166"],
        ),
        (
            CliMsg::TlsSetup {
                detail: "S167".to_string(),
            },
            vec!["S167"],
        ),
    ]
}

/// Fails to compile when CliMsg gains a variant: add its sample above.
pub fn climsg_listed(m: &CliMsg) {
    match m {
        CliMsg::BackupWritten { .. } => {}
        CliMsg::Restored { .. } => {}
        CliMsg::ImportDryRun { .. } => {}
        CliMsg::Imported { .. } => {}
        CliMsg::ImportProblem { .. } => {}
        CliMsg::ImportBadRows(..) => {}
        CliMsg::DemoExists { .. } => {}
        CliMsg::SecretIsBook { .. } => {}
        CliMsg::TokenRevoked { .. } => {}
        CliMsg::EnrollCode { .. } => {}
        CliMsg::NotEnrolled { .. } => {}
        CliMsg::Enrolled { .. } => {}
        CliMsg::TokenReplaced { .. } => {}
        CliMsg::SyncNotConfigured => {}
        CliMsg::SyncUnreachable { .. } => {}
        CliMsg::SyncRefused { .. } => {}
        CliMsg::SyncProtocol(..) => {}
        CliMsg::BookBehindHub { .. } => {}
        CliMsg::Diverged { .. } => {}
        CliMsg::BookRefusedPull(..) => {}
        CliMsg::PlainHttp => {}
        CliMsg::NotHttps { .. } => {}
        CliMsg::BadEnrollCode => {}
        CliMsg::NoFingerprint => {}
        CliMsg::TokenFile { .. } => {}
        CliMsg::TlsSetup { .. } => {}
    }
}

/// Every HubMsg, each with distinct values, and the values every language must show.
pub fn hubmsg_samples() -> Vec<(HubMsg, Vec<&'static str>)> {
    vec![
        (
            HubMsg::Forbidden {
                token_terminal: "S168".to_string(),
                entry_terminal: "S169".to_string(),
            },
            vec!["S168", "S169"],
        ),
        (
            HubMsg::Refused(ReplicationError::HashMismatch {
                entry_id: "T01-170".into(),
            }),
            vec!["T01-170"],
        ),
        (HubMsg::NotEnrolled("S171".to_string()), vec!["S171"]),
        (HubMsg::Storage("S172".to_string()), vec!["S172"]),
        (HubMsg::BadSpec("S173".to_string()), vec!["S173"]),
        (
            HubMsg::EnrollRefused {
                terminal: "S174".to_string(),
            },
            vec!["S174"],
        ),
        (HubMsg::BadCursor, vec![]),
        (HubMsg::Unauthorized, vec![]),
        (HubMsg::BadBody("S175".to_string()), vec!["S175"]),
        (
            HubMsg::HoldOpIdReused {
                op_id: "S176".to_string(),
            },
            vec!["S176"],
        ),
        (HubMsg::MemberOwes { debt: dec!(177.25) }, vec!["177.25"]),
        (
            HubMsg::ChainStoredValue {
                available: dec!(178.25),
            },
            vec!["178.25"],
        ),
        (HubMsg::ChainPoints { available: 7179 }, vec!["7179"]),
        (
            HubMsg::ChainUses {
                card: "S180".to_string(),
                left: 7181,
            },
            vec!["S180", "7181"],
        ),
        (
            HubMsg::CouponTaken {
                code: "S182".to_string(),
            },
            vec!["S182"],
        ),
        (
            HubMsg::NoConflict {
                conflict_id: "S183".to_string(),
            },
            vec!["S183"],
        ),
        (
            HubMsg::ConflictSettledElsewhere {
                conflict_id: "S184".to_string(),
            },
            vec!["S184"],
        ),
        (
            HubMsg::ConflictBeingSettled {
                conflict_id: "S185".to_string(),
            },
            vec!["S185"],
        ),
        (
            HubMsg::ReversedElsewhere {
                entry_id: "S186".to_string(),
            },
            vec!["S186"],
        ),
        (
            HubMsg::CannotListen {
                listen: "S187".to_string(),
                detail: "S188".to_string(),
            },
            vec!["S187", "S188"],
        ),
        (
            HubMsg::NoCertificate {
                path: "S189".to_string(),
            },
            vec!["S189"],
        ),
    ]
}

/// Fails to compile when HubMsg gains a variant: add its sample above.
pub fn hubmsg_listed(m: &HubMsg) {
    match m {
        HubMsg::Forbidden { .. } => {}
        HubMsg::Refused(..) => {}
        HubMsg::NotEnrolled(..) => {}
        HubMsg::Storage(..) => {}
        HubMsg::BadSpec(..) => {}
        HubMsg::EnrollRefused { .. } => {}
        HubMsg::BadCursor => {}
        HubMsg::Unauthorized => {}
        HubMsg::BadBody(..) => {}
        HubMsg::HoldOpIdReused { .. } => {}
        HubMsg::MemberOwes { .. } => {}
        HubMsg::ChainStoredValue { .. } => {}
        HubMsg::ChainPoints { .. } => {}
        HubMsg::ChainUses { .. } => {}
        HubMsg::CouponTaken { .. } => {}
        HubMsg::NoConflict { .. } => {}
        HubMsg::ConflictSettledElsewhere { .. } => {}
        HubMsg::ConflictBeingSettled { .. } => {}
        HubMsg::ReversedElsewhere { .. } => {}
        HubMsg::CannotListen { .. } => {}
        HubMsg::NoCertificate { .. } => {}
    }
}

/// Every FileMsg, each with distinct values, and the values every language must show.
pub fn filemsg_samples() -> Vec<(FileMsg, Vec<&'static str>)> {
    vec![
        (
            FileMsg::OutputIsBook {
                path: "S190".to_string(),
            },
            vec!["S190"],
        ),
        (
            FileMsg::OutputIsHubStore {
                path: "S191".to_string(),
            },
            vec!["S191"],
        ),
        (
            FileMsg::OutputExists {
                path: "S192".to_string(),
            },
            vec!["S192"],
        ),
        (
            FileMsg::OutputNotAFile {
                path: "S193".to_string(),
            },
            vec!["S193"],
        ),
        (
            FileMsg::OutputFailed {
                path: "S194".to_string(),
                detail: "S195".to_string(),
            },
            vec!["S194", "S195"],
        ),
        (
            FileMsg::BookMissing {
                shown: "S196".to_string(),
            },
            vec!["S196"],
        ),
        (
            FileMsg::BookExists {
                path: "S197".to_string(),
                shown: "S198".to_string(),
            },
            vec![],
        ),
        (
            FileMsg::BookEmpty {
                path: "S199".to_string(),
                shown: "S200".to_string(),
            },
            vec![],
        ),
        (
            FileMsg::BookNotADatabase {
                path: "S201".to_string(),
                shown: "S202".to_string(),
            },
            vec![],
        ),
        (
            FileMsg::BookForeign {
                path: "S203".to_string(),
                shown: "S204".to_string(),
                found: 7205,
            },
            vec![],
        ),
        (
            FileMsg::BookTooNew {
                path: "S206".to_string(),
                shown: "S207".to_string(),
                found: 7208,
                supported: 7209,
            },
            vec!["7208", "7209"],
        ),
        (
            FileMsg::BookIo {
                path: "S210".to_string(),
                shown: "S211".to_string(),
                detail: "S212".to_string(),
            },
            vec!["S212"],
        ),
        (
            FileMsg::BookSqlite {
                path: "S213".to_string(),
                shown: "S214".to_string(),
                detail: "S215".to_string(),
            },
            vec!["S215"],
        ),
        (
            FileMsg::BookMigration {
                path: "S216".to_string(),
                shown: "S217".to_string(),
                detail: "S218".to_string(),
            },
            vec!["S218"],
        ),
        (
            FileMsg::LooseMode {
                path: "S219".to_string(),
                mode: 7220,
                fix: "700",
            },
            vec!["S219", "700"],
        ),
    ]
}

/// Fails to compile when FileMsg gains a variant: add its sample above.
pub fn filemsg_listed(m: &FileMsg) {
    match m {
        FileMsg::OutputIsBook { .. } => {}
        FileMsg::OutputIsHubStore { .. } => {}
        FileMsg::OutputExists { .. } => {}
        FileMsg::OutputNotAFile { .. } => {}
        FileMsg::OutputFailed { .. } => {}
        FileMsg::BookMissing { .. } => {}
        FileMsg::BookExists { .. } => {}
        FileMsg::BookEmpty { .. } => {}
        FileMsg::BookNotADatabase { .. } => {}
        FileMsg::BookForeign { .. } => {}
        FileMsg::BookTooNew { .. } => {}
        FileMsg::BookIo { .. } => {}
        FileMsg::BookSqlite { .. } => {}
        FileMsg::BookMigration { .. } => {}
        FileMsg::LooseMode { .. } => {}
    }
}

/// Every Why, each with distinct values, and the values every language must show.
pub fn why_samples() -> Vec<(Why, Vec<&'static str>)> {
    vec![
        (Why::OpIdLength, vec![]),
        (Why::NameRequired, vec![]),
        (Why::GenderWords, vec![]),
        (Why::BirthdayForm, vec![]),
        (
            Why::NoSuchTierOf {
                tier: "S222".to_string(),
                tiers: vec!["S223a".to_string(), "S223b".to_string()],
            },
            vec!["S222", "S223a", "S223b"],
        ),
        (Why::AmountNotNegative, vec![]),
        (Why::PointsWhole, vec![]),
        (Why::ToBeforeFrom, vec![]),
        (Why::QueryEmpty, vec![]),
        (Why::BillRefRequired, vec![]),
        (Why::OnlyAccept, vec![]),
        (Why::NothingOwed, vec![]),
        (Why::UsesRange, vec![]),
        (Why::CouponInCheckout, vec![]),
        (Why::SameCredential, vec![]),
        (Why::ReasonRequired, vec![]),
        (Why::NameLength, vec![]),
        (Why::NotesLength, vec![]),
        (Why::BirthdayImplausible, vec![]),
        (
            Why::NoSuchTier {
                tier: "S224".to_string(),
            },
            vec!["S224"],
        ),
        (Why::CredentialTwice, vec![]),
        (Why::SelfReferral, vec![]),
        (Why::NothingToChange, vec![]),
        (Why::NoShiftForMoney, vec![]),
        (
            Why::CardNotSold {
                tier: "S901".to_string(),
                sold: vec!["S902a".to_string(), "S902b".to_string()],
            },
            vec!["S901", "S902a", "S902b"],
        ),
        (Why::FirstTopUpBelow { min: dec!(904.5) }, vec!["904.5"]),
        (
            Why::ReplacementFeeTender { fee: dec!(905.5) },
            vec!["905.5"],
        ),
        (Why::OpeningAmount { max: 7225 }, vec!["7225"]),
        (Why::OpeningPoints { max: 7226 }, vec!["7226"]),
        (Why::OpeningSource, vec![]),
        (
            Why::OpeningTwice {
                member_no: "S227".to_string(),
            },
            vec!["S227"],
        ),
        (Why::OpeningAllZero, vec![]),
        (Why::NightsRange { max: 7228 }, vec!["7228"]),
        (Why::FolioRequired, vec![]),
        (Why::CorporateOff, vec![]),
        (
            Why::NotACompany {
                member_no: "S973".to_string(),
            },
            vec!["S973"],
        ),
        (Why::CompanyUnderCompany, vec![]),
        (
            Why::LinkedNotCompany {
                company: "S974".to_string(),
            },
            vec!["S974"],
        ),
        (
            Why::AlreadyUnderCompany {
                company: "S975".to_string(),
            },
            vec!["S975"],
        ),
        (Why::NotUnderCompany, vec![]),
        (
            Why::CreditLimitRange { max: dec!(9061.25) },
            vec!["9061.25"],
        ),
        (
            Why::CreditLimitExceeded {
                limit: dec!(9071.25),
                owed: dec!(9072.25),
            },
            vec!["9071.25", "9072.25"],
        ),
        (
            Why::SettleAboveOwed {
                owed: dec!(9081.25),
            },
            vec!["9081.25"],
        ),
        (Why::NoShowOff, vec![]),
        (Why::BookingRequired, vec![]),
        (Why::BookerShareOff, vec![]),
        (Why::BookerIsGuest, vec![]),
        (
            Why::BookerUnknown {
                member_no: "S6003".to_string(),
            },
            vec!["S6003"],
        ),
        (
            Why::BookerFrozen {
                member_no: "S6004".to_string(),
            },
            vec!["S6004"],
        ),
        (Why::PointsAdjustment, vec![]),
        (Why::NoConversion, vec![]),
        (Why::PointsMultiple { per_unit: 7229 }, vec!["7229"]),
        (Why::NotForPoints, vec![]),
        (Why::CardNotForPoints, vec![]),
        (
            Why::TopTier {
                tier: "S901".to_string(),
            },
            vec!["S901"],
        ),
        (
            Why::TierNotForPoints {
                tier: "S902".to_string(),
            },
            vec!["S902"],
        ),
        (
            Why::NotNextTier {
                next: "S953".to_string(),
            },
            vec!["S953"],
        ),
        (Why::NoPointsExpiring, vec![]),
        (Why::CashAmount, vec![]),
        (
            Why::ShiftStillOpen {
                shift_id: "S230".to_string(),
            },
            vec!["S230"],
        ),
        (Why::NoShiftOpen, vec![]),
        (Why::FirstIsAdmin, vec![]),
        (Why::OperatorIdForm, vec![]),
        (Why::OperatorNameRequired, vec![]),
        (Why::OperatorAlready, vec![]),
        (Why::NotYourself, vec![]),
        (Why::SupervisorPinLength, vec![]),
        (Why::PinLength, vec![]),
        (Why::PinPepper, vec![]),
        (Why::CardUid, vec![]),
        (Why::CodeForm, vec![]),
        (Why::IdDocForm, vec![]),
        (Why::PhoneForm, vec![]),
        (Why::AmountPositive, vec![]),
        (Why::AmountCents, vec![]),
        (Why::AmountAbove { max: dec!(231.25) }, vec!["231.25"]),
        (Why::OpMissing, vec![]),
        (
            Why::NoSuchOp {
                kind: "S232".to_string(),
            },
            vec!["S232"],
        ),
        (Why::PinAsString, vec![]),
        (Why::SupervisorIdMissing, vec![]),
        (Why::SupervisorPinMissing, vec![]),
        (Why::NotInApproval, vec![]),
        (Why::ApprovalForm, vec![]),
        (
            Why::OperatorPinMissing {
                operator: "S233".to_string(),
            },
            vec!["S233"],
        ),
        (Why::NotUtf8, vec![]),
        (Why::GivenTwice, vec![]),
        (
            Why::NotJson {
                line: 7234,
                column: 7235,
            },
            vec!["7234", "7235"],
        ),
        (Why::NoExponent, vec![]),
        (Why::NotAnObject, vec![]),
        (Why::Required, vec![]),
        (Why::NotInOp, vec![]),
        (Why::AmountForm, vec![]),
        (Why::DayForm, vec![]),
        (Why::NotAChoice, vec![]),
        (Why::WrongForm, vec![]),
        (Why::NotText, vec![]),
        (Why::BillAndFolio, vec![]),
        (Why::BillOrFolio, vec![]),
        (
            Why::HeaderUnreadable {
                detail: "S236".to_string(),
            },
            vec!["S236"],
        ),
        (Why::ColumnTwice, vec![]),
        (
            Why::UnknownColumn {
                columns: "S237".to_string(),
            },
            vec!["S237"],
        ),
        (Why::NameColumnMissing, vec![]),
        (
            Why::RowUnreadable {
                detail: "S238".to_string(),
            },
            vec!["S238"],
        ),
        (
            Why::FieldCount {
                fields: 7239,
                header: 7240,
            },
            vec!["7239", "7240"],
        ),
        (Why::ColumnCount, vec![]),
        (
            Why::AlreadyImported {
                entry_id: "S6004".to_string(),
            },
            vec!["S6004"],
        ),
        (
            Why::DuplicateInFile {
                value: "S242".to_string(),
                first: 7243,
            },
            vec!["S242", "7243"],
        ),
        (Why::DormantDays, vec![]),
        (Why::MonthRange, vec![]),
        (
            Why::BulkTooMany {
                members: 7244,
                max: 7245,
            },
            vec!["7244", "7245"],
        ),
    ]
}

/// Fails to compile when Why gains a variant: add its sample above.
pub fn why_listed(m: &Why) {
    match m {
        Why::OpIdLength => {}
        Why::NameRequired => {}
        Why::GenderWords => {}
        Why::BirthdayForm => {}
        Why::NoSuchTierOf { .. } => {}
        Why::AmountNotNegative => {}
        Why::PointsWhole => {}
        Why::ToBeforeFrom => {}
        Why::QueryEmpty => {}
        Why::BillRefRequired => {}
        Why::OnlyAccept => {}
        Why::NothingOwed => {}
        Why::UsesRange => {}
        Why::CouponInCheckout => {}
        Why::SameCredential => {}
        Why::ReasonRequired => {}
        Why::NameLength => {}
        Why::NotesLength => {}
        Why::BirthdayImplausible => {}
        Why::NoSuchTier { .. } => {}
        Why::CredentialTwice => {}
        Why::SelfReferral => {}
        Why::NothingToChange => {}
        Why::NoShiftForMoney => {}
        Why::CardNotSold { .. } => {}
        Why::FirstTopUpBelow { .. } => {}
        Why::ReplacementFeeTender { .. } => {}
        Why::OpeningAmount { .. } => {}
        Why::OpeningPoints { .. } => {}
        Why::OpeningSource => {}
        Why::OpeningTwice { .. } => {}
        Why::OpeningAllZero => {}
        Why::NightsRange { .. } => {}
        Why::FolioRequired => {}
        Why::CorporateOff => {}
        Why::NotACompany { .. } => {}
        Why::CompanyUnderCompany => {}
        Why::LinkedNotCompany { .. } => {}
        Why::AlreadyUnderCompany { .. } => {}
        Why::NotUnderCompany => {}
        Why::CreditLimitRange { .. } => {}
        Why::CreditLimitExceeded { .. } => {}
        Why::SettleAboveOwed { .. } => {}
        Why::NoShowOff => {}
        Why::BookingRequired => {}
        Why::BookerShareOff => {}
        Why::BookerIsGuest => {}
        Why::BookerUnknown { .. } => {}
        Why::BookerFrozen { .. } => {}
        Why::PointsAdjustment => {}
        Why::NoConversion => {}
        Why::PointsMultiple { .. } => {}
        Why::NotForPoints => {}
        Why::CardNotForPoints => {}
        Why::TopTier { .. } => {}
        Why::TierNotForPoints { .. } => {}
        Why::NotNextTier { .. } => {}
        Why::NoPointsExpiring => {}
        Why::CashAmount => {}
        Why::ShiftStillOpen { .. } => {}
        Why::NoShiftOpen => {}
        Why::FirstIsAdmin => {}
        Why::OperatorIdForm => {}
        Why::OperatorNameRequired => {}
        Why::OperatorAlready => {}
        Why::NotYourself => {}
        Why::SupervisorPinLength => {}
        Why::PinLength => {}
        Why::PinPepper => {}
        Why::CardUid => {}
        Why::CodeForm => {}
        Why::IdDocForm => {}
        Why::PhoneForm => {}
        Why::AmountPositive => {}
        Why::AmountCents => {}
        Why::AmountAbove { .. } => {}
        Why::OpMissing => {}
        Why::NoSuchOp { .. } => {}
        Why::PinAsString => {}
        Why::SupervisorIdMissing => {}
        Why::SupervisorPinMissing => {}
        Why::NotInApproval => {}
        Why::ApprovalForm => {}
        Why::OperatorPinMissing { .. } => {}
        Why::NotUtf8 => {}
        Why::GivenTwice => {}
        Why::NotJson { .. } => {}
        Why::NoExponent => {}
        Why::NotAnObject => {}
        Why::Required => {}
        Why::NotInOp => {}
        Why::AmountForm => {}
        Why::DayForm => {}
        Why::NotAChoice => {}
        Why::WrongForm => {}
        Why::NotText => {}
        Why::BillAndFolio => {}
        Why::BillOrFolio => {}
        Why::HeaderUnreadable { .. } => {}
        Why::ColumnTwice => {}
        Why::UnknownColumn { .. } => {}
        Why::NameColumnMissing => {}
        Why::RowUnreadable { .. } => {}
        Why::FieldCount { .. } => {}
        Why::ColumnCount => {}
        Why::AlreadyImported { .. } => {}
        Why::DuplicateInFile { .. } => {}
        Why::DormantDays => {}
        Why::MonthRange => {}
        Why::BulkTooMany { .. } => {}
    }
}
