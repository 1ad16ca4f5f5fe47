//! The `carddesk` program: command line, configuration, wiring. The rules live in
//! `carddesk-data`, the screens in `carddesk-screens`, the hardware in `carddesk-devices`.

pub mod authorizer;
pub mod backup_cmd;
pub mod bench_cmd;
pub mod cli;
pub mod config;
pub mod config_sections;
pub mod conflicts_cmd;
pub mod credential;
pub mod daily_cmd;
pub mod demo_cmd;
pub mod devices_cmd;
pub mod doctor;
pub mod exit;
pub mod export_cmd;
pub mod hub;
pub mod import_cmd;
pub mod logfile;
pub mod notify_cmd;
pub mod notify_config;
pub mod op_batch;
pub mod op_cmd;
pub mod op_json;
pub mod op_kinds;
pub mod op_read;
pub mod op_reference;
pub mod pinned_tls;
pub mod receipts;
pub mod redact;
pub mod report_cmd;
mod report_company;
mod report_table;
pub mod scope;
pub mod sync;
pub mod tui;
pub mod verify_cmd;

use std::path::{Path, PathBuf};

use anyhow::Context;
use carddesk_data::{Book, Lang, OpenError, SystemClock, Terminal};
use carddesk_model::text::CliMsg;

/// The commit carddesk was built from (build.rs): `--version`, the hub's status, doctor.
pub const COMMIT: &str = env!("CARDDESK_COMMIT");

/// `carddesk 0.1.0 (abc1234)`, as `carddesk --version` prints it.
pub fn version() -> String {
    format!("carddesk {} ({COMMIT})", env!("CARGO_PKG_VERSION"))
}

/// The terminal identity and rules an operation runs under, from config.
pub fn terminal(config: &config::Config) -> Terminal {
    Terminal {
        id: config.terminal.id.clone(),
        outlet: config.terminal.outlet.clone(),
        member_prefix: config.terminal.member_prefix.clone(),
        rules: config.rules.clone(),
    }
}

/// A secret's file (the signing key, the PIN pepper): as configured, or
/// `<book>.<ext>` beside the book. It may not be the book itself.
pub fn secret_file(
    loaded: &config::Loaded,
    book: &Path,
    configured: &Path,
    ext: &str,
) -> anyhow::Result<PathBuf> {
    let path = if configured.as_os_str().is_empty() {
        let mut p = book.as_os_str().to_owned();
        p.push(".");
        p.push(ext);
        PathBuf::from(p)
    } else {
        loaded.resolve(configured)
    };
    if path == book {
        anyhow::bail!(
            "{}",
            CliMsg::SecretIsBook {
                path: path.display().to_string()
            }
            .get(loaded.config.ui.language)
        );
    }
    Ok(path)
}

/// The database path: `--db` wins over the config file.
pub fn db_path(loaded: &config::Loaded, db_override: Option<&Path>) -> PathBuf {
    match db_override {
        Some(p) => p.to_path_buf(),
        None => loaded.resolve(&loaded.config.database.path),
    }
}

/// Warnings for the files that hold member data or secrets (the book, the config with
/// the hub token) when group or others can read them, each with its chmod.
pub fn loose_files(loaded: &config::Loaded, book: &Path) -> Vec<String> {
    let mut paths = vec![book.to_path_buf()];
    if let config::Source::File(p) = &loaded.source {
        paths.push(p.clone());
    }
    // The secrets beside it: the signing key, the PIN pepper and the hub token.
    let t = &loaded.config.terminal;
    for (configured, ext) in [(&t.key_file, "key"), (&t.pepper_file, "pepper")] {
        if let Ok(p) = secret_file(loaded, book, configured, ext) {
            paths.push(p);
        }
    }
    paths.push(credential::path(loaded));
    let paths: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    carddesk_data::files::loose_mode_warnings(&paths, loaded.config.ui.language)
}

/// Opens the existing book at `path`; no book there (or a file that is not one) is
/// refused with its exit code, and nothing is created.
pub fn open_book(loaded: &config::Loaded, path: &Path) -> anyhow::Result<Book> {
    let lang = loaded.config.ui.language;
    let mut book = Book::open(path, terminal(&loaded.config), Box::new(SystemClock))
        .map_err(|e| refusal(&e, lang))?;
    let t = &loaded.config.terminal;
    book.set_key_file(secret_file(loaded, path, &t.key_file, "key")?);
    carddesk_data::pin::use_pepper_file(&secret_file(loaded, path, &t.pepper_file, "pepper")?)?;
    // With a hub, every spend is put to it before it commits (offline: within the caps).
    if let Some(auth) = authorizer::HubAuthorizer::from_config(loaded) {
        book.set_authorizer(Box::new(auth));
        // A partial book fetches a member it does not hold from the hub on lookup.
        let timeout = std::time::Duration::from_millis(loaded.config.sync.authorize_timeout_ms);
        if let Ok(client) = sync::client(loaded, timeout) {
            book.set_member_source(Box::new(sync::HubFetcher::new(client)));
        }
        let scope = scope::book_scope(loaded.config.sync.scope, &loaded.config.sync.group_outlets);
        if scope != carddesk_data::partial::BookScope::Chain {
            book.set_scope(&scope)?;
        }
    }
    Ok(book)
}

/// Makes a new, empty book at `path` (`carddesk init`, `carddesk demo`, the counter's
/// first run), with any missing folders readable by their owner only. Refused if a
/// file is there.
pub fn create_book(loaded: &config::Loaded, path: &Path) -> anyhow::Result<Book> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        private_dirs(dir).with_context(|| format!("cannot create folder {}", dir.display()))?;
    }
    let lang = loaded.config.ui.language;
    let book = Book::create(path, terminal(&loaded.config), Box::new(SystemClock))
        .map_err(|e| refusal(&e, lang))?;
    drop(book);
    open_book(loaded, path)
}

pub(crate) fn private_dirs(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Whether there is anything at `path` (a book or not): the counter offers to create
/// a book only where there is nothing.
pub fn nothing_at(path: &Path) -> bool {
    matches!(path.symlink_metadata(), Err(e) if e.kind() == std::io::ErrorKind::NotFound)
}

/// The open error as a refusal in the operator's language, with its exit code.
pub fn refusal(e: &OpenError, lang: Lang) -> exit::Refusal {
    let exit = match e {
        OpenError::Missing { .. } => exit::Exit::NoBook,
        OpenError::Exists { .. } => exit::Exit::Refused,
        OpenError::Empty { .. }
        | OpenError::NotADatabase { .. }
        | OpenError::Foreign { .. }
        | OpenError::TooNew { .. } => exit::Exit::NotABook,
        OpenError::Io { .. } | OpenError::Sqlite { .. } | OpenError::Migration { .. } => {
            exit::Exit::Failed
        }
    };
    exit::Refusal {
        exit,
        message: e.message(lang),
    }
}
