//! Turning rendered pages and outcomes into HTTP responses: HTML with the right status,
//! redirects after a POST, and the message pages (session expired, closed, throttled, …).

use super::shell::public_shell;
use crate::i18n::{text, UiText};
use crate::pages::{render_message_page, LinkView, MessagePage, RenderError};
use actix_web::http::{header, StatusCode};
use actix_web::HttpResponse;

/// An HTML response, or the server-error page if rendering failed.
pub fn html(status: StatusCode, rendered: Result<String, RenderError>) -> HttpResponse {
    match rendered {
        Ok(body) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(body),
        Err(e) => {
            tracing::error!(error = %e, "page rendering failed");
            HttpResponse::InternalServerError()
                .content_type("text/plain; charset=utf-8")
                .body("Internal error")
        }
    }
}

/// 303 See Other to a local path.
pub fn redirect(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.to_string()))
        .finish()
}

/// The message pages.
#[derive(Debug, Clone, Copy)]
pub enum Message {
    SessionExpired,
    SurveyClosed,
    TooManyAttempts,
    NotFound,
    AlreadySubmitted,
    ServerError,
}

pub fn message(lang: &str, which: Message) -> HttpResponse {
    let (status, heading, body) = match which {
        Message::SessionExpired => (
            StatusCode::UNAUTHORIZED,
            UiText::SessionExpiredHeading,
            UiText::SessionExpiredMessage,
        ),
        Message::SurveyClosed => (
            StatusCode::CONFLICT,
            UiText::SurveyClosedHeading,
            UiText::SurveyClosedMessage,
        ),
        Message::TooManyAttempts => (
            StatusCode::TOO_MANY_REQUESTS,
            UiText::TooManyAttemptsHeading,
            UiText::TooManyAttemptsMessage,
        ),
        Message::NotFound => (
            StatusCode::NOT_FOUND,
            UiText::NotFoundHeading,
            UiText::NotFoundMessage,
        ),
        Message::AlreadySubmitted => (
            StatusCode::OK,
            UiText::AlreadySubmittedHeading,
            UiText::AlreadySubmittedMessage,
        ),
        Message::ServerError => (
            StatusCode::SERVICE_UNAVAILABLE,
            UiText::ServerErrorHeading,
            UiText::ServerErrorMessage,
        ),
    };
    let page = MessagePage {
        shell: public_shell(lang, text(lang, heading), "/"),
        heading: text(lang, heading).to_string(),
        message: text(lang, body).to_string(),
        link: Some(LinkView {
            href: "/".to_string(),
            label: text(lang, UiText::GoToStartPage).to_string(),
        }),
    };
    html(status, render_message_page(&page))
}
