//! `GET|PUT /api/v1/surveys/{id}/monitoring-settings`: the share thresholds of METHODS.md §1,
//! `e`, the lag threshold τ, the planned length of fieldwork and the cost model
//! (`svar_core::monitoring::settings`). A document is checked whole (422 naming each wrong
//! field, nothing changes). The thresholds decided every stored disposition, so they change only
//! while the survey is a draft (409 after); the rest may change during fieldwork. Audited.

use super::refusal::setup_problem;
use crate::blocking::with_db;
use crate::manager_api::json_body::CheckedInHandler;
use crate::manager_api::survey_read::survey_json;
use crate::manager_api::{Access, Manager, ValidJson};
use crate::problem::{FieldError, Problem};
use crate::startup::State;
use actix_web::{web, HttpResponse};
use serde_json::json;
use svar_core::db::surveys::{self, SurveyState};
use svar_core::db::{audit, monitoring_settings, write_tx};
use svar_core::monitoring::settings::{MonitoringSettings, SettingsDocument};
use svar_core::setup::SetupError;

pub async fn get(
    state: State,
    manager: Manager,
    id: web::Path<i64>,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    survey_json(&state, manager, id, move |conn| {
        let settings = monitoring_settings::find(conn, id)?.ok_or_else(Problem::not_found)?;
        Ok(settings.document())
    })
    .await
}

pub async fn put(
    state: State,
    manager: Manager,
    id: web::Path<i64>,
    body: ValidJson<CheckedInHandler<SettingsDocument>>,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    let CheckedInHandler(document) = body.into_inner()?;
    let settings = MonitoringSettings::check(&document).map_err(|errors| {
        Problem::invalid_fields(
            errors
                .into_iter()
                .map(|e| FieldError::field(&e.field, "invalid", e.message))
                .collect(),
        )
    })?;
    let saved = with_db(&state, move |conn, _| {
        manager.survey_access(conn, id, Access::Change)?;
        write_tx(conn, |c| {
            let survey = surveys::find(c, id)?.ok_or(SetupError::NoSuchSurvey(id))?;
            let before = monitoring_settings::find(c, id)?.unwrap_or_default();
            let state = survey.state()?;
            if before.rule != settings.rule && state != SurveyState::Draft {
                return Err(SetupError::NotDraft {
                    state: state.as_str(),
                });
            }
            monitoring_settings::save(c, id, &settings)?;
            audit::record(
                c,
                Some(manager.user_id),
                "survey.monitoring_settings",
                "survey",
                Some(id),
                &json!({ "before": before.document(), "after": settings.document() }),
            )?;
            Ok(settings)
        })
        .map_err(setup_problem)
    })
    .await??;
    Ok(HttpResponse::Ok().json(saved.document()))
}
