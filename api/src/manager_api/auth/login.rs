//! `POST /api/v1/auth/login {"email","password"}` → 200 with a token pair. A wrong password and
//! an unknown address get the same 401 after the same work (an unknown address is checked
//! against a dummy hash). A hash with parameters below the current ones is replaced after a
//! successful login.

use super::tokens::{issue_pair, TokenPair};
use crate::blocking::with_db;
use crate::client_address::client_key;
use crate::manager_api::json_body::ValidJson;
use crate::manager_api::login_throttle::AccountKey;
use crate::manager_api::token::TokenSubject;
use crate::problem::Problem;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;
use svar_core::accounts::{hash_password, verify_against_dummy, verify_password, Email};
use svar_core::db::users::{self, HashChange};
use svar_core::db::AnyConnection;
use validator::Validate;

#[derive(Debug, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[validate(length(min = 1, max = 320))]
    email: String,
    #[validate(length(min = 1, max = 1024))]
    password: String,
}

enum Outcome {
    LoggedIn(TokenSubject),
    Refused,
    Throttled(Duration),
}

pub fn invalid_credentials() -> Problem {
    Problem::new(
        StatusCode::UNAUTHORIZED,
        "invalid-credentials",
        "The e-mail address or the password is wrong",
    )
}

pub fn too_many_logins(wait: Duration) -> Problem {
    Problem::new(
        StatusCode::TOO_MANY_REQUESTS,
        "too-many-attempts",
        "Too many failed logins; wait before trying again",
    )
    .retry_after(wait)
}

pub async fn post(
    state: web::Data<Arc<AppState>>,
    req: HttpRequest,
    body: ValidJson<LoginRequest>,
) -> Result<HttpResponse, Problem> {
    let client = client_key(&req);
    let LoginRequest { email, password } = body.into_inner()?;
    let outcome = with_db(&state, move |conn, st| {
        let user = match Email::parse(&email) {
            Ok(email) => users::find_by_email(conn, &email)?,
            Err(_) => None,
        };
        let account = match &user {
            Some(u) => AccountKey::User(u.id),
            None => AccountKey::Unknown(email.trim().to_lowercase()),
        };
        if let Err(wait) = st.login_throttle.check(&account, client) {
            return Ok::<_, Problem>(Outcome::Throttled(wait));
        }
        let Some(user) = user else {
            verify_against_dummy(&password);
            st.login_throttle.failed(&account, client);
            return Ok(Outcome::Refused);
        };
        let verified = verify_password(&password, &user.password_hash);
        if !verified.matches {
            st.login_throttle.failed(&account, client);
            tracing::warn!(user_id = user.id, "failed manager login");
            return Ok(Outcome::Refused);
        }
        st.login_throttle.succeeded(&account);
        if verified.needs_rehash {
            rehash(conn, user.id, &password);
        }
        tracing::info!(user_id = user.id, "manager logged in");
        Ok(Outcome::LoggedIn(TokenSubject {
            user_id: user.id,
            token_version: user.token_version,
        }))
    })
    .await??;
    match outcome {
        Outcome::LoggedIn(subject) => {
            let pair: TokenPair = issue_pair(&state.manager_keys, subject)?;
            Ok(HttpResponse::Ok().json(pair))
        }
        Outcome::Refused => Err(invalid_credentials()),
        Outcome::Throttled(wait) => Err(too_many_logins(wait)),
    }
}

/// Stores the password again with the current parameters. A failure here must not fail the
/// login: the old hash still verifies, and the next login tries again.
fn rehash(conn: &mut AnyConnection, user_id: i64, password: &str) {
    let stored = hash_password(password)
        .map_err(|e| e.to_string())
        .and_then(|h| {
            users::set_password_hash(conn, user_id, &h, HashChange::Rehash)
                .map_err(|e| e.to_string())
        });
    match stored {
        Ok(()) => tracing::info!(user_id, "password re-hashed with current parameters"),
        Err(error) => tracing::warn!(user_id, %error, "password re-hash failed"),
    }
}
