//! Respondent sessions: a short-lived signed token (HS256 JWT) naming the case. The same token
//! travels as an HttpOnly cookie for the pages and as a Bearer token for the JSON API. Nothing
//! is stored server-side, so any API replica can check it.

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
        let data = decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|_| SessionTokenError::Invalid)?;
        data.claims
            .sub
            .parse()
            .map_err(|_| SessionTokenError::Invalid)
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
    }
}
