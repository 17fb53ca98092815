//! The figures over the days of fieldwork and what follows from them:
//! `GET …/statistics/curve` (each stratum's response curve, the curve it is expected to follow,
//! its status and projected final RR2, the contact steps on their days),
//! `GET …/statistics/daily.csv` (every stored day's figures, to reproduce each one),
//! `GET …/statistics/cost` (cost per complete so far under the survey's cost model) and
//! `GET …/statistics/lagging` (the strata a targeted reminder would go to now). Any role with
//! a grant may read them; none names a person.

use super::statistics::figures_problem;
use crate::blocking::with_db;
use crate::manager_api::survey_read::survey_json;
use crate::manager_api::{timestamp, Access, Manager};
use crate::problem::Problem;
use crate::startup::State;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{web, HttpResponse};
use serde_json::json;
use svar_core::db::now_ms;
use svar_core::monitoring::daily_figures::daily_csv;
use svar_core::monitoring::survey_curves::survey_curves;
use svar_core::monitoring::{survey_costs, survey_lagging};

pub async fn curve(
    state: State,
    manager: Manager,
    id: web::Path<i64>,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    survey_json(&state, manager, id, move |conn| {
        let now = now_ms();
        survey_curves(conn, id, now, timestamp(now)).map_err(|e| figures_problem("id", e))
    })
    .await
}

pub async fn daily(
    state: State,
    manager: Manager,
    id: web::Path<i64>,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    let csv = with_db(&state, move |conn, _| {
        manager.survey_access(conn, id, Access::Read)?;
        daily_csv(conn, id).map_err(|e| figures_problem("id", e))
    })
    .await??;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(format!("survey-{id}-daily.csv"))],
        })
        .body(csv))
}

pub async fn cost(
    state: State,
    manager: Manager,
    id: web::Path<i64>,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    survey_json(&state, manager, id, move |conn| {
        survey_costs(conn, id).map_err(|e| figures_problem("id", e))
    })
    .await
}

pub async fn lagging(
    state: State,
    manager: Manager,
    id: web::Path<i64>,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    survey_json(&state, manager, id, move |conn| {
        let strata = survey_lagging(conn, id, now_ms()).map_err(|e| figures_problem("id", e))?;
        Ok(json!({ "strata": strata }))
    })
    .await
}
