//! The hub's storage: every terminal's journal entries, the enrolled terminals with
//! their hashed tokens, and the alarms. On SQLite for one outlet and on PostgreSQL for a
//! chain, each behind the one [`Storage`] trait; [`HubStore`] makes the checks above it,
//! through the same functions of [`carddesk_data::replication`] and
//! [`carddesk_data::integrity`] for both. The HTTP side is [`crate::server`].
//!
//! Ingest of one batch is one transaction under a lock on the posting terminal's tip row
//! (PostgreSQL `SELECT … FOR UPDATE`; SQLite's single writer): entries up to the stored
//! tip must equal the stored ones (a re-send is a no-op), entries after it must continue
//! the sequence and the hash chain, and a new entry's op id must not be taken. A refusal
//! rolls back the whole batch; a conflict (same id, other content) is then recorded as an
//! alarm in its own transaction.
//!
//! The authorization state (balances, debts, holds, coupon redemptions, count-card uses)
//! lives in the store's state tables, keyed by member ([`ledger::rows`]): a batch and an
//! authorization load their members' rows under those members' locks, move them and write
//! them back in their own transaction. A hub process holds no state of its own, so it
//! starts at once and any number of them serve one PostgreSQL.

mod checks;
mod error;
mod ledger;
mod pg;
pub mod schema;
pub mod scope;
mod sqlite;
mod sqlite_open;
mod sqlite_scope;
mod sqlite_state;
mod state;
mod storage;

use std::collections::BTreeMap;
use std::sync::Arc;

use carddesk_data::authorize::{AuthorizeReply, AuthorizeRequest};
use carddesk_data::clock::{Clock, SystemClock};
use carddesk_data::conflict::HUB_TERMINAL;
use carddesk_data::journal::Entry;
use carddesk_data::replication::{ReplicationError, Tip};
use sha2::{Digest, Sha256};

pub use error::HubError;
pub use ledger::{Ledger, MemberBalance};
pub use pg::PgHub;
pub use sqlite::SqliteHub;
pub use storage::{Alarm, Answer, Author, Decide, NewAlarm, Pushed, Storage};

use storage::to_hash;

/// The hub: its store. The chain-wide balances are in the store's tables.
pub struct HubStore {
    storage: Box<dyn Storage>,
    /// This process's pushes one at a time, so the soundness check reads the tip the
    /// push then locks (another process's push is caught by the tip lock itself).
    push_lock: tokio::sync::Mutex<()>,
    /// The time holds and enrollment codes expire by; injected so tests can move it.
    clock: Arc<dyn Clock + Sync>,
}

impl HubStore {
    /// `sqlite:PATH` or `postgres://…` / `postgresql://…`. Creates and migrates the
    /// schema; a store from before the state tables gets them built once from its
    /// entries (later starts read nothing).
    pub async fn open(spec: &str) -> Result<HubStore, HubError> {
        let hub = HubStore::open_admin(spec).await?;
        if !hub.storage.state_built().await? {
            hub.build_state().await?;
        }
        Ok(hub)
    }

    /// For `hub enroll` and `hub alarms`: the store without building the state tables
    /// of a store from before them. Pushes and authorizations need [`HubStore::open`].
    pub async fn open_admin(spec: &str) -> Result<HubStore, HubError> {
        let storage: Box<dyn Storage> = if let Some(path) = spec.strip_prefix("sqlite:") {
            Box::new(SqliteHub::open(path).await?)
        } else if spec.starts_with("postgres://") || spec.starts_with("postgresql://") {
            Box::new(PgHub::open(spec).await?)
        } else {
            return Err(HubError::BadSpec(spec.to_string()));
        };
        Ok(HubStore {
            storage,
            push_lock: tokio::sync::Mutex::new(()),
            clock: Arc::new(SystemClock),
        })
    }

    /// The same store deciding by `clock` instead of the system's.
    pub fn with_clock(mut self, clock: Arc<dyn Clock + Sync>) -> HubStore {
        self.clock = clock;
        self
    }

    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    fn now_text(&self) -> String {
        self.now()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }

    /// Folds every stored entry into the state tables: once, for a store from before
    /// them.
    async fn build_state(&self) -> Result<(), HubError> {
        let mut after = BTreeMap::new();
        let mut ledger = Ledger::default();
        loop {
            let (page, more) = self.pull(&after, None, 20_000).await?;
            for e in &page {
                ledger.fold(e);
                after.insert(e.terminal.clone(), e.seq);
            }
            if !more || page.is_empty() {
                break;
            }
        }
        self.storage.build_state(ledger.to_rows()).await
    }

    /// `sqlite` or `postgresql`.
    pub fn kind(&self) -> &'static str {
        self.storage.kind()
    }

    /// Enrolls `terminal` (or replaces its token) and returns the new token, which is
    /// stored only as its SHA-256.
    pub async fn enroll(&self, terminal: &str) -> Result<String, HubError> {
        check_terminal(terminal)?;
        let token = new_token();
        let hash = token_hash(&token);
        self.storage.enroll(terminal, hash).await?;
        Ok(token)
    }

    /// A single-use enrollment code for `terminal`, valid for `valid_for`; the terminal
    /// exchanges it for its token ([`HubStore::redeem`]). Only its hash is stored.
    pub async fn issue_code(
        &self,
        terminal: &str,
        valid_for: chrono::Duration,
    ) -> Result<String, HubError> {
        check_terminal(terminal)?;
        let code = format!("cde_{}", hex::encode(rand::random::<[u8; 16]>()));
        let expires_at =
            (self.now() + valid_for).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let hash = token_hash(&code);
        self.storage.issue_code(terminal, hash, expires_at).await?;
        Ok(code)
    }

    /// Spends `terminal`'s enrollment code: the terminal's new token, or None when the
    /// code is unknown, spent, expired or another terminal's. The terminal's previous
    /// token stops working.
    pub async fn redeem(&self, code: &str, terminal: &str) -> Result<Option<String>, HubError> {
        let token = new_token();
        let code_hash = token_hash(code.trim());
        let redeemed = self
            .storage
            .redeem(code_hash, terminal, token_hash(&token), self.now_text())
            .await?;
        Ok(redeemed.then_some(token))
    }

    /// A new token for an enrolled terminal (the old one stops working at once), or
    /// None when it is not enrolled.
    pub async fn rotate(&self, terminal: &str) -> Result<Option<String>, HubError> {
        let token = new_token();
        Ok(self
            .replace_token(terminal, token_hash(&token))
            .await?
            .then_some(token))
    }

    /// Revokes a terminal's token and its unspent codes; false when it is not enrolled.
    /// Its entries stay; it can be enrolled again with a new code.
    pub async fn revoke(&self, terminal: &str) -> Result<bool, HubError> {
        // A hash nobody holds the token of, like the hub's own terminal.
        let unusable = rand::random::<[u8; 32]>().to_vec();
        self.replace_token(terminal, unusable).await
    }

    async fn replace_token(&self, terminal: &str, hash: Vec<u8>) -> Result<bool, HubError> {
        if terminal.eq_ignore_ascii_case(HUB_TERMINAL) {
            return Ok(false);
        }
        self.storage.replace_token(terminal, hash).await
    }

    /// The terminal a bearer token belongs to.
    pub async fn authenticate(&self, token: &str) -> Result<Option<String>, HubError> {
        let hash = token_hash(token.trim());
        self.storage.authenticate(hash).await
    }

    pub async fn tips(&self) -> Result<BTreeMap<String, Tip>, HubError> {
        self.storage.tips().await
    }

    /// One terminal's tip (None: not enrolled).
    pub async fn tip(&self, terminal: &str) -> Result<Option<Tip>, HubError> {
        self.storage.tip(terminal).await
    }

    /// Stores a batch posted with the token of `token_terminal`.
    pub async fn push(
        &self,
        token_terminal: &str,
        entries: Vec<Entry>,
    ) -> Result<Pushed, HubError> {
        if let Some(e) = entries.iter().find(|e| e.terminal != token_terminal) {
            let err = HubError::Forbidden {
                token_terminal: token_terminal.to_string(),
                entry_terminal: e.terminal.clone(),
            };
            let alarm = NewAlarm {
                terminal: token_terminal.to_string(),
                kind: "impersonation",
                entry_id: Some(e.id()),
                op_id: Some(e.op_id.clone()),
                detail: err.to_string(),
            };
            self.raise(alarm).await?;
            return Err(err);
        }
        let mut entries = entries;
        entries.sort_by_key(|e| e.seq);
        // The signatures first, outside the push lock: the push's heaviest work, so
        // that while one push writes another's signatures are being verified.
        // A batch that fails here is checked again under the lock, which decides: a
        // push of the same terminal's earlier entries may have been under way.
        let signed = self.check_signed(token_terminal, &entries, None).await.ok();
        let _one_at_a_time = self.push_lock.lock().await;
        let result = match self.check_sound(token_terminal, &entries, signed).await {
            Ok(()) => self.push_locked(token_terminal, &entries).await,
            Err(e) => Err(e),
        };
        if let Err(HubError::Refused(e)) = &result {
            let kind = if e.is_conflict() {
                Some("conflict")
            } else if e.is_tampering() {
                Some("tampering")
            } else {
                None
            };
            if let Some(kind) = kind {
                let op_id = e
                    .entry_id()
                    .and_then(|id| entries.iter().find(|x| x.id() == id))
                    .map(|x| x.op_id.clone());
                self.raise(NewAlarm {
                    terminal: token_terminal.to_string(),
                    kind,
                    entry_id: e.entry_id(),
                    op_id,
                    detail: e.to_string(),
                })
                .await?;
            }
        }
        result
    }

    /// The entry that published a terminal's signing key, as stored.
    async fn key_entry(&self, terminal: &str) -> Result<Option<Entry>, HubError> {
        self.storage.key_entry(terminal).await
    }

    /// A stored entry by its id (`T01-42`).
    async fn entry(&self, id: &str) -> Result<Option<Entry>, HubError> {
        let Some((terminal, seq)) = id.rsplit_once('-') else {
            return Ok(None);
        };
        let Ok(seq) = seq.parse::<i64>() else {
            return Ok(None);
        };
        self.storage.entry(terminal, seq).await
    }

    /// Stores a checked batch with the hub's bookings; the storage moves the state
    /// tables in the same transaction. The caller holds `push_lock`.
    async fn push_locked(&self, terminal: &str, entries: &[Entry]) -> Result<Pushed, HubError> {
        let now_ms = self.now().timestamp_millis();
        let author: Author = Box::new(move |batch, tip, working: &mut Ledger| {
            let booked = working.bookings(batch, tip, now_ms);
            for e in batch.iter().chain(&booked) {
                working.fold(e);
            }
            booked
        });
        self.storage.push(terminal, entries, author).await
    }

    /// Authorizes a spend for `token_terminal`: first stores the entries it carries (as a
    /// push), then checks the spends against the chain-wide balances.
    pub async fn authorize(
        &self,
        token_terminal: &str,
        req: AuthorizeRequest,
        pending: Vec<Entry>,
    ) -> Result<AuthorizeReply, HubError> {
        let tip = if pending.is_empty() {
            let t = self
                .tip(token_terminal)
                .await?
                .ok_or_else(|| HubError::NotEnrolled(token_terminal.to_string()))?;
            (t.seq, to_hash(&hex::decode(&t.hash).unwrap_or_default()))
        } else {
            let p = self.push(token_terminal, pending).await?;
            (p.tip_seq, p.tip_hash)
        };
        let now_ms = self.now().timestamp_millis();
        let (terminal, op_id, member_no, spends) = (
            token_terminal.to_string(),
            req.op_id.clone(),
            req.member_no.clone(),
            req.spends.clone(),
        );
        let decide: Decide = Box::new(move |working: &mut Ledger| {
            working.authorize(&terminal, &op_id, &member_no, &spends, now_ms)
        });
        let result = self
            .storage
            .authorize(&req.member_no, &req.op_id, decide)
            .await?;
        if let Err(r) = &result {
            if r.code == ledger::OP_ID_REUSED {
                self.raise(NewAlarm {
                    terminal: token_terminal.to_string(),
                    kind: ledger::OP_ID_REUSED,
                    entry_id: None,
                    op_id: Some(req.op_id.clone()),
                    detail: format!(
                        "authorization {} asked again for another request: member {}, {}",
                        req.op_id,
                        req.member_no,
                        serde_json::to_string(&req.spends).unwrap_or_default()
                    ),
                })
                .await?;
            }
        }
        Ok(ledger::reply(result, tip))
    }

    /// Entries after the given per-terminal positions (a missing terminal: from the
    /// start), terminal by terminal in seq order, at most `limit`; `exclude` is skipped.
    /// Returns the entries and whether the limit cut the answer short.
    pub async fn pull(
        &self,
        after: &BTreeMap<String, i64>,
        exclude: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<Entry>, bool), HubError> {
        let limit = limit.clamp(1, 50_000);
        self.storage.pull(after, exclude, limit).await
    }

    /// A partial book's pull: the entries of `scope` after the given positions (see
    /// [`Storage::pull_scoped`]), at most `limit`, with the entries that published the
    /// keys of the terminals in the answer.
    pub async fn pull_scoped(
        &self,
        after: &BTreeMap<String, i64>,
        exclude: Option<&str>,
        limit: usize,
        scope: &carddesk_data::replication::Scope,
    ) -> Result<(scope::ScopedPage, Vec<Entry>), HubError> {
        let limit = limit.clamp(1, 50_000);
        let page = self
            .storage
            .pull_scoped(after, exclude, limit, scope)
            .await?;
        let keys = self.keys_of(&page.entries).await?;
        Ok((page, keys))
    }

    /// The members a lookup names (credential values or member nos), every entry of
    /// theirs, and the entries that published the keys of the terminals that wrote them.
    pub async fn fetch(
        &self,
        values: &[String],
    ) -> Result<(Vec<String>, Vec<Entry>, Vec<Entry>), HubError> {
        let values: Vec<String> = values.iter().take(16).cloned().collect();
        let (members, entries) = self.storage.fetch(&values).await?;
        let keys = self.keys_of(&entries).await?;
        Ok((members, entries, keys))
    }

    async fn keys_of(&self, entries: &[Entry]) -> Result<Vec<Entry>, HubError> {
        let terminals: std::collections::BTreeSet<&str> =
            entries.iter().map(|e| e.terminal.as_str()).collect();
        let mut keys = Vec::new();
        for t in terminals {
            if let Some(k) = self.storage.key_entry(t).await? {
                keys.push(k);
            }
        }
        Ok(keys)
    }

    pub async fn alarms(&self) -> Result<Vec<Alarm>, HubError> {
        self.storage.alarms().await
    }

    async fn raise(&self, alarm: NewAlarm) -> Result<(), HubError> {
        self.storage.raise(alarm).await
    }
}

fn new_token() -> String {
    format!("cdt_{}", hex::encode(rand::random::<[u8; 32]>()))
}

/// A terminal id that may be enrolled: not the hub's own, 1 to 32 letters, digits or _.
fn check_terminal(terminal: &str) -> Result<(), HubError> {
    if terminal.eq_ignore_ascii_case(HUB_TERMINAL) {
        return Err(HubError::Refused(ReplicationError::Malformed {
            entry_id: terminal.to_string(),
            detail: format!("{HUB_TERMINAL} is the hub's own terminal id"),
        }));
    }
    if !carddesk_data::replication::valid_terminal(terminal) {
        return Err(HubError::Refused(ReplicationError::Malformed {
            entry_id: terminal.to_string(),
            detail: "a terminal id is 1 to 32 letters, digits or _".into(),
        }));
    }
    Ok(())
}

pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}
