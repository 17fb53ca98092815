//! `GET /manage/surveys/{id}/stream`: the live statistics of a survey's page as Server-Sent
//! Events, authenticated by the session cookie (a browser's EventSource cannot send a Bearer
//! header), with the same events as `GET /api/v1/surveys/{id}/statistics/stream` from the same
//! shared poller ([`statistics_events`]). Refusals are problem documents, as on the API's
//! stream: 401 without a session, 404 for a survey not granted.

use super::session::Session;
use crate::blocking::with_db;
use crate::manager_api::Access;
use crate::problem::Problem;
use crate::startup::State;
use crate::statistics_stream::statistics_events;
use actix_web::{web, HttpRequest, HttpResponse};

pub async fn open(
    state: State,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, Problem> {
    let session = Session::of(&state, &req).await?;
    let survey_id: i64 = id.parse().map_err(|_| Problem::not_found())?;
    let manager = session.manager;
    with_db(&state, move |conn, _| {
        manager.survey_access(conn, survey_id, Access::Read)
    })
    .await??;
    statistics_events(&state, survey_id).await
}
