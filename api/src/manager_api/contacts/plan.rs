//! `GET|PUT /api/v1/surveys/{id}/contact-plan`: the survey's contact plan. A plan is checked
//! whole before it is stored (`svar_core::contact::ContactPlan::check`): an unknown
//! placeholder, a missing default-language text, a step name used twice, a step counting from a
//! later one, an unknown stratum… is a 422 naming the step and the field, and nothing changes.
//! A plan may be edited while fielding; the edit applies to every contact not yet sent: a step
//! taken out of the plan, or no longer reaching a case (strata, targets, channel), has its
//! pending contacts cancelled in the same transaction, and texts are read when each message
//! goes out. A closed survey's plan is kept as it was (409).

use super::fieldwork_problem;
use crate::blocking::with_db;
use crate::manager_api::json_body::CheckedInHandler;
use crate::manager_api::survey_read::survey_json;
use crate::manager_api::{Access, Manager, ValidJson};
use crate::problem::{FieldError, Problem};
use crate::startup::State;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde_json::json;
use svar_core::contact::{ContactPlan, PlanContext, PlanDocument, PlanError};
use svar_core::db::surveys::{self, SurveyState};
use svar_core::db::{audit, contact_attempts, contact_plans, now_ms, samples, write_tx};
use svar_core::db::{AnyConnection, StoreError};
use svar_core::fieldwork::{plan_of, survey_languages};

pub async fn get(
    state: State,
    manager: Manager,
    id: web::Path<i64>,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    survey_json(&state, manager, id, move |conn| {
        Ok(plan_of(conn, id).map_err(fieldwork_problem)?.document())
    })
    .await
}

/// What the plan is checked against: the survey's strata (once a sample is there) and its
/// questionnaire's languages.
pub(super) fn context(conn: &mut AnyConnection, survey_id: i64) -> Result<PlanContext, Problem> {
    let strata: Vec<String> = samples::strata_of_survey(conn, survey_id)?
        .into_iter()
        .map(|s| s.code)
        .collect();
    let languages = survey_languages(conn, survey_id).map_err(fieldwork_problem)?;
    Ok(PlanContext {
        strata: (!strata.is_empty()).then_some(strata),
        languages: languages.map(|l| (l.codes, l.default)),
    })
}

pub(super) fn refusal(errors: Vec<PlanError>) -> Problem {
    Problem::item_errors(
        StatusCode::UNPROCESSABLE_ENTITY,
        "contact-plan-refused",
        "The contact plan was refused; nothing was changed",
        errors
            .into_iter()
            .map(|e| FieldError {
                item: e.step,
                field: Some(e.field),
                code: e.code.to_string(),
                message: e.message,
                location: None,
            })
            .collect(),
    )
}

/// Stores `plan` and cancels what it no longer sends.
pub(super) fn store(
    conn: &mut AnyConnection,
    survey_id: i64,
    plan: &ContactPlan,
    user_id: i64,
) -> Result<usize, StoreError> {
    let now = now_ms();
    write_tx(conn, |c| {
        contact_plans::save(c, survey_id, &plan.to_stored(), Some(user_id))?;
        let names: Vec<&str> = plan.steps.iter().map(|s| s.name.as_str()).collect();
        let mut cancelled = contact_attempts::cancel_steps_except(c, survey_id, &names, now)?;
        for step in &plan.steps {
            cancelled += contact_attempts::cancel_unmatched(
                c,
                survey_id,
                step.name.as_str(),
                step.channel,
                step.targets.case_states(),
                step.strata.as_deref(),
                now,
            )?;
        }
        contact_plans::forget_progress_except(c, survey_id, &names)?;
        audit::record(
            c,
            Some(user_id),
            "contact_plan.update",
            "survey",
            Some(survey_id),
            &json!({ "steps": names, "cancelled": cancelled }),
        )?;
        Ok(cancelled)
    })
}

pub async fn put(
    state: State,
    manager: Manager,
    id: web::Path<i64>,
    body: ValidJson<CheckedInHandler<PlanDocument>>,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    let CheckedInHandler(document) = body.into_inner()?;
    let plan = with_db(&state, move |conn, _| {
        manager.survey_access(conn, id, Access::Change)?;
        let survey = surveys::find(conn, id)?.ok_or_else(Problem::not_found)?;
        if survey.state()? == SurveyState::Closed {
            return Err(super::closed_problem());
        }
        let plan = ContactPlan::check(document, &context(conn, id)?).map_err(refusal)?;
        let cancelled = store(conn, id, &plan, manager.user_id)?;
        tracing::info!(
            survey_id = id,
            steps = plan.steps.len(),
            cancelled,
            "contact plan saved"
        );
        Ok::<_, Problem>(plan)
    })
    .await??;
    Ok(HttpResponse::Ok().json(plan.document()))
}
