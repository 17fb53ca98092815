//! `GET /api/v1/surveys` (a cursor page of the surveys the caller may see) and
//! `GET /api/v1/surveys/{id}` (one survey with its questionnaire and case counts).

use super::view::SurveyView;
use crate::blocking::with_db;
use crate::manager_api::{Access, ListQuery, Manager, Page};
use crate::problem::Problem;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use std::sync::Arc;
use svar_core::db::surveys;

pub async fn list(
    state: web::Data<Arc<AppState>>,
    manager: Manager,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, Problem> {
    let (after, limit) = query.page()?;
    let granted_to = (!manager.role.is_admin()).then_some(manager.user_id);
    let rows = with_db(&state, move |conn, _| {
        surveys::list(conn, granted_to, after, limit)
    })
    .await??;
    let full = Page::of(rows, limit, |r| r.id, |r| r);
    let items = full
        .items
        .into_iter()
        .map(SurveyView::of)
        .collect::<Result<Vec<_>, Problem>>()?;
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: full.next_cursor,
    }))
}

pub async fn one(
    state: web::Data<Arc<AppState>>,
    manager: Manager,
    id: web::Path<i64>,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    let view = with_db(&state, move |conn, _| {
        manager.survey_access(conn, id, Access::Read)?;
        SurveyView::load(conn, id)
    })
    .await??;
    Ok(HttpResponse::Ok().json(view))
}
