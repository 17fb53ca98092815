//! The server secret that turns access codes into the keyed hashes stored in the database.
//!
//! Only HMAC-SHA256(secret, code) is stored, so a copy of the database alone does not give
//! anyone a usable code (METHODS.md §5). The secret comes from `SVAR_CODE_SECRET`.

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::access_code::AccessCode;
use super::error::CodeKeyError;

type HmacSha256 = Hmac<Sha256>;

/// Bytes of randomness in a generated secret (256 bits).
const GENERATED_SECRET_BYTES: usize = 32;
/// Message whose keyed hash identifies a key without revealing it.
const KEY_ID_MESSAGE: &[u8] = b"svar access code key id";
/// Bytes of the key id (shown as 16 hex digits).
const KEY_ID_BYTES: usize = 8;

/// The keyed hash function for access codes. `Debug` does not show the secret.
#[derive(Clone)]
pub struct CodeKey {
    /// HMAC state initialised with the secret; cloned for every hash.
    keyed_mac: HmacSha256,
}

impl CodeKey {
    /// Makes a key from the secret's bytes; an empty secret is refused.
    pub fn new(secret: &[u8]) -> Result<Self, CodeKeyError> {
        if secret.is_empty() {
            return Err(CodeKeyError::Empty);
        }
        let keyed_mac =
            HmacSha256::new_from_slice(secret).map_err(|_invalid| CodeKeyError::Unusable)?;
        Ok(Self { keyed_mac })
    }

    /// Lowercase hex of HMAC-SHA256(secret, the 13 normalised ASCII symbols of the code).
    #[must_use]
    pub fn hash(&self, code: &AccessCode) -> String {
        self.hex_mac(code.as_str().as_bytes())
    }

    /// A short identifier of this key (16 hex digits), to store next to hashes so that a key
    /// can be rotated; derived by HMAC, so it reveals nothing about the secret.
    #[must_use]
    pub fn key_id(&self) -> String {
        let mut id = self.hex_mac(KEY_ID_MESSAGE);
        id.truncate(KEY_ID_BYTES * 2);
        id
    }

    /// A new random secret (32 bytes from the operating system, as 64 hex digits), for example
    /// for a development default when `SVAR_CODE_SECRET` is not set.
    pub fn generate_secret() -> Result<String, getrandom::Error> {
        let mut secret = [0u8; GENERATED_SECRET_BYTES];
        getrandom::fill(&mut secret)?;
        Ok(hex::encode(secret))
    }

    /// A key of its own for `purpose` (sealing letters' codes, signing opt-out links), derived
    /// from the same secret, so that no second secret has to be configured and none of the
    /// keys tells anything about another.
    #[must_use]
    pub fn derive(&self, purpose: &str) -> [u8; 32] {
        let mut mac = self.keyed_mac.clone();
        mac.update(b"svar derived key: ");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }

    fn hex_mac(&self, message: &[u8]) -> String {
        let mut mac = self.keyed_mac.clone();
        mac.update(message);
        hex::encode(mac.finalize().into_bytes())
    }
}

impl fmt::Debug for CodeKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("CodeKey(…)")
    }
}
