//! `POST /manage/surveys/{id}/remind` (form fields `_csrf`, `step`): the dashboard's targeted
//! reminder, the same action as `POST …/contact-plan/steps/{name}/target-lagging`
//! ([`aim_at_lagging`]): the strata that lag become the step's strata and the step is sent now.
//! Then back to the survey's page (303), which says how many contacts were scheduled. A form
//! without the session's token is refused (403) and changes nothing; so is a viewer's (404,
//! as for any survey a manager may not change); nothing lagging, a survey not in the field or
//! an unknown step gives a page saying nothing was sent.

use super::messages::{refusal_page, see_other, Refusal};
use super::session::Session;
use crate::blocking::with_db;
use crate::manager_api::aim_at_lagging;
use crate::startup::State;
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};

pub async fn submit(
    state: State,
    req: HttpRequest,
    id: web::Path<String>,
    body: Bytes,
) -> HttpResponse {
    let secure = state.secure_cookies;
    let (session, form) = match Session::posting(&state, &req, &body).await {
        Ok(posted) => posted,
        Err(refusal) => return refusal_page(&req, secure, refusal),
    };
    let Ok(survey_id) = id.parse::<i64>() else {
        return refusal_page(&req, secure, Refusal::NotFound);
    };
    let step = form.get("step").unwrap_or("").to_string();
    let manager = session.manager;
    let sent = with_db(&state, move |conn, _| {
        aim_at_lagging(conn, &manager, survey_id, &step)
    })
    .await;
    match sent {
        Ok(Ok((_, scheduled))) => {
            see_other(&format!("/manage/surveys/{survey_id}?reminded={scheduled}"))
        }
        // Nothing lags, not fielding, no such step: nothing was sent.
        Ok(Err(p)) if p.status == 409 || p.kind.ends_with("/no-such-step") => {
            refusal_page(&req, secure, Refusal::NotSent)
        }
        Ok(Err(p)) | Err(p) => refusal_page(&req, secure, p.into()),
    }
}
