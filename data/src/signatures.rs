//! Checking the signatures of many entries at once. An Ed25519 verification costs
//! about 25–50 µs on a front-desk or hub CPU, more than everything else an entry's
//! ingest does together. So a page's signatures are first read for what they claim (the
//! key in force, which needs no arithmetic), then verified together: in batches
//! (`ed25519_dalek::verify_batch`, about half the cost of one by one) on every core.
//!
//! One rule everywhere: a signature is good when the cofactored verification equation
//! holds. That is what a batch checks, so a single entry is checked as a batch of one
//! (never with the stricter cofactorless `verify`): the hub, every book's ingest and
//! `verify` accept exactly the same signatures. Every signature the cofactorless check
//! accepts, this accepts too.

use std::collections::HashMap;

use ed25519_dalek::{Signature, VerifyingKey};

use crate::conflict::HUB_TERMINAL;
use crate::journal::{Entry, Hash};

/// The length of a public key, at the head of the `sig` of the entry publishing it.
pub const PUBLIC: usize = 32;
/// The length of a signature.
pub const SIGNATURE: usize = 64;

/// Why a signature was refused when the arithmetic fails.
pub const DOES_NOT_VERIFY: &str =
    "its signature does not verify with its terminal's key (altered or forged)";

/// Signatures per `verify_batch`: past a few hundred the saving flattens.
const BATCH: usize = 256;
/// Fewer signatures than this are not worth a thread.
const PER_THREAD: usize = 128;

/// One signature to verify: the entry's place (as the caller numbers them), its hash.
struct Claim {
    at: usize,
    /// Its key's place in [`Claims::decoded`] (a decoded key is 192 bytes).
    key: usize,
    hash: Hash,
    sig: Option<Signature>,
}

/// The signatures a page claims, verified together by [`Claims::verify`].
#[derive(Default)]
pub struct Claims {
    /// Each key decoded once (a point decompression costs about 5 µs): its place in
    /// `decoded` by its hex.
    keys: HashMap<String, usize>,
    decoded: Vec<Option<VerifyingKey>>,
    items: Vec<Claim>,
}

impl Claims {
    /// Reads what entry `e` of a terminal's chain, taken in seq order, claims against the
    /// key the chain published before it (`known`, hex), and keeps its signature to
    /// verify, numbered `at`. Returns the key in force after it, or why its signature
    /// cannot be right whatever the arithmetic says. The hub's own entries are not
    /// signed (the hub is trusted; see docs/security.md, "Who is trusted").
    pub fn add(
        &mut self,
        known: Option<&str>,
        e: &Entry,
        at: usize,
    ) -> Result<Option<String>, String> {
        if e.terminal == HUB_TERMINAL {
            return Ok(None);
        }
        let (key, sig) = match (e.sig.as_deref(), known) {
            (None, None) => return Ok(None), // written before the terminal had a key: legacy
            (None, Some(_)) => {
                return Err("not signed, though its terminal signs its entries".into())
            }
            (Some(s), known) if s.len() == PUBLIC + SIGNATURE => {
                let new = hex::encode(&s[..PUBLIC]);
                if let Some(old) = known.filter(|k| *k != new) {
                    return Err(format!(
                        "terminal {} published a second key ({}…, was {}…): refused",
                        e.terminal,
                        &new[..12],
                        &old[..old.len().min(12)]
                    ));
                }
                (new, &s[PUBLIC..])
            }
            (Some(s), Some(k)) if s.len() == SIGNATURE => (k.to_string(), s),
            (Some(s), None) if s.len() == SIGNATURE => {
                return Err("signed, but its terminal published no key before it".into())
            }
            (Some(_), _) => return Err("its signature is malformed".into()),
        };
        let place = match self.keys.get(&key) {
            Some(place) => *place,
            None => {
                self.decoded.push(decode_key(&key));
                self.keys.insert(key.clone(), self.decoded.len() - 1);
                self.decoded.len() - 1
            }
        };
        self.items.push(Claim {
            at,
            key: place,
            hash: e.hash,
            sig: Signature::from_slice(sig).ok(),
        });
        Ok(Some(key))
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Forgets the claims kept (not the keys decoded), to take the next window.
    pub fn clear(&mut self) {
        self.items.clear();
    }

    /// Verifies every claim kept; on failure, the smallest `at` whose signature does
    /// not verify.
    pub fn verify(&self) -> Result<(), usize> {
        self.failing(true).into_iter().min().map_or(Ok(()), Err)
    }

    /// Every `at` whose signature does not verify, in order (for `verify`'s report).
    pub fn failures(&self) -> Vec<usize> {
        let mut all = self.failing(false);
        all.sort_unstable();
        all
    }

    /// The claims split among the cores, each part in batches: what fails in each part
    /// (its first only, when `first_only`).
    fn failing(&self, first_only: bool) -> Vec<usize> {
        let (items, keys) = (&self.items, &self.decoded[..]);
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let per = items.len().div_ceil(cores).max(PER_THREAD);
        if items.len() <= per {
            return failing_in(items, keys, first_only);
        }
        std::thread::scope(|s| {
            let running: Vec<_> = items
                .chunks(per)
                .map(|part| {
                    (
                        part[0].at,
                        s.spawn(move || failing_in(part, keys, first_only)),
                    )
                })
                .collect();
            let mut failed = Vec::new();
            for (first, handle) in running {
                // A verifier that panicked proved nothing: its part is refused.
                failed.extend(handle.join().unwrap_or_else(|_| vec![first]));
            }
            failed
        })
    }
}

/// Claims being verified on a thread of their own ([`Claims::spawn`]).
pub enum Verifying {
    Running(std::thread::JoinHandle<Result<(), usize>>, usize),
    Done(Result<(), usize>),
}

impl Claims {
    /// Verifies the claims on a thread of their own, so that the caller goes on (a
    /// book's ingest checks and inserts the next page meanwhile); verified at once
    /// when no thread can be made.
    pub fn spawn(self) -> Verifying {
        let first = self.items.first().map_or(0, |c| c.at);
        let claims = std::sync::Arc::new(self);
        let theirs = std::sync::Arc::clone(&claims);
        match std::thread::Builder::new()
            .name("signatures".into())
            .spawn(move || theirs.verify())
        {
            Ok(handle) => Verifying::Running(handle, first),
            Err(_) => Verifying::Done(claims.verify()),
        }
    }
}

impl Verifying {
    /// [`Claims::verify`]'s answer, once the thread is done.
    pub fn join(self) -> Result<(), usize> {
        match self {
            // A verifier that panicked proved nothing: its first claim is refused.
            Verifying::Running(handle, first) => handle.join().unwrap_or(Err(first)),
            Verifying::Done(result) => result,
        }
    }
}

/// The claims of `items` whose signatures do not verify (the first only, when
/// `first_only`).
fn failing_in(items: &[Claim], keys: &[Option<VerifyingKey>], first_only: bool) -> Vec<usize> {
    let mut failed = Vec::new();
    for batch in items.chunks(BATCH) {
        if holds(batch, keys) {
            continue;
        }
        // Some signature of the batch is bad: find them, one by one.
        let before = failed.len();
        for c in batch {
            if !holds(std::slice::from_ref(c), keys) {
                failed.push(c.at);
                if first_only {
                    return failed;
                }
            }
        }
        // Each holds alone, so the batch holds: only a failed draw of its random
        // coefficients gets here. Refuse rather than guess.
        if failed.len() == before {
            failed.push(batch[0].at);
            if first_only {
                return failed;
            }
        }
    }
    failed
}

/// Whether every claim's signature verifies (one `verify_batch`).
fn holds(batch: &[Claim], keys: &[Option<VerifyingKey>]) -> bool {
    let mut messages: Vec<&[u8]> = Vec::with_capacity(batch.len());
    let mut sigs = Vec::with_capacity(batch.len());
    let mut public = Vec::with_capacity(batch.len());
    for c in batch {
        let (Some(Some(key)), Some(sig)) = (keys.get(c.key), c.sig) else {
            return false;
        };
        messages.push(&c.hash[..]);
        sigs.push(sig);
        public.push(*key);
    }
    ed25519_dalek::verify_batch(&messages, &sigs, &public).is_ok()
}

fn decode_key(public_hex: &str) -> Option<VerifyingKey> {
    hex::decode(public_hex)
        .ok()
        .and_then(|b| <[u8; PUBLIC]>::try_from(b).ok())
        .and_then(|b| VerifyingKey::from_bytes(&b).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};

    fn entry(key: &SigningKey, seq: i64, publish: bool) -> Entry {
        let body = crate::entry::EntryBody::PointsAdjusted {
            points: seq,
            reason: "test".into(),
            approved_by: "S1".into(),
            effects: Vec::new(),
        };
        let mut e = crate::conflict::hub_entry(seq, crate::journal::GENESIS, seq, "M1", &body);
        e.terminal = "T01".into();
        e.hash = e.computed_hash();
        let mut sig = Vec::new();
        if publish {
            sig.extend_from_slice(&key.verifying_key().to_bytes());
        }
        sig.extend_from_slice(&key.sign(&e.hash).to_bytes());
        e.sig = Some(sig);
        e
    }

    fn claims_of(entries: &[Entry]) -> Claims {
        let mut claims = Claims::default();
        let mut known = None;
        for (at, e) in entries.iter().enumerate() {
            known = claims.add(known.as_deref(), e, at).expect("well formed");
        }
        claims
    }

    #[test]
    fn a_thousand_good_signatures_verify_and_the_first_bad_one_is_named() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let mut entries: Vec<Entry> = (1..=1000).map(|s| entry(&key, s, s == 1)).collect();
        assert_eq!(claims_of(&entries).verify(), Ok(()));
        // Two forged signatures, in different threads' parts: the earlier is named.
        for bad in [700, 301] {
            if let Some(sig) = entries[bad].sig.as_mut() {
                sig[10] ^= 1;
            }
        }
        assert_eq!(claims_of(&entries).verify(), Err(301));
        assert_eq!(claims_of(&entries).failures(), vec![301, 700]);
    }

    #[test]
    fn claims_verified_on_their_own_thread_give_the_same_answer() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let mut entries: Vec<Entry> = (1..=400).map(|s| entry(&key, s, s == 1)).collect();
        assert_eq!(claims_of(&entries).spawn().join(), Ok(()));
        if let Some(sig) = entries[250].sig.as_mut() {
            sig[3] ^= 1;
        }
        assert_eq!(claims_of(&entries).spawn().join(), Err(250));
    }

    #[test]
    fn another_keys_signature_fails_alone_and_in_a_batch() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let other = SigningKey::from_bytes(&[8; 32]);
        let mut entries: Vec<Entry> = (1..=3).map(|s| entry(&key, s, s == 1)).collect();
        entries.push(entry(&other, 4, false));
        assert_eq!(claims_of(&entries).verify(), Err(3));
        assert_eq!(claims_of(&entries[..3]).verify(), Ok(()));
    }
}
