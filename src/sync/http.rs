//! The HTTP transport: a blocking client of one hub (ureq, with timeouts; no async
//! runtime; HTTPS with the hub's certificate pinned, see [`crate::pinned_tls`]).

use std::collections::BTreeMap;
use std::time::Duration;

use carddesk_data::authorize::{AuthorizeReply, AuthorizeRequest};
use carddesk_data::enrollment::{CredentialReply, EnrollRequest};
use carddesk_data::journal::Entry;
use carddesk_data::replication::{
    format_cursor, ErrorReply, Health, PullReply, PushReply, PushRequest, Tip, TipsReply, WireEntry,
};
use carddesk_model::text::CliMsg;
use serde::Serialize;

use super::{HubTransport, SyncError};

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
            SyncError::Credential(CliMsg::TlsSetup {
                detail: e.to_string(),
            })
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

    /// The hub's clock, version and terminals (`carddesk doctor`).
    pub fn status(&self) -> Result<carddesk_data::wire::HubStatus, SyncError> {
        self.get("/v1/status")
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

impl HubTransport for HubClient {
    fn health(&self) -> Result<Health, SyncError> {
        self.get("/v1/health")
    }

    fn enroll(&self, code: &str, terminal: &str) -> Result<CredentialReply, SyncError> {
        let req = EnrollRequest {
            code: code.to_string(),
            terminal: terminal.to_string(),
        };
        self.post("/v1/enroll", &req)
    }

    fn rotate(&self) -> Result<CredentialReply, SyncError> {
        self.post("/v1/rotate", &serde_json::json!({}))
    }

    fn tips(&self) -> Result<BTreeMap<String, Tip>, SyncError> {
        Ok(self.get::<TipsReply>("/v1/tips")?.tips)
    }

    fn push(&self, terminal: &str, entries: &[Entry]) -> Result<PushReply, SyncError> {
        let req = PushRequest {
            terminal: terminal.to_string(),
            entries: entries.iter().map(WireEntry::from).collect(),
        };
        self.post("/v1/entries", &req)
    }

    fn authorize(&self, req: &AuthorizeRequest) -> Result<AuthorizeReply, SyncError> {
        self.post("/v1/authorize", req)
    }

    fn pull(
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
}
