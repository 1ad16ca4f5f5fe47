//! A terminal's hub as the config names it: the HTTP client with this terminal's
//! credential ([`client`]), and getting or replacing that credential (`carddesk sync
//! --enroll CODE`, `carddesk sync --rotate`).

use std::time::Duration;

use carddesk_model::text::CliMsg;

use crate::config::Loaded;
use crate::credential::{self, Credential, EnrollmentCode};

use super::error::token_file_error;
use super::{Failover, HubClient, HubTransport, SyncError};

/// The hubs of the config (`[sync] hub_urls`, or the one `hub_url`), each with this
/// terminal's credential: the token file, else a `[sync] token` written by hand. One
/// pin serves them all: the hub processes of a chain serve one certificate.
pub fn client(loaded: &Loaded, timeout: Duration) -> Result<Failover<HubClient>, SyncError> {
    let urls = loaded.config.sync.hubs();
    if urls.is_empty() {
        return Err(SyncError::NotConfigured);
    }
    let hubs = urls
        .iter()
        .map(|url| Ok((url.clone(), hub_client(loaded, url, timeout)?)))
        .collect::<Result<Vec<_>, SyncError>>()?;
    Ok(Failover::new(hubs))
}

/// The one hub at `url` with this terminal's credential (`carddesk doctor` checks each).
pub fn hub_client(loaded: &Loaded, url: &str, timeout: Duration) -> Result<HubClient, SyncError> {
    check_scheme(loaded, url)?;
    let sync = &loaded.config.sync;
    let path = credential::path(loaded);
    let stored = credential::load(&path).map_err(token_file_error)?;
    let (token, pin) = match stored {
        Some(c) => (c.token, c.fingerprint),
        None if !sync.token.trim().is_empty() => (sync.token.clone(), String::new()),
        None => return Err(SyncError::NotConfigured),
    };
    HubClient::new(url, &token, &pin, timeout)
}

/// `https://` always; `http://` only with `[sync] insecure_http = true`.
fn check_scheme(loaded: &Loaded, url: &str) -> Result<(), SyncError> {
    let sync = &loaded.config.sync;
    let url = url.trim();
    if url.starts_with("https://") || (url.starts_with("http://") && sync.insecure_http) {
        return Ok(());
    }
    Err(if url.starts_with("http://") {
        SyncError::Credential(CliMsg::PlainHttp)
    } else {
        SyncError::Credential(CliMsg::NotHttps {
            url: url.to_string(),
        })
    })
}

/// `carddesk sync --enroll CODE`: the code for a token, stored in the token file.
pub fn enroll(loaded: &Loaded, code: &str) -> Result<Credential, SyncError> {
    let urls = loaded.config.sync.hubs();
    if urls.is_empty() {
        return Err(SyncError::NotConfigured);
    }
    let code = EnrollmentCode::parse(code).ok_or(SyncError::Credential(CliMsg::BadEnrollCode))?;
    for url in &urls {
        check_scheme(loaded, url)?;
    }
    let pin = code.fingerprint.clone().unwrap_or_default();
    if urls.iter().any(|u| u.trim().starts_with("https://")) && pin.is_empty() {
        return Err(SyncError::Credential(CliMsg::NoFingerprint));
    }
    let terminal = &loaded.config.terminal.id;
    let hubs = urls
        .iter()
        .map(|url| {
            let c = HubClient::new(url, "", &pin, Duration::from_secs(30))?;
            Ok((url.clone(), c))
        })
        .collect::<Result<Vec<_>, SyncError>>()?;
    let client = Failover::new(hubs);
    let reply = client.enroll(&code.secret, terminal)?;
    let credential = Credential {
        terminal: reply.terminal,
        token: reply.token,
        fingerprint: code.fingerprint.unwrap_or_default(),
    };
    store(loaded, &credential)?;
    Ok(credential)
}

/// `carddesk sync --rotate`: a new token from the hub, replacing the token file's.
pub fn rotate(loaded: &Loaded) -> Result<Credential, SyncError> {
    let path = credential::path(loaded);
    let current = credential::load(&path)
        .map_err(token_file_error)?
        .ok_or(SyncError::NotConfigured)?;
    let client = client(loaded, Duration::from_secs(30))?;
    let reply = client.rotate()?;
    let credential = Credential {
        terminal: reply.terminal,
        token: reply.token,
        fingerprint: current.fingerprint,
    };
    store(loaded, &credential)?;
    Ok(credential)
}

/// `carddesk sync --enroll CODE`, with its message in the operator's language.
pub fn enroll_cmd(loaded: &Loaded, code: &str) -> anyhow::Result<std::process::ExitCode> {
    let lang = loaded.config.ui.language;
    match enroll(loaded, code) {
        Ok(c) => {
            let path = credential::path(loaded);
            println!(
                "{}",
                CliMsg::Enrolled {
                    terminal: c.terminal.to_string(),
                    path: path.display().to_string(),
                }
                .get(lang)
            );
            Ok(std::process::ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{}", e.message(lang));
            Ok(std::process::ExitCode::from(3))
        }
    }
}

/// `carddesk sync --rotate`.
pub fn rotate_cmd(loaded: &Loaded) -> anyhow::Result<std::process::ExitCode> {
    let lang = loaded.config.ui.language;
    match rotate(loaded) {
        Ok(c) => {
            println!(
                "{}",
                CliMsg::TokenReplaced {
                    terminal: c.terminal.to_string()
                }
                .get(lang)
            );
            Ok(std::process::ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{}", e.message(lang));
            Ok(std::process::ExitCode::from(3))
        }
    }
}

fn store(loaded: &Loaded, c: &Credential) -> Result<(), SyncError> {
    credential::save(&credential::path(loaded), c).map_err(token_file_error)
}
