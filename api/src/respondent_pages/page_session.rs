//! The session of a page request (from the cookie), and what a page shows when a respondent
//! operation is refused for reasons other than the answers themselves.

use super::cookies::SESSION_COOKIE;
use super::responses::{message, redirect, Message};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse};
use svar_core::db::StoreError;
use svar_core::respondent::RespondentError;

/// The case id of a valid session cookie.
pub fn session_case(state: &AppState, req: &HttpRequest) -> Option<i64> {
    let cookie = req.cookie(SESSION_COOKIE)?;
    state.sessions.verify(cookie.value()).ok()
}

/// The page for a refused operation.
pub fn refusal_page(lang: &str, error: RespondentError) -> HttpResponse {
    match error {
        RespondentError::AlreadySubmitted => redirect(&format!("/thanks?lang={lang}")),
        RespondentError::Declined => redirect(&format!("/declined?lang={lang}")),
        RespondentError::SurveyNotOpen => message(lang, Message::SurveyClosed),
        RespondentError::UnknownCode => message(lang, Message::SessionExpired),
        RespondentError::UnknownPage | RespondentError::UnknownLanguage => {
            message(lang, Message::NotFound)
        }
        RespondentError::Store(StoreError::Unavailable(_)) => message(lang, Message::ServerError),
        RespondentError::Store(e) => {
            tracing::error!(error = %e, "storage error on a respondent page");
            message(lang, Message::ServerError)
        }
        // Answer errors are shown on their page by the caller; reaching here means a page
        // was posted that no longer applies: start over from the resume page.
        RespondentError::PageNotRelevant
        | RespondentError::Stale { .. }
        | RespondentError::Invalid(_)
        | RespondentError::MissingRequired(_) => redirect("/review"),
    }
}

/// A form posted inside a session: its case and fields, with the CSRF token checked. `None`
/// (no session, or a token that does not match it) gets the "session expired" page.
pub fn session_post(
    state: &AppState,
    req: &HttpRequest,
    body: &actix_web::web::Bytes,
) -> Option<(i64, crate::form_body::FormBody)> {
    let case_id = session_case(state, req)?;
    let form = crate::form_body::FormBody::parse(body);
    state
        .csrf
        .verify_case(case_id, form.get("_csrf").unwrap_or(""))
        .then_some((case_id, form))
}

/// Loads the case's answers and language and renders `page` with them; a refused or failed
/// load gets its own page instead.
pub async fn with_case_context(
    state: &crate::startup::State,
    case_id: i64,
    lang: &str,
    page: impl FnOnce(svar_core::respondent::CaseContext) -> HttpResponse,
) -> HttpResponse {
    let loaded = crate::blocking::with_db(state, move |conn, st| {
        svar_core::respondent::case_context(conn, &st.respondent_cache, case_id)
    })
    .await;
    match loaded {
        Ok(Ok(ctx)) => page(ctx),
        Ok(Err(e)) => refusal_page(lang, e),
        Err(_) => message(lang, Message::ServerError),
    }
}
