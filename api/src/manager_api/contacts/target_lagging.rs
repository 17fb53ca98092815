//! `POST /api/v1/surveys/{id}/contact-plan/steps/{name}/target-lagging` → 202
//! `{"strata":[…],"scheduled":n}`: the targeted reminder of METHODS.md §6. The strata that lag
//! now (RR2 below target, or P_u(stratum) below −τ; `svar_core::monitoring::lagging`) become
//! the step's strata filter, the plan is stored as by `PUT …/contact-plan` (checked whole,
//! audited), and the step falls due now as by `…/send`. When no stratum lags, 409 and nothing
//! changes: a step with an empty filter would reach no one, and one without a filter everyone.

use super::fieldwork_problem;
use super::plan::{context, refusal, store};
use super::send::send_now;
use crate::blocking::with_db;
use crate::manager_api::{Access, Manager};
use crate::problem::Problem;
use crate::startup::State;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde_json::json;
use svar_core::contact::ContactPlan;
use svar_core::db::{now_ms, AnyConnection};
use svar_core::fieldwork::{plan_of, FieldworkError};
use svar_core::monitoring::lagging::Lagging;
use svar_core::monitoring::{survey_lagging, FiguresError};

/// Aims step `name` of survey `id` at the strata that lag now and makes it due: the strata
/// chosen and the contacts written. Shared with the dashboard's reminder form.
pub fn aim_at_lagging(
    conn: &mut AnyConnection,
    manager: &Manager,
    id: i64,
    name: &str,
) -> Result<(Vec<Lagging>, usize), Problem> {
    manager.survey_access(conn, id, Access::Change)?;
    let plan = plan_of(conn, id).map_err(fieldwork_problem)?;
    let mut document = plan.document();
    let Some(step) = document.steps.iter_mut().find(|s| s.name == name) else {
        return Err(fieldwork_problem(FieldworkError::NoSuchStep(
            name.to_string(),
        )));
    };
    let lagging = survey_lagging(conn, id, now_ms()).map_err(|e| match e {
        FiguresError::Store(e) => Problem::from(e),
        _ => Problem::not_found(),
    })?;
    if lagging.is_empty() {
        return Err(nothing_lags());
    }
    step.strata = Some(lagging.iter().map(|l| l.stratum.clone()).collect());
    let plan = ContactPlan::check(document, &context(conn, id)?).map_err(refusal)?;
    store(conn, id, &plan, manager.user_id)?;
    let scheduled = send_now(conn, manager, id, &plan, name)?;
    Ok((lagging, scheduled))
}

/// 409: no stratum lags, so the step was left as it was.
pub fn nothing_lags() -> Problem {
    Problem::new(
        StatusCode::CONFLICT,
        "nothing-lags",
        "No stratum lags: the step was left as it was",
    )
    .detail("every stratum is at or above its target and none is under-represented")
}

pub async fn post(
    state: State,
    manager: Manager,
    path: web::Path<(i64, String)>,
) -> Result<HttpResponse, Problem> {
    let (id, name) = path.into_inner();
    let (lagging, scheduled) = with_db(&state, move |conn, _| {
        aim_at_lagging(conn, &manager, id, &name)
    })
    .await??;
    Ok(HttpResponse::Accepted().json(json!({ "strata": lagging, "scheduled": scheduled })))
}
