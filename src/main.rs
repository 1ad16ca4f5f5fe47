use std::io::{Read, Write};
use std::process::ExitCode;

use anyhow::Context;
use carddesk::cli::{Cli, Command};
use carddesk::{config, demo_cmd, op_cmd, verify_cmd};
use carddesk_data::files::FileError;
use carddesk_model::text::CliTx;
use clap::{CommandFactory, Parser};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = command_name(&cli);
    // The log's writer, once the config is read; dropped last, so every line is written.
    let mut log = None;
    match run(cli, &mut log) {
        Ok(code) => {
            tracing::info!(%command, "done");
            code
        }
        Err(e) => {
            eprintln!("carddesk: {e:#}");
            let code = carddesk::exit::code_of(&e);
            // A refusal (bad input, no book, not a book) writes nothing, a log line
            // included; a failure is logged.
            use carddesk::exit::Exit;
            if code == Exit::Failed {
                tracing::warn!(%command, exit = code as u8, "failed: {e:#}");
            }
            code.into()
        }
    }
}

fn run(
    cli: Cli,
    log: &mut Option<tracing_appender::non_blocking::WorkerGuard>,
) -> anyhow::Result<ExitCode> {
    // None needs a configuration: they work on a machine carddesk is not set up on.
    match &cli.command {
        Some(Command::Op {
            kind: Some(kind),
            schema: true,
            ..
        }) => {
            let schema = carddesk::op_kinds::schema(kind)
                .with_context(|| format!("no operation {kind:?}"))?;
            let text = serde_json::to_string_pretty(&schema)?;
            // A reader that stops early (`| head`) is not an error.
            let _ = writeln!(std::io::stdout().lock(), "{text}");
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Completions { shell }) => {
            let mut command = Cli::command();
            clap_complete::generate(*shell, &mut command, "carddesk", &mut std::io::stdout());
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Man) => {
            clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
            return Ok(ExitCode::SUCCESS);
        }
        _ => {}
    }
    // Doctor reports a config that does not load as its finding, not as an error.
    if let Some(Command::Doctor { json }) = &cli.command {
        let (report, lang) = carddesk::doctor::run(cli.config.as_deref(), cli.db.as_deref());
        carddesk::doctor::print(&report, lang, *json, &mut std::io::stdout())?;
        return Ok(ExitCode::from(report.exit_code()));
    }
    let loaded = config::load(cli.config.as_deref())?;
    // Prints from the config alone (postinst runs it as root): no log, no book.
    if let Some(Command::Devices {
        udev_rules: true, ..
    }) = &cli.command
    {
        print!(
            "{}",
            carddesk::devices_cmd::udev_rules(&loaded.config.devices)
        );
        return Ok(ExitCode::SUCCESS);
    }
    // Every command logs to the log file; the hub to its standard error (its service's
    // journal) as well.
    let hub_serve = matches!(
        &cli.command,
        Some(Command::Hub {
            command: carddesk::hub::HubCommand::Serve { .. }
        })
    );
    let demo_db = cli.demo.then(demo_cmd::default_path);
    let db_override = cli.db.clone().or(demo_db);
    let path = carddesk::db_path(&loaded, db_override.as_deref());
    let lang = loaded.config.ui.language;
    // The log appends to its file and renames it each day: on the book (a typo in
    // `[log] path`), it would write into the book and then move it away.
    let log_path = loaded.resolve(&loaded.config.log.path);
    // A log folder not made yet (a fresh PC) cannot hold the book: the log makes it.
    if let Err(e @ (FileError::IsBook(_) | FileError::IsHubStore(_) | FileError::NotAFile(_))) =
        carddesk_data::files::check_output(&log_path, &path, true)
    {
        anyhow::bail!("[log] path: {}", e.message(lang));
    }
    *log = Some(carddesk::logfile::init(&loaded, hub_serve));
    tracing::debug!(version = %carddesk::version(), "start");
    for warning in carddesk::loose_files(&loaded, &path) {
        eprintln!("carddesk: {warning}");
    }
    match cli.command {
        Some(Command::Verify { json }) => {
            let book = carddesk::open_book(&loaded, &path)?;
            let report = book.verify()?;
            verify_cmd::print(&report, json, &mut std::io::stdout())?;
            Ok(if report.is_clean() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Some(Command::Init) => {
            let book = carddesk::create_book(&loaded, &path)?;
            let shown = std::path::absolute(book.path()).unwrap_or_else(|_| path.clone());
            println!("{} {}", CliTx::NewEmptyBook.get(lang), shown.display());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Demo { members, force }) => {
            demo_cmd::build(&loaded, &path, members, force)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Op { batch: true, .. }) => {
            let mut book = carddesk::open_book(&loaded, &path)?;
            let tally = carddesk::op_batch::run(
                &mut book,
                loaded.config.ui.language,
                std::io::stdin().lock(),
                std::io::stdout().lock(),
            )
            .context("cannot read the requests or write the results")?;
            Ok(ExitCode::from(tally.exit_code()))
        }
        Some(Command::Op { kind, .. }) => {
            // clap requires KIND without --batch; this only keeps the match whole.
            let kind = kind.context("carddesk op needs the operation, or --batch")?;
            let mut input = Vec::new();
            std::io::stdin()
                .read_to_end(&mut input)
                .context("cannot read the request from stdin")?;
            let mut book = carddesk::open_book(&loaded, &path)?;
            let result = op_cmd::run(&mut book, loaded.config.ui.language, &kind, &input);
            println!("{}", result.json);
            Ok(ExitCode::from(result.exit_code as u8))
        }
        Some(Command::Expire) => {
            let mut book = carddesk::open_book(&loaded, &path)?;
            let report = book.run_daily()?;
            println!("{}", serde_json::to_string(&report)?);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Daily) => {
            let mut book = carddesk::open_book(&loaded, &path)?;
            let outcome = carddesk::daily_cmd::run(&loaded, &mut book, &mut std::io::stdout())?;
            match outcome {
                carddesk::daily_cmd::Outcome::Done => Ok(ExitCode::SUCCESS),
                carddesk::daily_cmd::Outcome::BackupFailed(e) => {
                    eprintln!("carddesk: {e}");
                    Ok(ExitCode::from(1))
                }
            }
        }
        Some(Command::Notify { limit }) => {
            let mut book = carddesk::open_book(&loaded, &path)?;
            let terminal = loaded.config.terminal.id.clone();
            carddesk::notify_cmd::run(
                &loaded.config.notices,
                &terminal,
                &mut book,
                limit,
                loaded.config.ui.language,
                &mut std::io::stdout(),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Bench {
            members,
            samples,
            hub_entries,
            hub_stores,
            json,
        }) => {
            let hub = carddesk::bench_cmd::HubBench {
                entries: hub_entries,
                stores: hub_stores,
            };
            carddesk::bench_cmd::run(&loaded, cli.db.as_deref(), members, samples, &hub, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Devices { watch, timeout, .. }) => {
            let mut out = std::io::stdout();
            carddesk::devices_cmd::run(
                &loaded.config.devices,
                lang,
                watch,
                timeout.map(std::time::Duration::from_secs),
                &mut out,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Receipt {
            entry_id,
            width,
            out,
            device,
            text,
            force,
        }) => {
            let book = carddesk::open_book(&loaded, &path)?;
            let dest = match (out.as_deref(), device.as_deref()) {
                (Some(path), _) => carddesk::receipts::Dest::File { path, force },
                (None, Some(d)) => carddesk::receipts::Dest::Device(d),
                (None, None) => carddesk::receipts::Dest::Stdout,
            };
            let width = carddesk::receipts::Width::from_mm(width)
                .unwrap_or(carddesk::receipts::Width::Mm58);
            carddesk::receipts::reprint(&book, lang, &entry_id, width, dest, text)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Report {
            kind,
            from,
            to,
            outlet,
            csv,
            days,
            limit,
            member,
        }) => {
            let book = carddesk::open_book(&loaded, &path)?;
            let kind = kind.name();
            let args = carddesk::report_cmd::Args {
                kind: &kind,
                from: from.as_deref(),
                to: to.as_deref(),
                outlet: outlet.as_deref(),
                days,
                limit,
                member: member.as_deref(),
            };
            let table = carddesk::report_cmd::table(&book, lang, &args)?;
            carddesk::report_cmd::print(&table, lang, csv, &mut std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Import {
            what,
            file,
            dry_run,
        }) => {
            let mut book = carddesk::open_book(&loaded, &path)?;
            let code = carddesk::import_cmd::run(
                &mut book,
                lang,
                &what.name(),
                &file,
                dry_run,
                &mut std::io::stdout(),
            )?;
            Ok(ExitCode::from(code))
        }
        Some(Command::Export { what, file, force }) => {
            let book = carddesk::open_book(&loaded, &path)?;
            let started = std::time::Instant::now();
            let n = carddesk::export_cmd::run(&book, lang, &what.name(), &file, force)?;
            println!(
                "{} {n} {} {} ({:.2} s)",
                CliTx::Exported.get(lang),
                CliTx::RowsTo.get(lang),
                file.display(),
                started.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Backup {
            path: dest,
            force,
            daily,
            keep,
        }) => {
            let book = carddesk::open_book(&loaded, &path)?;
            let mut out = std::io::stdout();
            match (dest, daily) {
                (_, Some(dir)) => carddesk::backup_cmd::daily(&book, lang, &dir, keep, &mut out)?,
                (Some(dest), None) => {
                    carddesk::backup_cmd::backup(&book, lang, &dest, force, &mut out)?
                }
                (None, None) => anyhow::bail!("backup: PATH or --daily DIR"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Restore { path: from }) => {
            let code = carddesk::backup_cmd::restore(
                &from,
                &path,
                carddesk::terminal(&loaded.config),
                lang,
                &mut std::io::stdout(),
            )?;
            Ok(ExitCode::from(code))
        }
        Some(Command::FirstFrameProbe) => {
            let probe = carddesk::tui::first_frame_probe(&loaded, &path)?;
            println!("{}", probe.to_json());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Sync {
            enroll: Some(code), ..
        }) => carddesk::sync::enroll_cmd(&loaded, &code),
        Some(Command::Sync { rotate: true, .. }) => carddesk::sync::rotate_cmd(&loaded),
        Some(Command::Sync { json, .. }) => {
            let mut book = carddesk::open_book(&loaded, &path)?;
            let report = carddesk::sync::run_once(&loaded, &mut book);
            carddesk::sync::print(&report, lang, json, &mut std::io::stdout())?;
            Ok(if report.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(3)
            })
        }
        Some(Command::Conflicts { all, json }) => {
            let book = carddesk::open_book(&loaded, &path)?;
            let listed = book.conflicts(all, 10_000)?;
            carddesk::conflicts_cmd::print(&listed, lang, json, &mut std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Hub { command }) => carddesk::hub::run(&loaded, command),
        Some(Command::Completions { .. } | Command::Man | Command::Doctor { .. }) => {
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::StressWriter { count }) => {
            stress_writer(&loaded, &path, count)?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            if cli.demo && !path.exists() {
                demo_cmd::build(&loaded, &path, 20_000, false)?;
            }
            // The counter's first run makes the book, once the operator has seen where.
            if carddesk::nothing_at(&path) {
                if !carddesk::tui::first_run::confirm_new_book(&path, lang)? {
                    let missing = carddesk_data::OpenError::Missing { path: path.clone() };
                    return Err(carddesk::refusal(&missing, lang).into());
                }
                carddesk::create_book(&loaded, &path)?;
            }
            // The first start of each day runs the daily job (points expiry, tiers) and
            // the daily backup. A failed backup is reported but does not stop the counter.
            let mut book = carddesk::open_book(&loaded, &path)?;
            let outcome = carddesk::daily_cmd::run(&loaded, &mut book, &mut std::io::sink())?;
            if let carddesk::daily_cmd::Outcome::BackupFailed(e) = outcome {
                eprintln!("carddesk: {e}");
            }
            drop(book);
            carddesk::tui::run(&loaded, &path)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The subcommand's name for the log (`counter` for the counter itself).
fn command_name(cli: &Cli) -> String {
    use clap::CommandFactory;
    let Some(cmd) = &cli.command else {
        return "counter".into();
    };
    let debug = format!("{cmd:?}");
    let variant = debug
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or_default();
    Cli::command()
        .get_subcommands()
        .find(|s| s.get_name().replace('-', "").eq_ignore_ascii_case(variant))
        .map_or_else(|| variant.to_lowercase(), |s| s.get_name().to_string())
}

/// Registers and edits members in a loop, printing `ok OP_ID ENTRY_ID` after each
/// commit; the crash test kills it at random and checks every printed op survived.
fn stress_writer(
    loaded: &config::Loaded,
    path: &std::path::Path,
    count: u64,
) -> anyhow::Result<()> {
    use carddesk_data::ops::{EditMember, RegisterMember, TopUp};
    use carddesk_data::{Actor, Checkout, Profile, ProfilePatch, Request, Tender};
    let mut book = carddesk::open_book(loaded, path)?;
    let actor = Actor::new("stress", loaded.config.terminal.outlet.clone());
    let run_id: u32 = rand::random();
    let mut out = std::io::stdout().lock();
    let mut last_member = None;
    for n in 0..count {
        let op_id = format!("stress-{run_id:08x}-{n}");
        // Registrations, edits, top-ups and checkouts: the crash harness kills this
        // mid-operation, money operations included.
        let request = match (&last_member, n % 4) {
            (Some(no), 1) => Request::EditMember(EditMember {
                member_no: String::clone(no).into(),
                changes: ProfilePatch {
                    notes: Some(format!("edit {n}")),
                    ..Default::default()
                },
            }),
            (Some(no), 2) => Request::TopUp(TopUp {
                member_no: String::clone(no).into(),
                amount: rust_decimal::Decimal::from(200 + n % 300),
                tender: Tender::Cash,
            }),
            (Some(no), 3) => Request::Checkout(Checkout {
                member_no: String::clone(no).into(),
                bill: rust_decimal::Decimal::new(1_000 + (n % 9_000) as i64, 2),
                bill_ref: format!("S{n}"),
                coupons: vec![],
                use_points: true,
                use_stored_value: true,
                max_points: None,
                max_stored_value: None,
                tender: Tender::Cash,
                pin: None,
            }),
            _ => Request::RegisterMember(RegisterMember {
                profile: Profile {
                    name: format!("压力测试{n}"),
                    ..Default::default()
                },
                tier: None,
                credentials: vec![],
            }),
        };
        let outcome = book.execute(&actor, &op_id, &request)?;
        if let Some(m) = &outcome.member {
            last_member = Some(m.member_no.clone());
        }
        writeln!(out, "ok {op_id} {}", outcome.entry_id)?;
        out.flush()?;
    }
    Ok(())
}
