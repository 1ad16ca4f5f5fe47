//! What a push must pass before it is stored, beside the chain checks of
//! [`super::storage::plan`]: its signatures (verified before the push lock, confirmed
//! under it) and its entries' soundness (effects that follow from their bodies).

use carddesk_data::journal::Entry;
use carddesk_data::replication::ReplicationError;

use super::{HubError, HubStore};

impl HubStore {
    /// The signatures of the batch's entries after the terminal's tip, verified with
    /// the key its chain published (see [`carddesk_data::signatures`]); `known` is that
    /// key when the caller has read it. Returns the tip and key it verified against.
    pub(super) async fn check_signed(
        &self,
        terminal: &str,
        entries: &[Entry],
        known: Option<Option<String>>,
    ) -> Result<Signed, HubError> {
        let tip = self.tip(terminal).await?.map_or(0, |t| t.seq);
        let key = match known {
            Some(key) => key,
            None => self.published_key(terminal).await?,
        };
        let new: Vec<Entry> = entries.iter().filter(|e| e.seq > tip).cloned().collect();
        let with = key.clone();
        // Verifying is CPU work: on the blocking pool (on every core), not on the
        // runtime's threads that serve the other requests.
        tokio::task::spawn_blocking(move || {
            carddesk_data::replication::check_signatures(with.as_deref(), &new)
        })
        .await
        .map_err(|e| HubError::Storage(format!("signature check: {e}")))??;
        Ok(Signed { tip, key })
    }

    /// The batch's entries the hub does not hold yet must be signed and sound (see
    /// [`carddesk_data::integrity`]); a reversal's original is read from the batch or the
    /// store. The caller holds `push_lock`, so the tip cannot move.
    ///
    /// `signed`, when the signatures passed before the lock, is what they were checked
    /// against. That still holds when the terminal's key is the same: the tip can only
    /// have moved on, and the entries up to the new tip must then equal the stored
    /// ones (else [`super::storage::plan`] refuses the batch), so every entry after it
    /// was checked in the same chain of keys. Otherwise (a key published meanwhile, or
    /// a failure) the check runs again here, and this one decides.
    pub(super) async fn check_sound(
        &self,
        terminal: &str,
        entries: &[Entry],
        signed: Option<Signed>,
    ) -> Result<(), HubError> {
        let key = self.published_key(terminal).await?;
        let tip = self.tip(terminal).await?.map_or(0, |t| t.seq);
        match signed {
            Some(s) if s.key == key && s.tip <= tip => {}
            _ => {
                self.check_signed(terminal, entries, Some(key)).await?;
            }
        }
        for e in entries.iter().filter(|e| e.seq > tip) {
            let original = match &e.header.reversal_of {
                None => None,
                Some(id) => match entries.iter().find(|x| &x.id() == id) {
                    Some(x) => Some(x.clone()),
                    None => self.entry(id).await?,
                },
            };
            carddesk_data::integrity::check_entry(e, original.as_ref()).map_err(|detail| {
                ReplicationError::Forged {
                    entry_id: e.id(),
                    detail,
                }
            })?;
        }
        Ok(())
    }

    /// The key `terminal`'s stored chain published (hex), if any.
    async fn published_key(&self, terminal: &str) -> Result<Option<String>, HubError> {
        match self.key_entry(terminal).await? {
            Some(k) => Ok(Some(
                carddesk_data::signing::check_signature(None, &k)
                    .map_err(|e| HubError::Storage(format!("stored key of {terminal}: {e}")))?
                    .unwrap_or_default(),
            )),
            None => Ok(None),
        }
    }
}

/// What a batch's signatures were verified against: the terminal's tip and key then.
pub(super) struct Signed {
    tip: i64,
    key: Option<String>,
}
