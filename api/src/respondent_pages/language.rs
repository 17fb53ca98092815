//! The language switch (`POST /lang`): inside a session it changes the questionnaire's
//! language (recorded as paradata); before login it sets the interface language cookie. It
//! returns to the page it came from, which must be a local path.

use super::cookies::{self, CSRF_COOKIE};
use super::page_session::{refusal_page, session_case};
use super::responses::{message, redirect, Message};
use super::shell::request_language;
use crate::blocking::with_db;
use crate::csrf::constant_time_eq;
use crate::form_body::FormBody;
use crate::i18n::INTERFACE_LANGUAGES;
use crate::startup::State;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use svar_core::respondent::{change_language, RespondentError};

/// Only same-site paths: `/x`, never `//host` or `http://…` (no open redirect).
fn local_path(path: Option<&str>) -> String {
    match path {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p.to_string(),
        _ => "/".to_string(),
    }
}

pub async fn change(state: State, req: HttpRequest, body: Bytes) -> HttpResponse {
    let form = FormBody::parse(&body);
    let fallback = request_language(&req);
    let lang = form.get("lang").unwrap_or("").trim().to_string();
    let back = local_path(form.get("return_to"));
    let posted = form.get("_csrf").unwrap_or("");
    if let Some(case_id) = session_case(&state, &req) {
        if !state.csrf.verify_case(case_id, posted) {
            return message(&fallback, Message::SessionExpired);
        }
        let chosen = lang.clone();
        return match with_db(&state, move |conn, st| {
            change_language(conn, &st.respondent_cache, case_id, &chosen)
        })
        .await
        {
            Ok(Ok(())) | Ok(Err(RespondentError::UnknownLanguage)) => redirect(&back),
            Ok(Err(e)) => refusal_page(&fallback, e),
            Err(_) => message(&fallback, Message::ServerError),
        };
    }
    let expected = req
        .cookie(CSRF_COOKIE)
        .map(|c| c.value().to_string())
        .unwrap_or_default();
    if expected.is_empty() || !constant_time_eq(posted.as_bytes(), expected.as_bytes()) {
        return redirect("/");
    }
    let mut res = redirect(&back);
    if INTERFACE_LANGUAGES.contains(&lang.as_str()) {
        let _ = res.add_cookie(&cookies::language(&lang, state.secure_cookies));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path(Some("/p/p_about")), "/p/p_about");
        assert_eq!(local_path(Some("//evil.example")), "/");
        assert_eq!(local_path(Some("https://evil.example")), "/");
        assert_eq!(local_path(Some("/\\evil")), "/");
        assert_eq!(local_path(None), "/");
    }
}
