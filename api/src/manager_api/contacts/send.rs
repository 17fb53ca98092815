//! `POST /api/v1/surveys/{id}/contact-plan/steps/{name}/send` → 202 `{"scheduled":n}`: a step
//! of the plan falls due now, whatever its day — every case it targets that it has not reached
//! yet gets a pending contact (a step counting from an earlier contact still needs one). E-mail
//! then goes out with the worker's next sending pass (outside quiet hours); a letter step gets a
//! print batch job. Only while the survey is in the field (409 otherwise).

use super::fieldwork_problem;
use crate::blocking::with_db;
use crate::manager_api::{Access, Manager};
use crate::problem::Problem;
use crate::startup::State;
use actix_web::{web, HttpResponse};
use serde_json::json;
use svar_core::contact::{Channel, ContactPlan};
use svar_core::db::{audit, now_ms, surveys, write_tx, AnyConnection};
use svar_core::fieldwork::{plan_of, schedule_step_now, PrintBatchJob};

/// Makes step `name` of `plan` due now for survey `id`; returns the contacts scheduled.
pub(super) fn send_now(
    conn: &mut AnyConnection,
    manager: &Manager,
    id: i64,
    plan: &ContactPlan,
    name: &str,
) -> Result<usize, Problem> {
    let survey = surveys::find(conn, id)?.ok_or_else(Problem::not_found)?;
    let now = now_ms();
    let scheduled = schedule_step_now(conn, &survey, plan, name, now).map_err(fieldwork_problem)?;
    let letters = plan
        .step(name)
        .is_some_and(|s| s.channel == Channel::Letter);
    write_tx(conn, |c| {
        if letters {
            PrintBatchJob {
                survey_id: id,
                step: name.to_string(),
            }
            .enqueue_now(c, now)?;
        }
        audit::record(
            c,
            Some(manager.user_id),
            "contact_step.send",
            "survey",
            Some(id),
            &json!({ "step": name, "scheduled": scheduled }),
        )
    })?;
    tracing::info!(survey_id = id, step = %name, scheduled, "contact step sent now");
    Ok(scheduled)
}

pub async fn post(
    state: State,
    manager: Manager,
    path: web::Path<(i64, String)>,
) -> Result<HttpResponse, Problem> {
    let (id, name) = path.into_inner();
    let scheduled = with_db(&state, move |conn, _| {
        manager.survey_access(conn, id, Access::Change)?;
        let plan = plan_of(conn, id).map_err(fieldwork_problem)?;
        send_now(conn, &manager, id, &plan, &name)
    })
    .await??;
    Ok(HttpResponse::Accepted().json(json!({ "scheduled": scheduled })))
}
