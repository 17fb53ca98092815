//! The review before the final submit (`GET /review`), and the submit itself (`POST /submit`):
//! every answer grouped by page with a way back to change it, and the required answers still
//! missing, if any.

use super::cookies::{self, SESSION_COOKIE};
use super::page_session::{refusal_page, session_case, session_post, with_case_context};
use super::responses::{html, message, redirect, Message};
use super::shell::{form_shell, request_language};
use crate::blocking::with_db;
use crate::i18n::{text, UiText};
use crate::item_messages::message as item_message;
use crate::pages::{render_review_page, MissingAnswer, ReviewPage, ReviewRow};
use crate::startup::State;
use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use svar_core::form::instance_keys::split_add_instance_key;
use svar_core::form::model::ItemKind;
use svar_core::respondent::{case_context, submit as submit_case, CaseContext, RespondentError};
use svar_core::response::error::ItemError;

fn review_page(state: &State, ctx: &CaseContext, missing: &[ItemError]) -> ReviewPage {
    let form = &ctx.form;
    let f = form.form();
    let lang = ctx.language.as_str();
    let mut rows = Vec::new();
    for (p, page) in f.pages.iter().enumerate() {
        if !form.page_shown(p, &ctx.answers) {
            continue;
        }
        let page_title = form.pipe(f.text(&page.title, lang), &ctx.answers, lang);
        for (i, item) in page.items.iter().enumerate() {
            // Svar's own "add another?" of a repeat is the way through it, not an answer.
            let answered_by_respondent =
                item.kind.is_question() && split_add_instance_key(&item.name).is_none();
            if !answered_by_respondent || !form.item_relevant(p, i, &ctx.answers) {
                continue;
            }
            rows.push(ReviewRow {
                page_id: page.id.clone(),
                page_title: page_title.clone(),
                question: form.pipe(f.text(&item.label, lang), &ctx.answers, lang),
                answer: match item.kind {
                    // The box the respondent ticked, in their language.
                    ItemKind::Acknowledge if ctx.answers.contains_key(&item.name) => {
                        text(lang, UiText::AcknowledgeLabel).to_string()
                    }
                    _ => form.display_value(item, &ctx.answers, lang),
                },
            });
        }
    }
    let missing = missing
        .iter()
        .filter_map(|e| {
            let (p, _) = form.item_position(&e.item)?;
            Some(MissingAnswer {
                page_id: f.pages.get(p)?.id.clone(),
                item_name: e.item.clone(),
                message: item_message(form, lang, e),
            })
        })
        .collect();
    ReviewPage {
        shell: form_shell(form, lang, "/review"),
        csrf: state.csrf.for_case(ctx.case_id),
        rows,
        missing,
    }
}

pub async fn show(state: State, req: HttpRequest) -> HttpResponse {
    let lang = request_language(&req);
    let Some(case_id) = session_case(&state, &req) else {
        return message(&lang, Message::SessionExpired);
    };
    with_case_context(&state, case_id, &lang, |ctx| {
        // Required answers still missing are listed before the respondent presses submit.
        let missing = ctx.form.missing_required(&ctx.answers);
        let page = review_page(&state, &ctx, &missing);
        html(StatusCode::OK, render_review_page(&page))
    })
    .await
}

pub async fn submit(state: State, req: HttpRequest, body: Bytes) -> HttpResponse {
    let lang = request_language(&req);
    let Some((case_id, _)) = session_post(&state, &req, &body) else {
        return message(&lang, Message::SessionExpired);
    };
    let result = with_db(&state, move |conn, st| {
        let ctx = case_context(conn, &st.respondent_cache, case_id)?;
        Ok::<_, RespondentError>((submit_case(conn, &st.respondent_cache, case_id), ctx))
    })
    .await;
    match result {
        Ok(Ok((Ok(()), ctx))) => {
            tracing::info!(case_id, "questionnaire submitted");
            let mut res = redirect(&format!("/thanks?lang={}", ctx.language));
            let _ = res.add_removal_cookie(&cookies::removal(SESSION_COOKIE));
            res
        }
        Ok(Ok((Err(RespondentError::MissingRequired(missing)), ctx))) => {
            let page = review_page(&state, &ctx, &missing);
            html(StatusCode::UNPROCESSABLE_ENTITY, render_review_page(&page))
        }
        Ok(Ok((Err(e), ctx))) => refusal_page(&ctx.language, e),
        Ok(Err(e)) => refusal_page(&lang, e),
        Err(_) => message(&lang, Message::ServerError),
    }
}
