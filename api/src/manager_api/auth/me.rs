//! `GET /api/v1/auth/me`: the logged-in user, with the surveys granted (admins see every
//! survey without grants).

use crate::blocking::with_db;
use crate::manager_api::manager::{unauthorized, Manager};
use crate::manager_api::users::UserView;
use crate::problem::Problem;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use std::sync::Arc;
use svar_core::db::{grants, users};

#[derive(Debug, Serialize)]
struct Me {
    #[serde(flatten)]
    user: UserView,
    granted_surveys: Vec<i64>,
}

pub async fn get(
    state: web::Data<Arc<AppState>>,
    manager: Manager,
) -> Result<HttpResponse, Problem> {
    let me = with_db(&state, move |conn, _| {
        let user = users::find(conn, manager.user_id)?.ok_or_else(unauthorized)?;
        Ok::<_, Problem>(Me {
            user: UserView::of(user)?,
            granted_surveys: grants::surveys_of(conn, manager.user_id)?,
        })
    })
    .await??;
    Ok(HttpResponse::Ok().json(me))
}
