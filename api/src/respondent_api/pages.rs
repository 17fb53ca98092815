//! `GET|PUT /api/v1/respondent/pages/{page}`: a page's answers with the response version, and
//! saving them against the version read.

use super::auth::RespondentSession;
use crate::blocking::with_db;
use crate::item_messages::problem_in_language;
use crate::problem::Problem;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::sync::Arc;
use svar_core::respondent::{load_page, save_page, RespondentError};

#[derive(Debug, Serialize)]
struct PageAnswers {
    answers: Map<String, Value>,
    version: i64,
    relevant: bool,
}

pub async fn get(
    state: web::Data<Arc<AppState>>,
    session: RespondentSession,
    page: web::Path<String>,
) -> Result<HttpResponse, Problem> {
    let page = page.into_inner();
    let loaded = with_db(&state, move |conn, st| {
        load_page(conn, &st.respondent_cache, session.case_id, &page)
    })
    .await??;
    Ok(HttpResponse::Ok().json(PageAnswers {
        answers: loaded.page_answers,
        version: loaded.version,
        relevant: loaded.relevant,
    }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveRequest {
    version: i64,
    #[serde(default)]
    answers: Map<String, Value>,
}

#[derive(Debug, Serialize)]
struct Saved {
    version: i64,
    next_page: Option<String>,
}

pub async fn put(
    state: web::Data<Arc<AppState>>,
    session: RespondentSession,
    page: web::Path<String>,
    body: web::Json<SaveRequest>,
) -> Result<HttpResponse, Problem> {
    let page = page.into_inner();
    let SaveRequest { version, answers } = body.into_inner();
    let outcome = with_db(&state, move |conn, st| {
        match save_page(
            conn,
            &st.respondent_cache,
            session.case_id,
            &page,
            Some(version),
            &answers,
        ) {
            // Worded in the form and language the refusal carries: no second reading.
            Err(RespondentError::Invalid(refused)) => {
                let (form, language) = (Arc::clone(&refused.form), refused.language.clone());
                Ok(Err(problem_in_language(
                    &form,
                    &language,
                    RespondentError::Invalid(refused),
                )))
            }
            other => other.map(Ok),
        }
    })
    .await??;
    let saved = outcome?;
    crate::request_metrics::saved();
    Ok(HttpResponse::Ok().json(Saved {
        version: saved.version,
        next_page: saved.next_page,
    }))
}
