//! `GET /api/v1/users` (admins; cursor-paginated by id) and `GET /api/v1/users/{id}` (admins,
//! and every user for their own account).

use super::UserView;
use crate::blocking::with_db;
use crate::manager_api::cursor::{ListQuery, Page};
use crate::manager_api::manager::{Admin, Manager};
use crate::problem::Problem;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use std::sync::Arc;
use svar_core::db::users;

pub async fn list(
    state: web::Data<Arc<AppState>>,
    _admin: Admin,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, Problem> {
    let (after, limit) = query.page()?;
    let rows = with_db(&state, move |conn, _| users::list(conn, after, limit)).await??;
    let views = rows
        .into_iter()
        .map(UserView::of)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(Page::of(views, limit, |u| u.id, |u| u)))
}

pub async fn one(
    state: web::Data<Arc<AppState>>,
    manager: Manager,
    id: web::Path<i64>,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    if id != manager.user_id {
        manager.require_admin()?;
    }
    let row = with_db(&state, move |conn, _| users::find(conn, id)).await??;
    let row = row.ok_or_else(Problem::not_found)?;
    Ok(HttpResponse::Ok().json(UserView::of(row)?))
}
