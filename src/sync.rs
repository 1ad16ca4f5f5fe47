//! The counter side of replication: a blocking HTTP client (ureq, with timeouts; no
//! async runtime; HTTPS with the hub's certificate pinned, see [`crate::pinned_tls`]) and `run_once`, which pushes this terminal's entries the hub lacks and
//! pulls every other terminal's entries into the book. A hub that cannot be reached
//! gives an error report, never a panic or a wait without end: the counter goes on.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use carddesk_data::authorize::{AuthorizeReply, AuthorizeRequest};
use carddesk_data::journal::Entry;
use carddesk_data::replication::{
    format_cursor, ErrorReply, Health, PullReply, PushReply, PushRequest, Tip, TipsReply, WireEntry,
};
use carddesk_data::{Book, Lang};
use serde::Serialize;

use crate::config::Loaded;
use crate::credential::{self, Credential, CredentialReply, EnrollRequest, EnrollmentCode};

/// Entries per push request and per pull page.
pub const PUSH_BATCH: usize = 5_000;
pub const PULL_PAGE: usize = 5_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    #[error("sync is not configured: set [sync] hub_url and enroll this terminal (carddesk sync --enroll CODE)")]
    NotConfigured,
    /// The credential or the hub's address is unusable; in both languages, since it is
    /// said to the operator as it is.
    #[error("{message_en}")]
    Credential { message: String, message_en: String },
    #[error("hub {url} unreachable: {detail}")]
    Unreachable { url: String, detail: String },
    #[error("hub refused ({status} {code}): {message_en}")]
    Refused {
        status: u16,
        code: String,
        message: String,
        message_en: String,
        entry_id: Option<String>,
    },
    #[error("hub answered something unexpected: {0}")]
    Protocol(String),
    #[error("the hub holds {hub} entries of this terminal, this book only {book} (restored from an old backup?); not syncing")]
    BookBehindHub { hub: i64, book: i64 },
    #[error("the hub's entry {entry_id} differs from this book's: this terminal's history diverged; not syncing")]
    Diverged { entry_id: String },
    #[error("the book refused the pulled entries: {0}")]
    Book(String),
}

/// A [`SyncError::Credential`] in both languages.
fn credential_error(zh: impl Into<String>, en: impl Into<String>) -> SyncError {
    SyncError::Credential {
        message: zh.into(),
        message_en: en.into(),
    }
}

/// The token file cannot be read or written.
fn token_file_error(e: anyhow::Error) -> SyncError {
    credential_error(
        format!("令牌文件无法读写：{e:#}"),
        format!("the token file cannot be read or written: {e:#}"),
    )
}

impl SyncError {
    pub fn code(&self) -> &str {
        match self {
            SyncError::NotConfigured => "not_configured",
            SyncError::Credential { .. } => "credential",
            SyncError::Unreachable { .. } => "unreachable",
            SyncError::Refused { code, .. } => code,
            SyncError::Protocol(_) => "protocol",
            SyncError::BookBehindHub { .. } => "book_behind_hub",
            SyncError::Diverged { .. } => "diverged",
            SyncError::Book(_) => "book",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::En, _) => self.to_string(),
            (_, SyncError::NotConfigured) => {
                "未配置同步：请在 [sync] 中设置 hub_url，并用 carddesk sync --enroll 登记码 登记本终端".into()
            }
            (_, SyncError::Credential { message, .. }) => message.clone(),
            (_, SyncError::Unreachable { url, detail }) => {
                format!("无法连接中心 {url}（{detail}）；本机照常离线营业")
            }
            (_, SyncError::Refused { message, .. }) => format!("中心拒绝：{message}"),
            (_, SyncError::Protocol(d)) => format!("中心应答无法识别：{d}"),
            (_, SyncError::BookBehindHub { hub, book }) => format!(
                "中心已有本终端 {hub} 条流水，本机账本只有 {book} 条（是否恢复了旧备份？）；已停止同步"
            ),
            (_, SyncError::Diverged { entry_id }) => {
                format!("中心的流水 {entry_id} 与本机不同：本终端历史已分叉；已停止同步")
            }
            (_, SyncError::Book(d)) => format!("本机账本拒收拉取的流水：{d}"),
        }
    }
}

/// A blocking client of one hub, with one terminal's token.
pub struct HubClient {
    agent: ureq::Agent,
    base: String,
    token: String,
}

impl HubClient {
    /// `pin`: the hex SHA-256 of the hub's certificate, the only one an `https://` hub
    /// may show (empty: none is accepted). `timeout` bounds each request end to end
    /// (connect included).
    pub fn new(
        base: &str,
        token: &str,
        pin: &str,
        timeout: Duration,
    ) -> Result<HubClient, SyncError> {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .timeout_connect(Some(timeout.min(Duration::from_secs(5))))
            .http_status_as_error(false)
            .build();
        let tls = crate::pinned_tls::client_config(pin).map_err(|e| {
            credential_error(format!("TLS 设置失败：{e}"), format!("TLS setup: {e}"))
        })?;
        let agent = ureq::Agent::with_parts(
            config,
            crate::pinned_tls::connector(tls),
            ureq::unversioned::resolver::DefaultResolver::default(),
        );
        Ok(HubClient {
            agent,
            base: base.trim_end_matches('/').to_string(),
            token: token.trim().to_string(),
        })
    }

    pub fn health(&self) -> Result<Health, SyncError> {
        self.get("/v1/health")
    }

    /// Exchanges an enrollment code for this terminal's token (no token needed).
    pub fn enroll(&self, code: &str, terminal: &str) -> Result<CredentialReply, SyncError> {
        let req = EnrollRequest {
            code: code.to_string(),
            terminal: terminal.to_string(),
        };
        self.post("/v1/enroll", &req)
    }

    /// A new token for this terminal; the one this client holds stops working.
    pub fn rotate(&self) -> Result<CredentialReply, SyncError> {
        self.post("/v1/rotate", &serde_json::json!({}))
    }

    /// The hub's clock, version and terminals (`carddesk doctor`).
    pub fn status(&self) -> Result<crate::hub_status::HubStatus, SyncError> {
        self.get("/v1/status")
    }

    pub fn tips(&self) -> Result<BTreeMap<String, Tip>, SyncError> {
        Ok(self.get::<TipsReply>("/v1/tips")?.tips)
    }

    pub fn push(&self, terminal: &str, entries: &[Entry]) -> Result<PushReply, SyncError> {
        let req = PushRequest {
            terminal: terminal.to_string(),
            entries: entries.iter().map(WireEntry::from).collect(),
        };
        self.post("/v1/entries", &req)
    }

    /// Puts a spend to the hub (see [`carddesk_data::authorize`]).
    pub fn authorize(&self, req: &AuthorizeRequest) -> Result<AuthorizeReply, SyncError> {
        self.post("/v1/authorize", req)
    }

    fn post<T: Serialize, R: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        req: &T,
    ) -> Result<R, SyncError> {
        let body = serde_json::to_vec(req).map_err(|e| SyncError::Protocol(e.to_string()))?;
        let url = format!("{}{path}", self.base);
        let resp = self
            .agent
            .post(&url)
            .header("Authorization", &format!("Bearer {}", self.token))
            .header("Content-Type", "application/json")
            .send(&body[..])
            .map_err(|e| self.unreachable(e))?;
        self.read(resp)
    }

    pub fn pull(
        &self,
        after: &BTreeMap<String, i64>,
        exclude: Option<&str>,
        limit: usize,
    ) -> Result<PullReply, SyncError> {
        let mut path = format!("/v1/entries?limit={limit}&after={}", format_cursor(after));
        if let Some(t) = exclude {
            path.push_str(&format!("&exclude={t}"));
        }
        self.get(&path)
    }

    fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<T, SyncError> {
        let url = format!("{}{path}", self.base);
        let resp = self
            .agent
            .get(&url)
            .header("Authorization", &format!("Bearer {}", self.token))
            .call()
            .map_err(|e| self.unreachable(e))?;
        self.read(resp)
    }

    fn unreachable(&self, e: ureq::Error) -> SyncError {
        SyncError::Unreachable {
            url: self.base.clone(),
            detail: e.to_string(),
        }
    }

    fn read<T: serde::de::DeserializeOwned>(
        &self,
        mut resp: ureq::http::Response<ureq::Body>,
    ) -> Result<T, SyncError> {
        let status = resp.status().as_u16();
        let bytes = resp
            .body_mut()
            .with_config()
            .limit(512 << 20)
            .read_to_vec()
            .map_err(|e| self.unreachable(e))?;
        if (200..300).contains(&status) {
            return serde_json::from_slice(&bytes).map_err(|e| SyncError::Protocol(e.to_string()));
        }
        match serde_json::from_slice::<ErrorReply>(&bytes) {
            Ok(r) => Err(SyncError::Refused {
                status,
                code: r.error.code,
                message: r.error.message,
                message_en: r.error.message_en,
                entry_id: r.error.entry_id,
            }),
            Err(_) => Err(SyncError::Protocol(format!(
                "HTTP {status}: {}",
                String::from_utf8_lossy(&bytes[..bytes.len().min(200)])
            ))),
        }
    }
}

/// What one sync did. `error` is set when it stopped early; what was done before that
/// (entries pushed) stays done.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SyncReport {
    pub ok: bool,
    pub pushed: u64,
    /// Entries the hub already had (a re-send after a lost answer).
    pub already_on_hub: u64,
    pub pulled: u64,
    pub applied: u64,
    pub skipped: u64,
    pub elapsed_ms: u64,
    pub error: Option<ReportError>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportError {
    pub code: String,
    pub message: String,
    pub message_en: String,
}

/// The hub client of the config with this terminal's credential: the token file, else
/// a `[sync] token` written by hand.
pub fn client(loaded: &Loaded, timeout: Duration) -> Result<HubClient, SyncError> {
    let sync = &loaded.config.sync;
    if sync.hub_url.trim().is_empty() {
        return Err(SyncError::NotConfigured);
    }
    check_scheme(loaded)?;
    let path = credential::path(loaded);
    let stored = credential::load(&path).map_err(token_file_error)?;
    let (token, pin) = match stored {
        Some(c) => (c.token, c.fingerprint),
        None if !sync.token.trim().is_empty() => (sync.token.clone(), String::new()),
        None => return Err(SyncError::NotConfigured),
    };
    HubClient::new(&sync.hub_url, &token, &pin, timeout)
}

/// `https://` always; `http://` only with `[sync] insecure_http = true`.
fn check_scheme(loaded: &Loaded) -> Result<(), SyncError> {
    let sync = &loaded.config.sync;
    let url = sync.hub_url.trim();
    if url.starts_with("https://") || (url.starts_with("http://") && sync.insecure_http) {
        return Ok(());
    }
    Err(if url.starts_with("http://") {
        credential_error(
            "中心地址是明文 http：令牌会在网络上明文传输；请用 https，或仅在封闭的局域网内设置 [sync] insecure_http = true",
            "[sync] hub_url is plain http: the token would cross the network in clear; use https, or set [sync] insecure_http = true on a closed LAN",
        )
    } else {
        credential_error(
            format!("中心地址 {url:?} 不是 https:// 地址"),
            format!("[sync] hub_url {url:?} is not an https:// address"),
        )
    })
}

/// `carddesk sync --enroll CODE`: the code for a token, stored in the token file.
pub fn enroll(loaded: &Loaded, code: &str) -> Result<Credential, SyncError> {
    let sync = &loaded.config.sync;
    if sync.hub_url.trim().is_empty() {
        return Err(SyncError::NotConfigured);
    }
    let code = EnrollmentCode::parse(code).ok_or_else(|| {
        credential_error(
            "登记码格式不对：应为中心上 carddesk hub enroll 打印的那一串",
            "the enrollment code is not one carddesk hub enroll prints",
        )
    })?;
    check_scheme(loaded)?;
    let pin = code.fingerprint.clone().unwrap_or_default();
    if sync.hub_url.trim().starts_with("https://") && pin.is_empty() {
        return Err(credential_error(
            "这个登记码不含证书指纹，而中心是 https：请用该中心上 carddesk hub enroll 打印的登记码",
            "this enrollment code has no certificate fingerprint, but the hub is https: take the code from carddesk hub enroll on that hub",
        ));
    }
    let terminal = &loaded.config.terminal.id;
    let client = HubClient::new(&sync.hub_url, "", &pin, Duration::from_secs(30))?;
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
                lang.pick(
                    &format!("终端 {} 已登记；凭据已存入 {}", c.terminal, path.display()),
                    &format!(
                        "terminal {} enrolled; credential stored in {}",
                        c.terminal,
                        path.display()
                    ),
                )
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
                lang.pick(
                    &format!("终端 {} 的令牌已更换", c.terminal),
                    &format!("terminal {}'s token replaced", c.terminal),
                )
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

/// One sync with the hub of the config: safe to call from any thread, at any time.
pub fn run_once(loaded: &Loaded, book: &mut Book) -> SyncReport {
    let started = Instant::now();
    let lang = loaded.config.ui.language;
    let mut report = SyncReport::default();
    let result = client(loaded, Duration::from_secs(30))
        .and_then(|client| sync_with(&client, book, &mut report));
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    match result {
        Ok(()) => report.ok = true,
        Err(e) => {
            tracing::warn!("sync: {e}");
            report.error = Some(ReportError {
                code: e.code().to_string(),
                message: e.message(lang),
                message_en: e.message(Lang::En),
            });
        }
    }
    report
}

/// Push, then pull, through `client`.
pub fn sync_with(
    client: &HubClient,
    book: &mut Book,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let me = book.terminal().id.clone();
    let tips = client.tips()?;
    let hub_tip = tips.get(&me).map_or(0, |t| t.seq);
    let positions = book
        .positions()
        .map_err(|e| SyncError::Book(e.to_string()))?;
    let mine = positions.get(&me).map_or(0, |p| p.0);
    if hub_tip > mine {
        return Err(SyncError::BookBehindHub {
            hub: hub_tip,
            book: mine,
        });
    }
    if let (Some(tip), true) = (tips.get(&me), hub_tip > 0) {
        let local = book
            .entry(&carddesk_data::journal::entry_id(&me, hub_tip))
            .map_err(|e| SyncError::Book(e.to_string()))?;
        if local.map(|e| hex::encode(e.hash)).as_deref() != Some(tip.hash.as_str()) {
            return Err(SyncError::Diverged {
                entry_id: carddesk_data::journal::entry_id(&me, hub_tip),
            });
        }
    }
    let mut cursor = hub_tip;
    loop {
        let batch = book
            .own_entries_after(cursor, PUSH_BATCH)
            .map_err(|e| SyncError::Book(e.to_string()))?;
        let Some(last) = batch.last() else { break };
        cursor = last.seq;
        let reply = client.push(&me, &batch)?;
        report.pushed += reply.accepted;
        report.already_on_hub += reply.duplicates;
    }
    let mut after: BTreeMap<String, i64> = positions
        .into_iter()
        .filter(|(t, _)| *t != me)
        .map(|(t, (seq, _))| (t, seq))
        .collect();
    let pulled = pull_all(client, &mut after, Some(&me))?;
    report.pulled = pulled.len() as u64;
    let ingested = book
        .ingest_remote(pulled)
        .map_err(|e| SyncError::Book(e.to_string()))?;
    report.applied = ingested.applied;
    report.skipped = ingested.skipped;
    Ok(())
}

/// Every entry after `after`, page by page; `after` moves to what was received.
pub fn pull_all(
    client: &HubClient,
    after: &mut BTreeMap<String, i64>,
    exclude: Option<&str>,
) -> Result<Vec<Entry>, SyncError> {
    let mut out = Vec::new();
    loop {
        let page = client.pull(after, exclude, PULL_PAGE)?;
        let n = page.entries.len();
        for w in page.entries {
            let e = Entry::try_from(w).map_err(|e| SyncError::Protocol(e.to_string()))?;
            let pos = after.entry(e.terminal.clone()).or_insert(0);
            if e.seq != *pos + 1 {
                return Err(SyncError::Protocol(format!(
                    "entry {} does not follow position {}",
                    e.id(),
                    pos
                )));
            }
            *pos = e.seq;
            out.push(e);
        }
        if !page.more || n == 0 {
            return Ok(out);
        }
    }
}

/// `carddesk sync`'s output: one line for people, or the report as JSON.
pub fn print(
    r: &SyncReport,
    lang: Lang,
    json: bool,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    if json {
        return writeln!(out, "{}", serde_json::to_string(r).unwrap_or_default());
    }
    writeln!(
        out,
        "{} {} / {} {} / {} {} / {} {} ({} ms)",
        lang.pick("推送", "pushed"),
        r.pushed,
        lang.pick("拉取", "pulled"),
        r.pulled,
        lang.pick("入账", "applied"),
        r.applied,
        lang.pick("跳过", "skipped"),
        r.skipped,
        r.elapsed_ms
    )?;
    if let Some(e) = &r.error {
        writeln!(
            out,
            "{}: {} [{}]",
            lang.pick("同步失败", "sync failed"),
            e.message,
            e.code
        )?;
    }
    Ok(())
}
