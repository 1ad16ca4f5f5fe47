//! The counter's side of online authorization: [`HubAuthorizer`] puts each spend to the
//! hub through the same transport as sync (over HTTP: with a short timeout, to each hub of
//! `[sync] hub_urls` in turn). When no hub answers, the book goes on offline within the caps; for a while after that the hub
//! is not asked at all, so a rush-hour queue never waits on a dead network once per sale.

use std::time::{Duration, Instant};

use carddesk_data::authorize::{AuthAnswer, AuthorizeRequest, Authorizer, Spend};
use carddesk_data::journal::Entry;
use carddesk_data::replication::WireEntry;

use crate::config::Loaded;
use crate::sync::{Failover, HubClient, HubTransport, SyncError};

/// After the hub failed to answer, spends go straight to offline for this long.
const RETRY_AFTER: Duration = Duration::from_secs(20);

pub struct HubAuthorizer<T: HubTransport = Failover<HubClient>> {
    client: T,
    terminal: String,
    /// The last seq of this terminal the hub is known to hold.
    known_tip: Option<i64>,
    down_until: Option<Instant>,
}

impl HubAuthorizer<Failover<HubClient>> {
    /// None when this terminal has no hub (it works alone: no authorization, no caps).
    pub fn from_config(loaded: &Loaded) -> Option<HubAuthorizer> {
        let timeout = Duration::from_millis(loaded.config.sync.authorize_timeout_ms);
        let client = match crate::sync::client(loaded, timeout) {
            Ok(c) => c,
            Err(SyncError::NotConfigured) => return None,
            Err(e) => {
                tracing::warn!("authorization off: {e}");
                return None;
            }
        };
        Some(HubAuthorizer::new(client, &loaded.config.terminal.id))
    }
}

impl<T: HubTransport> HubAuthorizer<T> {
    /// `terminal`'s spends put to the hub through `client`.
    pub fn new(client: T, terminal: &str) -> HubAuthorizer<T> {
        HubAuthorizer {
            client,
            terminal: terminal.to_string(),
            known_tip: None,
            down_until: None,
        }
    }

    fn went_down(&mut self, e: &SyncError) {
        tracing::warn!("authorization: hub not answering, spends go offline: {e}");
        self.known_tip = None;
        self.down_until = Some(Instant::now() + RETRY_AFTER);
    }
}

impl<T: HubTransport + Send> Authorizer for HubAuthorizer<T> {
    fn hub_tip(&mut self) -> Option<i64> {
        if self.down_until.is_some_and(|t| Instant::now() < t) {
            return None;
        }
        if self.known_tip.is_none() {
            match self.client.tips() {
                Ok(tips) => {
                    self.known_tip = Some(tips.get(&self.terminal).map_or(0, |t| t.seq));
                }
                Err(e) => self.went_down(&e),
            }
        }
        self.known_tip
    }

    fn authorize(
        &mut self,
        op_id: &str,
        member_no: &str,
        spends: &[Spend],
        pending: &[Entry],
    ) -> AuthAnswer {
        let req = AuthorizeRequest {
            op_id: op_id.to_string(),
            member_no: member_no.to_string(),
            spends: spends.to_vec(),
            pending: pending.iter().map(WireEntry::from).collect(),
        };
        match self.client.authorize(&req) {
            Ok(reply) => {
                self.down_until = None;
                self.known_tip = Some(reply.tip.seq);
                if reply.approved {
                    AuthAnswer::Approved
                } else {
                    AuthAnswer::Refused {
                        message: reply.message,
                        message_en: reply.message_en,
                    }
                }
            }
            // Unreachable, or the hub refused the carried entries (a sync problem that
            // `carddesk sync` reports): the counter goes on offline, within the caps.
            Err(e) => {
                self.went_down(&e);
                AuthAnswer::Unreachable
            }
        }
    }
}
