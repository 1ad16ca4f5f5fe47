//! One log line per request the hub answers: the terminal (when its token was good),
//! the remote address, method and route, status and duration. The route is the path
//! alone: a pull's cursor stays out of the log.

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::Response;

/// Put on the response by the token check, so the line names the terminal.
#[derive(Clone)]
pub struct Terminal(pub String);

pub async fn log_request(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    // Paths are ours and short; anything else is cut, so a stranger cannot fill the log.
    let route: String = req.uri().path().chars().take(80).collect();
    let remote = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "-".to_string(), |c| c.0.to_string());
    let resp = next.run(req).await;
    let terminal = resp
        .extensions()
        .get::<Terminal>()
        .map_or("-", |t| t.0.as_str());
    tracing::info!(
        %terminal,
        %remote,
        %method,
        %route,
        status = resp.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "hub: request"
    );
    resp
}
