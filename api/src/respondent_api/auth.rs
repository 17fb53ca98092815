//! The respondent session of a JSON API request: `Authorization: Bearer <token>` (or the
//! session cookie, so a page and the API can share one login).

use crate::problem::Problem;
use crate::respondent_pages::cookies::SESSION_COOKIE;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use std::future::{ready, Ready};
use std::sync::Arc;

/// The case a valid session token names.
#[derive(Debug, Clone, Copy)]
pub struct RespondentSession {
    pub case_id: i64,
}

pub(crate) fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
}

impl FromRequest for RespondentSession {
    type Error = Problem;
    type Future = Ready<Result<RespondentSession, Problem>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(state) = req.app_data::<web::Data<Arc<AppState>>>() else {
            return ready(Err(Problem::internal()));
        };
        let token =
            bearer(req).or_else(|| req.cookie(SESSION_COOKIE).map(|c| c.value().to_string()));
        ready(
            token
                .and_then(|t| state.sessions.verify(&t).ok())
                .map(|case_id| RespondentSession { case_id })
                .ok_or_else(Problem::unauthorized),
        )
    }
}
