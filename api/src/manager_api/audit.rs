//! `GET /api/v1/audit`: the audit log, newest first, cursor-paginated (admins only).

use super::cursor::{ListQuery, Page};
use super::manager::Admin;
use super::timestamps::from_ms;
use crate::blocking::with_db;
use crate::problem::Problem;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use std::sync::Arc;
use svar_core::db::audit::{self, AuditRow};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/api/v1/audit").route(web::get().to(list)));
}

#[derive(Debug, Serialize)]
struct AuditView {
    id: i64,
    at: String,
    /// `null` for changes made on the command line.
    actor_user_id: Option<i64>,
    action: String,
    target_kind: String,
    target_id: Option<i64>,
    detail: serde_json::Value,
}

impl AuditView {
    fn of(row: AuditRow) -> AuditView {
        AuditView {
            id: row.id,
            at: from_ms(row.at_ms),
            actor_user_id: row.actor_user_id,
            detail: serde_json::from_str(&row.detail).unwrap_or(serde_json::Value::Null),
            action: row.action,
            target_kind: row.target_kind,
            target_id: row.target_id,
        }
    }
}

async fn list(
    state: web::Data<Arc<AppState>>,
    _admin: Admin,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, Problem> {
    let (before, limit) = query.page()?;
    let rows = with_db(&state, move |conn, _| audit::list(conn, before, limit)).await??;
    Ok(HttpResponse::Ok().json(Page::of(rows, limit, |r| r.id, AuditView::of)))
}
