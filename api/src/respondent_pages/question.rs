//! A question page: `GET /p/{page}` shows it with the saved answers; `POST /p/{page}` saves it
//! (refused answers are shown again as typed, with the reasons) and goes to the next or the
//! previous relevant page.

use super::cookies;
use super::page_session::{refusal_page, session_case, session_post};
use super::question_view::{question_page, QuestionPageInput};
use super::responses::{html, message, redirect, Message};
use super::shell::request_language;
use crate::blocking::with_db;
use crate::i18n::{text, UiText};
use crate::pages::render_question_page;
use crate::startup::State;
use actix_web::http::StatusCode;
use actix_web::web::{Bytes, Path};
use actix_web::{HttpRequest, HttpResponse};
use svar_core::respondent::{
    case_context, load_page, save_page_checking, LoadedPage, RespondentError,
};
use svar_core::response::error::ItemError;
use svar_core::response::RequiredCheck;

/// The query of a page shown again because an answer brought in questions on it.
const MORE_QUESTIONS: &str = "more=1";

fn page_path(loaded: &LoadedPage, index: Option<usize>) -> String {
    match index.and_then(|i| loaded.form.form().pages.get(i)) {
        Some(page) => format!("/p/{}", page.id),
        None => "/review".to_string(),
    }
}

fn render(
    state: &State,
    loaded: &LoadedPage,
    case_id: i64,
    errors: &[ItemError],
    (notice, info): (Option<String>, Option<String>),
    status: StatusCode,
) -> HttpResponse {
    let view = question_page(QuestionPageInput {
        form: &loaded.form,
        page_index: loaded.page_index,
        answers: &loaded.answers,
        language: &loaded.language,
        errors,
        notice,
        info,
        csrf: state.csrf.for_case(case_id),
        version: loaded.version,
        case_id,
    });
    let Some(view) = view else {
        return message(&loaded.language, Message::NotFound);
    };
    let mut res = html(status, render_question_page(&view));
    // Every question page shown renews the session, so a respondent who keeps answering is
    // never logged out mid-way; one who leaves for longer logs in again with the code.
    if let Ok(token) = state.sessions.issue(case_id) {
        let _ = res.add_cookie(&cookies::session(token, state.secure_cookies));
    }
    res
}

pub async fn show(state: State, req: HttpRequest, page: Path<String>) -> HttpResponse {
    let lang = request_language(&req);
    let Some(case_id) = session_case(&state, &req) else {
        return message(&lang, Message::SessionExpired);
    };
    let page_id = page.into_inner();
    let loaded = match with_db(&state, move |conn, st| {
        load_page(conn, &st.respondent_cache, case_id, &page_id)
    })
    .await
    {
        Ok(Ok(loaded)) => loaded,
        Ok(Err(e)) => return refusal_page(&lang, e),
        Err(_) => return message(&lang, Message::ServerError),
    };
    if !loaded.form.page_shown(loaded.page_index, &loaded.answers) {
        // Not for this respondent (any more): go on to the next page that is.
        let next = loaded
            .form
            .next_page(Some(loaded.page_index), &loaded.answers);
        return redirect(&page_path(&loaded, next));
    }
    let info = req
        .query_string()
        .split('&')
        .any(|pair| pair == MORE_QUESTIONS)
        .then(|| text(&loaded.language, UiText::MoreQuestions).to_string());
    render(&state, &loaded, case_id, &[], (None, info), StatusCode::OK)
}

pub async fn save(state: State, req: HttpRequest, page: Path<String>, body: Bytes) -> HttpResponse {
    let lang = request_language(&req);
    let Some((case_id, form_body)) = session_post(&state, &req, &body) else {
        return message(&lang, Message::SessionExpired);
    };
    let version = form_body
        .get("_version")
        .and_then(|v| v.trim().parse::<i64>().ok());
    let going_back = form_body.get("_action") == Some("back");
    // The questions the page showed: those a new answer brings in count as seen once shown,
    // also on a page that came back with refused answers.
    let shown: Option<Vec<String>> = form_body
        .get("_shown")
        .map(|names| names.split_whitespace().map(str::to_string).collect());
    let page_id = page.into_inner();
    let result = with_db(&state, move |conn, st| {
        let ctx = case_context(conn, &st.respondent_cache, case_id)?;
        let page_index = ctx
            .form
            .form()
            .page_index(&page_id)
            .ok_or(RespondentError::UnknownPage)?;
        let submitted = ctx.form.parse_form_input(page_index, &form_body.0);
        // Going back keeps what was typed without insisting on the rest; going on asks a
        // question that an answer on this page brought in before insisting on it.
        let required = if going_back {
            RequiredCheck::Skip
        } else {
            RequiredCheck::Seen(shown.as_deref())
        };
        let saved = save_page_checking(
            conn,
            &st.respondent_cache,
            case_id,
            &page_id,
            version,
            &submitted,
            required,
        );
        let loaded = LoadedPage {
            relevant: ctx.form.page_relevant(page_index, &ctx.answers),
            form: ctx.form,
            page_index,
            answers: ctx.answers,
            page_answers: Default::default(),
            version: ctx.version,
            language: ctx.language,
        };
        Ok::<_, RespondentError>((loaded, submitted, saved))
    })
    .await;
    let (mut loaded, submitted, saved) = match result {
        Ok(Ok(parts)) => parts,
        Ok(Err(e)) => return refusal_page(&lang, e),
        Err(_) => return message(&lang, Message::ServerError),
    };
    match saved {
        Ok(saved) => {
            crate::request_metrics::saved();
            if going_back {
                // Relevance after this save decides which page is "previous".
                let answers_now = &loaded.answers;
                let previous = loaded.form.previous_page(loaded.page_index, answers_now);
                return redirect(&page_path(&loaded, previous.or(Some(loaded.page_index))));
            }
            if saved.brings_in_questions {
                // New questions apply on this page: show it again with them, and say why.
                let again = page_path(&loaded, Some(loaded.page_index));
                return redirect(&format!("{again}?{MORE_QUESTIONS}"));
            }
            match saved.next_page {
                Some(next) => redirect(&format!("/p/{next}")),
                None => redirect("/review"),
            }
        }
        Err(RespondentError::Invalid(refused)) => {
            // Show what was typed, so nothing is lost, with the reasons.
            for (name, value) in submitted {
                if value.is_null() {
                    loaded.answers.remove(&name);
                } else {
                    loaded.answers.insert(name, value);
                }
            }
            render(
                &state,
                &loaded,
                case_id,
                &refused.errors,
                (None, None),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(RespondentError::Stale { .. }) => {
            let notice = text(&loaded.language, UiText::ErrorStale).to_string();
            render(
                &state,
                &loaded,
                case_id,
                &[],
                (Some(notice), None),
                StatusCode::CONFLICT,
            )
        }
        Err(e) => refusal_page(&loaded.language, e),
    }
}
