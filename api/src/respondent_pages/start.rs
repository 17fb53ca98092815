//! The start page (`GET /`, `POST /start`) and the direct link of the letter's QR code
//! (`GET /s/{code}`): a code opens a session and the respondent lands where they left off.

use super::cookies::{self, CSRF_COOKIE, LANGUAGE_COOKIE};
use super::page_session::refusal_page;
use super::responses::{html, message, redirect, Message};
use super::shell::{public_shell, request_language};
use crate::blocking::with_db;
use crate::client_address::client_key;
use crate::code_login::{login_with_code, LoginOutcome};
use crate::csrf::{constant_time_eq, random_token};
use crate::form_body::FormBody;
use crate::i18n::{text, UiText};
use crate::pages::{render_start_page, StartPage};
use crate::startup::State;
use actix_web::http::StatusCode;
use actix_web::web::{Bytes, Path};
use actix_web::{HttpRequest, HttpResponse};
use svar_core::respondent::{change_language, RespondentError};

fn start_page(
    state: &State,
    req: &HttpRequest,
    lang: &str,
    status: StatusCode,
    error: Option<UiText>,
    code_value: String,
) -> HttpResponse {
    let token = req
        .cookie(CSRF_COOKIE)
        .map(|c| c.value().to_string())
        .unwrap_or_else(random_token);
    let page = StartPage {
        shell: public_shell(lang, text(lang, UiText::StartHeading), "/"),
        csrf: token.clone(),
        error: error.map(|e| text(lang, e).to_string()),
        code_value,
    };
    let mut res = html(status, render_start_page(&page));
    let _ = res.add_cookie(&cookies::csrf(token, state.secure_cookies));
    res
}

pub async fn show(state: State, req: HttpRequest) -> HttpResponse {
    let lang = request_language(&req);
    start_page(&state, &req, &lang, StatusCode::OK, None, String::new())
}

pub async fn submit(state: State, req: HttpRequest, body: Bytes) -> HttpResponse {
    let form = FormBody::parse(&body);
    let lang = form
        .get("lang")
        .filter(|l| crate::i18n::INTERFACE_LANGUAGES.contains(l))
        .map(str::to_string)
        .unwrap_or_else(|| request_language(&req));
    let posted = form.get("_csrf").unwrap_or("");
    let expected = req
        .cookie(CSRF_COOKIE)
        .map(|c| c.value().to_string())
        .unwrap_or_default();
    let code = form.get("code").unwrap_or("").to_string();
    if expected.is_empty() || !constant_time_eq(posted.as_bytes(), expected.as_bytes()) {
        return start_page(
            &state,
            &req,
            &lang,
            StatusCode::FORBIDDEN,
            Some(UiText::ErrorFormExpired),
            code,
        );
    }
    if code.trim().is_empty() {
        return start_page(
            &state,
            &req,
            &lang,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(UiText::ErrorCodeEmpty),
            code,
        );
    }
    login(state, &req, &code, &lang, Some(code.clone())).await
}

pub async fn direct_link(state: State, req: HttpRequest, code: Path<String>) -> HttpResponse {
    let lang = request_language(&req);
    login(state, &req, &code.into_inner(), &lang, None).await
}

/// Logs in and redirects to the resume page; on failure shows the start page again (keeping
/// a typed code, never one from a link) or the fitting message.
async fn login(
    state: State,
    req: &HttpRequest,
    code: &str,
    lang: &str,
    typed: Option<String>,
) -> HttpResponse {
    let outcome = match login_with_code(&state, client_key(req), code).await {
        Ok(outcome) => outcome,
        Err(_) => return message(lang, Message::ServerError),
    };
    match outcome {
        LoginOutcome::Opened { session, token } => {
            let chosen_before_login = req
                .cookie(LANGUAGE_COOKIE)
                .is_some_and(|c| c.value() == lang);
            if chosen_before_login
                && session.languages.iter().any(|l| l == lang)
                && session.language != lang
            {
                // The respondent picked this language with the switch before logging in: keep
                // it for the questionnaire. (A page merely shown in the browser's language
                // does not override the language of the letter.)
                let (case_id, chosen) = (session.case_id, lang.to_string());
                let _ = with_db(&state, move |conn, st| {
                    change_language(conn, &st.respondent_cache, case_id, &chosen)
                })
                .await;
            }
            let to = match &session.resume_page {
                Some(page) => format!("/p/{page}"),
                None => "/review".to_string(),
            };
            let mut res = redirect(&to);
            let _ = res.add_cookie(&cookies::session(token, state.secure_cookies));
            res
        }
        LoginOutcome::Throttled(wait) => {
            let mut res = message(lang, Message::TooManyAttempts);
            if let Ok(v) = wait.as_secs().max(1).to_string().parse() {
                res.headers_mut()
                    .insert(actix_web::http::header::RETRY_AFTER, v);
            }
            res
        }
        LoginOutcome::Malformed(_) => start_page(
            &state,
            req,
            lang,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(UiText::ErrorCodeInvalid),
            typed.unwrap_or_default(),
        ),
        LoginOutcome::Unknown => start_page(
            &state,
            req,
            lang,
            StatusCode::UNAUTHORIZED,
            Some(UiText::ErrorCodeInvalid),
            typed.unwrap_or_default(),
        ),
        LoginOutcome::Finished(RespondentError::AlreadySubmitted) => {
            message(lang, Message::AlreadySubmitted)
        }
        LoginOutcome::Finished(e) => refusal_page(lang, e),
    }
}
