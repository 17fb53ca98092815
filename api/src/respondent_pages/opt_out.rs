//! The opt-out link of every e-mail and letter (`/opt-out/{token}`): `GET` asks "Are you sure
//! you do not want to take part?" (a link checker or mail scanner that follows the link changes
//! nothing); `POST` — the page's button, or a mail client's one-click unsubscribe (RFC 8058,
//! `List-Unsubscribe=One-Click`) — records the refusal and cancels what was pending
//! (`svar_core::respondent::opt_out`). No session and no CSRF token: the link's token is what
//! authorises it, and it can do nothing but decline. The page speaks the person's language.

use super::responses::{html, message, Message};
use super::shell::{public_shell, request_language};
use crate::blocking::with_db;
use crate::i18n::{text, UiText, INTERFACE_LANGUAGES};
use crate::pages::{render_declined_page, render_opt_out_page, DeclinedPage, OptOutPage};
use crate::startup::State;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use svar_core::db::{cases, responses, AnyConnection, StoreError};
use svar_core::respondent::{opt_out, OptOut};

/// The language of the page: one asked for (`?lang=`), else the person's (as they answer, else
/// as sampled), else the browser's.
fn language(
    conn: &mut AnyConnection,
    case_id: i64,
    req_lang: Option<String>,
) -> Result<Option<String>, StoreError> {
    if req_lang.is_some() {
        return Ok(req_lang);
    }
    let answering = responses::find(conn, case_id)?.map(|r| r.language);
    let sampled = cases::find(conn, case_id)?.and_then(|c| c.language);
    Ok(answering
        .into_iter()
        .chain(sampled)
        .find(|l| INTERFACE_LANGUAGES.contains(&l.as_str())))
}

/// The `?lang=` of the request, if it names an interface language.
fn asked_language(req: &HttpRequest) -> Option<String> {
    req.query_string()
        .split('&')
        .find_map(|kv| kv.strip_prefix("lang="))
        .filter(|l| INTERFACE_LANGUAGES.contains(l))
        .map(str::to_string)
}

pub async fn show(state: State, req: HttpRequest, token: web::Path<String>) -> HttpResponse {
    let fallback = request_language(&req);
    let Some(case_id) = state.opt_out.case_of(&token) else {
        return message(&fallback, Message::NotFound);
    };
    let asked = asked_language(&req);
    let lang = with_db(&state, move |conn, _| language(conn, case_id, asked))
        .await
        .ok()
        .and_then(Result::ok)
        .flatten()
        .unwrap_or(fallback);
    let action = format!("/opt-out/{}", token.as_str());
    let page = OptOutPage {
        shell: public_shell(&lang, text(&lang, UiText::DeclineHeading), &action),
        action,
    };
    html(StatusCode::OK, render_opt_out_page(&page))
}

pub async fn record(state: State, req: HttpRequest, token: web::Path<String>) -> HttpResponse {
    let fallback = request_language(&req);
    let Some(case_id) = state.opt_out.case_of(&token) else {
        return message(&fallback, Message::NotFound);
    };
    let asked = asked_language(&req);
    let outcome = with_db(&state, move |conn, st| {
        let outcome = opt_out(conn, &st.respondent_cache, case_id)?;
        let lang = language(conn, case_id, asked)?;
        Ok::<_, StoreError>((outcome, lang))
    })
    .await;
    let (outcome, lang) = match outcome {
        Ok(Ok((outcome, lang))) => (outcome, lang.unwrap_or(fallback)),
        _ => return message(&fallback, Message::ServerError),
    };
    match outcome {
        OptOut::UnknownCase => message(&lang, Message::NotFound),
        OptOut::AlreadySubmitted => message(&lang, Message::AlreadySubmitted),
        OptOut::Recorded | OptOut::AlreadyDeclined | OptOut::SurveyNotOpen => {
            if outcome == OptOut::Recorded {
                tracing::info!(case_id, "case opted out");
            }
            let page = DeclinedPage {
                shell: public_shell(&lang, text(&lang, UiText::DeclinedHeading), "/"),
            };
            html(StatusCode::OK, render_declined_page(&page))
        }
    }
}
