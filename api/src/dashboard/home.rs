//! `GET /manage`: without a session the log-in form; with one, the surveys the manager may see
//! (the rule of `GET /api/v1/surveys`: admins every survey, others those granted), each
//! linking to its page.

use super::frame::{html, session_page, Frame};
use super::messages::{refusal_page, Refusal};
use super::session::{login_csrf, Session};
use super::templates::{LoginTemplate, SurveysTemplate};
use super::view::SurveyListRow;
use crate::blocking::with_db;
use crate::i18n::dashboard::DashText;
use crate::problem::Problem;
use crate::startup::State;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use std::time::Duration;
use svar_core::db::surveys::{self, SurveyRow};

/// Surveys read per query while listing them all.
const BATCH: i64 = 200;

pub async fn show(state: State, req: HttpRequest) -> HttpResponse {
    let secure = state.secure_cookies;
    let shown = match Session::of(&state, &req).await {
        Ok(session) => survey_list(&state, &req, session).await,
        Err(p) if p.status == 401 => return login_form(&req, secure, "", None),
        Err(p) => Err(p.into()),
    };
    shown.unwrap_or_else(|refusal| refusal_page(&req, secure, refusal))
}

/// Why the form is shown again.
#[derive(Debug, Clone, Copy)]
pub enum LoginError {
    Refused,
    Throttled(Duration),
}

/// The log-in form, with the address typed and the error if it comes back.
pub fn login_form(
    req: &HttpRequest,
    secure: bool,
    email: &str,
    error: Option<LoginError>,
) -> HttpResponse {
    let frame = Frame::new(req, DashText::LoginHeading);
    let (csrf, new_cookie) = login_csrf(req, secure);
    let message = error.map(|e| match e {
        LoginError::Refused => frame.t(DashText::LoginRefused),
        LoginError::Throttled(_) => frame.t(DashText::LoginThrottled),
    });
    let rendered = LoginTemplate {
        frame: &frame,
        csrf: &csrf,
        email,
        error: message,
    }
    .render();
    let Ok(body) = rendered else {
        return refusal_page(req, secure, Refusal::Internal);
    };
    let mut builder = match error {
        Some(LoginError::Throttled(wait)) => {
            let mut b = HttpResponse::TooManyRequests();
            b.insert_header(("Retry-After", wait.as_secs().max(1).to_string()));
            b
        }
        _ => HttpResponse::build(StatusCode::OK),
    };
    if let Some(cookie) = new_cookie {
        builder.cookie(cookie);
    }
    html(req, secure, builder, body)
}

async fn survey_list(
    state: &State,
    req: &HttpRequest,
    session: Session,
) -> Result<HttpResponse, Refusal> {
    let manager = session.manager;
    let granted_to = (!manager.role.is_admin()).then_some(manager.user_id);
    let rows = with_db(state, move |conn, _| {
        let mut all: Vec<SurveyRow> = Vec::new();
        loop {
            let after = all.last().map(|r| r.id);
            let batch = surveys::list(conn, granted_to, after, BATCH)?;
            let done = (batch.len() as i64) < BATCH;
            all.extend(batch);
            if done {
                return Ok::<_, Problem>(all);
            }
        }
    })
    .await??;
    let mut frame = Frame::new(req, DashText::SurveysHeading);
    frame.logout_csrf = Some(session.csrf_token(state));
    let rows: Vec<SurveyListRow> = rows
        .into_iter()
        .map(|r| SurveyListRow {
            href: format!("/manage/surveys/{}", r.id),
            state: frame.t(match r.state.as_str() {
                "fielding" => DashText::StateFielding,
                "closed" => DashText::StateClosed,
                _ => DashText::StateDraft,
            }),
            name: r.name,
            round: r.round,
        })
        .collect();
    let body = SurveysTemplate {
        frame: &frame,
        rows: &rows,
    }
    .render()?;
    Ok(session_page(req, state, &session, body)?)
}
