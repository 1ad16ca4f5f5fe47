//! `carddesk notify`: delivers the book's pending notices (see
//! [`carddesk_data::notices`]) to the `[notices]` webhook, one JSON POST each, for a
//! timer (`carddesk-notify.timer`) or cron. The counter never waits on it: the counter
//! only writes the outbox row with its entry. Each attempt is recorded (time, HTTP
//! status, error); a failure is retried with doubling backoff, in this run and later
//! runs, until `max_attempts`. Logs name notice ids and member numbers only: never the
//! webhook address (it may carry a secret), a phone number or a text.

use carddesk_model::text::CliTx;
use std::io::Write;
use std::time::Duration;

use carddesk_data::notices::{Attempt, Due};
use carddesk_data::Book;
use serde::Serialize;

use crate::notify_config::{lang_key, NoticesConfig};

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NotifyReport {
    pub queued_expiry_warnings: usize,
    pub delivered: usize,
    pub skipped_no_consent: usize,
    pub retry_later: usize,
    pub given_up: usize,
    pub attempts: usize,
}

/// The JSON body the webhook gets.
#[derive(Debug, Serialize)]
pub struct Payload<'a> {
    /// Unique per notice and book: a receiver may drop repeats by it.
    pub id: String,
    pub kind: &'a str,
    pub member_no: &'a str,
    pub name: &'a str,
    pub phone: Option<&'a str>,
    pub language: &'a str,
    pub text: String,
    /// The entry that caused it (or `points_expiring:<member>:<date>`).
    pub cause: &'a str,
    pub created_ms: i64,
}

/// Delivers every due notice (at most `limit` in this run).
pub fn run(
    cfg: &NoticesConfig,
    terminal: &str,
    book: &mut Book,
    limit: usize,
    lang: carddesk_data::Lang,
    out: &mut dyn Write,
) -> anyhow::Result<NotifyReport> {
    let mut report = NotifyReport::default();
    if !cfg.enabled {
        writeln!(out, "{}", CliTx::NoticesOff.get(lang))?;
        return Ok(report);
    }
    let agent = agent(cfg)?;
    let due = book.notices_due(book.now().timestamp_millis(), limit)?;
    for notice in due {
        deliver_one(cfg, terminal, book, &agent, &notice, &mut report)?;
    }
    tracing::info!(
        delivered = report.delivered,
        skipped = report.skipped_no_consent,
        retry_later = report.retry_later,
        given_up = report.given_up,
        "notify: run done"
    );
    writeln!(out, "{}", serde_json::to_string(&report)?)?;
    Ok(report)
}

fn agent(cfg: &NoticesConfig) -> anyhow::Result<ureq::Agent> {
    let timeout = Duration::from_millis(cfg.timeout_ms);
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .timeout_connect(Some(timeout.min(Duration::from_secs(5))))
        .http_status_as_error(false)
        .max_redirects(0)
        .build();
    let tls = crate::pinned_tls::client_config(&cfg.webhook_cert_sha256)
        .map_err(|e| anyhow::anyhow!("notices: TLS setup: {e}"))?;
    Ok(ureq::Agent::with_parts(
        config,
        crate::pinned_tls::connector(tls),
        ureq::unversioned::resolver::DefaultResolver::default(),
    ))
}

fn deliver_one(
    cfg: &NoticesConfig,
    terminal: &str,
    book: &mut Book,
    agent: &ureq::Agent,
    notice: &Due,
    report: &mut NotifyReport,
) -> anyhow::Result<()> {
    let consent = book
        .notice_consent(&notice.member_no)?
        .unwrap_or(cfg.consent_default);
    let member = book.member(&notice.member_no)?;
    let Some(member) = member.filter(|_| consent) else {
        let t = book_now_ms(book);
        book.record_notice_attempt(notice.id, t, &Attempt::NoConsent)?;
        tracing::info!(notice = notice.id, member = %notice.member_no, "notify: no consent, skipped");
        report.skipped_no_consent += 1;
        return Ok(());
    };
    let account = book.account(&notice.member_no)?;
    let text = cfg
        .template(notice.kind)
        .unwrap_or_default()
        .replace("{name}", &member.name)
        .replace("{member_no}", &member.member_no)
        .replace("{points}", &account.points.to_string())
        .replace("{stored_value}", &account.stored_value().to_string());
    let payload = Payload {
        id: format!("{terminal}-{}", notice.id),
        kind: notice.kind.word(),
        member_no: &member.member_no,
        name: &member.name,
        phone: member.phone.as_deref(),
        language: lang_key(cfg.language),
        text,
        cause: &notice.cause,
        created_ms: notice.created_ms,
    };
    let body = serde_json::to_vec(&payload)?;
    let mut attempts = notice.attempts;
    for i in 0..cfg.attempts_per_run {
        if i > 0 {
            std::thread::sleep(Duration::from_millis(backoff_ms(cfg, i - 1)));
        }
        let (status, error) = post(cfg, agent, &body);
        attempts += 1;
        report.attempts += 1;
        let t = book_now_ms(book);
        if error.is_none() {
            let http_status = status.unwrap_or(200);
            book.record_notice_attempt(notice.id, t, &Attempt::Delivered { http_status })?;
            tracing::info!(notice = notice.id, member = %notice.member_no, "notify: delivered");
            report.delivered += 1;
            return Ok(());
        }
        let error = error.unwrap_or_default();
        let last_here = i + 1 == cfg.attempts_per_run;
        let give_up = attempts >= cfg.max_attempts;
        let retry_at_ms = (!give_up).then(|| {
            if last_here {
                t + i64::try_from(backoff_ms(cfg, attempts)).unwrap_or(i64::MAX / 2)
            } else {
                t
            }
        });
        tracing::warn!(notice = notice.id, member = %notice.member_no, status = ?status, "notify: attempt failed: {error}");
        book.record_notice_attempt(
            notice.id,
            t,
            &Attempt::Failed {
                http_status: status,
                error,
                retry_at_ms,
            },
        )?;
        if give_up {
            report.given_up += 1;
            return Ok(());
        }
    }
    report.retry_later += 1;
    Ok(())
}

fn book_now_ms(book: &Book) -> i64 {
    book.now().timestamp_millis()
}

/// `backoff_ms` doubled `n` times, at most an hour.
fn backoff_ms(cfg: &NoticesConfig, n: u32) -> u64 {
    cfg.backoff_ms
        .saturating_mul(1u64 << n.min(20))
        .min(3_600_000)
}

/// One POST: (HTTP status if one came back, error in words if not delivered). The error
/// never holds the webhook address.
fn post(cfg: &NoticesConfig, agent: &ureq::Agent, body: &[u8]) -> (Option<u16>, Option<String>) {
    let url = cfg.webhook_url.trim();
    match agent
        .post(url)
        .header("Content-Type", "application/json; charset=utf-8")
        .send(body)
    {
        Ok(resp) => {
            let status = resp.status().as_u16();
            if (200..300).contains(&status) {
                (Some(status), None)
            } else {
                (Some(status), Some(format!("HTTP {status}")))
            }
        }
        Err(e) => (None, Some(hide(&e.to_string(), url))),
    }
}

/// `message` without the webhook address (or its host part).
pub fn hide(message: &str, url: &str) -> String {
    let mut m = message.replace(url, "(webhook)");
    if let Some(rest) = url.split("://").nth(1) {
        let host = rest.split('/').next().unwrap_or_default();
        if let Some(userinfo) = host.split('@').next().filter(|_| host.contains('@')) {
            m = m.replace(userinfo, "(hidden)");
        }
        let path = &rest[host.len()..];
        if path.len() > 1 {
            m = m.replace(path, "/(hidden)");
        }
    }
    m
}
