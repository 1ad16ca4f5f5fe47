//! `carddesk hub …`: the commands that run and administer the hub (feature `hub`, on by
//! default). The hub itself, its store and its HTTP service, is the carddesk-hub crate;
//! this wires it to the config.

use carddesk_model::text::CliMsg;
use carddesk_model::text::CliTx;
use std::process::ExitCode;

use clap::Subcommand;

#[cfg(feature = "hub")]
pub mod bench;
#[cfg(feature = "hub")]
pub mod bench_authorize;
#[cfg(feature = "hub")]
pub mod bench_scope;

/// Where the hub keeps its data, unless --store says otherwise.
pub const DEFAULT_STORE: &str = "sqlite:hub.db";

#[derive(Debug, Subcommand)]
pub enum HubCommand {
    /// Run the hub: terminals push and pull journal entries over HTTP.
    Serve {
        /// Address to listen on (port 0: any free port, printed at start); default:
        /// `[hub] listen` of the config (loopback unless set).
        #[arg(long)]
        listen: Option<String>,
        /// sqlite:PATH (one outlet) or postgres://USER@HOST/DB (a chain).
        #[arg(long, env = "CARDDESK_HUB_STORE", hide_env_values = true, default_value = DEFAULT_STORE)]
        store: String,
    },
    /// Enroll a terminal: prints a single-use code (valid 24 hours) that the terminal
    /// exchanges for its token with `carddesk sync --enroll CODE`. Its current token,
    /// if any, works until then.
    Enroll {
        terminal: String,
        #[arg(long, env = "CARDDESK_HUB_STORE", hide_env_values = true, default_value = DEFAULT_STORE)]
        store: String,
    },
    /// Revoke a terminal's token and unused codes at once (its entries stay).
    Revoke {
        terminal: String,
        #[arg(long, env = "CARDDESK_HUB_STORE", hide_env_values = true, default_value = DEFAULT_STORE)]
        store: String,
    },
    /// Revoke a terminal's token and print a new enrollment code for it.
    Rotate {
        terminal: String,
        #[arg(long, env = "CARDDESK_HUB_STORE", hide_env_values = true, default_value = DEFAULT_STORE)]
        store: String,
    },
    /// List the hub's alarms (ids re-sent with other content, impersonation).
    Alarms {
        #[arg(long, env = "CARDDESK_HUB_STORE", hide_env_values = true, default_value = DEFAULT_STORE)]
        store: String,
        #[arg(long)]
        json: bool,
    },
    /// Push and pull N generated entries through a hub on each store, and print
    /// entries/s (default store: a SQLite file in a temp folder).
    ///
    /// Then online authorization under load: two hubs on each store, TERMINALS
    /// simulated terminals at once, each asking AUTHORIZATIONS stored-value spends of
    /// random members; prints throughput, p50/p99 and a hub's start time.
    ///
    /// Each part's figures end in one JSON line (an array, one object per store), in
    /// this order: push/pull, authorization, and the outlet group's first pull.
    Bench {
        /// Entries pushed and pulled (0: skip the push and pull figures).
        #[arg(long, default_value_t = 100_000)]
        entries: usize,
        /// May be given several times.
        #[arg(long)]
        store: Vec<String>,
        /// Simulated terminals authorizing at once (0: skip the authorization figures).
        #[arg(long, default_value_t = 200)]
        terminals: usize,
        /// Authorizations each terminal asks for, one after another.
        #[arg(long, default_value_t = 25)]
        authorizations: usize,
        /// A terminal's pace: one authorization every this many milliseconds, at a
        /// random phase, each timed from when it was due (so a slow hub's queue counts);
        /// 0: each right after the last answer (the hub's most, not a counter's pace).
        #[arg(long, default_value_t = 0)]
        pace_ms: u64,
        /// Members (each with 1,000.00 of stored value) the spends are drawn from.
        #[arg(long, default_value_t = 2_000)]
        members: usize,
        /// Also a new terminal's first pull of an outlet group of this many members, in
        /// a chain of ten times as many (two entries each), into a partial book: entries/s,
        /// peak memory and the book's size on disk (0: skip).
        #[arg(long, default_value_t = 0)]
        scope_members: usize,
        /// The first pull's chain: this many members in all, the group's among them (0:
        /// ten times the group's). Made and pushed a part at a time, so a chain of
        /// 10,000,000 members needs no more memory than a small one.
        #[arg(long, default_value_t = 0)]
        chain_members: usize,
    },
}

#[cfg(feature = "hub")]
pub fn run(loaded: &crate::config::Loaded, cmd: HubCommand) -> anyhow::Result<ExitCode> {
    use carddesk_hub::HubStore;
    let lang = loaded.config.ui.language;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let open = |spec: &str| {
        rt.block_on(HubStore::open_admin(spec))
            .map_err(|e| anyhow::anyhow!("{}", e.message(lang)))
    };
    match cmd {
        HubCommand::Serve { listen, store } => {
            drop(rt);
            let hub = &loaded.config.hub;
            let listen = listen.unwrap_or_else(|| hub.listen.clone());
            let identity = if hub.insecure_http {
                None
            } else {
                Some(carddesk_hub::tls::load_or_create(
                    &loaded.resolve(&hub.cert_file),
                    &loaded.resolve(&hub.key_file),
                )?)
            };
            carddesk_hub::run::serve(&listen, &store, &serve_config(hub), identity.as_ref(), lang)?;
        }
        HubCommand::Enroll { terminal, store } => {
            let hub = open(&store)?;
            print_code(loaded, &rt, &hub, &terminal)?;
        }
        HubCommand::Revoke { terminal, store } => {
            let hub = open(&store)?;
            revoke(&rt, &hub, &terminal, lang)?;
            eprintln!(
                "{}",
                CliMsg::TokenRevoked {
                    terminal: terminal.clone()
                }
                .get(lang)
            );
        }
        HubCommand::Rotate { terminal, store } => {
            let hub = open(&store)?;
            revoke(&rt, &hub, &terminal, lang)?;
            print_code(loaded, &rt, &hub, &terminal)?;
        }
        HubCommand::Alarms { store, json } => {
            let hub = open(&store)?;
            let alarms = rt
                .block_on(hub.alarms())
                .map_err(|e| anyhow::anyhow!("{}", e.message(lang)))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&alarms)?);
            } else if alarms.is_empty() {
                println!("{}", CliTx::NoAlarms.get(lang));
            } else {
                for a in &alarms {
                    println!(
                        "#{} {} {} {} {} {}",
                        a.id,
                        a.at,
                        a.terminal,
                        a.kind,
                        a.entry_id.as_deref().unwrap_or("-"),
                        a.detail
                    );
                }
            }
        }
        HubCommand::Bench {
            entries,
            store,
            terminals,
            authorizations,
            pace_ms,
            members,
            scope_members,
            chain_members,
        } => {
            drop(rt);
            if entries > 0 {
                bench::run(entries, &store, lang)?;
            }
            if terminals > 0 {
                let load = bench_authorize::Load {
                    terminals,
                    per_terminal: authorizations,
                    pace_ms,
                    members: members.max(1),
                };
                bench_authorize::run(&store, &load, lang)?;
            }
            if scope_members > 0 {
                bench_scope::run(scope_members, chain_members, &store, lang)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What the service allows each client, from `[hub]`.
#[cfg(feature = "hub")]
pub fn serve_config(c: &crate::config::HubConfig) -> carddesk_hub::run::ServeConfig {
    use std::time::Duration;
    carddesk_hub::run::ServeConfig {
        max_connections: c.max_connections,
        header_timeout: Duration::from_millis(c.header_timeout_ms),
        request: carddesk_hub::server::RequestLimits {
            max_body: c.max_body_mib << 20,
            timeout: Duration::from_millis(c.request_timeout_ms),
        },
        commit: crate::COMMIT.to_string(),
    }
}

/// How long an enrollment code may wait to be used.
#[cfg(feature = "hub")]
const CODE_VALID_HOURS: i64 = 24;

#[cfg(feature = "hub")]
fn print_code(
    loaded: &crate::config::Loaded,
    rt: &tokio::runtime::Runtime,
    hub: &carddesk_hub::HubStore,
    terminal: &str,
) -> anyhow::Result<()> {
    let lang = loaded.config.ui.language;
    // The code carries the certificate's fingerprint, so the terminal's very first
    // contact is already pinned.
    let fingerprint = if loaded.config.hub.insecure_http {
        None
    } else {
        let c = &loaded.config.hub;
        let cert = loaded.resolve(&c.cert_file);
        let key = loaded.resolve(&c.key_file);
        Some(carddesk_hub::tls::load_existing(&cert, &key, lang)?.fingerprint())
    };
    let secret = rt
        .block_on(hub.issue_code(terminal, chrono::Duration::hours(CODE_VALID_HOURS)))
        .map_err(|e| anyhow::anyhow!("{}", e.message(lang)))?;
    println!(
        "{}",
        crate::credential::EnrollmentCode::format(&secret, fingerprint.as_deref())
    );
    eprintln!(
        "{}",
        CliMsg::EnrollCode {
            terminal: terminal.to_string(),
            hours: CODE_VALID_HOURS
        }
        .get(lang)
    );
    Ok(())
}

#[cfg(feature = "hub")]
fn revoke(
    rt: &tokio::runtime::Runtime,
    hub: &carddesk_hub::HubStore,
    terminal: &str,
    lang: carddesk_data::Lang,
) -> anyhow::Result<()> {
    let revoked = rt
        .block_on(hub.revoke(terminal))
        .map_err(|e| anyhow::anyhow!("{}", e.message(lang)))?;
    if !revoked {
        anyhow::bail!(
            "{}",
            CliMsg::NotEnrolled {
                terminal: terminal.to_string()
            }
            .get(lang)
        );
    }
    Ok(())
}

#[cfg(not(feature = "hub"))]
pub fn run(_loaded: &crate::config::Loaded, _cmd: HubCommand) -> anyhow::Result<ExitCode> {
    anyhow::bail!("this carddesk was built without the hub (cargo feature `hub`)")
}
