//! The hub's accept loop: what one client may cost it. Connections beyond
//! `max_connections` are closed at once (load shedding, so the process never runs out
//! of file descriptors); a client must finish the TLS handshake and send a request's
//! headers within `header_timeout` (slowloris); each request runs under the router's
//! own timeout and body limits (see [`crate::server::router`]).

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

/// File descriptors kept back from the connection limit: the store, logs, the listener.
const FD_RESERVE: usize = 64;

/// How long a shutdown waits for requests in flight.
const DRAIN: Duration = Duration::from_secs(10);

#[derive(Debug, Clone)]
pub struct Limits {
    pub max_connections: usize,
    pub header_timeout: Duration,
}

impl Limits {
    /// The configured limit, lowered to what the process's file-descriptor limit allows.
    pub fn fitted(max_connections: usize, header_timeout: Duration) -> Limits {
        let max = match open_files_limit() {
            Some(fds) if fds.saturating_sub(FD_RESERVE) < max_connections => {
                let fitted = fds.saturating_sub(FD_RESERVE).max(1);
                tracing::warn!(
                    configured = max_connections,
                    open_files = fds,
                    fitted,
                    "hub: max_connections lowered to fit the open-files limit"
                );
                fitted
            }
            _ => max_connections,
        };
        Limits {
            max_connections: max,
            header_timeout,
        }
    }
}

/// The soft RLIMIT_NOFILE, after raising it to the hard limit where allowed.
fn open_files_limit() -> Option<usize> {
    // SAFETY: getrlimit/setrlimit only read and write the struct passed to them.
    unsafe {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return None;
        }
        if lim.rlim_cur < lim.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: lim.rlim_max,
                rlim_max: lim.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                lim.rlim_cur = lim.rlim_max;
            }
        }
        usize::try_from(lim.rlim_cur).ok()
    }
}

/// Serves `app` on `listener` until `shutdown` completes; TLS when `tls` is set.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    tls: Option<TlsAcceptor>,
    shutdown: impl Future<Output = ()>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut last_shed_warning: Option<Instant> = None;
    tokio::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // EMFILE and the like: back off instead of spinning.
                    tracing::warn!("hub: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let Ok(permit) = Arc::clone(&permits).try_acquire_owned() else {
            if last_shed_warning.is_none_or(|t| t.elapsed() >= Duration::from_secs(10)) {
                tracing::warn!(
                    %remote,
                    limit = limits.max_connections,
                    "hub: connection limit reached; new connections are closed"
                );
                last_shed_warning = Some(Instant::now());
            }
            drop(stream);
            continue;
        };
        let app = app.clone();
        let tls = tls.clone();
        let header_timeout = limits.header_timeout;
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let _permit = permit;
            connection(stream, remote, app, tls, header_timeout, watcher).await;
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("hub: requests still in flight at shutdown were cut");
    }
}

async fn connection(
    stream: TcpStream,
    remote: SocketAddr,
    app: Router,
    tls: Option<TlsAcceptor>,
    header_timeout: Duration,
    watcher: hyper_util::server::graceful::Watcher,
) {
    let _ = stream.set_nodelay(true);
    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        req.extensions_mut().insert(ConnectInfo(remote));
        app.clone().oneshot(req)
    });
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let result = match tls {
        None => {
            let conn = http.serve_connection(TokioIo::new(stream), service);
            watcher.watch(conn).await
        }
        Some(acceptor) => {
            let tls_stream =
                match tokio::time::timeout(header_timeout, acceptor.accept(stream)).await {
                    Ok(Ok(s)) => s,
                    Ok(Err(e)) => {
                        tracing::info!(%remote, "hub: TLS handshake refused: {e}");
                        return;
                    }
                    Err(_) => {
                        tracing::info!(%remote, "hub: TLS handshake timed out");
                        return;
                    }
                };
            let conn = http.serve_connection(TokioIo::new(tls_stream), service);
            watcher.watch(conn).await
        }
    };
    if let Err(e) = result {
        tracing::debug!(%remote, "hub: connection ended: {e}");
    }
}
