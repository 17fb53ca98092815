//! `/api/v1/surveys/{id}/grants`: who may see a survey besides the admins. Anyone who sees the
//! survey may list its grants; only admins give and withdraw them. A survey the caller cannot
//! see is 404 for every method, as everywhere.

use super::cursor::Page;
use super::manager::Manager;
use super::timestamps::from_ms;
use crate::blocking::with_db;
use crate::problem::Problem;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use std::sync::Arc;
use svar_core::accounts::{Access, Role};
use svar_core::db::{audit, grants, users, write_tx, AnyConnection};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/api/v1/surveys/{id}/grants").route(web::get().to(list)))
        .service(
            web::resource("/api/v1/surveys/{id}/grants/{user_id}")
                .route(web::put().to(put))
                .route(web::delete().to(delete)),
        );
}

#[derive(Debug, Serialize)]
struct GrantView {
    survey_id: i64,
    user_id: i64,
    email: String,
    role: Role,
    granted_at: String,
}

async fn list(
    state: web::Data<Arc<AppState>>,
    manager: Manager,
    survey_id: web::Path<i64>,
) -> Result<HttpResponse, Problem> {
    let survey_id = survey_id.into_inner();
    let rows = with_db(&state, move |conn, _| {
        manager.survey_access(conn, survey_id, Access::Read)?;
        Ok::<_, Problem>(grants::users_of(conn, survey_id)?)
    })
    .await??;
    let items = rows
        .into_iter()
        .map(|(user, at)| {
            Ok(GrantView {
                survey_id,
                role: user.role()?,
                user_id: user.id,
                email: user.email,
                granted_at: from_ms(at),
            })
        })
        .collect::<Result<Vec<_>, Problem>>()?;
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}

/// The checks of a change to a grant: the survey is visible to the caller (else 404), the
/// caller is an admin (else 403), and the user exists (else 404).
fn check_change(
    conn: &mut AnyConnection,
    manager: Manager,
    survey_id: i64,
    user_id: i64,
) -> Result<(), Problem> {
    manager.survey_access(conn, survey_id, Access::Read)?;
    manager.require_admin()?;
    users::find(conn, user_id)?
        .ok_or_else(|| Problem::not_found().detail(format!("there is no user {user_id}")))?;
    Ok(())
}

async fn put(
    state: web::Data<Arc<AppState>>,
    manager: Manager,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, Problem> {
    let (survey_id, user_id) = path.into_inner();
    let added = apply(&state, manager, survey_id, user_id, Change::Add).await?;
    let body = serde_json::json!({ "survey_id": survey_id, "user_id": user_id });
    Ok(if added {
        HttpResponse::Created().json(body)
    } else {
        HttpResponse::Ok().json(body)
    })
}

async fn delete(
    state: web::Data<Arc<AppState>>,
    manager: Manager,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, Problem> {
    let (survey_id, user_id) = path.into_inner();
    if apply(&state, manager, survey_id, user_id, Change::Remove).await? {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(Problem::not_found().detail("the survey is not granted to this user"))
    }
}

/// Checks and makes one change; `true` if it changed anything.
async fn apply(
    state: &Arc<AppState>,
    manager: Manager,
    survey_id: i64,
    user_id: i64,
    how: Change,
) -> Result<bool, Problem> {
    with_db(state, move |conn, _| {
        check_change(conn, manager, survey_id, user_id)?;
        write_tx(conn, |c| change(c, manager, survey_id, user_id, how)).map_err(Problem::from)
    })
    .await?
}

#[derive(Clone, Copy)]
enum Change {
    Add,
    Remove,
}

/// Adds or removes the grant and, if that changed anything, records it in the audit log.
fn change(
    conn: &mut AnyConnection,
    manager: Manager,
    survey_id: i64,
    user_id: i64,
    change: Change,
) -> Result<bool, svar_core::db::StoreError> {
    let (changed, action) = match change {
        Change::Add => (grants::grant(conn, user_id, survey_id)?, "grant.add"),
        Change::Remove => (grants::revoke(conn, user_id, survey_id)?, "grant.remove"),
    };
    if changed {
        audit::record(
            conn,
            Some(manager.user_id),
            action,
            "survey",
            Some(survey_id),
            &serde_json::json!({ "user_id": user_id }),
        )?;
    }
    Ok(changed)
}
