//! `PATCH /api/v1/surveys/{id} {"name"?,"round"?}`: renames a draft round (409 once it is in
//! the field, or if the new name and round are taken).

use super::post::MAX_ROUND;
use super::refusal::setup_problem;
use super::view::SurveyView;
use crate::blocking::with_db;
use crate::manager_api::{Access, Manager, ValidJson};
use crate::problem::Problem;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;
use svar_core::db::surveys::{self, SurveyState};
use svar_core::db::{audit, write_tx};
use svar_core::setup::SetupError;
use validator::Validate;

#[derive(Debug, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct SurveyChange {
    #[validate(length(min = 1, max = 200))]
    name: Option<String>,
    #[validate(range(min = 1, max = MAX_ROUND))]
    round: Option<i32>,
}

pub async fn patch(
    state: web::Data<Arc<AppState>>,
    manager: Manager,
    id: web::Path<i64>,
    body: ValidJson<SurveyChange>,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    let change = body.into_inner()?;
    let view = with_db(&state, move |conn, _| {
        manager.survey_access(conn, id, Access::Change)?;
        write_tx(conn, |c| {
            let row = surveys::find(c, id)?.ok_or(SetupError::NoSuchSurvey(id))?;
            let current = row.state()?;
            if current != SurveyState::Draft {
                return Err(SetupError::NotDraft {
                    state: current.as_str(),
                });
            }
            let name = change
                .name
                .as_deref()
                .map(str::trim)
                .unwrap_or(&row.name)
                .to_string();
            let round = change.round.unwrap_or(row.round);
            if !surveys::rename(c, id, &name, round)? {
                return Err(SetupError::SurveyExists { name, round });
            }
            audit::record(
                c,
                Some(manager.user_id),
                "survey.update",
                "survey",
                Some(id),
                &json!({ "round": { "before": row.round, "after": round },
                         "renamed": name != row.name }),
            )?;
            Ok(())
        })
        .map_err(setup_problem)?;
        SurveyView::load(conn, id)
    })
    .await??;
    Ok(HttpResponse::Ok().json(view))
}
