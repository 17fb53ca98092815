//! The shape of most reads of the management API: check that the caller may see survey `id`
//! (404 for a survey not granted, so ids cannot be probed), read something of it on a pooled
//! connection off the async threads, and answer it as JSON.

use super::{Access, Manager};
use crate::blocking::with_db;
use crate::problem::Problem;
use crate::startup::State;
use actix_web::HttpResponse;
use serde::Serialize;
use svar_core::db::AnyConnection;

/// `200` with what `read` gives for survey `id`, once `manager` may read the survey.
pub async fn survey_json<T, F>(
    state: &State,
    manager: Manager,
    id: i64,
    read: F,
) -> Result<HttpResponse, Problem>
where
    T: Serialize + Send + 'static,
    F: FnOnce(&mut AnyConnection) -> Result<T, Problem> + Send + 'static,
{
    let value = with_db(state, move |conn, _| {
        manager.survey_access(conn, id, Access::Read)?;
        read(conn)
    })
    .await??;
    Ok(HttpResponse::Ok().json(value))
}
