//! The hub checks, in the order a support call goes: can this PC reach the hub at all
//! (`hub`), is it the hub whose certificate was pinned at enrollment (`hub_tls`), does it
//! take this terminal's token (`hub_token`), do the two clocks agree (`clock`), and does
//! the hub have this book's entries (`last_sync`).

use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use carddesk_data::{Book, Lang};
use carddesk_model::text::CliTx;
use chrono::{DateTime, Utc};

use super::{Check, Status};
use crate::config::Loaded;
use crate::sync::HubTransport;
use crate::sync::SyncError;

/// Clock skew beyond this is a fault: business days, expiry dates and the offline window
/// are read from the PC's clock. Beyond `SKEW_WARN`, a warning.
const SKEW_FAIL_SECS: f64 = 60.0;
const SKEW_WARN_SECS: f64 = 5.0;
const TIMEOUT: Duration = Duration::from_secs(5);

/// Every hub of the config (`[sync] hub_urls`, or the one `hub_url`), each checked.
pub fn checks(loaded: &Loaded, book: Option<&Book>) -> Vec<Check> {
    let hubs = loaded.config.sync.hubs();
    if hubs.is_empty() {
        return checks_for(loaded, book, "");
    }
    hubs.iter()
        .flat_map(|url| checks_for(loaded, book, url))
        .collect()
}

fn checks_for(loaded: &Loaded, book: Option<&Book>, url: &str) -> Vec<Check> {
    let lang = loaded.config.ui.language;
    let url = url.trim();
    if url.is_empty() {
        return vec![Check::new(
            "hub",
            Status::Off,
            CliTx::DoctorStandalone.get(lang),
        )];
    }
    let mut out = Vec::new();
    if let Err(e) = connect(url) {
        out.push(
            Check::new("hub", Status::Fail, format!("{url}: {e}"))
                .hint(CliTx::DoctorIsHubRunning.get(lang)),
        );
        return out;
    }
    out.push(Check::new(
        "hub",
        Status::Ok,
        format!("{url} {}", CliTx::Reachable.get(lang)),
    ));
    let client = match crate::sync::hub_client(loaded, url, TIMEOUT) {
        Ok(c) => c,
        Err(e) => {
            out.push(not_enrolled(&e, lang));
            return out;
        }
    };
    let plain = url.starts_with("http://");
    match client.health() {
        Ok(_) if plain => out.push(Check::new(
            "hub_tls",
            Status::Warn,
            CliTx::DoctorPlainHttp.get(lang),
        )),
        Ok(_) => out.push(Check::new(
            "hub_tls",
            Status::Ok,
            CliTx::DoctorCertificatePinned.get(lang),
        )),
        Err(e) => {
            out.push(
                Check::new("hub_tls", Status::Fail, e.message(lang))
                    .hint(CliTx::DoctorCertificateChanged.get(lang)),
            );
            return out;
        }
    }
    let tips = match client.tips() {
        Ok(t) => t,
        Err(e) => {
            out.push(
                Check::new("hub_token", Status::Fail, e.message(lang))
                    .hint(CliTx::DoctorRotateToken.get(lang)),
            );
            return out;
        }
    };
    out.push(Check::new(
        "hub_token",
        Status::Ok,
        CliTx::TokenAccepted.get(lang),
    ));
    let before = Utc::now();
    let status = client.status();
    let after = Utc::now();
    let status = match status {
        Ok(s) => s,
        Err(e) => {
            out.push(Check::new("clock", Status::Warn, e.message(lang)));
            return out;
        }
    };
    out.push(clock(&status.now, before, after, lang));
    let me = &loaded.config.terminal.id;
    let on_hub = tips.get(me).map_or(0, |t| t.seq);
    let mine = book
        .and_then(|b| b.positions().ok())
        .and_then(|p| p.get(me).map(|(seq, _)| *seq));
    let last_pull = status
        .terminals
        .iter()
        .find(|t| &t.terminal == me)
        .and_then(|t| t.last_pull.clone());
    let when = last_pull.map_or_else(
        || CliTx::DoctorNoSyncSinceStart.get(lang).to_string(),
        |t| format!("{} {t}", CliTx::LastSync.get(lang)),
    );
    out.push(match mine {
        Some(n) if n > on_hub => Check::new(
            "last_sync",
            Status::Warn,
            format!(
                "{when}; {} {}",
                n - on_hub,
                CliTx::DoctorEntriesNotPushed.get(lang)
            ),
        )
        .hint(CliTx::DoctorRunSync.get(lang)),
        _ => Check::new(
            "last_sync",
            Status::Ok,
            format!("{when}; {}", CliTx::DoctorEveryEntryPushed.get(lang)),
        ),
    });
    out
}

/// The token file is missing or unusable: nothing past the TCP connection can be asked.
fn not_enrolled(e: &SyncError, lang: Lang) -> Check {
    let detail = match e {
        SyncError::NotConfigured => CliTx::DoctorNotEnrolled.get(lang).to_string(),
        other => other.message(lang),
    };
    Check::new("hub_token", Status::Fail, detail).hint(CliTx::DoctorEnroll.get(lang))
}

/// The skew of this PC's clock against the hub's, taking the hub's answer to be made
/// halfway through the round trip.
fn clock(hub_now: &str, before: DateTime<Utc>, after: DateTime<Utc>, lang: Lang) -> Check {
    let Ok(hub) = DateTime::parse_from_rfc3339(hub_now) else {
        return Check::new("clock", Status::Warn, format!("? {hub_now:?}"));
    };
    let mid = before + (after - before) / 2;
    let skew = (mid - hub.with_timezone(&Utc)).num_milliseconds() as f64 / 1000.0;
    let detail = format!("{} {skew:+.1} s", CliTx::DoctorClockAgainstHub.get(lang));
    if skew.abs() > SKEW_FAIL_SECS {
        Check::new("clock", Status::Fail, detail).hint(CliTx::DoctorSetClock.get(lang))
    } else if skew.abs() > SKEW_WARN_SECS {
        Check::new("clock", Status::Warn, detail)
    } else {
        Check::new("clock", Status::Ok, detail)
    }
}

/// A TCP connection to the hub's host and port, within [`TIMEOUT`].
fn connect(url: &str) -> Result<(), String> {
    let (default_port, rest) = if let Some(r) = url.strip_prefix("https://") {
        (443, r)
    } else if let Some(r) = url.strip_prefix("http://") {
        (80, r)
    } else {
        return Err("not an http(s):// address".into());
    };
    let authority = rest.split('/').next().unwrap_or_default();
    let has_port = authority
        .rsplit_once(':')
        .is_some_and(|(_, p)| p.parse::<u16>().is_ok() && !authority.ends_with(']'));
    let target = if has_port {
        authority.to_string()
    } else {
        format!("{authority}:{default_port}")
    };
    let addrs = target
        .to_socket_addrs()
        .map_err(|e| format!("{target}: {e}"))?;
    let mut last = format!("{target}: no address");
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, TIMEOUT) {
            Ok(_) => return Ok(()),
            Err(e) => last = format!("{addr}: {e}"),
        }
    }
    Err(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skew_is_measured_against_the_middle_of_the_round_trip() {
        let before = DateTime::parse_from_rfc3339("2026-11-30T10:00:00Z")
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default();
        let after = before + chrono::Duration::seconds(2);
        let c = clock("2026-11-30T10:00:01Z", before, after, Lang::En);
        assert_eq!(c.status, Status::Ok, "{}", c.detail);
        let c = clock("2026-11-30T09:00:01Z", before, after, Lang::En);
        assert_eq!(c.status, Status::Fail, "{}", c.detail);
        assert!(c.detail.contains("+3600.0 s"), "{}", c.detail);
        let c = clock("2026-11-30T10:00:11Z", before, after, Lang::En);
        assert_eq!(c.status, Status::Warn, "{}", c.detail);
    }

    #[test]
    fn a_closed_port_is_unreachable() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0");
        let Ok(listener) = listener else { return };
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(1);
        drop(listener);
        assert!(connect(&format!("http://127.0.0.1:{port}/")).is_err());
        assert!(connect("ftp://x").is_err());
    }
}
