//! `POST /api/v1/surveys {"name","round"}` → 201 + Location: a new draft round. Admins and
//! managers may create; the creating manager is granted the survey at once. Viewers get 403.

use super::refusal::setup_problem;
use super::view::SurveyView;
use crate::blocking::with_db;
use crate::manager_api::{Manager, ValidJson};
use crate::problem::Problem;
use crate::state::AppState;
use actix_web::{http::header, web, HttpResponse};
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;
use svar_core::db::surveys::{self, SurveyState};
use svar_core::db::{audit, grants, write_tx};
use svar_core::setup::SetupError;
use validator::Validate;

/// Rounds are numbered from 1.
pub const MAX_ROUND: i32 = 100_000;

#[derive(Debug, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct NewSurvey {
    #[validate(length(min = 1, max = 200))]
    name: String,
    #[validate(range(min = 1, max = MAX_ROUND))]
    round: i32,
}

pub async fn post(
    state: web::Data<Arc<AppState>>,
    manager: Manager,
    body: ValidJson<NewSurvey>,
) -> Result<HttpResponse, Problem> {
    if !manager.role.may_change() {
        return Err(Problem::forbidden(
            "Your role does not allow creating surveys",
        ));
    }
    let NewSurvey { name, round } = body.into_inner()?;
    let name = name.trim().to_string();
    let view = with_db(&state, move |conn, _| {
        let id = write_tx(conn, |c| {
            let id = surveys::insert(c, &name, round, SurveyState::Draft, None)?.ok_or(
                SetupError::SurveyExists {
                    name: name.clone(),
                    round,
                },
            )?;
            if !manager.role.is_admin() {
                grants::grant(c, manager.user_id, id)?;
            }
            audit::record(
                c,
                Some(manager.user_id),
                "survey.create",
                "survey",
                Some(id),
                &json!({ "round": round }),
            )?;
            Ok::<_, SetupError>(id)
        })
        .map_err(setup_problem)?;
        SurveyView::load(conn, id)
    })
    .await??;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/surveys/{}", view.id)))
        .json(view))
}
