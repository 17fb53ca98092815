//! The opt-out link in every e-mail and letter: `/opt-out/{token}`, where the token names the
//! case and carries a MAC under a key derived from the server's code secret, so that nobody can
//! make one for another case. It is not a login: it can only decline further contact.

use crate::code::{CodeKey, CodeKeyError};
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// What the key is derived for.
const PURPOSE: &str = "opt-out links v1";
/// Bytes of the MAC kept in a token (128 bits).
const MAC_BYTES: usize = 16;

/// Makes and checks opt-out tokens.
#[derive(Clone)]
pub struct OptOutKey {
    mac: HmacSha256,
}

impl std::fmt::Debug for OptOutKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OptOutKey(…)")
    }
}

impl OptOutKey {
    pub fn new(key: &CodeKey) -> Result<OptOutKey, CodeKeyError> {
        let derived = key.derive(PURPOSE);
        let mac = <HmacSha256 as Mac>::new_from_slice(&derived)
            .map_err(|_invalid| CodeKeyError::Unusable)?;
        Ok(OptOutKey { mac })
    }

    fn mac_of(&self, case_id: i64) -> HmacSha256 {
        let mut mac = self.mac.clone();
        mac.update(&case_id.to_le_bytes());
        mac
    }

    /// The token of case `case_id`: `{case_id}-{32 hex digits}`.
    pub fn token(&self, case_id: i64) -> String {
        let tag = self.mac_of(case_id).finalize().into_bytes();
        format!("{case_id}-{}", hex::encode(&tag[..MAC_BYTES]))
    }

    /// The case a token names, if it is genuine (compared in constant time).
    pub fn case_of(&self, token: &str) -> Option<i64> {
        let (id, tag) = token.split_once('-')?;
        let case_id: i64 = id.parse().ok().filter(|id| *id > 0)?;
        if tag.len() != MAC_BYTES * 2 {
            return None;
        }
        let tag = hex::decode(tag).ok()?;
        self.mac_of(case_id)
            .verify_truncated_left(&tag)
            .ok()
            .map(|()| case_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_names_its_case_and_cannot_be_made_for_another() {
        let key = OptOutKey::new(&CodeKey::new(b"svar-example-secret").unwrap()).unwrap();
        let token = key.token(42);
        assert!(token.starts_with("42-"));
        assert_eq!(key.case_of(&token), Some(42));
        let forged = token.replacen("42-", "43-", 1);
        assert_eq!(key.case_of(&forged), None);
        for bad in ["", "42", "42-", "x-00", "-1-00", &token[..token.len() - 2]] {
            assert_eq!(key.case_of(bad), None, "{bad}");
        }
        let other = OptOutKey::new(&CodeKey::new(b"another").unwrap()).unwrap();
        assert_eq!(other.case_of(&token), None);
    }
}
