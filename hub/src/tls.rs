//! The hub's TLS identity: a certificate and key from the config, or made at first
//! start (rcgen, self-signed; terminals pin its fingerprint instead of trusting a CA),
//! both written mode 0600.

use std::path::Path;
use std::sync::Arc;

use carddesk_data::text::HubMsg;
use carddesk_data::Lang;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::TlsAcceptor;

pub struct Identity {
    pub cert: CertificateDer<'static>,
    pub key: PrivateKeyDer<'static>,
}

impl Identity {
    /// Hex SHA-256 of the certificate: what enrollment codes carry.
    pub fn fingerprint(&self) -> String {
        carddesk_data::enrollment::fingerprint(&self.cert)
    }

    pub fn acceptor(&self) -> anyhow::Result<TlsAcceptor> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_single_cert(vec![self.cert.clone()], self.key.clone_key())?;
        Ok(TlsAcceptor::from(Arc::new(config)))
    }
}

/// The certificate and key (`[hub] cert_file`, `key_file`), made first when neither
/// exists.
pub fn load_or_create(cert: &Path, key: &Path) -> anyhow::Result<Identity> {
    if !cert.exists() && !key.exists() {
        create(cert, key)?;
    }
    load(cert, key)
}

/// The certificate and key as `hub serve` made or found them. `hub enroll` only reads
/// them: making a second pair there would hand out a fingerprint the serving hub does
/// not have.
pub fn load_existing(cert: &Path, key: &Path, lang: Lang) -> anyhow::Result<Identity> {
    if !cert.exists() {
        anyhow::bail!(
            "{}",
            HubMsg::NoCertificate {
                path: cert.display().to_string()
            }
            .get(lang)
        );
    }
    load(cert, key)
}

fn load(cert: &Path, key: &Path) -> anyhow::Result<Identity> {
    let c = CertificateDer::from_pem_file(cert)
        .map_err(|e| anyhow::anyhow!("{}: not a PEM certificate: {e}", cert.display()))?;
    let k = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| anyhow::anyhow!("{}: not a PEM private key: {e}", key.display()))?;
    Ok(Identity { cert: c, key: k })
}

fn create(cert: &Path, key: &Path) -> anyhow::Result<()> {
    let made = rcgen::generate_simple_self_signed(vec!["carddesk-hub".to_string()])?;
    // The key first: a certificate without its key would be unusable.
    write_private(key, made.signing_key.serialize_pem().as_bytes())?;
    write_private(cert, made.cert.pem().as_bytes())?;
    tracing::info!(cert = %cert.display(), "hub: TLS certificate made");
    Ok(())
}

/// A new file, mode 0600; an existing one (another process made it first) is kept.
fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    match opts.open(path) {
        Ok(mut f) => {
            f.write_all(bytes)?;
            f.sync_all()?;
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(anyhow::anyhow!("{}: {e}", path.display())),
    }
}
