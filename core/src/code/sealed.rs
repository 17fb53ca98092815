//! A letter's access code kept sealed until its print batch is handed over: the mailing house
//! may download the batch's files more than once and must get the same codes each time, yet no
//! plain code is ever stored (DESIGN.md). The code is encrypted with ChaCha20-Poly1305 under a
//! key derived from the server's code secret, bound to its letter (the contact attempt's id),
//! and the sealed text is dropped when the batch is handed over.

use super::{AccessCode, CodeKey};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

/// What the key is derived for.
const PURPOSE: &str = "sealed print batch codes v1";

/// Why a sealed code could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("the operating system's random source failed")]
    Random,
    #[error("the sealed code is damaged, belongs to another letter, or the code secret changed")]
    Unreadable,
}

/// Seals and opens letters' codes.
#[derive(Clone)]
pub struct CodeSeal {
    cipher: ChaCha20Poly1305,
}

impl std::fmt::Debug for CodeSeal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CodeSeal(…)")
    }
}

impl CodeSeal {
    pub fn new(key: &CodeKey) -> CodeSeal {
        let derived = key.derive(PURPOSE);
        CodeSeal {
            cipher: ChaCha20Poly1305::new(&Key::from(derived)),
        }
    }

    /// The code sealed for letter `attempt_id`: hex of a random nonce and the ciphertext.
    pub fn seal(&self, code: &AccessCode, attempt_id: i64) -> Result<String, SealError> {
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).map_err(|_| SealError::Random)?;
        let aad = attempt_id.to_le_bytes();
        let sealed = self
            .cipher
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: code.as_str().as_bytes(),
                    aad: &aad,
                },
            )
            .map_err(|_| SealError::Unreadable)?;
        let mut out = hex::encode(nonce);
        out.push_str(&hex::encode(sealed));
        Ok(out)
    }

    /// The code sealed for letter `attempt_id`.
    pub fn open(&self, sealed: &str, attempt_id: i64) -> Result<AccessCode, SealError> {
        let bytes = hex::decode(sealed).map_err(|_| SealError::Unreadable)?;
        if bytes.len() < 12 {
            return Err(SealError::Unreadable);
        }
        let (nonce, ciphertext) = bytes.split_at(12);
        let nonce: [u8; 12] = nonce.try_into().map_err(|_| SealError::Unreadable)?;
        let aad = attempt_id.to_le_bytes();
        let plain = self
            .cipher
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| SealError::Unreadable)?;
        let text = std::str::from_utf8(&plain).map_err(|_| SealError::Unreadable)?;
        AccessCode::parse(text).map_err(|_| SealError::Unreadable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_code_opens_for_its_letter_only_and_never_shows_in_clear() {
        let key = CodeKey::new(b"svar-example-secret").unwrap();
        let seal = CodeSeal::new(&key);
        let code = AccessCode::parse("K7QM2XHD9WBTN").unwrap();
        let sealed = seal.seal(&code, 41).unwrap();
        assert!(!sealed.to_uppercase().contains("K7QM"));
        assert_eq!(seal.open(&sealed, 41).unwrap(), code);
        assert_eq!(seal.open(&sealed, 42), Err(SealError::Unreadable));
        assert_ne!(
            seal.seal(&code, 41).unwrap(),
            sealed,
            "a fresh nonce each time"
        );
        let other = CodeSeal::new(&CodeKey::new(b"another secret").unwrap());
        assert_eq!(other.open(&sealed, 41), Err(SealError::Unreadable));
        assert_eq!(seal.open("zz", 41), Err(SealError::Unreadable));
        let mut damaged = sealed.clone();
        let flipped = if &damaged[30..31] == "0" { "1" } else { "0" };
        damaged.replace_range(30..31, flipped);
        assert_eq!(seal.open(&damaged, 41), Err(SealError::Unreadable));
    }
}
