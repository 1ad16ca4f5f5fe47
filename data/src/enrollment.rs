//! How a terminal gets its hub token, as both sides see it: the wire shapes of
//! `POST /v1/enroll` and `POST /v1/rotate`, and the certificate fingerprint an
//! enrollment code carries and the terminal then pins.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// `POST /v1/enroll` (no token: the code is the proof).
#[derive(Debug, Serialize, Deserialize)]
pub struct EnrollRequest {
    /// The code's secret part (`cde_…`).
    pub code: String,
    /// The terminal enrolling: a code only works for the terminal it was issued to.
    pub terminal: String,
}

/// The answer of `POST /v1/enroll` and `POST /v1/rotate`.
#[derive(Debug, Serialize, Deserialize)]
pub struct CredentialReply {
    pub terminal: String,
    pub token: String,
}

/// Hex SHA-256 of a certificate's DER bytes: what `carddesk hub enroll` hands out.
pub fn fingerprint(der: &[u8]) -> String {
    hex::encode(Sha256::digest(der))
}
