//! PINs (operator login, supervisor approval, member payment PIN): argon2id hashes in
//! PHC string form, and a lockout after repeated failures. The failure counters are
//! local to this terminal (not replicated): they guard this keyboard.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::OpError;
use crate::rules::StaffRules;

/// argon2id with 8 MiB and 3 passes: slow enough to make a stolen book's PINs costly,
/// small enough for old front-desk PCs and the 20 MB memory budget.
fn hasher() -> Result<Argon2<'static>, OpError> {
    let params = Params::new(8 * 1024, 3, 1, None)
        .map_err(|e| OpError::Storage(format!("argon2 parameters: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// A PIN is 4 to 12 digits.
pub fn check_form(field: &str, pin: &str) -> Result<(), OpError> {
    if (4..=12).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(OpError::invalid(
            field,
            "密码应为4到12位数字",
            "a PIN is 4 to 12 digits",
        ))
    }
}

pub fn hash(pin: &str) -> Result<String, OpError> {
    let mut bytes = [0u8; 16];
    rand::fill(&mut bytes);
    let salt =
        SaltString::encode_b64(&bytes).map_err(|e| OpError::Storage(format!("PIN salt: {e}")))?;
    Ok(hasher()?
        .hash_password(pin.as_bytes(), &salt)
        .map_err(|e| OpError::Storage(format!("PIN hash: {e}")))?
        .to_string())
}

pub fn matches(pin: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    hasher()
        .map(|h| h.verify_password(pin.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
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
