//! Respondent sessions: a short-lived signed token (HS256 JWT) naming the case. The same token
//! travels as an HttpOnly cookie for the pages and as a Bearer token for the JSON API. Nothing
//! is stored server-side, so any API replica can check it.

use crate::verified_tokens::VerifiedTokens;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

const AUDIENCE: &str = "svar-respondent";

/// How long a session lives: a token for the JSON API lasts this long from login; the pages'
/// cookie is renewed with every question page shown.
pub const SESSION_SECONDS: i64 = 2 * 60 * 60;

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    aud: String,
    iat: i64,
    exp: i64,
}

/// Signs and checks session tokens with the server's JWT key.
pub struct SessionKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    verified: VerifiedTokens,
}

#[derive(Debug, thiserror::Error)]
pub enum SessionTokenError {
    #[error("the session token is invalid or expired")]
    Invalid,
    #[error("the session token could not be signed")]
    Signing,
}

impl SessionKeys {
    pub fn new(secret: &[u8]) -> SessionKeys {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[AUDIENCE]);
        validation.leeway = 0;
        SessionKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            verified: VerifiedTokens::default(),
        }
    }

    /// A token for `case_id`, valid for [`SESSION_SECONDS`].
    pub fn issue(&self, case_id: i64) -> Result<String, SessionTokenError> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: case_id.to_string(),
            aud: AUDIENCE.to_string(),
            iat: now,
            exp: now + SESSION_SECONDS,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|_| SessionTokenError::Signing)
    }

    /// The case a valid, unexpired token names.
    pub fn verify(&self, token: &str) -> Result<i64, SessionTokenError> {
        let now = chrono::Utc::now().timestamp();
        if let Some(case_id) = self.verified.case_of(token, now) {
            return Ok(case_id);
        }
        let data = decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|_| SessionTokenError::Invalid)?;
        let case_id = data
            .claims
            .sub
            .parse()
            .map_err(|_| SessionTokenError::Invalid)?;
        self.verified.keep(token, case_id, data.claims.exp, now);
        Ok(case_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_names_its_case_and_a_tampered_one_fails() {
        let keys = SessionKeys::new(b"test-secret-test-secret-test-sec");
        let token = keys.issue(42).unwrap();
        assert_eq!(keys.verify(&token).unwrap(), 42);
        let mut tampered = token.clone();
        tampered.push('x');
        assert!(keys.verify(&tampered).is_err());
        let other = SessionKeys::new(b"another-secret-another-secret-an");
        assert!(other.verify(&token).is_err());
        // Verified once, the token is still refused by keys that never verified it, and a
        // tampered copy is still checked in full.
        assert_eq!(keys.verify(&token).unwrap(), 42);
        assert!(keys.verify(&tampered).is_err());
        assert!(other.verify(&token).is_err());
    }

    #[test]
    fn an_expired_token_is_refused_even_after_it_was_verified() {
        let keys = SessionKeys::new(b"test-secret-test-secret-test-sec");
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: "5".into(),
            aud: AUDIENCE.into(),
            iat: now - 10,
            exp: now - 1,
        };
        let expired = encode(&Header::new(Algorithm::HS256), &claims, &keys.encoding).unwrap();
        keys.verified.keep(&expired, 5, now - 1, now - 5);
        assert!(keys.verify(&expired).is_err());
    }
}
