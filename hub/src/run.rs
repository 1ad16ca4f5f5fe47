//! Running the hub's service: `hub serve` until a signal, or on a thread of its own for
//! the benchmark and tests.

use std::net::SocketAddr;
use std::time::Duration;

use carddesk_data::text::HubMsg;
use carddesk_data::Lang;

use crate::listener::{self, Limits};
use crate::server::{router, RequestLimits};
use crate::store::HubStore;
use crate::tls::Identity;

/// What the service allows each client (`[hub]` of the config).
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Open connections at most; more are closed at once.
    pub max_connections: usize,
    /// A client must send a request's headers (and finish the TLS handshake) within this.
    pub header_timeout: Duration,
    pub request: RequestLimits,
    /// The serving binary's commit, named by `/v1/status`.
    pub commit: String,
}

/// Runs the hub until Ctrl-C / SIGTERM. Prints the address it listens on first.
/// TLS with `identity`; plain HTTP without (`[hub] insecure_http`).
pub fn serve(
    listen: &str,
    store: &str,
    config: &ServeConfig,
    identity: Option<&Identity>,
    lang: Lang,
) -> anyhow::Result<()> {
    let acceptor = identity.map(|i| i.acceptor()).transpose()?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let store = HubStore::open(store)
            .await
            .map_err(|e| anyhow::anyhow!("{}", e.message(lang)))?;
        let kind = store.kind();
        let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| {
            anyhow::anyhow!(
                "{}",
                HubMsg::CannotListen {
                    listen: listen.to_string(),
                    detail: e.to_string()
                }
                .get(lang)
            )
        })?;
        let addr = listener.local_addr()?;
        let limits = Limits::fitted(config.max_connections, config.header_timeout);
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
        let app = router(store, config.request, &config.commit);
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
pub fn spawn(store: &str, terminals: &[String], config: ServeConfig) -> anyhow::Result<Running> {
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
                let limits = Limits::fitted(config.max_connections, config.header_timeout);
                let app = router(hub, config.request, &config.commit);
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
