//! `POST /api/v1/auth/logout` → 204: raises the user's token version, which revokes every
//! access and refresh token issued to the user so far (on every device). The dashboard's
//! `POST /manage/logout` ends its session through [`revoke_tokens`] too.

use crate::blocking::with_db;
use crate::manager_api::manager::Manager;
use crate::problem::Problem;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use std::sync::Arc;
use svar_core::db::{audit, users, write_tx};

/// Revokes every token of the manager and records the logout in the audit log.
pub async fn revoke_tokens(state: &Arc<AppState>, manager: Manager) -> Result<(), Problem> {
    with_db(state, move |conn, _| {
        write_tx(conn, |c| {
            users::revoke_tokens(c, manager.user_id)?;
            audit::record(
                c,
                Some(manager.user_id),
                "auth.logout",
                "user",
                Some(manager.user_id),
                &serde_json::json!({}),
            )
        })
    })
    .await??;
    tracing::info!(user_id = manager.user_id, "manager logged out");
    Ok(())
}

pub async fn post(
    state: web::Data<Arc<AppState>>,
    manager: Manager,
) -> Result<HttpResponse, Problem> {
    revoke_tokens(&state, manager).await?;
    Ok(HttpResponse::NoContent().finish())
}
