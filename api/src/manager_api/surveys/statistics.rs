//! `GET /api/v1/surveys/{id}/statistics` (counts, weighted counts and AAPOR rates per stratum
//! or per category of an auxiliary variable, and overall) and
//! `GET /api/v1/surveys/{id}/representativity` (R-indicators over the strata and one or two
//! auxiliaries), and `GET /api/v1/surveys/{id}/statistics/stream` (the statistics by stratum as
//! Server-Sent Events, sent again whenever they change). All read the monitoring counters,
//! never the cases; any role with a grant may read them, and none names a person.

use crate::blocking::with_db;
use crate::manager_api::{timestamp, Access, Manager};
use crate::problem::{FieldError, Problem};
use crate::state::AppState;
use crate::statistics_stream::statistics_events;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use std::sync::Arc;
use svar_core::db::now_ms;
use svar_core::monitoring::{survey_representativity, survey_statistics, FiguresError, Grouping};

#[derive(Debug, Deserialize)]
pub struct StatisticsQuery {
    by: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct RepresentativityQuery {
    variables: Option<String>,
}

/// A refused query names the parameter (`field`); a storage failure is what it always is.
pub(super) fn figures_problem(field: &'static str, e: FiguresError) -> Problem {
    let code = match e {
        FiguresError::Store(e) => return e.into(),
        FiguresError::NoSuchSurvey => return Problem::not_found(),
        FiguresError::Export(_) => {
            tracing::error!(error = %e, "figures could not be written");
            return Problem::internal();
        }
        FiguresError::TooManyVariables => "too_many",
        FiguresError::PairNotCounted => "pair_not_counted",
        FiguresError::UnknownVariable { .. } => "unknown_variable",
    };
    Problem::invalid_fields(vec![FieldError::field(field, code, e.to_string())])
}

pub async fn statistics(
    state: web::Data<Arc<AppState>>,
    manager: Manager,
    id: web::Path<i64>,
    query: web::Query<StatisticsQuery>,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    let grouping = match query.into_inner().by.as_deref().map(str::trim) {
        None | Some("stratum") => Grouping::Stratum,
        Some("") => {
            return Err(Problem::invalid_fields(vec![FieldError::field(
                "by",
                "required",
                "name \"stratum\" or an auxiliary variable of the sample",
            )]))
        }
        Some(name) => Grouping::Auxiliary(name.to_string()),
    };
    let figures = with_db(&state, move |conn, _| {
        manager.survey_access(conn, id, Access::Read)?;
        {
            let now = now_ms();
            survey_statistics(conn, id, &grouping, now, timestamp(now))
        }
        .map_err(|e| figures_problem("by", e))
    })
    .await??;
    Ok(HttpResponse::Ok().json(figures))
}

pub async fn representativity(
    state: web::Data<Arc<AppState>>,
    manager: Manager,
    id: web::Path<i64>,
    query: web::Query<RepresentativityQuery>,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    let variables: Vec<String> = query
        .into_inner()
        .variables
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect();
    let figures = with_db(&state, move |conn, _| {
        manager.survey_access(conn, id, Access::Read)?;
        survey_representativity(conn, id, &variables).map_err(|e| figures_problem("variables", e))
    })
    .await??;
    Ok(HttpResponse::Ok().json(figures))
}

pub async fn stream(
    state: web::Data<Arc<AppState>>,
    manager: Manager,
    id: web::Path<i64>,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    let state = state.into_inner();
    with_db(&state, move |conn, _| {
        manager.survey_access(conn, id, Access::Read)
    })
    .await??;
    statistics_events(&state, id).await
}
