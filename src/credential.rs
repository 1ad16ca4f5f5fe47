//! A terminal's hub credential: the token it got for an enrollment code, and the hub
//! certificate's SHA-256 fingerprint it pins. Kept in a token file of its own, mode
//! 0600 (config.toml is usually world-readable), replaced atomically on rotation.
//! The wire shapes of `POST /v1/enroll` and `POST /v1/rotate` are carddesk-data's
//! (`carddesk_data::enrollment`), shared with the hub.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use carddesk_data::enrollment::{CredentialReply, EnrollRequest};

use crate::config::Loaded;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    pub terminal: String,
    pub token: String,
    /// Hex SHA-256 of the hub's certificate (DER); empty for a plain-HTTP hub.
    #[serde(default)]
    pub fingerprint: String,
}

/// An enrollment code as `carddesk hub enroll` prints it: `cde_SECRET` and, for a TLS
/// hub, `.FINGERPRINT` after it, so that the first contact is already pinned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrollmentCode {
    pub secret: String,
    pub fingerprint: Option<String>,
}

impl EnrollmentCode {
    pub fn parse(text: &str) -> Option<EnrollmentCode> {
        let text = text.trim();
        let (secret, fingerprint) = match text.split_once('.') {
            Some((s, f)) => (s, Some(f.to_ascii_lowercase())),
            None => (text, None),
        };
        let hex_ok = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_hexdigit());
        let secret_ok = secret.strip_prefix("cde_").is_some_and(|h| hex_ok(h, 32));
        if !secret_ok || fingerprint.as_deref().is_some_and(|f| !hex_ok(f, 64)) {
            return None;
        }
        Some(EnrollmentCode {
            secret: secret.to_string(),
            fingerprint,
        })
    }

    pub fn format(secret: &str, fingerprint: Option<&str>) -> String {
        match fingerprint {
            Some(f) => format!("{secret}.{f}"),
            None => secret.to_string(),
        }
    }
}

/// Where this terminal's token file is (`[sync] token_file`, relative to the config).
pub fn path(loaded: &Loaded) -> PathBuf {
    loaded.resolve(&loaded.config.sync.token_file)
}

/// The token file, or None when there is none yet.
pub fn load(path: &Path) -> anyhow::Result<Option<Credential>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => anyhow::bail!("{}: {e}", path.display()),
    };
    let c: Credential =
        toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok(Some(c))
}

/// Writes the token file: a private temporary file beside it, then a rename, so a
/// crash leaves the old credential or the new one, never half of one.
pub fn save(path: &Path, c: &Credential) -> anyhow::Result<()> {
    let text = format!(
        "# carddesk hub credential of this terminal: keep it private (mode 0600)\n{}",
        toml::to_string(c)?
    );
    let tmp = path.with_extension("tmp");
    let _ = std::fs::remove_file(&tmp);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(&tmp)
        .map_err(|e| anyhow::anyhow!("{}: {e}", tmp.display()))?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_with_and_without_a_fingerprint() {
        let secret = format!("cde_{}", "ab".repeat(16));
        let fp = "0F".repeat(32);
        let c = EnrollmentCode::parse(&format!(" {secret}.{fp} ")).expect("code");
        assert_eq!(c.secret, secret);
        assert_eq!(c.fingerprint.as_deref(), Some("0f".repeat(32).as_str()));
        assert_eq!(
            EnrollmentCode::parse(&secret).map(|c| c.fingerprint),
            Some(None)
        );
        assert!(EnrollmentCode::parse("cde_12").is_none());
        assert!(EnrollmentCode::parse(&format!("{secret}.abc")).is_none());
        assert!(EnrollmentCode::parse("cdt_whatever").is_none());
    }
}
