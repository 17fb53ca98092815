//! `POST /api/v1/respondent/session {"code"}` → 201 with a session token.

use crate::client_address::client_key;
use crate::code_login::{login_with_code, LoginOutcome};
use crate::problem::Problem;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use validator::Validate;

#[derive(Debug, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct SessionRequest {
    #[validate(length(min = 1, max = 64))]
    code: String,
}

#[derive(Debug, Serialize)]
struct SessionCreated {
    token: String,
    language: String,
    languages: Vec<String>,
    resume_page: Option<String>,
}

pub async fn create(
    state: web::Data<Arc<AppState>>,
    req: HttpRequest,
    body: web::Json<SessionRequest>,
) -> Result<HttpResponse, Problem> {
    if body.validate().is_err() {
        return Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "malformed-code",
            "The code must be 13 characters, as printed on the letter",
        ));
    }
    match login_with_code(&state, client_key(&req), &body.code).await? {
        LoginOutcome::Opened { session, token } => {
            Ok(HttpResponse::Created().json(SessionCreated {
                token,
                language: session.language,
                languages: session.languages,
                resume_page: session.resume_page,
            }))
        }
        LoginOutcome::Throttled(wait) => Err(Problem::throttled(wait)),
        LoginOutcome::Malformed(e) => Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "malformed-code",
            "The code is not a valid access code; check it against the letter",
        )
        .detail(e.to_string())),
        LoginOutcome::Unknown => Err(Problem::from(
            svar_core::respondent::RespondentError::UnknownCode,
        )),
        LoginOutcome::Finished(e) => Err(Problem::from(e)),
    }
}
