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
//! Every call but health needs `Authorization: Bearer TOKEN`. Errors are JSON
//! ([`ErrorReply`]): 400 malformed, 401 unknown token, 403 another terminal's entries,
//! 409 an id re-sent with other content (also raised as an alarm), 422 a gap or a
//! broken chain, 500 storage.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use carddesk_data::authorize::{AuthorizeReply, AuthorizeRequest};
use carddesk_data::hub::{HubError, HubStore};
use carddesk_data::journal::Entry;
use carddesk_data::replication::{
    self, ErrorReply, Health, PullReply, PushReply, PushRequest, ReplicationError, Tip, TipsReply,
    WireEntry, WireError, PROTOCOL,
};
use carddesk_data::Lang;
use serde::Deserialize;

struct Hub {
    store: HubStore,
}

type Shared = State<Arc<Hub>>;

pub fn router(store: HubStore) -> Router {
    Router::new()
        .route("/v1/health", get(health))
        .route("/v1/tips", get(tips))
        .route("/v1/entries", get(pull).post(push))
        .route("/v1/authorize", axum::routing::post(authorize))
        .layer(DefaultBodyLimit::max(256 << 20))
        .with_state(Arc::new(Hub { store }))
}

/// Runs the hub until Ctrl-C / SIGTERM. Prints the address it listens on first.
pub fn serve(listen: &str, store: &str, lang: Lang) -> anyhow::Result<()> {
    // The hub's log is its standard error (a service manager keeps it).
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
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
        println!("carddesk hub: listening on http://{addr} (store: {kind})");
        use std::io::Write;
        std::io::stdout().flush()?;
        axum::serve(listener, router(store))
            .with_graceful_shutdown(shutdown_signal())
            .await?;
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
                axum::serve(listener, router(hub))
                    .with_graceful_shutdown(async {
                        let _ = stop_rx.await;
                    })
                    .await?;
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

async fn authenticate(hub: &Hub, headers: &HeaderMap) -> Result<String, ApiError> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if token.is_empty() {
        return Err(unauthorized());
    }
    hub.store
        .authenticate(token)
        .await?
        .ok_or_else(unauthorized)
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
        ],
    })
}

async fn tips(State(hub): Shared, headers: HeaderMap) -> Result<Json<TipsReply>, ApiError> {
    authenticate(&hub, &headers).await?;
    Ok(Json(TipsReply {
        tips: hub.store.tips().await?,
    }))
}

async fn push(
    State(hub): Shared,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<PushReply>, ApiError> {
    let terminal = authenticate(&hub, &headers).await?;
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
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<AuthorizeReply>, ApiError> {
    let terminal = authenticate(&hub, &headers).await?;
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

async fn pull(
    State(hub): Shared,
    headers: HeaderMap,
    Query(q): Query<PullQuery>,
) -> Result<Json<PullReply>, ApiError> {
    authenticate(&hub, &headers).await?;
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
    Ok(Json(PullReply {
        entries: entries.iter().map(WireEntry::from).collect(),
        more,
    }))
}
