//! Field managers' tokens: HS256 JWTs signed with `SVAR_JWT_SECRET`, audience `svar-manager`
//! (respondent sessions use `svar-respondent`, so neither is taken for the other), and a
//! `kind` claim so a refresh token is never taken as an access token or the other way round.
//! Each token carries the user's token version; raising it in the database (logout, password
//! change) revokes every token issued before.

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

pub const AUDIENCE: &str = "svar-manager";
/// Access tokens are short: a stolen one is of use for minutes.
pub const ACCESS_SECONDS: i64 = 15 * 60;
/// A refresh token lasts a working day.
pub const REFRESH_SECONDS: i64 = 12 * 60 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    Access,
    Refresh,
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    aud: String,
    kind: TokenKind,
    /// The user's token version when the token was issued.
    ver: i64,
    iat: i64,
    exp: i64,
}

/// What a valid token says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenSubject {
    pub user_id: i64,
    pub token_version: i64,
}

/// A signed token and when it expires (seconds since the epoch).
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub token: String,
    pub expires_at: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum ManagerTokenError {
    #[error("the token is invalid, expired or of the wrong kind")]
    Invalid,
    #[error("the token could not be signed")]
    Signing,
}

/// Signs and checks managers' tokens.
pub struct ManagerKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl ManagerKeys {
    pub fn new(secret: &[u8]) -> ManagerKeys {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "aud", "sub"]);
        validation.leeway = 0;
        ManagerKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }

    /// A token of `kind` for the user, valid from now.
    pub fn issue(
        &self,
        kind: TokenKind,
        subject: TokenSubject,
    ) -> Result<IssuedToken, ManagerTokenError> {
        let now = chrono::Utc::now().timestamp();
        let lifetime = match kind {
            TokenKind::Access => ACCESS_SECONDS,
            TokenKind::Refresh => REFRESH_SECONDS,
        };
        self.sign(&Claims {
            sub: subject.user_id.to_string(),
            aud: AUDIENCE.to_string(),
            kind,
            ver: subject.token_version,
            iat: now,
            exp: now + lifetime,
        })
    }

    fn sign(&self, claims: &Claims) -> Result<IssuedToken, ManagerTokenError> {
        let token = encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .map_err(|_| ManagerTokenError::Signing)?;
        Ok(IssuedToken {
            token,
            expires_at: claims.exp,
        })
    }

    /// The subject of a valid, unexpired token of `kind`. Whether its version is still the
    /// user's is for the caller to check against the database.
    pub fn verify(&self, kind: TokenKind, token: &str) -> Result<TokenSubject, ManagerTokenError> {
        let claims = decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|_| ManagerTokenError::Invalid)?
            .claims;
        if claims.kind != kind {
            return Err(ManagerTokenError::Invalid);
        }
        let user_id = claims.sub.parse().map_err(|_| ManagerTokenError::Invalid)?;
        Ok(TokenSubject {
            user_id,
            token_version: claims.ver,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session_token::SessionKeys;

    const SECRET: &[u8] = b"test-secret-test-secret-test-sec";
    const SUBJECT: TokenSubject = TokenSubject {
        user_id: 7,
        token_version: 3,
    };

    #[test]
    fn a_token_is_only_taken_for_its_own_kind() {
        let keys = ManagerKeys::new(SECRET);
        let access = keys.issue(TokenKind::Access, SUBJECT).unwrap();
        let refresh = keys.issue(TokenKind::Refresh, SUBJECT).unwrap();
        assert_eq!(
            keys.verify(TokenKind::Access, &access.token).unwrap(),
            SUBJECT
        );
        assert_eq!(
            keys.verify(TokenKind::Refresh, &refresh.token).unwrap(),
            SUBJECT
        );
        assert!(keys.verify(TokenKind::Access, &refresh.token).is_err());
        assert!(keys.verify(TokenKind::Refresh, &access.token).is_err());
        assert!(refresh.expires_at - access.expires_at > 60 * 60);
    }

    #[test]
    fn respondent_sessions_and_manager_tokens_are_never_confused() {
        let managers = ManagerKeys::new(SECRET);
        let respondents = SessionKeys::new(SECRET);
        let session = respondents.issue(7).unwrap();
        assert!(managers.verify(TokenKind::Access, &session).is_err());
        let access = managers.issue(TokenKind::Access, SUBJECT).unwrap();
        assert!(respondents.verify(&access.token).is_err());
    }

    #[test]
    fn expired_tampered_and_foreign_tokens_are_refused() {
        let keys = ManagerKeys::new(SECRET);
        let now = chrono::Utc::now().timestamp();
        let expired = keys
            .sign(&Claims {
                sub: "7".into(),
                aud: AUDIENCE.into(),
                kind: TokenKind::Access,
                ver: 0,
                iat: now - 1000,
                exp: now - 1,
            })
            .unwrap();
        assert!(keys.verify(TokenKind::Access, &expired.token).is_err());
        let good = keys.issue(TokenKind::Access, SUBJECT).unwrap().token;
        // Another user id in the payload, the signature kept.
        use base64::Engine;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let parts: Vec<&str> = good.split('.').collect();
        let payload = String::from_utf8(b64.decode(parts[1]).unwrap()).unwrap();
        let forged = payload.replace(r#""sub":"7""#, r#""sub":"1""#);
        assert_ne!(payload, forged);
        let tampered = format!("{}.{}.{}", parts[0], b64.encode(forged), parts[2]);
        assert!(keys.verify(TokenKind::Access, &tampered).is_err());
        let other = ManagerKeys::new(b"another-secret-another-secret-an");
        assert!(other.verify(TokenKind::Access, &good).is_err());
    }
}
