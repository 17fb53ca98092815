//! `POST /api/v1/auth/login {"email","password"}` → 200 with a token pair. The check itself
//! (argon2, throttle, re-hash) is [`super::credentials::check_login`], which the dashboard's
//! log-in form takes too.

use super::credentials::{check_login, LoginOutcome};
use super::tokens::{issue_pair, TokenPair};
use crate::client_address::client_key;
use crate::manager_api::json_body::ValidJson;
use crate::problem::Problem;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;
use validator::Validate;

#[derive(Debug, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[validate(length(min = 1, max = 320))]
    email: String,
    #[validate(length(min = 1, max = 1024))]
    password: String,
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
    match check_login(&state, client, email, password).await? {
        LoginOutcome::LoggedIn(subject) => {
            let pair: TokenPair = issue_pair(&state.manager_keys, subject)?;
            Ok(HttpResponse::Ok().json(pair))
        }
        LoginOutcome::Refused => Err(invalid_credentials()),
        LoginOutcome::Throttled(wait) => Err(too_many_logins(wait)),
    }
}
