//! `POST /api/v1/surveys/{id}/state {"state":"fielding"|"closed"}`: moves a round on by the
//! rules of `svar_core::setup::check_transition`; a rule broken is a 409 naming it. Closing
//! writes the last day's figures (`daily.csv`, the curve) in the same transaction: they are
//! the round's final figures.

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
use svar_core::db::surveys::SurveyState;
use svar_core::db::{audit, now_ms, write_tx, StoreError};
use svar_core::monitoring::daily_figures::record_day;
use svar_core::monitoring::FiguresError;
use svar_core::setup::{change_state, SetupError};
use validator::Validate;

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Target {
    Draft,
    Fielding,
    Closed,
}

#[derive(Debug, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct StateChange {
    state: Target,
}

pub async fn post(
    state: web::Data<Arc<AppState>>,
    manager: Manager,
    id: web::Path<i64>,
    body: ValidJson<StateChange>,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    let to = match body.into_inner()?.state {
        Target::Draft => SurveyState::Draft,
        Target::Fielding => SurveyState::Fielding,
        Target::Closed => SurveyState::Closed,
    };
    let view = with_db(&state, move |conn, _| {
        manager.survey_access(conn, id, Access::Change)?;
        write_tx(conn, |c| {
            let from = change_state(c, id, to)?;
            if to == SurveyState::Closed {
                // The figures of the last day, as they stand at close, are the final ones.
                record_day(c, id, now_ms()).map_err(|e| match e {
                    FiguresError::Store(e) => SetupError::from(e),
                    other => SetupError::from(StoreError::Corrupt(other.to_string())),
                })?;
            }
            audit::record(
                c,
                Some(manager.user_id),
                "survey.state",
                "survey",
                Some(id),
                &json!({ "before": from.as_str(), "after": to.as_str() }),
            )?;
            Ok::<_, SetupError>(())
        })
        .map_err(setup_problem)?;
        SurveyView::load(conn, id)
    })
    .await??;
    tracing::info!(survey_id = id, state = to.as_str(), "survey state changed");
    Ok(HttpResponse::Ok().json(view))
}
