//! `POST /api/v1/surveys/{id}/copy {"round"?}` → 201 + Location: the round copied into a new
//! draft round of the same series (questionnaire version, strata and contact plan; not the
//! sample, see `svar_core::setup::copy_round`).

use super::post::MAX_ROUND;
use super::refusal::setup_problem;
use super::view::SurveyView;
use crate::blocking::with_db;
use crate::manager_api::{Access, Manager, ValidJson};
use crate::problem::Problem;
use crate::state::AppState;
use actix_web::{http::header, web, HttpResponse};
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;
use svar_core::db::{audit, grants, write_tx};
use svar_core::setup::{copy_round, SetupError};
use validator::Validate;

#[derive(Debug, Default, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct CopyRequest {
    #[validate(range(min = 1, max = MAX_ROUND))]
    round: Option<i32>,
}

pub async fn post(
    state: web::Data<Arc<AppState>>,
    manager: Manager,
    id: web::Path<i64>,
    body: ValidJson<CopyRequest>,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    let CopyRequest { round } = body.into_inner()?;
    let view = with_db(&state, move |conn, _| {
        manager.survey_access(conn, id, Access::Change)?;
        let copied = write_tx(conn, |c| {
            let copied = copy_round(c, id, round)?;
            if !manager.role.is_admin() {
                grants::grant(c, manager.user_id, copied.survey_id)?;
            }
            audit::record(
                c,
                Some(manager.user_id),
                "survey.copy",
                "survey",
                Some(copied.survey_id),
                &json!({ "from_survey_id": id, "round": copied.round, "strata": copied.strata,
                         "contact_plan": copied.contact_plan }),
            )?;
            Ok::<_, SetupError>(copied)
        })
        .map_err(setup_problem)?;
        SurveyView::load(conn, copied.survey_id)
    })
    .await??;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/surveys/{}", view.id)))
        .json(view))
}
