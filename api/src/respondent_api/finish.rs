//! `POST /api/v1/respondent/submit` and `POST /api/v1/respondent/decline`.

use super::auth::RespondentSession;
use crate::blocking::with_db;
use crate::item_messages::problem_in_language;
use crate::problem::Problem;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use std::sync::Arc;
use svar_core::respondent::{decline as decline_case, submit as submit_case, RespondentError};

pub async fn submit(
    state: web::Data<Arc<AppState>>,
    session: RespondentSession,
) -> Result<HttpResponse, Problem> {
    let outcome = with_db(&state, move |conn, st| {
        match submit_case(conn, &st.respondent_cache, session.case_id) {
            Err(RespondentError::MissingRequired(errors)) => {
                let (form, language) =
                    crate::item_messages::form_and_language(conn, st, session.case_id)?;
                Ok(Err(problem_in_language(
                    &form,
                    &language,
                    RespondentError::MissingRequired(errors),
                )))
            }
            other => other.map(Ok),
        }
    })
    .await??;
    outcome?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "state": "submitted" })))
}

pub async fn decline(
    state: web::Data<Arc<AppState>>,
    session: RespondentSession,
) -> Result<HttpResponse, Problem> {
    with_db(&state, move |conn, st| {
        decline_case(conn, &st.respondent_cache, session.case_id)
    })
    .await??;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "state": "declined" })))
}
