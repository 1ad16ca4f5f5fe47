//! The hub's HTTP service (axum on tokio): the only async code in carddesk. Protocol 1:
//!
//! - `GET  /v1/health` — no token; the service, protocol and capabilities.
//! - `GET  /v1/tips` — every enrolled terminal's last seq and hash.
//! - `POST /v1/entries` — a batch of the token's terminal's entries ([`PushRequest`]).
//! - `GET  /v1/entries?after=T01:5,T02:9&exclude=T03&limit=N` — entries after the
//!   per-terminal positions, by terminal then seq (the hub's own entries, terminal
//!   `HUB`, among them).
//! - `POST /v1/authorize` — a spend put to the hub before the terminal commits it
//!   ([`AuthorizeRequest`] → [`AuthorizeReply`]).
//!
//! - `POST /v1/enroll` — no token; a single-use enrollment code for the terminal's
//!   token ([`EnrollRequest`] → [`CredentialReply`]).
//! - `POST /v1/rotate` — the terminal's new token; the old one stops working.
//!
//! Every call but health and enroll needs `Authorization: Bearer TOKEN`, checked before
//! any body is read. Errors are JSON
//! ([`ErrorReply`]): 400 malformed, 401 unknown token, 403 another terminal's entries,
//! 409 an id re-sent with other content (also raised as an alarm), 422 a gap or a
//! broken chain, 500 storage.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use carddesk_data::authorize::{AuthorizeReply, AuthorizeRequest};
use carddesk_data::hub::{HubError, HubStore};
use carddesk_data::journal::Entry;
use carddesk_data::replication::{
    self, ErrorReply, Health, PullReply, PushReply, PushRequest, ReplicationError, Tip, TipsReply,
    WireEntry, WireError, PROTOCOL,
};
use carddesk_data::Lang;
use serde::Deserialize;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use super::listener::{self, Limits};
use crate::config::HubConfig;
use crate::credential::{CredentialReply, EnrollRequest};

struct Hub {
    store: HubStore,
    activity: super::status::Activity,
}

type Shared = State<Arc<Hub>>;

/// Who made an authenticated request: set by [`require_token`] before any handler runs.
#[derive(Clone)]
struct Caller {
    terminal: String,
}

/// What one request may cost: its body size and its time.
#[derive(Debug, Clone, Copy)]
pub struct RequestLimits {
    pub max_body: usize,
    pub timeout: Duration,
}

impl RequestLimits {
    pub fn from_config(c: &HubConfig) -> RequestLimits {
        RequestLimits {
            max_body: c.max_body_mib << 20,
            timeout: Duration::from_millis(c.request_timeout_ms),
        }
    }
}

/// Bodies of calls that carry no entries (none today) stay this small.
const SMALL_BODY: usize = 64 << 10;

pub fn router(store: HubStore, limits: RequestLimits) -> Router {
    let hub = Arc::new(Hub {
        store,
        activity: super::status::Activity::new(),
    });
    // Layers run outside in: the token is checked (route_layer) before the body limit
    // and long before a handler reads the body, so a stranger's body is never read.
    let carrying = Router::new()
        .route("/v1/entries", get(pull).post(push))
        .route("/v1/authorize", post(authorize))
        .layer(DefaultBodyLimit::max(limits.max_body))
        .layer(RequestBodyLimitLayer::new(limits.max_body));
    let small = Router::new()
        .route("/v1/tips", get(tips))
        .route("/v1/status", get(status))
        .route("/v1/rotate", post(rotate))
        .layer(DefaultBodyLimit::max(SMALL_BODY))
        .layer(RequestBodyLimitLayer::new(SMALL_BODY));
    let authenticated = carrying
        .merge(small)
        .route_layer(middleware::from_fn(log_refusals))
        .route_layer(middleware::from_fn_with_state(
            Arc::clone(&hub),
            require_token,
        ));
    let open = Router::new()
        .route("/v1/health", get(health))
        .route("/v1/enroll", post(enroll))
        .layer(DefaultBodyLimit::max(SMALL_BODY))
        .layer(RequestBodyLimitLayer::new(SMALL_BODY));
    open.merge(authenticated)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.timeout,
        ))
        .layer(middleware::from_fn(super::access_log::log_request))
        .with_state(hub)
}

/// Runs the hub until Ctrl-C / SIGTERM. Prints the address it listens on first.
/// TLS with `identity`; plain HTTP without (`[hub] insecure_http`).
pub fn serve(
    listen: &str,
    store: &str,
    config: &HubConfig,
    identity: Option<&super::tls::Identity>,
    lang: Lang,
) -> anyhow::Result<()> {
    let acceptor = identity.map(|i| i.acceptor()).transpose()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let store = HubStore::open(store)
            .await
            .map_err(|e| anyhow::anyhow!("{}", lang.pick(&e.message_zh(), &e.to_string())))?;
        let kind = store.kind();
        let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| {
            anyhow::anyhow!(
                "{}",
                lang.pick(
                    &format!("无法监听 {listen}：{e}"),
                    &format!("cannot listen on {listen}: {e}")
                )
            )
        })?;
        let addr = listener.local_addr()?;
        let limits = Limits::fitted(
            config.max_connections,
            Duration::from_millis(config.header_timeout_ms),
        );
        match identity {
            Some(i) => println!(
                "carddesk hub: listening on https://{addr} (store: {kind}; certificate sha256 {})",
                i.fingerprint()
            ),
            None => {
                println!("carddesk hub: listening on http://{addr} (store: {kind}; insecure_http: tokens cross the network in clear)")
            }
        }
        use std::io::Write;
        std::io::stdout().flush()?;
        tracing::info!(%addr, store = kind, max_connections = limits.max_connections, "hub: listening");
        let app = router(store, RequestLimits::from_config(config));
        listener::serve(listener, app, limits, acceptor, shutdown_signal()).await;
        Ok(())
    })
}
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// A hub on a thread of its own (the benchmark and tests): its address, and a sender
/// that stops it.
pub struct Running {
    pub addr: SocketAddr,
    pub tokens: Vec<String>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Starts a hub on 127.0.0.1 (any port) on `store`, enrolling `terminals` first.
pub fn spawn(store: &str, terminals: &[String]) -> anyhow::Result<Running> {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let store = store.to_string();
    let terminals = terminals.to_vec();
    let thread = std::thread::spawn(move || {
        let run = || -> anyhow::Result<()> {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            rt.block_on(async {
                let started = async {
                    let hub = HubStore::open(&store).await?;
                    let mut tokens = Vec::new();
                    for t in &terminals {
                        tokens.push(hub.enroll(t).await?);
                    }
                    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
                    anyhow::Ok((hub, tokens, listener))
                };
                let (hub, tokens, listener) = match started.await {
                    Ok(v) => v,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return Ok(());
                    }
                };
                let _ = ready_tx.send(Ok((listener.local_addr()?, tokens)));
                let config = HubConfig::default();
                let limits = Limits::fitted(
                    config.max_connections,
                    Duration::from_millis(config.header_timeout_ms),
                );
                let app = router(hub, RequestLimits::from_config(&config));
                listener::serve(listener, app, limits, None, async {
                    let _ = stop_rx.await;
                })
                .await;
                Ok(())
            })
        };
        if let Err(e) = run() {
            tracing::error!("hub thread: {e:#}");
        }
    });
    let (addr, tokens) = ready_rx
        .recv()
        .map_err(|_| anyhow::anyhow!("the hub thread stopped before it listened"))??;
    Ok(Running {
        addr,
        tokens,
        stop: Some(stop_tx),
        thread: Some(thread),
    })
}

struct ApiError {
    status: StatusCode,
    error: WireError,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(ErrorReply { error: self.error })).into_response()
    }
}

fn api(
    status: StatusCode,
    code: &str,
    zh: String,
    en: String,
    entry_id: Option<String>,
) -> ApiError {
    ApiError {
        status,
        error: WireError {
            code: code.to_string(),
            message: zh,
            message_en: en,
            entry_id,
        },
    }
}

impl From<HubError> for ApiError {
    fn from(e: HubError) -> Self {
        let (status, code, entry_id) = match &e {
            HubError::Forbidden { .. } => (StatusCode::FORBIDDEN, "forbidden", None),
            HubError::NotEnrolled(_) => (StatusCode::FORBIDDEN, "not_enrolled", None),
            HubError::Refused(r) => (
                match r {
                    ReplicationError::ContentDiffers { .. }
                    | ReplicationError::OpIdReused { .. } => StatusCode::CONFLICT,
                    ReplicationError::Malformed { .. } => StatusCode::BAD_REQUEST,
                    ReplicationError::Storage(_) => StatusCode::INTERNAL_SERVER_ERROR,
                    _ => StatusCode::UNPROCESSABLE_ENTITY,
                },
                r.code(),
                r.entry_id(),
            ),
            HubError::Storage(_) | HubError::BadSpec(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "storage", None)
            }
        };
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!("hub: {e}");
        }
        if matches!(&e, HubError::Refused(r) if r.is_tampering()) {
            tracing::warn!("hub: refused for tampering (alarm raised): {e}");
        }
        api(status, code, e.message_zh(), e.to_string(), entry_id)
    }
}

fn bad_request(zh: &str, en: &str) -> ApiError {
    api(
        StatusCode::BAD_REQUEST,
        "bad_request",
        zh.to_string(),
        en.to_string(),
        None,
    )
}

fn remote(req: &Request) -> String {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "-".to_string(), |c| c.0.to_string())
}

/// Checks the bearer token before anything reads the body; refusals are logged with
/// the remote address (never the token).
async fn require_token(State(hub): Shared, mut req: Request, next: Next) -> Response {
    let token = bearer(req.headers());
    if token.is_empty() {
        tracing::warn!(remote = %remote(&req), path = %req.uri().path(), "hub: refused: no token");
        return unauthorized().into_response();
    }
    match hub.store.authenticate(token).await {
        Ok(Some(terminal)) => {
            req.extensions_mut().insert(Caller {
                terminal: terminal.clone(),
            });
            let mut resp = next.run(req).await;
            resp.extensions_mut()
                .insert(super::access_log::Terminal(terminal));
            resp
        }
        Ok(None) => {
            tracing::warn!(remote = %remote(&req), path = %req.uri().path(), "hub: refused: unknown token");
            unauthorized().into_response()
        }
        Err(e) => ApiError::from(e).into_response(),
    }
}

/// Every refusal of an authenticated call, with its terminal and remote address.
async fn log_refusals(req: Request, next: Next) -> Response {
    let remote = remote(&req);
    let terminal = req
        .extensions()
        .get::<Caller>()
        .map_or_else(String::new, |c| c.terminal.clone());
    let path = req.uri().path().to_string();
    let resp = next.run(req).await;
    let status = resp.status();
    if status.is_client_error() || status.is_server_error() {
        tracing::warn!(%terminal, %remote, %path, status = status.as_u16(), "hub: refused");
    }
    resp
}

fn bearer(headers: &HeaderMap) -> &str {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or_default()
}

fn unauthorized() -> ApiError {
    api(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "令牌无效或缺失：请用 carddesk hub enroll 登记本终端".into(),
        "missing or unknown token: enroll this terminal with carddesk hub enroll".into(),
        None,
    )
}

/// A terminal's enrollment code for its token. Refusals are logged with the remote
/// address. A code is spent by its first use for its terminal.
async fn enroll(
    State(hub): Shared,
    ConnectInfo(remote): ConnectInfo<SocketAddr>,
    Json(req): Json<EnrollRequest>,
) -> Result<Json<CredentialReply>, ApiError> {
    match hub.store.redeem(&req.code, &req.terminal).await? {
        Some(token) => {
            tracing::info!(terminal = %req.terminal, %remote, "hub: terminal enrolled");
            Ok(Json(CredentialReply {
                terminal: req.terminal,
                token,
            }))
        }
        None => {
            tracing::warn!(terminal = %req.terminal, %remote, "hub: refused: enrollment code unknown, spent or expired");
            Err(api(
                StatusCode::FORBIDDEN,
                "enrollment_refused",
                format!("登记码无效、已用过或已过期，或不属于终端 {}：请在中心重新执行 carddesk hub enroll", req.terminal),
                format!("the enrollment code is unknown, used, expired or not terminal {}'s: run carddesk hub enroll on the hub again", req.terminal),
                None,
            ))
        }
    }
}

/// A terminal replaces its own token; the old one stops working at once.
async fn rotate(
    State(hub): Shared,
    Extension(Caller { terminal }): Extension<Caller>,
) -> Result<Json<CredentialReply>, ApiError> {
    let token = hub
        .store
        .rotate(&terminal)
        .await?
        .ok_or_else(unauthorized)?;
    tracing::info!(%terminal, "hub: token rotated by the terminal");
    Ok(Json(CredentialReply { terminal, token }))
}

async fn health(State(hub): Shared) -> Json<Health> {
    Json(Health {
        service: "carddesk-hub".into(),
        protocol: PROTOCOL,
        store: hub.store.kind().into(),
        capabilities: vec![
            "tips".into(),
            "push".into(),
            "pull".into(),
            "authorize".into(),
            "enroll".into(),
            "rotate".into(),
        ],
    })
}

async fn tips(State(hub): Shared) -> Result<Json<TipsReply>, ApiError> {
    Ok(Json(TipsReply {
        tips: hub.store.tips().await?,
    }))
}

async fn push(
    State(hub): Shared,
    Extension(Caller { terminal }): Extension<Caller>,
    body: Bytes,
) -> Result<Json<PushReply>, ApiError> {
    let req: PushRequest = serde_json::from_slice(&body).map_err(|e| {
        bad_request(
            &format!("请求无法解析：{e}"),
            &format!("the request does not parse: {e}"),
        )
    })?;
    // Every entry must be the token's terminal's (checked, and alarmed, by the store);
    // `req.terminal` is only what the sender claims.
    let entries = req
        .entries
        .into_iter()
        .map(Entry::try_from)
        .collect::<Result<Vec<_>, _>>()
        .map_err(HubError::Refused)?;
    let pushed = hub.store.push(&terminal, entries).await?;
    hub.activity.note(&terminal, super::status::Call::Push);
    Ok(Json(PushReply {
        accepted: pushed.accepted,
        duplicates: pushed.duplicates,
        tip: Tip {
            seq: pushed.tip_seq,
            hash: hex::encode(pushed.tip_hash),
        },
    }))
}

/// One round trip before a spend commits: the terminal's entries the hub lacks are
/// stored first (as a push), then the spends are checked against the chain-wide balance.
async fn authorize(
    State(hub): Shared,
    Extension(Caller { terminal }): Extension<Caller>,
    body: Bytes,
) -> Result<Json<AuthorizeReply>, ApiError> {
    let mut req: AuthorizeRequest = serde_json::from_slice(&body).map_err(|e| {
        bad_request(
            &format!("请求无法解析：{e}"),
            &format!("the request does not parse: {e}"),
        )
    })?;
    let pending = std::mem::take(&mut req.pending)
        .into_iter()
        .map(Entry::try_from)
        .collect::<Result<Vec<_>, _>>()
        .map_err(HubError::Refused)?;
    Ok(Json(hub.store.authorize(&terminal, req, pending).await?))
}

#[derive(Deserialize)]
struct PullQuery {
    #[serde(default)]
    after: String,
    exclude: Option<String>,
    limit: Option<usize>,
}

async fn status(State(hub): Shared) -> Result<Json<crate::hub_status::HubStatus>, ApiError> {
    Ok(Json(hub.activity.status(&hub.store).await?))
}

async fn pull(
    State(hub): Shared,
    Extension(Caller { terminal }): Extension<Caller>,
    Query(q): Query<PullQuery>,
) -> Result<Json<PullReply>, ApiError> {
    let after = replication::parse_cursor(&q.after).ok_or_else(|| {
        bad_request(
            "after 参数应为 终端:序号,终端:序号",
            "after is TERMINAL:SEQ,TERMINAL:SEQ",
        )
    })?;
    let (entries, more) = hub
        .store
        .pull(&after, q.exclude.as_deref(), q.limit.unwrap_or(5_000))
        .await?;
    hub.activity.note(&terminal, super::status::Call::Pull);
    Ok(Json(PullReply {
        entries: entries.iter().map(WireEntry::from).collect(),
        more,
    }))
}
