//! The dashboard's answers when a page cannot be shown: a refused form (403), a survey that
//! does not exist or is not granted (404, the same answer for both), a database away (503) or
//! a fault (500), as HTML pages in the page's language; and the way back to the log-in form
//! when there is no session.

use super::frame::{html, Frame};
use super::templates::MessageTemplate;
use crate::i18n::dashboard::DashText;
use crate::problem::Problem;
use actix_web::http::header::LOCATION;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

/// Why a dashboard page is not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No valid session: back to the log-in form.
    NotLoggedIn,
    /// A form without its CSRF token.
    FormRefused,
    NotFound,
    /// A reminder that was not sent (nothing lags, not fielding, no such step).
    NotSent,
    Unavailable,
    Internal,
}

impl From<Problem> for Refusal {
    fn from(p: Problem) -> Refusal {
        match p.status {
            401 => Refusal::NotLoggedIn,
            // A survey not granted is 404; the dashboard only reads, so a 403 does not occur.
            403 | 404 => Refusal::NotFound,
            503 => Refusal::Unavailable,
            _ => Refusal::Internal,
        }
    }
}

impl From<askama::Error> for Refusal {
    fn from(e: askama::Error) -> Refusal {
        tracing::error!(error = %e, "a dashboard page could not be rendered");
        Refusal::Internal
    }
}

/// A 303 to `to` (a local path).
pub fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((LOCATION, to))
        .finish()
}

/// The answer for `refusal`.
pub fn refusal_page(req: &HttpRequest, secure: bool, refusal: Refusal) -> HttpResponse {
    let (status, heading, text) = match refusal {
        Refusal::NotLoggedIn => return see_other("/manage"),
        Refusal::FormRefused => (
            StatusCode::FORBIDDEN,
            DashText::FormRefusedHeading,
            DashText::FormRefusedText,
        ),
        Refusal::NotFound => (
            StatusCode::NOT_FOUND,
            DashText::NotFoundHeading,
            DashText::NotFoundText,
        ),
        Refusal::NotSent => (
            StatusCode::CONFLICT,
            DashText::NotSentHeading,
            DashText::NotSentText,
        ),
        Refusal::Unavailable => (
            StatusCode::SERVICE_UNAVAILABLE,
            DashText::ServerErrorHeading,
            DashText::ServerErrorText,
        ),
        Refusal::Internal => (
            StatusCode::INTERNAL_SERVER_ERROR,
            DashText::ServerErrorHeading,
            DashText::ServerErrorText,
        ),
    };
    let frame = Frame::new(req, heading);
    let body = MessageTemplate {
        frame: &frame,
        heading: frame.t(heading),
        text: frame.t(text),
    }
    .render()
    .unwrap_or_else(|_| frame.t(text).to_string());
    html(req, secure, HttpResponse::build(status), body)
}
