//! "I do not want to take part": a confirmation page (`GET /decline`) and the refusal itself
//! (`POST /decline`), which ends the case and stops reminders.

use super::cookies::{self, SESSION_COOKIE};
use super::page_session::{refusal_page, session_case, session_post, with_case_context};
use super::responses::{html, message, redirect, Message};
use super::shell::{form_shell, request_language};
use crate::blocking::with_db;
use crate::pages::{render_decline_confirm_page, DeclineConfirmPage};
use crate::startup::State;
use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use svar_core::respondent::{case_context, decline as decline_case, RespondentError};

pub async fn confirm(state: State, req: HttpRequest) -> HttpResponse {
    let lang = request_language(&req);
    let Some(case_id) = session_case(&state, &req) else {
        return message(&lang, Message::SessionExpired);
    };
    with_case_context(&state, case_id, &lang, |ctx| {
        let back = ctx
            .form
            .resume_page(ctx.furthest_page, &ctx.answers)
            .and_then(|i| ctx.form.form().pages.get(i))
            .map_or_else(|| "/review".to_string(), |p| format!("/p/{}", p.id));
        let page = DeclineConfirmPage {
            shell: form_shell(&ctx.form, &ctx.language, "/decline"),
            csrf: state.csrf.for_case(case_id),
            back_href: back,
        };
        html(StatusCode::OK, render_decline_confirm_page(&page))
    })
    .await
}

pub async fn decline(state: State, req: HttpRequest, body: Bytes) -> HttpResponse {
    let lang = request_language(&req);
    let Some((case_id, _)) = session_post(&state, &req, &body) else {
        return message(&lang, Message::SessionExpired);
    };
    let result = with_db(&state, move |conn, st| {
        let ctx = case_context(conn, &st.respondent_cache, case_id)?;
        decline_case(conn, &st.respondent_cache, case_id)?;
        Ok::<_, RespondentError>(ctx.language)
    })
    .await;
    match result {
        Ok(Ok(language)) => {
            tracing::info!(case_id, "case declined");
            let mut res = redirect(&format!("/declined?lang={language}"));
            let _ = res.add_removal_cookie(&cookies::removal(SESSION_COOKIE));
            res
        }
        Ok(Err(e)) => refusal_page(&lang, e),
        Err(_) => message(&lang, Message::ServerError),
    }
}
