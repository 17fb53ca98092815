//! The token pair every successful login, refresh and password change answers with.

use crate::manager_api::timestamps::from_seconds;
use crate::manager_api::token::{ManagerKeys, TokenKind, TokenSubject};
use crate::problem::Problem;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct TokenPair {
    /// The access token: `Authorization: Bearer <token>` on every manager route.
    pub token: String,
    pub expires_at: String,
    /// Exchanged at `POST /api/v1/auth/refresh` for a new pair.
    pub refresh_token: String,
    pub refresh_expires_at: String,
}

pub fn issue_pair(keys: &ManagerKeys, subject: TokenSubject) -> Result<TokenPair, Problem> {
    let access = keys
        .issue(TokenKind::Access, subject)
        .map_err(|_| Problem::internal())?;
    let refresh = keys
        .issue(TokenKind::Refresh, subject)
        .map_err(|_| Problem::internal())?;
    Ok(TokenPair {
        token: access.token,
        expires_at: from_seconds(access.expires_at),
        refresh_token: refresh.token,
        refresh_expires_at: from_seconds(refresh.expires_at),
    })
}
