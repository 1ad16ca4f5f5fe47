//! PINs (operator login, supervisor approval, member payment PIN): argon2id hashes in
//! PHC string form, and a lockout after repeated failures. The failure counters are
//! local to this terminal (not replicated): they guard this keyboard.
//!
//! PIN hashes replicate to every book and backup, and a 4-digit PIN falls to 10,000
//! guesses. So hashes are keyed with the chain's secret pepper (argon2's secret input),
//! kept in a file outside the book and its backups: without that file a stolen book's
//! hashes cannot be tried offline at all. A peppered hash is stored as
//! `pepper:<id>:<PHC>`, `id` naming the pepper (its SHA-256, first 8 hex digits), so a
//! terminal given another chain's pepper says so instead of calling every PIN wrong.
//! Hashes set before the pepper (bare PHC strings) still verify, unkeyed.

use std::path::Path;
use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use carddesk_model::text::Why;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::Digest;

use crate::entry::Role;
use crate::error::OpError;
use crate::rules::StaffRules;

/// The chain's pepper, for this process (one process works for one chain).
struct Pepper {
    secret: [u8; 32],
    id: String,
}

static PEPPER: OnceLock<Pepper> = OnceLock::new();
static PEPPER_FILE: OnceLock<std::path::PathBuf> = OnceLock::new();

/// Keys PIN hashes with the pepper in `path`, read when first needed and made there
/// (mode 0600) by the first PIN set. Every terminal of a chain must hold the same file
/// (see docs/security.md). One process works for one chain: a second call
/// with another path is refused.
pub fn use_pepper_file(path: &Path) -> Result<(), OpError> {
    let set = PEPPER_FILE.get_or_init(|| path.to_path_buf());
    if set != path {
        return Err(OpError::Storage(format!(
            "PIN pepper {} is already {}: one chain per process",
            path.display(),
            set.display()
        )));
    }
    Ok(())
}

/// The pepper, read from its file; made there first when `create` (a PIN being set).
fn pepper(create: bool) -> Result<Option<&'static Pepper>, OpError> {
    if let Some(p) = PEPPER.get() {
        return Ok(Some(p));
    }
    let Some(path) = PEPPER_FILE.get() else {
        return Ok(None);
    };
    let failed = |what: &str, e: &dyn std::fmt::Display| {
        OpError::Storage(format!("PIN pepper {}: {what}: {e}", path.display()))
    };
    let secret: [u8; 32] = match std::fs::read_to_string(path) {
        Ok(text) => hex::decode(text.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| failed("unreadable", &"not 64 hex digits"))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !create => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let secret = rand::random::<[u8; 32]>();
            crate::signing::write_private(path, &hex::encode(secret))
                .map_err(|e| failed("cannot create", &e))?;
            secret
        }
        Err(e) => return Err(failed("cannot read", &e)),
    };
    let id = hex::encode(&sha2::Sha256::digest(secret)[..4]);
    Ok(Some(PEPPER.get_or_init(|| Pepper { secret, id })))
}

/// argon2id with 8 MiB and 3 passes: slow enough to make a stolen book's PINs costly,
/// small enough for old front-desk PCs and the 20 MB memory budget. Keyed with
/// `secret` (the pepper) when given.
fn hasher(secret: Option<&'static [u8]>) -> Result<Argon2<'static>, OpError> {
    let params = Params::new(8 * 1024, 3, 1, None)
        .map_err(|e| OpError::Storage(format!("argon2 parameters: {e}")))?;
    match secret {
        Some(s) => Argon2::new_with_secret(s, Algorithm::Argon2id, Version::V0x13, params)
            .map_err(|e| OpError::Storage(format!("argon2 pepper: {e}"))),
        None => Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params)),
    }
}

/// Supervisors and admins approve money moves: their PINs are at least 6 digits.
pub fn check_role_form(field: &str, pin: &str, role: Role) -> Result<(), OpError> {
    check_form(field, pin)?;
    if role >= Role::Supervisor && pin.len() < 6 {
        return Err(OpError::invalid(field, Why::SupervisorPinLength));
    }
    Ok(())
}

/// A PIN is 4 to 12 digits.
pub fn check_form(field: &str, pin: &str) -> Result<(), OpError> {
    if (4..=12).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(OpError::invalid(field, Why::PinLength))
    }
}

/// The stored form of a new PIN: peppered when this process has the chain's pepper.
pub fn hash(pin: &str) -> Result<String, OpError> {
    let mut bytes = [0u8; 16];
    rand::fill(&mut bytes);
    let salt =
        SaltString::encode_b64(&bytes).map_err(|e| OpError::Storage(format!("PIN salt: {e}")))?;
    let pepper = pepper(true)?;
    let phc = hasher(pepper.map(|p| &p.secret[..]))?
        .hash_password(pin.as_bytes(), &salt)
        .map_err(|e| OpError::Storage(format!("PIN hash: {e}")))?
        .to_string();
    Ok(match pepper {
        Some(p) => format!("pepper:{}:{phc}", p.id),
        None => phc,
    })
}

/// Whether `pin` is the one `stored` was made from. A hash keyed with a pepper this
/// terminal lacks is a setup problem, refused in words rather than counted as wrong.
pub fn verify(pin: &str, stored: &str) -> Result<bool, OpError> {
    let (secret, phc) = match stored.strip_prefix("pepper:") {
        Some(rest) => {
            let (id, phc) = rest.split_once(':').unwrap_or(("", rest));
            match pepper(false)? {
                Some(p) if p.id == id => (Some(&p.secret[..]), phc),
                _ => return Err(OpError::invalid("pin", Why::PinPepper)),
            }
        }
        None => (None, stored),
    };
    let Ok(parsed) = PasswordHash::new(phc) else {
        return Ok(false);
    };
    Ok(hasher(secret)?
        .verify_password(pin.as_bytes(), &parsed)
        .is_ok())
}

/// [`verify`], with any problem counted as no match (tests and tools).
pub fn matches(pin: &str, stored: &str) -> bool {
    verify(pin, stored).unwrap_or(false)
}

/// Refuses while `subject` is locked out.
pub fn ensure_not_locked(conn: &Connection, subject: &str, now_ms: i64) -> Result<(), OpError> {
    let until: Option<i64> = conn
        .prepare_cached("SELECT locked_until_ms FROM pin_failures WHERE subject = ?1")?
        .query_row([subject], |r| r.get(0))
        .optional()?;
    match until {
        Some(until) if until > now_ms => Err(OpError::LockedOut {
            subject: subject.to_string(),
            minutes: (until - now_ms + 59_999) / 60_000,
        }),
        _ => Ok(()),
    }
}

/// Counts a wrong PIN; the `pin_max_failures`-th in a row locks the subject out (and
/// only then is `LockedOut` returned: callers check `ensure_not_locked` first). Runs outside the
/// refused operation's transaction, which rolls back.
pub fn record_failure(
    conn: &Connection,
    subject: &str,
    now_ms: i64,
    policy: &StaffRules,
) -> Result<OpError, OpError> {
    let max = policy.pin_max_failures;
    let failures: u32 = conn
        .prepare_cached("SELECT failures FROM pin_failures WHERE subject = ?1")?
        .query_row([subject], |r| r.get(0))
        .optional()?
        .unwrap_or(0)
        + 1;
    let locked_until = if failures >= max {
        now_ms + policy.pin_lockout_minutes * 60_000
    } else {
        0
    };
    let stored = if failures >= max { 0 } else { failures };
    conn.prepare_cached(
        "INSERT INTO pin_failures (subject, failures, locked_until_ms) VALUES (?1, ?2, ?3)
         ON CONFLICT(subject) DO UPDATE SET failures = ?2, locked_until_ms = ?3",
    )?
    .execute(params![subject, stored, locked_until])?;
    Ok(if failures >= max {
        OpError::LockedOut {
            subject: subject.to_string(),
            minutes: policy.pin_lockout_minutes,
        }
    } else {
        OpError::WrongPin {
            subject: subject.to_string(),
            attempts_left: max - failures,
        }
    })
}

pub fn clear_failures(conn: &Connection, subject: &str) -> Result<(), OpError> {
    conn.prepare_cached("DELETE FROM pin_failures WHERE subject = ?1")?
        .execute([subject])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_matches_its_hash_and_no_other() {
        let h = hash("4821").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(matches("4821", &h));
        assert!(!matches("4822", &h));
        assert!(!matches("4821", "not a hash"));
    }

    #[test]
    fn pins_are_four_to_twelve_digits() {
        assert!(check_form("pin", "1234").is_ok());
        assert!(check_form("pin", "123").is_err());
        assert!(check_form("pin", "12a4").is_err());
        assert!(check_form("pin", "1234567890123").is_err());
    }
}
