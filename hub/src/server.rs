//! The hub's HTTP side (axum on tokio): routes, the token check and the limits; each
//! call's answer is [`crate::service`]'s. Protocol 1:
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
use carddesk_data::enrollment::{CredentialReply, EnrollRequest};
use carddesk_data::replication::{
    ErrorReply, Health, PullReply, PushReply, PushRequest, TipsReply,
};
use carddesk_data::text::HubMsg;
use serde::Deserialize;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::service::{bad_request, Refusal, Service};
use crate::store::HubStore;
use carddesk_data::wire::HubStatus;

type Shared = State<Arc<Service>>;

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

/// Bodies of calls that carry no entries (none today) stay this small.
const SMALL_BODY: usize = 64 << 10;

/// The hub's routes over `store`; `/v1/status` names `commit`.
pub fn router(store: HubStore, limits: RequestLimits, commit: &str) -> Router {
    let hub = Arc::new(Service::with_commit(store, commit));
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
        .layer(middleware::from_fn(crate::access_log::log_request))
        .with_state(hub)
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (self.status, Json(ErrorReply { error: self.error })).into_response()
    }
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
    match hub.caller(token).await {
        Ok(terminal) => {
            req.extensions_mut().insert(Caller {
                terminal: terminal.clone(),
            });
            let mut resp = next.run(req).await;
            // The access log names the terminal whose token was good.
            resp.extensions_mut()
                .insert(crate::access_log::Terminal(terminal));
            resp
        }
        Err(refusal) => {
            if refusal.status == StatusCode::UNAUTHORIZED {
                let why = if token.is_empty() {
                    "no token"
                } else {
                    "unknown token"
                };
                tracing::warn!(remote = %remote(&req), path = %req.uri().path(), "hub: refused: {why}");
            }
            refusal.into_response()
        }
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

/// A request body as JSON, or 400.
fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Refusal> {
    serde_json::from_slice(body).map_err(|e| bad_request(&HubMsg::BadBody(e.to_string())))
}

async fn enroll(
    State(hub): Shared,
    ConnectInfo(remote): ConnectInfo<SocketAddr>,
    Json(req): Json<EnrollRequest>,
) -> Result<Json<CredentialReply>, Refusal> {
    Ok(Json(hub.enroll(req, &remote.to_string()).await?))
}

async fn rotate(
    State(hub): Shared,
    Extension(Caller { terminal }): Extension<Caller>,
) -> Result<Json<CredentialReply>, Refusal> {
    Ok(Json(hub.rotate(terminal).await?))
}

async fn health(State(hub): Shared) -> Json<Health> {
    Json(hub.health())
}

async fn tips(State(hub): Shared) -> Result<Json<TipsReply>, Refusal> {
    Ok(Json(hub.tips().await?))
}

async fn push(
    State(hub): Shared,
    Extension(Caller { terminal }): Extension<Caller>,
    body: Bytes,
) -> Result<Json<PushReply>, Refusal> {
    let req: PushRequest = parse(&body)?;
    let reply = hub.push(&terminal, req).await?;
    hub.activity().note(&terminal, crate::status::Call::Push);
    Ok(Json(reply))
}

async fn authorize(
    State(hub): Shared,
    Extension(Caller { terminal }): Extension<Caller>,
    body: Bytes,
) -> Result<Json<AuthorizeReply>, Refusal> {
    let req: AuthorizeRequest = parse(&body)?;
    Ok(Json(hub.authorize(&terminal, req).await?))
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
    Extension(Caller { terminal }): Extension<Caller>,
    Query(q): Query<PullQuery>,
) -> Result<Json<PullReply>, Refusal> {
    let reply = hub.pull(&q.after, q.exclude.as_deref(), q.limit).await?;
    hub.activity().note(&terminal, crate::status::Call::Pull);
    Ok(Json(reply))
}

async fn status(State(hub): Shared) -> Result<Json<HubStatus>, Refusal> {
    Ok(Json(hub.activity().status(hub.store()).await?))
}
