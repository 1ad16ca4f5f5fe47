//! Authentic entries. The hash chain shows that history was changed only if the last
//! hash is known elsewhere; entries not yet pushed could be rewritten, hashes and all.
//! So each terminal signs every entry's hash with its own Ed25519 key, kept in a file
//! beside the book (never inside it or its backups). The signature is stored beside
//! the entry (`sig`, not covered by the hash). The first signed entry of a terminal's
//! chain publishes the public key: its `sig` is the 32-byte public key followed by the
//! 64-byte signature, so the hub and every replica learn the key from the journal
//! itself without a journal entry of its own (member numbers follow entry numbers).
//! From that entry on every entry of the chain must carry a valid signature by that
//! key, and a second key for the same terminal is refused. Entries before it (books
//! older than signing) are legacy: accepted, and counted by `verify`.
//!
//! This stops anyone without the key file (someone holding a copy of the book or a
//! backup, a hub token, or write access to the hub's store) from rewriting or forging a
//! terminal's entries once its key is on the hub, and `verify` compares the book's key
//! with the key file's. It does not stop someone who holds the key file.

use std::cell::OnceCell;
use std::io::Write;
use std::path::{Path, PathBuf};

use ed25519_dalek::{Signer, SigningKey};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::OpError;
use crate::journal::{self, Entry, Hash};
use crate::signatures::{Claims, DOES_NOT_VERIFY, PUBLIC, SIGNATURE};

/// A terminal's signing key.
pub struct TerminalKey {
    key: SigningKey,
}

impl TerminalKey {
    /// Reads the key file (the 32-byte secret as hex), or makes a new key there, mode
    /// 0600, when there is none.
    pub fn load_or_create(path: &Path) -> Result<TerminalKey, OpError> {
        let failed = |what: &str, e: &dyn std::fmt::Display| {
            OpError::Storage(format!("terminal key {}: {what}: {e}", path.display()))
        };
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let bytes: [u8; 32] = hex::decode(text.trim())
                    .ok()
                    .and_then(|b| b.try_into().ok())
                    .ok_or_else(|| failed("unreadable", &"not 64 hex digits"))?;
                Ok(TerminalKey {
                    key: SigningKey::from_bytes(&bytes),
                })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = SigningKey::from_bytes(&rand::random::<[u8; 32]>());
                write_private(path, &hex::encode(key.to_bytes()))
                    .map_err(|e| failed("cannot create", &e))?;
                Ok(TerminalKey { key })
            }
            Err(e) => Err(failed("cannot read", &e)),
        }
    }

    pub fn public_hex(&self) -> String {
        hex::encode(self.key.verifying_key().to_bytes())
    }

    /// A new key, kept in no file (a benchmark's generated terminals).
    pub fn generate() -> TerminalKey {
        TerminalKey {
            key: SigningKey::from_bytes(&rand::random::<[u8; 32]>()),
        }
    }

    pub fn sign(&self, hash: &Hash) -> Vec<u8> {
        self.key.sign(hash).to_bytes().to_vec()
    }

    /// The `sig` of the entry of `hash`: its signature, after the public key when the
    /// entry publishes it (the chain's first signed entry).
    pub fn sig_column(&self, hash: &Hash, publish: bool) -> Vec<u8> {
        let mut sig = Vec::with_capacity(PUBLIC + SIGNATURE);
        if publish {
            sig.extend_from_slice(&self.key.verifying_key().to_bytes());
        }
        sig.extend_from_slice(&self.sign(hash));
        sig
    }
}

/// Writes a secret to a new file only its owner can read (0600).
pub fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let mut f = private_file(path)?;
    writeln!(f, "{text}")?;
    f.sync_all()
}

#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

/// Where a book's key lives, loaded on the first write.
#[derive(Default)]
pub struct KeySlot {
    path: Option<PathBuf>,
    key: OnceCell<TerminalKey>,
}

impl KeySlot {
    pub fn at(path: PathBuf) -> KeySlot {
        KeySlot {
            path: Some(path),
            key: OnceCell::new(),
        }
    }

    /// The key file's public key (hex) when the file exists; never makes one.
    pub fn public_if_present(&self) -> Result<Option<String>, OpError> {
        match &self.path {
            Some(p) if p.exists() => Ok(self.get()?.map(TerminalKey::public_hex)),
            _ => Ok(None),
        }
    }

    /// The key, made on first use; None when this book signs nothing (tools, tests).
    pub fn get(&self) -> Result<Option<&TerminalKey>, OpError> {
        let Some(path) = &self.path else {
            return Ok(None);
        };
        if let Some(k) = self.key.get() {
            return Ok(Some(k));
        }
        let k = TerminalKey::load_or_create(path)?;
        Ok(Some(self.key.get_or_init(|| k)))
    }
}

impl KeySlot {
    /// Opens a write transaction's signing (see [`begin`]): the seq from which
    /// [`KeySlot::seal`] signs; None when this book signs nothing.
    pub fn begin(&self, tx: &Connection, terminal: &str) -> Result<Option<i64>, OpError> {
        match self.get()? {
            Some(key) => Ok(Some(begin(tx, terminal, key)?)),
            None => Ok(None),
        }
    }

    /// Signs the entries written since [`KeySlot::begin`], before the commit.
    pub fn seal(&self, tx: &Connection, terminal: &str, from: Option<i64>) -> Result<(), OpError> {
        match (from, self.get()?) {
            (Some(from), Some(key)) => seal(tx, terminal, key, from),
            _ => Ok(()),
        }
    }
}

/// The key `terminal` published in the journal on `conn`, if any (hex).
pub fn published_key(conn: &Connection, terminal: &str) -> Result<Option<String>, OpError> {
    let sig: Option<Vec<u8>> = conn
        .prepare_cached(
            "SELECT sig FROM journal WHERE terminal = ?1 AND length(sig) = 96
             ORDER BY seq LIMIT 1",
        )?
        .query_row([terminal], |r| r.get(0))
        .optional()?;
    Ok(sig.map(|s| hex::encode(&s[..PUBLIC])))
}

/// Opens a write transaction's signing: refuses when this terminal's chain was signed
/// with another key than the key file's, and returns the seq from which [`seal`] signs.
pub fn begin(conn: &Connection, terminal: &str, key: &TerminalKey) -> Result<i64, OpError> {
    let mine = key.public_hex();
    if let Some(k) = published_key(conn, terminal)?.filter(|k| *k != mine) {
        return Err(OpError::Storage(format!(
            "terminal {terminal}'s entries are signed with key {}…, not the key file's {}…: restore its key file",
            &k[..12],
            &mine[..12]
        )));
    }
    Ok(journal::chain_tip(conn, terminal)?.0)
}

/// Signs this terminal's entries from `from_seq` on, before the transaction commits;
/// the chain's first signed entry also publishes the public key.
pub fn seal(
    conn: &Connection,
    terminal: &str,
    key: &TerminalKey,
    from_seq: i64,
) -> Result<(), OpError> {
    let unsigned: Vec<(i64, Vec<u8>)> = conn
        .prepare_cached(
            "SELECT seq, hash FROM journal WHERE terminal = ?1 AND seq >= ?2 AND sig IS NULL
             ORDER BY seq",
        )?
        .query_map(params![terminal, from_seq], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut published = published_key(conn, terminal)?.is_some();
    for (seq, hash) in unsigned {
        let hash: Hash = hash
            .try_into()
            .map_err(|_| OpError::Storage("journal hash is not 32 bytes".into()))?;
        let sig = key.sig_column(&hash, !published);
        published = true;
        conn.prepare_cached("UPDATE journal SET sig = ?3 WHERE terminal = ?1 AND seq = ?2")?
            .execute(params![terminal, seq, sig])?;
    }
    Ok(())
}

/// Checks one entry of a terminal's chain, taken in seq order, against the key the
/// chain published before it (`known`, hex); returns the key in force after it. Many
/// entries are checked faster together: [`crate::signatures::Claims`].
pub fn check_signature(known: Option<&str>, e: &Entry) -> Result<Option<String>, String> {
    let mut claims = Claims::default();
    let key = claims.add(known, e, 0)?;
    claims.verify().map_err(|_| DOES_NOT_VERIFY.to_string())?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body() -> crate::entry::EntryBody {
        crate::entry::EntryBody::PointsAdjusted {
            points: 1,
            reason: "test".into(),
            approved_by: "S1".into(),
            effects: Vec::new(),
        }
    }

    #[test]
    fn a_signature_verifies_only_for_its_hash_and_key() {
        let dir = tempfile::tempdir().expect("tmp");
        let key = TerminalKey::load_or_create(&dir.path().join("t.key")).expect("key");
        let again = TerminalKey::load_or_create(&dir.path().join("t.key")).expect("key");
        assert_eq!(key.public_hex(), again.public_hex());
        let other = TerminalKey::load_or_create(&dir.path().join("u.key")).expect("key");
        let signed = |k: &TerminalKey, hash: Hash| {
            let mut e = crate::conflict::hub_entry(1, journal::GENESIS, 1, "M1", &body());
            e.terminal = "T01".into();
            e.hash = hash;
            e.sig = Some(k.sign(&[7; 32]));
            e
        };
        let public = key.public_hex();
        assert_eq!(
            check_signature(Some(&public), &signed(&key, [7; 32])),
            Ok(Some(public.clone()))
        );
        assert!(check_signature(Some(&public), &signed(&key, [8; 32])).is_err());
        assert!(check_signature(Some(&other.public_hex()), &signed(&key, [7; 32])).is_err());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("t.key"))
                .expect("meta")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
